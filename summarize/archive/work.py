"""The units of work an engine runs: read one file, warm the cache for some texts, make one period's brief.

Plain functions over plain records, so the local loop and Ray's workers run
the very same code; every result comes back with the key it belongs to and
the engine sorts by it, so the order work finishes in never shows in the output.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from summarize.document import Document
from summarize.embed import Embedder, resolve_embedder
from summarize.embed.cache import EmbeddingCache, cached_encode
from summarize.errors import SummarizeError
from summarize.io.files import read_documents
from summarize.stories.daily import daily
from summarize.stories.grouping import lead_text
from summarize.stories.model import DailyBrief
from summarize.text.segment import segment_document
from summarize.text.trim import trim_sentences

__all__ = [
    "FileResult", "PeriodJob", "PeriodResult", "headline_vectors", "make_period", "peak_memory_mb", "read_file",
    "texts_to_embed", "warm_cache",
]


@dataclass
class FileResult:
    """The articles of one input file (in file order) and the problems met reading it."""

    index: int
    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_file(index: int, path: str) -> FileResult:
    """Read one input file with :func:`summarize.io.files.read_documents` (no article cap: an archive is big)."""
    try:
        result = read_documents(path, max_articles=None)
    except SummarizeError as error:
        return FileResult(index, [], [f"{path}: {error.args[0]}"])
    return FileResult(index, result.documents, [str(p) for p in result.problems])


@dataclass
class PeriodJob:
    """One period to make: its key, articles (input order) and the options of :func:`daily`."""

    key: str
    documents: list[Document]
    options: Mapping[str, Any]


@dataclass
class PeriodResult:
    """A period's brief, or why it failed; ``peak_mb`` is the peak memory of the process that made it and
    ``cpu_seconds`` the CPU time it took (wall time on a shared machine says little)."""

    key: str
    brief: DailyBrief | None
    error: str | None = None
    peak_mb: float = 0.0
    cpu_seconds: float = 0.0
    #: The vectors of the brief's headlines (see :func:`headline_vectors`), or None.
    headlines: dict[str, np.ndarray] | None = None


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB, macOS bytes)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def make_period(job: PeriodJob, embedder: Embedder) -> PeriodResult:
    """The period's daily brief with :func:`summarize.stories.daily.daily`; an error is returned, not raised.

    New/continuing marks are set later (:func:`summarize.stories.daily.mark_new`),
    once the previous period's brief exists, so periods can be made in any order.
    """
    start = time.process_time()
    try:
        brief = daily(job.documents, embedder=embedder, **job.options)
        vectors = headline_vectors(brief, embedder)
    except Exception as error:  # one bad period must not stop the archive: it is reported and redone next run
        text = str(error) if isinstance(error, SummarizeError) else f"{type(error).__name__}: {error}"
        return PeriodResult(job.key, None, text, peak_memory_mb(), time.process_time() - start)
    return PeriodResult(job.key, brief, None, peak_memory_mb(), time.process_time() - start, vectors)


def headline_vectors(brief: DailyBrief, embedder: Embedder) -> dict[str, np.ndarray] | None:
    """The vectors of ``brief``'s headlines, by headline, made where the brief was made.

    Chaining compares a period's headlines with the period before's; with
    these at hand each headline is encoded once (where the brief was made, in
    parallel) instead of twice on the driver. None for an embedder whose
    vectors depend on what they are encoded with (TF-IDF is fitted per call):
    chaining then encodes both lists together, as ``summarize daily`` does.
    """
    if getattr(embedder, "cache_key", None) is None:
        return None
    headlines = list(dict.fromkeys(story.headline for story in brief.stories if story.headline))
    if not headlines:
        return {}
    return dict(zip(headlines, np.asarray(embedder.encode(headlines)), strict=True))


def texts_to_embed(documents: Sequence[Document]) -> list[str]:
    """The leads and sentences :func:`daily` will encode for ``documents`` (a superset: every article's)."""
    texts: list[str] = []
    for document in documents:
        texts.append(lead_text(document))
        sentences, _ = trim_sentences(segment_document(document))
        texts.extend(s.text for s in sentences)
    return list(dict.fromkeys(texts))


def warm_cache(texts: Sequence[str], embedder: Embedder | str | None, cache: EmbeddingCache | None) -> int:
    """Encode the ``texts`` missing from ``cache`` and store them; returns how many texts were looked at."""
    cached_encode(resolve_embedder(embedder), list(texts), cache)
    return len(texts)
