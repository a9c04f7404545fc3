"""Large-input similarity: the sparse neighbour graph gives the dense results, without an n×n matrix."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import summarize.graph.similarity as similarity_module
from summarize.document import Sentence
from summarize.graph.centrality import lexrank_centrality
from summarize.graph.clusters import redundancy_clusters, similarity_matrix
from summarize.graph.scan import neighbour_graph, similarity_scan
from summarize.graph.similarity import (
    LazySimilarity,
    centrality_scores,
    degree_centrality,
    graph_lexrank_centrality,
    graph_redundancy_clusters,
    sentence_similarity,
)
from summarize.pipeline import Summarizer
from tests.conftest import make_doc


def clustered_vectors(n: int, *, topics: int = 6, seed: int = 0) -> np.ndarray:
    """Unit vectors around a few topic centres, with exact duplicates and some negative similarities."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((topics, 24))
    vectors = centres[rng.integers(0, topics, n)] * 0.9 + rng.standard_normal((n, 24)) * 0.45
    vectors[5] = vectors[3]  # an exact duplicate: a tie in similarity
    vectors[n - 1] = vectors[3]
    vectors[7] = -vectors[2]  # cosine -1 with another sentence
    vectors = vectors.astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def sentences_for(n: int) -> list[Sentence]:
    return [Sentence(doc_id=f"d{i % 9}", index=i // 9, text=f"s{i}") for i in range(n)]


def test_graph_holds_every_similarity_when_neighbours_cover_all() -> None:
    vectors = clustered_vectors(60)
    dense = similarity_matrix(vectors)
    graph = neighbour_graph(vectors, neighbours=59, block_rows=7).toarray()
    expected = np.where(dense > 0, dense, 0.0)
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_allclose(graph, expected, atol=1e-6)


def test_graph_is_symmetric_and_keeps_at_least_k_neighbours() -> None:
    vectors = clustered_vectors(300)
    graph = neighbour_graph(vectors, neighbours=5, block_rows=64)
    assert abs(graph - graph.T).max() < 1e-6
    assert graph.diagonal().max() == 0.0
    assert np.diff(graph.indptr).min() >= 5
    # Far from dense: a handful of neighbours per row, plus the redundant ones.
    assert graph.nnz < 300 * 40


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.9])
def test_graph_clusters_equal_dense_clusters(threshold: float) -> None:
    vectors = clustered_vectors(400, seed=1)
    sentences = sentences_for(400)
    dense = redundancy_clusters(similarity_matrix(vectors), sentences, threshold=threshold)
    graph = neighbour_graph(vectors, neighbours=3, keep_above=threshold, block_rows=50)
    assert graph_redundancy_clusters(graph, sentences, threshold=threshold) == dense
    assert any(len(c.members) > 3 for c in dense)  # the case is not trivial


def test_graph_lexrank_equals_dense_lexrank_on_a_full_graph() -> None:
    vectors = clustered_vectors(200, seed=2)
    dense = lexrank_centrality(similarity_matrix(vectors), damping=0.85)
    graph = neighbour_graph(vectors, neighbours=199)
    np.testing.assert_allclose(graph_lexrank_centrality(graph, damping=0.85), dense, rtol=1e-5, atol=1e-9)
    thresholded = lexrank_centrality(similarity_matrix(vectors), edge_threshold=0.3)
    np.testing.assert_allclose(graph_lexrank_centrality(graph, edge_threshold=0.3), thresholded, rtol=1e-5, atol=1e-9)


def test_degree_centrality_approximates_dense_lexrank() -> None:
    vectors = clustered_vectors(600, seed=3)
    dense = lexrank_centrality(similarity_matrix(vectors))
    lazy = LazySimilarity(vectors)
    approximate = centrality_scores(lazy)
    weights = np.clip(similarity_matrix(vectors), 0, None)
    np.fill_diagonal(weights, 0)
    np.testing.assert_allclose(lazy.row_sums(), weights.sum(axis=1), rtol=1e-4)
    assert approximate.sum() == pytest.approx(1.0)
    assert np.corrcoef(dense, approximate)[0, 1] > 0.99
    assert np.abs(approximate - dense).max() < 0.05 * dense.max()


def test_degree_centrality_without_edges_is_uniform() -> None:
    np.testing.assert_allclose(degree_centrality(np.zeros(4)), np.full(4, 0.25))
    assert degree_centrality(np.zeros(0)).shape == (0,)


def test_lazy_similarity_indexes_like_the_dense_matrix() -> None:
    vectors = clustered_vectors(50)
    dense = similarity_matrix(vectors)
    lazy = LazySimilarity(vectors)
    assert lazy.shape == dense.shape and len(lazy) == 50
    np.testing.assert_allclose(lazy[4], dense[4], atol=1e-6)
    assert lazy[4, 9] == pytest.approx(dense[4, 9], abs=1e-6)
    np.testing.assert_allclose(lazy[4, [1, 2, 9]], dense[4, [1, 2, 9]], atol=1e-6)
    np.testing.assert_allclose(lazy[[3, 1]], dense[[3, 1]], atol=1e-6)
    np.testing.assert_allclose(lazy[np.ix_([3, 1], [0, 8, 2])], dense[np.ix_([3, 1], [0, 8, 2])], atol=1e-6)
    mask = np.zeros(50, dtype=bool)
    mask[[0, 10]] = True
    np.testing.assert_allclose(lazy[2, mask], dense[2, mask], atol=1e-6)
    np.testing.assert_allclose(np.asarray(lazy), dense, atol=1e-6)
    # Pairs read in a loop reuse the last row, from either end.
    row = lazy[9]
    row[:] = 7.0  # the caller's copy: the cached row must not change
    assert lazy[4, 9] == pytest.approx(dense[4, 9], abs=1e-6)
    assert lazy[9, 4] == pytest.approx(dense[9, 4], abs=1e-6)
    assert [lazy[2, j] for j in range(50)] == pytest.approx(list(dense[2]), abs=1e-6)


def test_sparse_tfidf_vectors_work_too() -> None:
    from summarize.embed import TfidfEmbedder

    texts = [f"The bridge {w} closed after the storm on day {i}." for i, w in enumerate(["was", "is"] * 20)]
    vectors = TfidfEmbedder().encode(texts)
    dense = similarity_matrix(vectors)
    graph = neighbour_graph(vectors, neighbours=len(texts), block_rows=8).toarray()
    expected = np.where(dense > 0, dense, 0.0)
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_allclose(graph, expected, atol=1e-6)
    np.testing.assert_allclose(LazySimilarity(vectors)[3], dense[3], atol=1e-6)


def test_graph_building_never_holds_an_n_by_n_matrix() -> None:
    n = 4000
    vectors = clustered_vectors(n, seed=4)
    tracemalloc.start()
    try:
        similarity_scan(vectors, neighbours=16, keep_above=0.95, sum_above=0.0, block_rows=128)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < (n * n * 4) / 4  # a dense float32 matrix would be 64 MB


def test_small_inputs_keep_the_dense_matrix() -> None:
    vectors = clustered_vectors(100)
    assert isinstance(sentence_similarity(vectors), np.ndarray)
    assert isinstance(sentence_similarity(vectors, dense_limit=99), LazySimilarity)


def test_pipeline_brief_is_the_same_on_the_large_input_path(keyword_embedder, monkeypatch) -> None:
    topics = ["bridge", "storm", "mayor", "ferry", "school"]
    documents = [
        make_doc(
            f"doc{i}",
            " ".join(
                f"Report {i} says the {topic} story {'grew' if (i + j) % 2 else 'changed'} again on day {j} of the week."
                for j, topic in enumerate(topics[i % 3 :] + topics[: i % 3])
            ),
            day=1 + i % 5,
        )
        for i in range(12)
    ]
    options = {"max_words": 60, "edge_threshold": 0.05, "cache": False}
    dense_brief = Summarizer(embedder=keyword_embedder(topics), **options).summarize(documents)
    assert isinstance(dense_brief.details.similarity, np.ndarray)
    monkeypatch.setattr(similarity_module, "DENSE_LIMIT", 0)
    graph_brief = Summarizer(embedder=keyword_embedder(topics), **options).summarize(documents)
    assert isinstance(graph_brief.details.similarity, LazySimilarity)
    assert [s.text for s in graph_brief.sentences] == [s.text for s in dense_brief.sentences]
    assert [s.citations for s in graph_brief.sentences] == [s.citations for s in dense_brief.sentences]
    np.testing.assert_allclose(graph_brief.details.scores, dense_brief.details.scores, rtol=1e-5)
    assert graph_brief.details.clusters == dense_brief.details.clusters


def test_a_sentence_repeated_many_times_does_not_make_the_graph_dense() -> None:
    vectors = np.tile(clustered_vectors(60)[:1], (300, 1))  # 300 copies: every pair is redundant
    graph = neighbour_graph(vectors, keep_above=0.7, max_per_row=5, block_rows=64)
    assert graph.nnz <= 300 * 5 * 2
    assert np.diff(graph.indptr).min() >= 5


@pytest.mark.parametrize("kind", ["dense", "sparse"])
def test_pair_similarities_match_the_full_matrix(kind: str) -> None:
    import scipy.sparse

    from summarize.graph.similarity import LazySimilarity, pair_similarities

    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(30, 8)).astype(np.float32)
    vectors[rng.random(vectors.shape) < 0.5] = 0.0
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    full = np.clip(vectors @ vectors.T, -1, 1)
    lazy = LazySimilarity(scipy.sparse.csr_matrix(vectors) if kind == "sparse" else vectors)
    rows, columns = rng.integers(0, 30, size=50), rng.integers(0, 30, size=50)
    assert np.allclose(pair_similarities(lazy, rows, columns), full[rows, columns], atol=1e-6)
    assert np.allclose(pair_similarities(full, rows, columns), full[rows, columns])
    assert pair_similarities(lazy, np.zeros(0), np.zeros(0)).shape == (0,)
