"""Choose the sentences of the brief under a length budget.

Greedy maximal marginal relevance (Carbonell and Goldstein, 1998): each step
takes the sentence with the best trade-off between its score and its
similarity to what is already chosen, among those that still fit the word
budget. Sentences are whole or absent, and no two come from the same
redundancy cluster.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from summarize.document import Sentence

__all__ = ["select_sentences"]


def select_sentences(
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    similarity: np.ndarray,
    labels: np.ndarray,
    *,
    max_words: int | None,
    max_sentences: int | None = None,
    mmr_lambda: float = 0.7,
    redundancy_threshold: float = 1.0,
    min_words: int = 0,
    max_sentence_words: int | None = None,
) -> list[int]:
    """Positions of the chosen sentences, in the order they were chosen.

    ``max_words`` counts whitespace-separated words over the whole brief.
    ``mmr_lambda`` = 1 ranks by score alone; lower values push for variety.
    A candidate as similar as ``redundancy_threshold`` to a chosen sentence is
    never taken, even from another cluster. When a sentence does not fit,
    shorter ones further down may still fill the budget.
    """
    n = len(sentences)
    if n == 0 or (max_sentences is not None and max_sentences <= 0):
        return []
    words = np.array([s.word_count for s in sentences])
    top = scores.max()
    relevance = scores / top if top > 0 else np.zeros(n)
    eligible = words >= min_words
    if max_sentence_words is not None:
        eligible &= words <= max_sentence_words
    if max_words is not None:
        eligible &= words <= max_words
    closest = np.full(n, -np.inf)  # max similarity to anything chosen so far
    chosen: list[int] = []
    used_clusters: set[int] = set()
    remaining = max_words if max_words is not None else np.inf
    while eligible.any() and (max_sentences is None or len(chosen) < max_sentences):
        penalty = np.where(np.isfinite(closest), closest, 0.0)
        gain = np.where(eligible, mmr_lambda * relevance - (1.0 - mmr_lambda) * penalty, -np.inf)
        best = int(np.argmax(gain))  # argmax takes the first of equals: stable
        chosen.append(best)
        used_clusters.add(int(labels[best]))
        remaining -= words[best]
        closest = np.maximum(closest, similarity[best])
        eligible &= (words <= remaining) & (closest < redundancy_threshold)
        eligible &= ~np.isin(labels, list(used_clusters))
        eligible[best] = False
    return chosen
