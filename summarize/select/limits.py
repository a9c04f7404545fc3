"""Which sentences may enter a brief at all, by length (in whitespace-separated words), and what to say about the budget."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from summarize.document import Sentence

__all__ = ["budget_warnings", "length_ok"]


def length_ok(
    words: np.ndarray, min_words: int, max_words: int | None, max_sentence_words: int | None
) -> np.ndarray:
    """Sentences long enough to say something and short enough to fit."""
    ok = words >= min_words
    if max_sentence_words is not None:
        ok &= words <= max_sentence_words
    if max_words is not None:
        ok &= words <= max_words
    return ok


def budget_warnings(
    max_words: int | None, sentences: Sequence[Sentence], labels: np.ndarray, chosen: Sequence[int], used_words: int
) -> list[str]:
    """Say so when ``max_words`` is more than the input holds, rather than silently giving a shorter brief.

    That is when the brief is under budget and either the articles have no
    more words than the budget, or every fact (redundancy cluster, ``labels``)
    already has its sentence among the ``chosen`` positions.
    """
    if max_words is None or used_words >= max_words:
        return []
    input_words = sum(s.word_count for s in sentences)
    facts = len({int(label) for label in labels})
    every_fact = len({int(labels[p]) for p in chosen}) >= facts
    if max_words < input_words and not every_fact:
        return []
    return [
        f"the budget of {max_words:,} words is more than the input holds: the articles have {input_words:,} words "
        f"({facts:,} distinct facts) and the brief uses {used_words:,} of them"
        + (", one sentence per fact" if every_fact else "")
    ]
