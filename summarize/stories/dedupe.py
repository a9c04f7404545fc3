"""Merge near-duplicate articles: one wire story printed by several outlets.

Syndicated copies differ by a byline, a local paragraph, a trimmed ending or
a changed word, so equality is too strict and topic similarity too loose.
Two articles are *near-duplicates* when most word 4-grams ("shingles") of
the shorter one also occur in the longer one (the overlap coefficient), and
the shorter one is not a small part of a much longer text (a round-up that
quotes two wire stories is neither of them).

Each group of near-duplicates becomes one document (the longest text, which
keeps the most facts) that carries the others in ``metadata["duplicates"]``,
so a brief can name every outlet that ran the story and count it as that
many sources.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from summarize.document import Document

__all__ = [
    "DEFAULT_DUPLICATE_THRESHOLD",
    "SHINGLE_WORDS",
    "DedupeResult",
    "DuplicateGroup",
    "copy_pairs",
    "duplicate_groups",
    "duplicates_of",
    "merge_duplicates",
    "outlet_key",
    "outlets",
    "overlap_matrix",
    "shingles",
]

SHINGLE_WORDS = 4
# Overlap of shingles from which the shorter article counts as a copy. Independent
# reports of one event share quotes, not most of their 4-grams: on the in-house
# day (examples/daily) they overlap at most 0.13 and the edited copies at least
# 0.91; in DUC 2004 every pair from different clusters above 0.6 is the very
# same article, while updated versions of one AP story overlap 0.5-0.7.
DEFAULT_DUPLICATE_THRESHOLD = 0.6
# The shorter article must have at least half the shingles of the longer one:
# a trimmed copy, not one item of a round-up.
MIN_LENGTH_RATIO = 0.5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[int]:
    """Hashed word ``size``-grams of ``text``, case and punctuation ignored.

    A text shorter than ``size`` words gives one shingle of all its words.
    CRC32 keeps the hashes the same from run to run.
    """
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return set()
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode("utf-8"))}
    return {zlib.crc32(" ".join(words[i : i + size]).encode("utf-8")) for i in range(len(words) - size + 1)}


def _incidence(shingle_sets: Sequence[set[int]]) -> Any:
    """A sparse text × shingle matrix of ones (int32), one row per text."""
    import scipy.sparse

    vocabulary: dict[int, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, shingle_set in enumerate(shingle_sets):
        for shingle in shingle_set:
            rows.append(row)
            columns.append(vocabulary.setdefault(shingle, len(vocabulary)))
    return scipy.sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=(len(shingle_sets), max(1, len(vocabulary)))
    )


def overlap_matrix(shingle_sets: Sequence[set[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Shared shingle counts between every pair of texts, and each text's shingle count.

    Returns a dense ``(n, n)`` integer matrix of intersections and an ``(n,)``
    vector of set sizes; one sparse product, so a day of thousands of articles
    takes well under a second.
    """
    matrix = _incidence(shingle_sets)
    shared = (matrix @ matrix.T).toarray()
    sizes = np.array([len(s) for s in shingle_sets], dtype=np.int64)
    return shared, sizes


# Rows of the shingle product computed at a time, and the copies an article
# may have at most (a feed of thousands of near-identical entries would
# otherwise make the pairs, and the time to merge them, quadratic).
_BLOCK_ROWS = 512
MAX_COPIES_PER_ARTICLE = 200


def copy_pairs(
    shingle_sets: Sequence[set[int]],
    *,
    threshold: float = DEFAULT_DUPLICATE_THRESHOLD,
    min_length_ratio: float = MIN_LENGTH_RATIO,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs ``i < j`` of near-duplicates, and their overlap, without an n×n matrix.

    The shared-shingle product is computed ``_BLOCK_ROWS`` rows at a time and
    only pairs that pass both tests are kept, at most
    :data:`MAX_COPIES_PER_ARTICLE` per article (the strongest). Returns
    ``(first, second, overlap)`` arrays.
    """
    n = len(shingle_sets)
    matrix = _incidence(shingle_sets)
    transposed = matrix.T.tocsc()
    sizes = np.array([len(s) for s in shingle_sets], dtype=np.float64)
    firsts, seconds, overlaps = [], [], []
    for start in range(0, n, _BLOCK_ROWS):
        block = (matrix[start : start + _BLOCK_ROWS] @ transposed).tocoo()
        i, j = block.row + start, block.col
        upper = j > i
        i, j, shared = i[upper], j[upper], block.data[upper].astype(np.float64)
        smaller, larger = np.minimum(sizes[i], sizes[j]), np.maximum(sizes[i], sizes[j])
        with np.errstate(divide="ignore", invalid="ignore"):
            overlap = np.where(smaller > 0, shared / smaller, 0.0)
            ratio = np.where(larger > 0, smaller / larger, 0.0)
        copy = (overlap >= threshold) & (ratio >= min_length_ratio)
        firsts.append(i[copy])
        seconds.append(j[copy])
        overlaps.append(overlap[copy])
    first = np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.int64)
    second = np.concatenate(seconds) if seconds else np.zeros(0, dtype=np.int64)
    overlap = np.concatenate(overlaps) if overlaps else np.zeros(0)
    counts = np.bincount(np.concatenate([first, second]), minlength=n) if n else np.zeros(0, dtype=np.int64)
    if len(first) and counts.max() > MAX_COPIES_PER_ARTICLE:
        # Keep each article's strongest pairs: walk pairs strongest first.
        kept = np.zeros(len(first), dtype=bool)
        used = np.zeros(n, dtype=np.int64)
        for pair in np.argsort(-overlap, kind="stable"):
            a, b = first[pair], second[pair]
            if used[a] < MAX_COPIES_PER_ARTICLE and used[b] < MAX_COPIES_PER_ARTICLE:
                kept[pair] = True
                used[a] += 1
                used[b] += 1
        first, second, overlap = first[kept], second[kept], overlap[kept]
    return first, second, overlap


def duplicate_groups(
    documents: Sequence[Document],
    *,
    threshold: float = DEFAULT_DUPLICATE_THRESHOLD,
    min_length_ratio: float = MIN_LENGTH_RATIO,
) -> list[list[int]]:
    """Groups of positions in ``documents`` that are near-duplicates of each other.

    Every document is in exactly one group (most are alone), groups in order
    of their first member. Groups are merged only when *every* pair across
    them is a near-duplicate, so a chain A~B~C never joins A and C unless
    they are copies too. Memory grows with the copy pairs, not with n².
    """
    n = len(documents)
    if n == 0:
        return []
    first, second, overlap = copy_pairs(
        [shingles(d.text) for d in documents], threshold=threshold, min_length_ratio=min_length_ratio
    )
    copies: set[tuple[int, int]] = set(zip(first.tolist(), second.tolist(), strict=True))

    def is_copy(a: int, b: int) -> bool:
        return a == b or (min(a, b), max(a, b)) in copies

    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # Strongest pairs first, so a document joins the copy it is closest to.
    order = np.lexsort((second, first, -overlap)) if len(first) else np.zeros(0, dtype=np.int64)
    for pair in order:
        a, b = group_of[first[pair]], group_of[second[pair]]
        if a == b or not all(is_copy(x, y) for x in members[a] for y in members[b]):
            continue
        keep, gone = min(a, b), max(a, b)
        for member in members[gone]:
            group_of[member] = keep
        members[keep].extend(members.pop(gone))
    return [sorted(group) for _, group in sorted(members.items())]


@dataclass(frozen=True)
class DuplicateGroup:
    """One story as printed by several outlets: the copy kept and the others."""

    representative: Document
    duplicates: tuple[Document, ...]

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.representative, *self.duplicates)


@dataclass
class DedupeResult:
    """The documents after merging (in input order, a group where its first member was), and the merged groups."""

    documents: list[Document]
    groups: list[DuplicateGroup]

    @property
    def removed_count(self) -> int:
        """How many input articles were folded into another one."""
        return sum(len(g.duplicates) for g in self.groups)


def merge_duplicates(
    documents: Sequence[Document],
    *,
    threshold: float = DEFAULT_DUPLICATE_THRESHOLD,
    min_length_ratio: float = MIN_LENGTH_RATIO,
) -> DedupeResult:
    """Fold each group of near-duplicates into its longest article.

    The kept document has the others in ``metadata["duplicates"]`` (a tuple of
    :class:`Document`); articles merged earlier stay attached, so merging
    twice loses no outlet. Among equally long copies the earliest published,
    then the first given, is kept.
    """
    documents = list(documents)
    kept: list[tuple[int, Document]] = []
    groups: list[DuplicateGroup] = []
    for positions in duplicate_groups(documents, threshold=threshold, min_length_ratio=min_length_ratio):
        if len(positions) == 1:
            kept.append((positions[0], documents[positions[0]]))
            continue
        keep = min(positions, key=lambda i: _representative_key(documents[i], i))
        representative = documents[keep]
        attached = tuple(
            copy
            for position in positions
            for copy in (documents[position], *duplicates_of(documents[position]))
            if copy is not representative
        )
        merged_document = replace(representative, metadata={**representative.metadata, "duplicates": attached})
        kept.append((positions[0], merged_document))
        groups.append(DuplicateGroup(representative=merged_document, duplicates=attached))
    # Input order, each group where its first member was.
    kept.sort(key=lambda item: item[0])
    return DedupeResult(documents=[document for _, document in kept], groups=groups)


def _representative_key(document: Document, position: int) -> tuple[int, float, int]:
    published = document.published.timestamp() if document.published is not None else float("inf")
    return (-len(document.text.split()), published, position)


def duplicates_of(document: Document) -> tuple[Document, ...]:
    """The copies merged into ``document`` (empty for an article printed once)."""
    return tuple(document.metadata.get("duplicates", ()))


def outlet_key(document: Document) -> str:
    """Who published it, for counting distinct sources: the outlet name, else the web host, else the id."""
    if document.source:
        return " ".join(document.source.casefold().split())
    if document.url:
        host = urlsplit(document.url).netloc.split("@")[-1].split(":")[0].removeprefix("www.")
        if host:
            return host
    return f"id:{document.id}"


def outlets(document: Document) -> list[Document]:
    """``document`` and its merged copies, one per distinct outlet, kept copy first."""
    seen: set[str] = set()
    out = []
    for copy in (document, *duplicates_of(document)):
        key = outlet_key(copy)
        if key not in seen:
            seen.add(key)
            out.append(copy)
    return out
