from __future__ import annotations

import numpy as np
import pytest

from summarize.graph.centrality import combine_scores, lexrank_centrality, support_counts
from summarize.graph.clusters import RedundancyCluster


def test_lexrank_is_a_distribution_and_favours_the_hub() -> None:
    # Sentence 0 is similar to all others; the others only to sentence 0.
    sim = np.array(
        [[1, 0.9, 0.9, 0.9], [0.9, 1, 0.1, 0.1], [0.9, 0.1, 1, 0.1], [0.9, 0.1, 0.1, 1]], dtype=np.float32
    )
    scores = lexrank_centrality(sim)
    assert scores.sum() == pytest.approx(1.0)
    assert scores.argmax() == 0
    assert scores[1] == pytest.approx(scores[2]) == pytest.approx(scores[3])


def test_lexrank_uniform_on_symmetric_graph() -> None:
    sim = np.ones((5, 5), dtype=np.float32)
    assert lexrank_centrality(sim) == pytest.approx(np.full(5, 0.2))


def test_lexrank_isolated_sentence_gets_least() -> None:
    sim = np.array([[1, 0.8, 0.0], [0.8, 1, 0.0], [0.0, 0.0, 1]], dtype=np.float32)
    scores = lexrank_centrality(sim)
    assert scores[2] < scores[0]


def test_lexrank_matches_stationary_distribution_of_the_walk() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.random((6, 4))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sim = vectors @ vectors.T
    scores = lexrank_centrality(sim, damping=0.85)
    weights = sim.copy()
    np.fill_diagonal(weights, 0)
    transition = weights / weights.sum(axis=1, keepdims=True)
    google = 0.15 / 6 + 0.85 * transition
    values, vectors_left = np.linalg.eig(google.T)
    stationary = np.real(vectors_left[:, np.argmax(np.real(values))])
    assert scores == pytest.approx(stationary / stationary.sum(), abs=1e-6)


def test_support_counts_per_sentence() -> None:
    clusters = [RedundancyCluster(0, (0, 2), ("a", "b")), RedundancyCluster(1, (1,), ("a",))]
    assert support_counts(clusters, 3).tolist() == [2.0, 1.0, 2.0]


def test_combine_scores_rewards_support_and_early_position() -> None:
    centrality = np.array([0.25, 0.25, 0.25, 0.25])
    support = np.array([1.0, 3.0, 1.0, 1.0])
    positions = np.array([0.0, 0.0, 0.0, 5.0])
    scores = combine_scores(centrality, support, positions, support_weight=1.0, position_weight=0.5)
    assert scores[1] > scores[0] > scores[3]
    flat = combine_scores(centrality, support, positions, support_weight=0.0, position_weight=0.0)
    assert flat == pytest.approx(np.ones(4))
