"""Score sentences by how central they are and how widely they are reported.

Centrality is continuous LexRank (Erkan and Radev, 2004): the stationary
distribution of a random walk on the sentence similarity graph. For news from
many outlets we multiply in the support of a sentence's redundancy cluster
(how many distinct articles state that fact) and a mild lead prior, since news
writing puts the main facts first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from summarize.graph.clusters import RedundancyCluster

__all__ = ["combine_scores", "lexrank_centrality", "power_iteration", "support_counts"]


def lexrank_centrality(
    similarity: np.ndarray,
    *,
    damping: float = 0.85,
    edge_threshold: float = 0.0,
    tolerance: float = 1e-8,
    max_iterations: int = 500,
) -> np.ndarray:
    """LexRank scores (summing to 1) by power iteration.

    Edges are the positive similarities at or above ``edge_threshold``;
    self-loops are removed. A sentence with no edges gets only the teleport
    share ``(1 - damping) / n``.
    """
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    weights = np.where(similarity >= max(edge_threshold, 0.0), similarity, 0.0).astype(np.float64)
    np.fill_diagonal(weights, 0.0)
    row_sums = weights.sum(axis=1, keepdims=True)
    dangling = row_sums[:, 0] == 0
    transition = np.divide(weights, row_sums, out=np.zeros_like(weights), where=row_sums > 0)
    transition[dangling] = 1.0 / n  # a sentence with no neighbours jumps anywhere
    transition_t = transition.T
    return power_iteration(lambda scores: transition_t @ scores, n, damping=damping, tolerance=tolerance,
                           max_iterations=max_iterations)


def power_iteration(
    walk: Callable[[np.ndarray], np.ndarray],
    n: int,
    *,
    damping: float,
    tolerance: float = 1e-8,
    max_iterations: int = 500,
) -> np.ndarray:
    """The stationary distribution of a random walk with teleporting (scores sum to 1).

    ``walk(scores)`` moves the mass one step along the edges (the transposed
    transition matrix times ``scores``, dense or sparse); the walk stops when
    an L1 change falls below ``tolerance``.
    """
    scores = np.full(n, 1.0 / n)
    for _ in range(max_iterations):
        updated = (1.0 - damping) / n + damping * walk(scores)
        updated /= updated.sum()
        if np.abs(updated - scores).sum() < tolerance:
            return updated
        scores = updated
    return scores


def support_counts(clusters: Sequence[RedundancyCluster], n: int) -> np.ndarray:
    """For each sentence, the number of distinct documents stating its cluster's fact."""
    support = np.ones(n, dtype=np.float64)
    for cluster in clusters:
        support[list(cluster.members)] = cluster.support
    return support


def combine_scores(
    centrality: np.ndarray,
    support: np.ndarray,
    positions: np.ndarray,
    *,
    support_weight: float = 1.0,
    position_weight: float = 0.0,
) -> np.ndarray:
    """Final sentence scores: centrality × support^a × (1 + position)^-b.

    Centrality is rescaled to mean 1 so scores do not shrink with input size.
    ``positions`` are 0-based sentence indices within their article.
    """
    n = len(centrality)
    if n == 0:
        return np.zeros(0)
    scaled = centrality * n
    return scaled * np.power(support, support_weight) * np.power(1.0 + positions, -position_weight)
