"""``archive()``: an archive of articles → one daily brief per period, an index, resumable.

Steps: list the input files (sorted), read them (the engine), split the
articles by period (:mod:`summarize.archive.periods`), skip the periods the
manifest says are current, warm the embedding cache (Ray), make each
remaining period's brief (the engine, any order) and — in period order, as
soon as a period's turn comes — mark its stories new or continuing against
the previous period's JSON and write JSON, HTML and Markdown as ``summarize
daily`` does; last, the index.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np

from summarize._version import __version__
from summarize.archive.engine import Engine, make_engine
from summarize.archive.manifest import Manifest, input_hash
from summarize.archive.periods import split_by_period
from summarize.archive.work import PeriodJob, PeriodResult
from summarize.archive.write import (
    brief_files,
    render_index_html,
    render_index_markdown,
    write_brief,
    write_text,
)
from summarize.embed import Embedder, resolve_embedder
from summarize.errors import EmptyInputError, InputError
from summarize.io.files import SUPPORTED_SUFFIXES
from summarize.io.records import unique_ids
from summarize.stories.daily import mark_new
from summarize.stories.model import DEFAULT_TITLE

__all__ = ["ArchiveResult", "archive", "input_files"]


@dataclass
class ArchiveResult:
    """What a run did: periods written, skipped (unchanged) and failed (with the reason)."""

    out: Path
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    article_count: int = 0
    undated_count: int = 0
    problems: list[str] = field(default_factory=list)
    #: Seconds per stage (read, split, embed, periods, write) and the largest peak memory of a process
    #: that made a period (MB): for benchmarks and logs, never written into a brief.
    seconds: dict[str, float] = field(default_factory=dict)
    worker_peak_mb: float = 0.0
    period_cpu_seconds: float = 0.0

    def summary(self) -> str:
        failed = f", {len(self.failed)} failed ({', '.join(sorted(self.failed))})" if self.failed else ""
        return (f"{self.article_count} articles: {len(self.written)} periods written, "
                f"{len(self.skipped)} unchanged{failed}; {self.undated_count} undated left out; index in {self.out}")


def input_files(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """Every article file under ``inputs`` (files or folder trees), sorted, hidden ones skipped."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    files: list[str] = []
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_file():
            files.append(str(path))
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            files.extend(str(Path(root) / n) for n in sorted(names)
                         if not n.startswith(".") and n.lower().endswith(SUPPORTED_SUFFIXES) and n != "README.md")
    return files


def _bar(total: int, desc: str, unit: str, show: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=not show, file=sys.stderr, leave=False)


def archive(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    period: str = "day",
    engine: str | Engine = "local",
    address: str | None = None,
    workers: int | None = None,
    previous: bool = True,
    title: str = DEFAULT_TITLE,
    top: int = 10,
    max_words: int = 80,
    embedder: str | None = None,
    model: str | None = None,
    bars: bool = False,
    **daily_options: Any,
) -> ArchiveResult:
    """Write a daily brief per ``period`` ("day" or "week") of the articles under ``inputs`` into ``out``.

    Each period gets ``brief-<period>.json``, ``.html`` and ``.md`` exactly as
    ``summarize daily`` writes them, and ``index.html`` / ``index.md`` link them
    all. With ``previous`` each brief marks stories new or continuing against
    the period before. A re-run skips periods whose articles and settings did
    not change (``manifest.json``); a period that fails is reported in the
    result and the index, and the others are written. ``engine`` is "local" or
    "ray" (``address`` of an existing cluster, ``workers`` actors at once);
    other options go to :func:`summarize.daily`.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    files = input_files(inputs)
    runner = make_engine(engine, address=address, workers=workers)
    result = ArchiveResult(folder)
    clock = _Clock(result.seconds)
    try:
        with _bar(0, "articles", "article", bars) as articles:
            read = runner.read(files, articles.update)
        clock("read")
        documents = unique_ids([d for part in read for d in part.documents])
        result.problems = [p for part in read for p in part.problems]
        if not documents:
            raise EmptyInputError(f"no articles could be read from {len(files)} files")
        result.article_count = len(documents)
        periods, undated = split_by_period(documents, period)
        result.undated_count = len(undated)
        options = {"top": top, "max_words": max_words, "title": title, **daily_options}
        settings = {"version": __version__, "period": period, "embedder": embedder, "model": model,
                    "previous": previous, **{k: repr(v) for k, v in options.items()}}
        manifest = Manifest(folder)
        hashes: dict[str, str] = {}
        last: str | None = None
        for item in periods:
            hashes[item.key] = input_hash(item.documents, settings, last if previous else None)
            last = hashes[item.key]
        todo = [p for p in periods if not manifest.is_current(p.key, hashes[p.key])]
        making = {p.key for p in todo}
        result.skipped = [p.key for p in periods if p.key not in making]
        clock("split")
        runner.warm([d for p in todo for d in p.documents], embedder, model)
        clock("embed")
        jobs = [PeriodJob(p.key, p.documents, options) for p in todo]
        writer = _OrderedWriter(folder, [p.key for p in periods], manifest, hashes, result,
                                embedder=embedder, model=model, previous=previous)
        with _bar(len(periods), "periods", "period", bars) as bar:
            bar.update(len(result.skipped))
            writer.advance()  # unchanged periods before the first to make
            for done in runner.periods(jobs, embedder, model):
                result.worker_peak_mb = max(result.worker_peak_mb, done.peak_mb)
                result.period_cpu_seconds += done.cpu_seconds
                writer.add(done)
                bar.update(1)
        writer.finish()
        clock("periods")
        # Writing overlaps the periods stage (each brief is written as soon as the one before it is):
        # its time is reported apart.
        result.seconds["periods"] -= writer.seconds
        result.seconds["write"] = writer.seconds
        entries = [{"period": p.key, **({"error": result.failed[p.key]} if p.key in result.failed else
                                         manifest.periods.get(p.key, {}))} for p in periods]
        write_text(folder / "index.html", render_index_html(title, entries))
        write_text(folder / "index.md", render_index_markdown(title, entries))
        clock("write")
    finally:
        runner.close()
    return result


class _Clock:
    """Adds the seconds since the last call to ``seconds[stage]``."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.last = now


class _OrderedWriter:
    """Chains new/continuing marks period by period and writes each brief as soon as the one before it is.

    Results come in any order; a brief waits only for the periods before it,
    so writing overlaps the making of later periods and the driver holds few
    briefs at once. The manifest is saved at most every ``SAVE_EVERY`` seconds
    and at the end (saving after each of 10,000 periods rewrote it 10,000
    times); as it grows, the wait grows with it so that saving takes at most
    ``1 / SAVE_SHARE`` of the run (at 12,000 periods one save takes ~0.1 s:
    every 2 s that was 3% of a 100,000-article run). A crash costs at most
    that wait's work on the next run. Failures are recorded, not raised.
    """

    SAVE_EVERY = 2.0
    SAVE_SHARE = 100

    def __init__(self, folder: Path, keys: list[str], manifest: Manifest, hashes: Mapping[str, str],
                 result: ArchiveResult, *, embedder: str | None, model: str | None, previous: bool) -> None:
        self.folder, self.keys, self.manifest, self.hashes, self.result = folder, keys, manifest, hashes, result
        self.previous = previous
        self.embedder, self.model = embedder, model
        self.resolved: Any = None
        self.waiting: dict[str, Any] = {}
        self.to_make = set(keys) - set(result.skipped)
        self.next = 0
        self.before: dict[str, Any] | None = None
        self.before_vectors: dict[str, np.ndarray] = {}  # the headline vectors of ``before``, when known
        self.seconds = 0.0
        self.saved_at = time.perf_counter()
        self.save_cost = 0.0  # seconds the last save took

    def add(self, done: Any) -> None:
        self.waiting[done.key] = done
        self.advance()

    def advance(self) -> None:
        """Write every period whose turn has come."""
        start = time.perf_counter()
        while self.next < len(self.keys):
            key = self.keys[self.next]
            if key not in self.to_make:  # unchanged: its JSON on disk is the next period's previous brief
                self.before = _read_json(self.folder / brief_files(key)[0])
                self.before_vectors = {}
            elif key in self.waiting:
                self._write(key, self.waiting.pop(key))
            else:
                break
            self.next += 1
        now = time.perf_counter()
        if now - self.saved_at >= max(self.SAVE_EVERY, self.SAVE_SHARE * self.save_cost):
            self.manifest.save()
            self.saved_at = time.perf_counter()
            self.save_cost = self.saved_at - now
        self.seconds += time.perf_counter() - start

    def finish(self) -> None:
        start = time.perf_counter()
        missing = [k for k in self.keys[self.next:] if k in self.to_make and k not in self.waiting]
        for key in missing:  # an engine that lost a period: say so rather than stop at the gap
            self.waiting[key] = PeriodResult(key, None, "no result came back from the engine")
        self.seconds += time.perf_counter() - start
        self.advance()
        start = time.perf_counter()
        self.manifest.save()
        self.seconds += time.perf_counter() - start

    def _write(self, key: str, done: Any) -> None:
        if done.brief is None:
            self.result.failed[key] = done.error or "failed"
            self.manifest.forget(key)
            self.before = None
            self.before_vectors = {}
            return
        if self.previous and self.before is not None:
            if self.resolved is None:
                self.resolved = resolve_embedder(self.embedder, model=self.model)
            known = _KnownVectors(self.resolved, {**self.before_vectors, **(done.headlines or {})})
            mark_new(done.brief, self.before, cast(Embedder, known))  # it only encodes
        names = write_brief(self.folder, key, done.brief)
        top_story = done.brief.stories[0].headline if done.brief.stories else None
        # After a failed period this brief could not be compared with it: redo it on the next run.
        unchained = self.previous and key != self.keys[0] and self.before is None
        self.manifest.record(key, self.hashes[key] + ("+unchained" if unchained else ""), names,
                             {"articles": done.brief.article_count, "stories": done.brief.story_count,
                              "headline": top_story})
        self.result.written.append(key)
        self.before = _read_json(self.folder / names[0])
        self.before_vectors = done.headlines or {}


class _KnownVectors:
    """An embedder that answers the texts it already has vectors for and encodes only the others.

    Used only with vectors of an embedder that encodes each text on its own
    (:func:`summarize.archive.work.headline_vectors`), so the answer is what
    encoding every text would give.
    """

    def __init__(self, embedder: Any, known: Mapping[str, np.ndarray]) -> None:
        self.embedder, self.known = embedder, known

    def encode(self, texts: list[str]) -> Any:
        missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        if len(missing) == len(set(texts)):  # nothing known: as the embedder gives it (TF-IDF: sparse rows)
            return self.embedder.encode(list(texts))
        fresh = dict(zip(missing, np.asarray(self.embedder.encode(missing)), strict=True)) if missing else {}
        return np.vstack([self.known[t] if t in self.known else fresh[t] for t in texts])


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
