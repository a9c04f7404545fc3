from __future__ import annotations

import numpy as np
import pytest

from summarize.document import Sentence
from summarize.graph.clusters import cluster_labels, redundancy_clusters, similarity_matrix


def sents(*doc_ids: str) -> list[Sentence]:
    return [Sentence(doc_id=d, index=i, text=f"sentence {i} of {d}") for i, d in enumerate(doc_ids)]


def test_similarity_matrix_is_cosine_for_unit_rows() -> None:
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]], dtype=np.float32)
    sim = similarity_matrix(vectors)
    assert sim.shape == (3, 3)
    assert sim[0, 1] == pytest.approx(0.6) and sim[1, 2] == pytest.approx(0.8) and sim[0, 2] == pytest.approx(0.0)


def test_similarity_matrix_accepts_sparse() -> None:
    import scipy.sparse

    vectors = scipy.sparse.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8]], dtype=np.float32))
    assert similarity_matrix(vectors)[0, 1] == pytest.approx(0.6)


def test_clusters_do_not_chain_through_a_middle_sentence() -> None:
    # A~B and B~C but A and C differ: single-link would merge all three.
    sim = np.array([[1.0, 0.8, 0.2], [0.8, 1.0, 0.8], [0.2, 0.8, 1.0]], dtype=np.float32)
    clusters = redundancy_clusters(sim, sents("a", "b", "c"), threshold=0.7)
    # B is best connected, so it becomes the centre and takes both neighbours;
    # every member is within the threshold of the centre.
    assert [c.members for c in clusters] == [(1, 0, 2)]
    sim2 = np.array([[1.0, 0.8, 0.2, 0.0], [0.8, 1.0, 0.3, 0.0], [0.2, 0.3, 1.0, 0.9], [0.0, 0.0, 0.9, 1.0]])
    clusters2 = redundancy_clusters(sim2, sents("a", "b", "c", "d"), threshold=0.7)
    assert sorted(sorted(c.members) for c in clusters2) == [[0, 1], [2, 3]]


def test_clusters_partition_all_sentences_and_record_support() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(30, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sentences = sents(*[f"d{i % 4}" for i in range(30)])
    clusters = redundancy_clusters(similarity_matrix(vectors), sentences, threshold=0.5)
    members = sorted(m for c in clusters for m in c.members)
    assert members == list(range(30))
    for cluster in clusters:
        assert set(cluster.doc_ids) == {sentences[m].doc_id for m in cluster.members}
        assert cluster.support == len(cluster.doc_ids)
    labels = cluster_labels(clusters, 30)
    assert (labels >= 0).all()


def test_clusters_reject_wrong_shape() -> None:
    with pytest.raises(ValueError):
        redundancy_clusters(np.eye(2), sents("a", "b", "c"), threshold=0.5)


def test_paraphrases_across_articles_cluster_and_different_facts_stay_apart(keyword_embedder) -> None:
    embedder = keyword_embedder(["closed", "injured"])
    sentences = [
        Sentence("a", 0, "The bridge was closed on Tuesday."),
        Sentence("b", 0, "Officials closed the bridge Tuesday morning."),
        Sentence("c", 0, "Four people were injured."),
        Sentence("a", 1, "Four were injured in the collapse."),
    ]
    sim = similarity_matrix(embedder.encode([s.text for s in sentences]))
    clusters = redundancy_clusters(sim, sentences, threshold=0.7)
    groups = sorted(sorted(c.members) for c in clusters)
    assert groups == [[0, 1], [2, 3]]
    assert {c.doc_ids for c in clusters} == {("a", "b"), ("c", "a")}


def test_member_order_ignores_last_bit_differences_between_cpus() -> None:
    # Regression (issue 13): sentences 1 and 3 are exact duplicates, so their
    # similarity to the centre is one number, but a matrix product on another
    # CPU (or in blocks) can round one of them a bit differently; the members
    # then came out as (0, 3, 1, 2) on one machine and (0, 1, 3, 2) on another.
    sim = np.array(
        [[1.0, 0.9, 0.8, 0.9], [0.9, 1.0, 0.7, 1.0], [0.8, 0.7, 1.0, 0.7], [0.9, 1.0, 0.7, 1.0]], dtype=np.float32
    )
    nudged = sim.copy()
    nudged[0, 3] = nudged[3, 0] = np.nextafter(np.float32(0.9), np.float32(1.0))
    sentences = sents("a", "b", "c", "d")
    expected = [(0, 1, 3, 2)]  # most similar first; the tie by position
    assert [c.members for c in redundancy_clusters(sim, sentences, threshold=0.75)] == expected
    assert [c.members for c in redundancy_clusters(nudged, sentences, threshold=0.75)] == expected
    # A real difference (a thousandth of cosine) still orders by similarity.
    apart = sim.copy()
    apart[0, 3] = apart[3, 0] = 0.902
    assert [c.members for c in redundancy_clusters(apart, sentences, threshold=0.75)] == [(0, 3, 1, 2)]


def test_member_order_sorts_by_rounded_similarity_then_position() -> None:
    from summarize.graph.clusters import member_order

    candidates = np.array([9, 4, 7, 2])
    similarities = np.array([0.5, 0.8000001, 0.8, 0.3], dtype=np.float32)
    assert member_order(candidates, similarities).tolist() == [4, 7, 9, 2]
