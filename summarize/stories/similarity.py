"""How similar a day's articles are: lead embeddings and full-text TF-IDF, blended, block by block.

:func:`story_similarity_matrix` gives the dense blended matrix for small sets
and plots; :func:`candidate_groups` gives, without any n×n matrix, the sets
of articles that average-linkage clustering can never join across (issue 17
M1: a day of 26,000 entries asked for a 5 GiB matrix).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from summarize.document import Document
from summarize.embed import Embedder, Matrix, TfidfEmbedder, resolve_embedder
from summarize.embed.cache import cached_encode
from summarize.errors import ConfigError

__all__ = [
    "DEFAULT_LEAD_WORDS",
    "MAX_STORY_BLOCK",
    "blended_similarity",
    "candidate_groups",
    "embed_leads",
    "full_text",
    "lead_text",
    "story_similarity",
    "story_similarity_matrix",
    "story_vectors",
]

DEFAULT_LEAD_WORDS = 60


def lead_text(document: Document, *, lead_words: int = DEFAULT_LEAD_WORDS) -> str:
    """The title and the first ``lead_words`` words of the body: what the story is about."""
    words = document.text.split()[:lead_words]
    title = (document.title or "").strip()
    body = " ".join(words)
    if title:
        return f"{title}. {body}" if not title.endswith((".", "!", "?")) else f"{title} {body}"
    return body


def embed_leads(
    documents: Sequence[Document],
    embedder: Embedder,
    *,
    lead_words: int = DEFAULT_LEAD_WORDS,
    batch_size: int = 64,
    bars: bool = False,
    cache: Any = None,
) -> Matrix:
    """Embed the title and lead of every document (rows in input order).

    Dense embedders run in batches so ``bars`` can show progress; TF-IDF fits
    its vocabulary on all leads at once, as it must. With an embedding
    ``cache`` (:class:`~summarize.embed.cache.EmbeddingCache`), leads seen in an
    earlier run are not encoded again.
    """
    from tqdm import tqdm

    texts = [lead_text(d, lead_words=lead_words) for d in documents]
    embedder = resolve_embedder(embedder)
    if isinstance(embedder, TfidfEmbedder):
        return embedder.encode(texts)
    if len(texts) <= batch_size:
        return cached_encode(embedder, texts, cache)
    parts = []
    for start in tqdm(range(0, len(texts), batch_size), desc="embedding", unit="batch", disable=not bars, leave=False):
        parts.append(np.asarray(cached_encode(embedder, texts[start : start + batch_size], cache)))
    return np.vstack(parts)


def story_similarity(vectors: Matrix) -> np.ndarray:
    """Cosine similarity of L2-normalised rows, dense, clipped to [0, 1]."""
    product = vectors @ vectors.T
    dense = product.toarray() if hasattr(product, "toarray") else np.asarray(product)
    return np.clip(dense.astype(np.float64), 0.0, 1.0)


def full_text(document: Document) -> str:
    """Title and whole body, for the lexical comparison."""
    return f"{document.title or ''}\n{document.text}".strip()


def story_vectors(
    documents: Sequence[Document],
    embedder: Embedder,
    *,
    lexical_weight: float,
    lead_words: int = DEFAULT_LEAD_WORDS,
    bars: bool = False,
    cache: Any = None,
) -> tuple[Matrix | None, Matrix | None]:
    """The lead embeddings and full-text TF-IDF rows the blended cosine is made of (None when weighted 0)."""
    if not 0.0 <= lexical_weight <= 1.0:
        raise ConfigError(f"lexical_weight must be between 0 and 1, got {lexical_weight!r}")
    semantic = lexical = None
    if lexical_weight < 1.0:
        semantic = embed_leads(documents, embedder, lead_words=lead_words, bars=bars, cache=cache)
    if lexical_weight > 0.0:
        lexical = TfidfEmbedder().encode([full_text(d) for d in documents])
    return semantic, lexical


def blended_similarity(
    semantic: Matrix | None, lexical: Matrix | None, lexical_weight: float, rows: Any, columns: Any
) -> np.ndarray:
    """The blended cosine of ``rows`` against ``columns`` (index arrays or slices): one dense block."""
    similarity: np.ndarray | None = None
    for vectors, weight in ((semantic, 1.0 - lexical_weight), (lexical, lexical_weight)):
        if vectors is None:
            continue
        part = weight * _pairwise(vectors[rows], vectors[columns])
        similarity = part if similarity is None else similarity + part
    assert similarity is not None
    return similarity


def _pairwise(left: Matrix, right: Matrix) -> np.ndarray:
    product = left @ right.T
    dense = product.toarray() if hasattr(product, "toarray") else np.asarray(product)
    return np.clip(dense.astype(np.float64), 0.0, 1.0)


def story_similarity_matrix(
    documents: Sequence[Document],
    embedder: Embedder,
    *,
    lexical_weight: float,
    lead_words: int = DEFAULT_LEAD_WORDS,
    bars: bool = False,
    cache: Any = None,
) -> np.ndarray:
    """Blended cosine of every pair of articles, in [0, 1] (dense n×n: for small sets and plots).

    ``(1 - lexical_weight) * cos(embedder(title + lead)) +
    lexical_weight * cos(tfidf(title + text))``; the TF-IDF vocabulary is
    fitted on these articles, so rare names weigh most. :func:`find_stories`
    never builds this matrix for the whole day.
    """
    semantic, lexical = story_vectors(
        documents, embedder, lexical_weight=lexical_weight, lead_words=lead_words, bars=bars, cache=cache
    )
    every = slice(None)
    return blended_similarity(semantic, lexical, lexical_weight, every, every)


# Rows of the blended cosine computed at a time, and the most articles
# clustered as one dense block. A day has components of tens of articles;
# only an attack (thousands of near-identical entries) reaches the limit, and
# is then clustered in pieces of that size.
_BLOCK_ROWS = 128
MAX_STORY_BLOCK = 2_000


def candidate_groups(
    semantic: Matrix | None,
    lexical: Matrix | None,
    lexical_weight: float,
    stamps: np.ndarray,
    *,
    threshold: float,
    max_days_apart: float | None,
) -> list[np.ndarray]:
    """Sets of articles that average linkage at ``threshold`` can never join across.

    Two clusters merge only when their mean similarity reaches the
    threshold, so some pair across them reaches it: every story lies within
    one connected component of the graph of such pairs (close enough in time).
    The graph is built block by block, so no n×n matrix exists.
    """
    import scipy.sparse
    from scipy.sparse.csgraph import connected_components

    n = len(stamps)
    labels = np.arange(n)  # component of each article, merged block by block (a union of edges, never stored)
    for start in range(0, n, _BLOCK_ROWS):
        rows = slice(start, min(n, start + _BLOCK_ROWS))
        close = blended_similarity(semantic, lexical, lexical_weight, rows, slice(None)) >= threshold - 1e-9
        if max_days_apart is not None:
            with np.errstate(invalid="ignore"):
                close &= ~(np.abs(stamps[rows, None] - stamps[None, :]) / 86400.0 > max_days_apart)
        i, j = np.nonzero(close)
        a, b = labels[i + start], labels[j]
        differ = a != b
        if differ.any():
            pairs = np.unique(a[differ].astype(np.int64) * n + b[differ])
            graph = scipy.sparse.csr_matrix(
                (np.ones(len(pairs), dtype=np.int8), (pairs // n, pairs % n)), shape=(n, n)
            )
            _, component = connected_components(graph, directed=False)
            labels = component[labels]
    order = np.argsort(labels, kind="stable")
    boundaries = np.flatnonzero(np.diff(labels[order])) + 1
    groups = np.split(order, boundaries)
    pieces: list[np.ndarray] = []
    for group in sorted(groups, key=lambda g: int(g[0])):
        pieces.extend(group[start : start + MAX_STORY_BLOCK] for start in range(0, len(group), MAX_STORY_BLOCK))
    return pieces
