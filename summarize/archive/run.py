"""``archive()``: an archive of articles → one daily brief per period, an index, resumable.

Steps: list the input files (sorted), read them (the engine), split the
articles by period (:mod:`summarize.archive.periods`), skip the periods the
manifest says are current, warm the embedding cache (Ray), make each
remaining period's brief (the engine, any order), then — in period order —
mark stories new or continuing against the previous period's JSON and write
JSON, HTML and Markdown as ``summarize daily`` does, and the index.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize._version import __version__
from summarize.archive.engine import Engine, make_engine
from summarize.archive.manifest import Manifest, input_hash
from summarize.archive.periods import split_by_period
from summarize.archive.work import PeriodJob
from summarize.archive.write import (
    brief_files,
    render_index_html,
    render_index_markdown,
    write_brief,
    write_text,
)
from summarize.embed import resolve_embedder
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
        result.skipped = [p.key for p in periods if p not in todo]
        clock("split")
        runner.warm([d for p in todo for d in p.documents], embedder, model)
        clock("embed")
        jobs = [PeriodJob(p.key, p.documents, options) for p in todo]
        made = {}
        with _bar(len(periods), "periods", "period", bars) as bar:
            bar.update(len(result.skipped))
            for done in runner.periods(jobs, embedder, model):
                made[done.key] = done
                result.worker_peak_mb = max(result.worker_peak_mb, done.peak_mb)
                result.period_cpu_seconds += done.cpu_seconds
                bar.update(1)
        clock("periods")
        _write_in_order(folder, [p.key for p in periods], made, manifest, hashes, result,
                        embedder=embedder, model=model, previous=previous)
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


def _write_in_order(folder: Path, keys: list[str], made: Mapping[str, Any], manifest: Manifest,
                    hashes: Mapping[str, str], result: ArchiveResult, *, embedder: str | None, model: str | None,
                    previous: bool) -> None:
    """Chain new/continuing marks period by period and write each brief; failures are recorded, not raised."""
    resolved = resolve_embedder(embedder, model=model) if previous and made else None
    before: dict[str, Any] | None = None
    for key in keys:
        done = made.get(key)
        if done is None:  # unchanged: its JSON on disk is the next period's previous brief
            before = _read_json(folder / brief_files(key)[0])
            continue
        if done.brief is None:
            result.failed[key] = done.error or "failed"
            manifest.forget(key)
            before = None
            continue
        if resolved is not None and before is not None:
            mark_new(done.brief, before, resolved)
        names = write_brief(folder, key, done.brief)
        top_story = done.brief.stories[0].headline if done.brief.stories else None
        # After a failed period this brief could not be compared with it: redo it on the next run.
        unchained = previous and key != keys[0] and before is None
        manifest.record(key, hashes[key] + ("+unchained" if unchained else ""), names,
                        {"articles": done.brief.article_count, "stories": done.brief.story_count,
                         "headline": top_story})
        manifest.save()
        result.written.append(key)
        before = _read_json(folder / names[0])


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
