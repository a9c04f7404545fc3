from __future__ import annotations

import numpy as np

from summarize.document import Sentence
from summarize.select import select_sentences


def sentence(i: int, words: int) -> Sentence:
    return Sentence(doc_id=f"d{i}", index=0, text=" ".join(["word"] * words))


def test_select_respects_word_budget_and_never_cuts() -> None:
    sentences = [sentence(i, w) for i, w in enumerate([30, 40, 25, 10])]
    scores = np.array([4.0, 3.0, 2.0, 1.0])
    chosen = select_sentences(
        sentences, scores, np.eye(4), np.arange(4), max_words=60, mmr_lambda=1.0
    )
    # 30 fits, 40 does not (70 > 60), 25 fits (55), 10 would exceed (65).
    assert chosen == [0, 2]
    assert sum(sentences[i].word_count for i in chosen) <= 60


def test_select_never_takes_two_from_one_cluster() -> None:
    sentences = [sentence(i, 10) for i in range(4)]
    labels = np.array([0, 0, 1, 1])
    chosen = select_sentences(sentences, np.array([4.0, 3.0, 2.0, 1.0]), np.eye(4), labels, max_words=100)
    assert sorted(labels[chosen].tolist()) == [0, 1]


def test_select_mmr_prefers_variety() -> None:
    sentences = [sentence(i, 10) for i in range(3)]
    sim = np.array([[1, 0.65, 0.0], [0.65, 1, 0.0], [0.0, 0.0, 1]])
    scores = np.array([1.0, 0.95, 0.8])
    by_score = select_sentences(sentences, scores, sim, np.arange(3), max_words=None, max_sentences=2, mmr_lambda=1.0)
    varied = select_sentences(sentences, scores, sim, np.arange(3), max_words=None, max_sentences=2, mmr_lambda=0.5)
    assert by_score == [0, 1]
    assert varied == [0, 2]


def test_select_skips_near_duplicates_across_clusters() -> None:
    sentences = [sentence(i, 10) for i in range(3)]
    sim = np.array([[1, 0.95, 0.1], [0.95, 1, 0.1], [0.1, 0.1, 1]])
    chosen = select_sentences(
        sentences, np.array([3.0, 2.0, 1.0]), sim, np.arange(3), max_words=100, mmr_lambda=1.0, redundancy_threshold=0.9
    )
    assert chosen == [0, 2]


def test_select_length_limits_and_sentence_cap() -> None:
    sentences = [sentence(i, w) for i, w in enumerate([3, 80, 12, 12, 12])]
    scores = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
    chosen = select_sentences(
        sentences, scores, np.eye(5), np.arange(5), max_words=500, max_sentences=2,
        min_words=5, max_sentence_words=60, mmr_lambda=1.0,
    )
    assert chosen == [2, 3]


def test_select_empty_when_nothing_fits() -> None:
    sentences = [sentence(0, 50)]
    assert select_sentences(sentences, np.array([1.0]), np.eye(1), np.zeros(1), max_words=10) == []
