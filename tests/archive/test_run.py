"""``archive()`` with the local engine on three real DUC days: the files `summarize daily` writes, resumable."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import summarize
import summarize.archive.run as run
import summarize.archive.work as work
from summarize.archive.engine import LocalEngine
from summarize.archive.run import ArchiveResult, _KnownVectors, _OrderedWriter, archive
from summarize.cli import main
from summarize.errors import ConfigError
from summarize.io.files import read_documents
from summarize.stories.daily import daily
from summarize.stories.render import render_daily
from tests.archive.conftest import DAYS


@pytest.fixture(scope="module")
def local_out(duc_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive-local")
    result = archive(duc_archive, out, embedder="tfidf")
    assert result.written == list(DAYS) and not result.failed
    return out


def _day_documents(folder: Path, day: str) -> list[Any]:
    return [d for d in read_documents(folder, max_articles=None).documents if d.published.date().isoformat() == day]


def test_archive_writes_one_brief_per_day_as_daily_does_and_an_index(duc_archive: Path, local_out: Path) -> None:
    for day in DAYS:
        assert {p.name for p in local_out.glob(f"brief-{day}.*")} == {f"brief-{day}.{f}" for f in ("json", "html", "md")}
    # The first day has no previous brief: its three files are exactly what daily() renders for that day.
    first = daily(_day_documents(duc_archive, DAYS[0]), embedder="tfidf")
    for fmt in ("json", "html", "md"):
        assert (local_out / f"brief-{DAYS[0]}.{fmt}").read_text(encoding="utf-8") == render_daily(first, fmt)
    index = (local_out / "index.html").read_text(encoding="utf-8")
    assert [f'href="brief-{d}.html"' in index for d in DAYS] == [True, True, True]
    assert f"(brief-{DAYS[1]}.md)" in (local_out / "index.md").read_text(encoding="utf-8")


def test_previous_period_marks_stories_new_or_continuing(duc_archive: Path, tmp_path: Path) -> None:
    # Day 2 also carries the first article of day 1's top story (same outlet and title, new id): that
    # story continues; day 1, with no period before it, marks nothing.
    source = tmp_path / "in"
    shutil.copytree(duc_archive, source)
    out = tmp_path / "out"
    archive(source, out, embedder="tfidf")
    day1 = json.loads((out / f"brief-{DAYS[0]}.json").read_text(encoding="utf-8"))
    assert {s["is_new"] for s in day1["stories"]} == {None}
    carried = day1["stories"][0]["articles"][0]
    record = next(json.loads(line) for shard in sorted(source.rglob("*.jsonl"))
                  for line in shard.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] == carried["id"])
    record.update(id=record["id"] + "-again", date=DAYS[1])
    (source / "1998-10" / "zz-carried.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    archive(source, out, embedder="tfidf")
    day2 = json.loads((out / f"brief-{DAYS[1]}.json").read_text(encoding="utf-8"))
    again = [s for s in day2["stories"] if any(a["id"] == record["id"] for a in s["articles"])]
    assert [s["is_new"] for s in again] == [False]
    assert {s["is_new"] for s in day2["stories"] if s not in again} <= {True, False}
    assert any(s["is_new"] is True for s in day2["stories"])


def test_rerun_skips_unchanged_periods_and_redoes_a_changed_one(duc_archive: Path, tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(duc_archive, source)
    out = tmp_path / "out"
    archive(source, out, embedder="tfidf")
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("brief-*")}
    again = archive(source, out, embedder="tfidf")
    assert (again.written, again.skipped) == ([], list(DAYS))
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("brief-*")} == stamps
    # Change one article of the last day: only that day is made again.
    shard = next(p for p in sorted(source.rglob("*.jsonl")) if f'"date": "{DAYS[2]}"' in p.read_text(encoding="utf-8"))
    lines = shard.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if json.loads(line)["date"] == DAYS[2])
    record = json.loads(lines[row])
    record["text"] += "\n\nThe officials said the talks would resume on Monday in Geneva."
    lines[row] = json.dumps(record)
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    third = archive(source, out, embedder="tfidf")
    assert (third.written, third.skipped) == ([DAYS[2]], list(DAYS[:2]))
    # A deleted output is made again even though its inputs did not change.
    page = (out / f"brief-{DAYS[0]}.html").read_text(encoding="utf-8")
    (out / f"brief-{DAYS[0]}.html").unlink()
    assert archive(source, out, embedder="tfidf").written == [DAYS[0]]
    assert (out / f"brief-{DAYS[0]}.html").read_text(encoding="utf-8") == page


def test_failed_period_is_reported_and_the_others_are_written(
    duc_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_daily = work.daily

    def failing_daily(documents: Any, **options: Any) -> Any:
        if documents[0].published.date().isoformat() == DAYS[1]:
            raise RuntimeError("disk on fire")
        return real_daily(documents, **options)

    monkeypatch.setattr(work, "daily", failing_daily)
    out = tmp_path / "out"
    result = archive(duc_archive, out, embedder="tfidf")
    assert result.failed == {DAYS[1]: "RuntimeError: disk on fire"}
    assert result.written == [DAYS[0], DAYS[2]]
    assert not list(out.glob(f"brief-{DAYS[1]}.*"))
    assert f"{DAYS[1]}</td><td colspan=\"3\">not made: RuntimeError: disk on fire" in (out / "index.html").read_text()
    monkeypatch.setattr(work, "daily", real_daily)
    # The next run makes the failed day, and the day after it again (it now has a previous brief to compare with).
    assert archive(duc_archive, out, embedder="tfidf").written == [DAYS[1], DAYS[2]]


class _PerTextEmbedder:
    """A text's vector is a hash of the text alone (as the default ONNX embedder encodes each sentence on
    its own), so vectors may be reused; every text it is asked to encode is counted."""

    name = "per-text-fake"
    cache_key = "per-text-fake|v1"

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Any) -> np.ndarray:
        self.encoded.extend(texts)
        rows = [np.frombuffer(hashlib.sha256(t.lower().encode()).digest(), dtype=np.uint8).astype(np.float32) - 127.5
                for t in texts]
        vectors = np.array(rows).reshape(len(texts), 32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_known_vectors_answer_as_the_embedder_would_and_encode_only_the_rest() -> None:
    inner = _PerTextEmbedder()
    known = dict(zip(["Ferry fire", "Bridge shut"], inner.encode(["Ferry fire", "Bridge shut"]), strict=True))
    inner.encoded.clear()
    texts = ["Bridge shut", "Storm nears", "Ferry fire", "Storm nears"]
    assert np.array_equal(_KnownVectors(inner, known).encode(texts), _PerTextEmbedder().encode(texts))
    assert inner.encoded == ["Storm nears"]


def test_chaining_encodes_each_headline_once_and_marks_as_encoding_both_lists_would(
    duc_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZE_EMBEDDING_CACHE", "off")  # every text encoded is counted, whatever ran before
    reused = _PerTextEmbedder()
    archive(duc_archive, tmp_path / "reused", embedder=reused)
    monkeypatch.setattr(work, "headline_vectors", lambda brief, embedder: None)
    again = _PerTextEmbedder()
    archive(duc_archive, tmp_path / "again", embedder=again)
    for day in DAYS:
        name = f"brief-{day}.json"
        assert (tmp_path / "reused" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    # Without the vectors, day 2's headlines are encoded once more (as day 3's previous brief).
    day2 = json.loads((tmp_path / "again" / f"brief-{DAYS[1]}.json").read_text(encoding="utf-8"))
    headlines = [s["headline"] for s in day2["stories"] if s.get("headline")]
    assert headlines and len(again.encoded) - len(reused.encoded) >= len(set(headlines))


class _SlowManifest:
    """A manifest whose save takes ``cost`` seconds of a fake clock; counts its saves."""

    def __init__(self, clock: list[float], cost: float) -> None:
        self.clock, self.cost, self.saves = clock, cost, 0

    def save(self) -> None:
        self.saves += 1
        self.clock[0] += self.cost


@pytest.mark.parametrize(("cost", "saves"), [(0.001, 100), (1.0, 3)])
def test_manifest_saves_wait_longer_as_a_save_gets_slower(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cost: float, saves: int
) -> None:
    clock = [0.0]
    monkeypatch.setattr(run.time, "perf_counter", lambda: clock[0])
    manifest = _SlowManifest(clock, cost)
    writer = _OrderedWriter(tmp_path, [], manifest, {}, ArchiveResult(tmp_path),  # type: ignore[arg-type]
                            embedder=None, model=None, previous=False)
    for _ in range(100):  # a period written every 3 s for 300 s
        clock[0] += 3.0
        writer.advance()
    # A cheap save is made at every chance (every 2 s at most); a 1 s save waits 100 s after the last.
    assert manifest.saves == saves
    assert writer.seconds <= 300 / _OrderedWriter.SAVE_SHARE + 2 * cost


class _ShuffledEngine(LocalEngine):
    """The local engine, handing periods back last first and, if asked, losing one."""

    def __init__(self, lose: str | None = None) -> None:
        self.lose = lose

    def periods(self, jobs: Any, embedder: Any, model: Any) -> Any:
        made = list(super().periods(jobs, embedder, model))
        return iter([m for m in reversed(made) if m.key != self.lose])


def test_periods_coming_back_in_any_order_are_written_as_the_local_engine_writes_them(
    duc_archive: Path, local_out: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = archive(duc_archive, out, engine=_ShuffledEngine(), embedder="tfidf")
    assert result.written == list(DAYS)
    for path in sorted(local_out.glob("brief-*")) + [local_out / "index.html", local_out / "manifest.json"]:
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_period_the_engine_never_returns_is_reported_and_the_next_is_still_written(
    duc_archive: Path, tmp_path: Path
) -> None:
    result = archive(duc_archive, tmp_path / "out", engine=_ShuffledEngine(lose=DAYS[1]), embedder="tfidf")
    assert result.failed == {DAYS[1]: "no result came back from the engine"}
    assert result.written == [DAYS[0], DAYS[2]]
    assert DAYS[1] not in json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["periods"]


def test_cli_archive_writes_the_index_and_a_summary(
    duc_archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["archive", str(duc_archive), "--out", str(tmp_path), "--embedder", "tfidf", "--period", "week"]) == 0
    assert sorted(p.name for p in tmp_path.glob("brief-*.json")) == ["brief-1998-W42.json"]
    assert "1 periods written, 0 unchanged" in capsys.readouterr().err
    assert json.loads((tmp_path / "brief-1998-W42.json").read_text())["article_count"] > 30


def test_ray_engine_without_ray_is_one_coded_error_naming_the_extra(
    tmp_path: Path, duc_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ConfigError, match=r"\[E200\] --engine ray needs Ray.*pip install 'summarize\[ray\]'"):
        archive(duc_archive, tmp_path, engine="ray")


def test_package_root_exports_archive_without_importing_ray() -> None:
    code = ("import sys, summarize, summarize.archive.engine; "
            "print(callable(summarize.archive), summarize.archive.__name__, 'ray' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "summarize.archive", "False"]
    assert summarize.archive is not None
