"""Group sentences that say the same thing into redundancy clusters.

A cluster is a star: a central sentence and every not-yet-claimed sentence
whose cosine similarity to it reaches the threshold. Building stars from the
best-connected sentence down (as sentence-transformers' community detection
does) avoids the chaining of single-link clustering, where A≈B and B≈C would
merge A and C although they say different things.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarize.document import Sentence
from summarize.embed import Matrix

__all__ = ["RedundancyCluster", "similarity_matrix", "redundancy_clusters", "cluster_labels"]


@dataclass(frozen=True)
class RedundancyCluster:
    """Sentences (positions in the pipeline's sentence list) that repeat one fact.

    ``members[0]`` is the central sentence. ``doc_ids`` are the distinct
    documents that state the fact, in first-seen order: its support.
    """

    id: int
    members: tuple[int, ...]
    doc_ids: tuple[str, ...]

    @property
    def support(self) -> int:
        return len(self.doc_ids)


def similarity_matrix(vectors: Matrix) -> np.ndarray:
    """Cosine similarities between all rows of L2-normalised ``vectors`` (dense n×n, float32)."""
    product = vectors @ vectors.T
    if hasattr(product, "toarray"):
        product = product.toarray()
    similarity = np.asarray(product, dtype=np.float32)
    np.clip(similarity, -1.0, 1.0, out=similarity)
    return similarity


def redundancy_clusters(
    similarity: np.ndarray, sentences: Sequence[Sentence], *, threshold: float
) -> list[RedundancyCluster]:
    """Partition the sentences into redundancy clusters (every sentence is in exactly one).

    ``threshold`` is the cosine similarity from which two sentences count as
    saying the same thing. Ties are broken by sentence position, so the result
    is deterministic.
    """
    n = len(sentences)
    if similarity.shape != (n, n):
        raise ValueError(f"similarity is {similarity.shape}, expected ({n}, {n})")
    if n == 0:
        return []
    linked = similarity >= threshold
    np.fill_diagonal(linked, True)
    # Best-connected first; a stable sort keeps input order among equals.
    order = np.argsort(-linked.sum(axis=1), kind="stable")
    assigned = np.zeros(n, dtype=bool)
    clusters: list[RedundancyCluster] = []
    for centre in order:
        if assigned[centre]:
            continue
        candidates = np.flatnonzero(linked[centre] & ~assigned)
        candidates = candidates[candidates != centre]
        by_similarity = candidates[np.argsort(-similarity[centre, candidates], kind="stable")]
        members = (int(centre), *map(int, by_similarity))
        assigned[list(members)] = True
        doc_ids = tuple(dict.fromkeys(sentences[m].doc_id for m in sorted(members)))
        clusters.append(RedundancyCluster(id=len(clusters), members=members, doc_ids=doc_ids))
    return clusters


def cluster_labels(clusters: Sequence[RedundancyCluster], n: int) -> np.ndarray:
    """For each sentence position, the id of its cluster."""
    labels = np.full(n, -1, dtype=np.int64)
    for cluster in clusters:
        labels[list(cluster.members)] = cluster.id
    return labels
