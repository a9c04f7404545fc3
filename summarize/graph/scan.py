"""One block-wise pass over all sentence similarities, keeping only the strong pairs and each row's sum.

The dense n×n matrix is never held: ``block_rows`` × n similarities at a time.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from summarize.embed import Matrix

__all__ = ["MAX_PAIRS_PER_SENTENCE", "neighbour_graph", "similarity_scan"]
# Pairs kept per sentence at most (an input that repeats one sentence
# thousands of times would otherwise make the graph dense again).
MAX_PAIRS_PER_SENTENCE = 2000


def _dense_rows(vectors: Matrix, rows: np.ndarray | slice, columns: Matrix) -> np.ndarray:
    """Cosine similarities of some rows of ``vectors`` against ``columns`` (float32, clipped to [-1, 1])."""
    product = vectors[rows] @ columns.T
    if hasattr(product, "toarray"):
        product = product.toarray()
    block = np.asarray(product, dtype=np.float32)
    np.clip(block, -1.0, 1.0, out=block)
    return block


def similarity_scan(
    vectors: Matrix,
    *,
    keep_above: float | None = None,
    neighbours: int = 0,
    sum_above: float | None = None,
    block_rows: int = 512,
    max_per_row: int = MAX_PAIRS_PER_SENTENCE,
) -> tuple[Any, np.ndarray | None]:
    """One block-wise pass over all pairwise cosine similarities of ``vectors``.

    Returns ``(graph, row_sums)``. ``graph`` is a symmetric
    ``scipy.sparse.csr_matrix`` (float32, no diagonal, positive similarities
    only) holding, for each sentence, every similarity ≥ ``keep_above`` and
    its ``neighbours`` largest ones (at most ``max_per_row`` in all, the
    largest); an edge kept from either end is kept in both rows.
    ``row_sums`` (when ``sum_above`` is given) is, per sentence, the sum of
    its similarities ≥ max(``sum_above``, 0) to the others. ``vectors`` are
    L2-normalised rows, dense or sparse.
    """
    import scipy.sparse

    n = vectors.shape[0]
    vectors = vectors.tocsr() if hasattr(vectors, "tocsr") else np.ascontiguousarray(vectors, dtype=np.float32)
    row_parts: list[np.ndarray] = []
    col_parts: list[np.ndarray] = []
    value_parts: list[np.ndarray] = []
    row_sums = np.zeros(n, dtype=np.float64) if sum_above is not None else None
    top = min(neighbours, n - 1)
    # Without neighbours, everything kept is symmetric, so each block of rows
    # is compared only with itself and the rows after it: half the products.
    triangular = top == 0
    for start in range(0, n, block_rows):
        stop = min(start + block_rows, n)
        first_column = start if triangular else 0
        block = _dense_rows(vectors, slice(start, stop), vectors[first_column:])
        local = np.arange(stop - start)
        block[local, local + start - first_column] = -np.inf  # no self-loops
        if row_sums is not None:
            floor = max(sum_above or 0.0, 0.0)
            weights = np.maximum(block, 0.0) if floor == 0.0 else np.where(block >= floor, block, 0.0)
            row_sums[start:stop] += weights.sum(axis=1, dtype=np.float64)
            if triangular:  # the pairs with later rows count for those rows too
                row_sums[stop:] += weights[:, stop - start :].sum(axis=0, dtype=np.float64)
            del weights
        if keep_above is None and top == 0:
            continue
        # Each row's cut-off: its top-th largest similarity (np.partition is
        # cheaper than argpartition's index array), lowered to keep_above.
        cutoff = np.full(stop - start, np.inf, dtype=np.float32)
        if top > 0:
            cutoff = np.partition(block, n - top, axis=1)[:, n - top]
        if keep_above is not None:
            np.minimum(cutoff, keep_above, out=cutoff)
        keep = (block >= cutoff[:, None]) & (block > 0.0)  # clustering and LexRank use no negative edges
        flat = np.flatnonzero(keep)  # far faster than np.nonzero on a 2-D mask
        rows, cols = np.divmod(flat, block.shape[1])
        crowded = np.flatnonzero(np.bincount(rows, minlength=stop - start) > max(max_per_row, top))
        if len(crowded):  # rare: keep only the most similar pairs of those rows
            for row in crowded:
                candidates = np.flatnonzero(keep[row])
                best = candidates[np.argsort(-block[row, candidates], kind="stable")[: max(max_per_row, top)]]
                keep[row] = False
                keep[row, best] = True
            flat = np.flatnonzero(keep)
            rows, cols = np.divmod(flat, block.shape[1])
        row_parts.append(rows + start)
        col_parts.append(cols + first_column)
        value_parts.append(block.ravel()[flat])
    rows = np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(col_parts) if col_parts else np.zeros(0, dtype=np.int64)
    values = np.concatenate(value_parts) if value_parts else np.zeros(0, dtype=np.float32)
    graph = scipy.sparse.csr_matrix((values, (rows, cols)), shape=(n, n), dtype=np.float32)
    # Both ends hold the same value when both kept the edge; an edge kept by
    # one end only is copied to the other.
    symmetric = scipy.sparse.csr_matrix(graph.maximum(graph.T), dtype=np.float32)
    symmetric.eliminate_zeros()
    symmetric.sort_indices()
    return symmetric, row_sums


def neighbour_graph(
    vectors: Matrix,
    *,
    keep_above: float | None = None,
    neighbours: int = 0,
    block_rows: int = 512,
    max_per_row: int = MAX_PAIRS_PER_SENTENCE,
) -> Any:
    """The sparse similarity graph of :func:`similarity_scan` alone."""
    graph, _ = similarity_scan(
        vectors, keep_above=keep_above, neighbours=neighbours, block_rows=block_rows, max_per_row=max_per_row
    )
    return graph
