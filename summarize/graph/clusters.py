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

__all__ = ["RedundancyCluster", "similarity_matrix", "redundancy_clusters", "cluster_labels", "member_order"]

# Members are ordered by their similarity to the centre in steps of this size,
# then by position. The float32 matrix product rounds differently on
# different CPUs (AVX2 vs AVX-512 kernels) and in blocks vs. whole, so two
# equal similarities (duplicate sentences) can differ in their last bit;
# differences below a thousandth of cosine mean nothing anyway.
MEMBER_ORDER_DECIMALS = 3


@dataclass(frozen=True)
class RedundancyCluster:
    """Sentences (positions in the pipeline's sentence list) that repeat one fact.

    ``members[0]`` is the central sentence; the others follow by similarity
    to it (rounded to :data:`MEMBER_ORDER_DECIMALS` decimals), then by
    position (see :func:`member_order`). ``doc_ids`` are the distinct
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


def member_order(candidates: np.ndarray, similarities: np.ndarray) -> np.ndarray:
    """``candidates`` (sentence positions) sorted most similar first, ties by position.

    Similarities are rounded to :data:`MEMBER_ORDER_DECIMALS` decimals first,
    so the order does not depend on last-bit differences between CPUs or
    between the dense and the block-wise similarity computation.
    """
    candidates = np.asarray(candidates)
    rounded = np.round(np.asarray(similarities, dtype=np.float64), MEMBER_ORDER_DECIMALS)
    return candidates[np.lexsort((candidates, -rounded))]


def redundancy_clusters(
    similarity: np.ndarray, sentences: Sequence[Sentence], *, threshold: float
) -> list[RedundancyCluster]:
    """Partition the sentences into redundancy clusters (every sentence is in exactly one).

    ``threshold`` is the cosine similarity from which two sentences count as
    saying the same thing. Ties are broken by sentence position, and members
    are ordered by :func:`member_order`, so the result is deterministic and
    the same on every CPU.
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
        by_similarity = member_order(candidates, similarity[centre, candidates])
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
