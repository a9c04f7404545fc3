"""Choose the sentences of the brief under a length budget, greedily.

Greedy maximal marginal relevance (Carbonell and Goldstein, 1998): each step
takes the sentence with the best trade-off between its score and its
similarity to what is already chosen, among those that still fit the word
budget; or, for concept coverage, the sentence that adds the most uncovered
concept weight per word. Sentences are whole or absent, and no two come from
the same redundancy cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from summarize.document import Sentence
from summarize.select.limits import length_ok

if TYPE_CHECKING:
    import scipy.sparse

from summarize.graph.similarity import SimilarityLike

__all__ = ["select_sentences", "select_by_coverage"]


def select_sentences(
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    similarity: SimilarityLike,
    labels: np.ndarray,
    *,
    max_words: int | None,
    max_sentences: int | None = None,
    mmr_lambda: float = 0.7,
    redundancy_threshold: float = 1.0,
    min_words: int = 0,
    max_sentence_words: int | None = None,
    allowed: np.ndarray | None = None,
) -> list[int]:
    """Positions of the chosen sentences, in the order they were chosen.

    ``max_words`` counts whitespace-separated words over the whole brief.
    ``mmr_lambda`` = 1 ranks by score alone; lower values push for variety.
    A candidate as similar as ``redundancy_threshold`` to a chosen sentence is
    never taken, even from another cluster. When a sentence does not fit,
    shorter ones further down may still fill the budget. Only ``allowed``
    sentences (all when None) are taken.
    """
    n = len(sentences)
    if n == 0 or (max_sentences is not None and max_sentences <= 0):
        return []
    words = np.array([s.word_count for s in sentences])
    top = scores.max()
    relevance = scores / top if top > 0 else np.zeros(n)
    eligible = length_ok(words, min_words, max_words, max_sentence_words)
    if allowed is not None:
        eligible &= allowed
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


def select_by_coverage(
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    similarity: SimilarityLike,
    labels: np.ndarray,
    incidence: "np.ndarray | scipy.sparse.spmatrix",
    weights: np.ndarray,
    *,
    max_words: int | None,
    max_sentences: int | None = None,
    score_weight: float = 0.5,
    length_exponent: float = 1.0,
    redundancy_threshold: float = 1.0,
    min_words: int = 0,
    max_sentence_words: int | None = None,
    allowed: np.ndarray | None = None,
) -> list[int]:
    """Greedy budgeted concept coverage (a submodular objective), plus sentence scores.

    Each step takes the sentence with the best gain per word^``length_exponent``,
    the gain being the weight of concepts it newly covers (as a share of all
    concept weight) plus ``score_weight`` × its score (as a share of the best
    score). Covering a concept twice earns nothing, which is what keeps the
    brief free of repetition; the cluster and ``redundancy_threshold`` rules
    of :func:`select_sentences` and its ``allowed`` still apply.
    """
    n = len(sentences)
    if n == 0 or (max_sentences is not None and max_sentences <= 0):
        return []
    words = np.array([s.word_count for s in sentences], dtype=np.float64)
    top = scores.max()
    relevance = scores / top if top > 0 else np.zeros(n)
    total_weight = weights.sum()
    concept_share = weights / total_weight if total_weight > 0 else weights
    eligible = length_ok(words, min_words, max_words, max_sentence_words)
    if allowed is not None:
        eligible &= allowed
    uncovered = np.ones(len(weights), dtype=bool)
    closest = np.full(n, -np.inf)
    chosen: list[int] = []
    remaining = float(max_words) if max_words is not None else np.inf
    # Sparse: a dense float64 copy is 8 bytes per sentence × concept (GBs for
    # hundreds of articles); the products below are the same.
    import scipy.sparse

    incidence_f = scipy.sparse.csr_matrix(incidence, dtype=np.float64)
    while eligible.any() and (max_sentences is None or len(chosen) < max_sentences):
        gain = incidence_f @ (concept_share * uncovered) + score_weight * relevance
        ratio = np.where(eligible, gain / np.power(np.maximum(words, 1.0), length_exponent), -np.inf)
        best = int(np.argmax(ratio))
        chosen.append(best)
        uncovered[incidence_f.indices[incidence_f.indptr[best] : incidence_f.indptr[best + 1]]] = False
        remaining -= words[best]
        closest = np.maximum(closest, similarity[best])
        eligible &= (words <= remaining) & (closest < redundancy_threshold) & (labels != labels[best])
        eligible[best] = False
    return chosen
