"""Archive throughput: local vs Ray with 1 and 2 workers on the DUC 1998 archive, in one run.

    python -m benchmarks.archive [--scale 2] [--embedder tfidf] [--runs local,ray1,ray2] [--no-base]
                                 [--cache off] [--side-by-side] [--out PATH]

The archive is every DUC 2003 + 2004 article once (741, Oct–Dec 1998, a brief
per day by their dates), written as JSONL shards at run time
(:mod:`benchmarks.archive_data`). ``--scale K`` adds the runs on K copies:
copy k has ids ``<id>#k`` and dates moved k × 92 days, so the archive grows
by whole quarters of news and a day keeps its real size (``--no-base`` skips
the single copy). Copies repeat the same sentences, which the embedding cache
would serve from the first copy on: ``--cache off`` makes every period encode
its own sentences, so each run does the same model work whatever the engine.
Each configuration runs in a fresh interpreter with an empty embedding cache
(clean peak memory, Ray started and stopped inside the measured call);
outputs are compared byte for byte. The report is rewritten after every run,
so a long run that is stopped keeps what it measured. The baselines are
``summarize daily`` run once per day in one process (``daily``), and the same
with ``--previous`` pointing at the day before's JSON (``dailyprev``: the same
new/continuing marks as the archive, so its JSON must equal the local engine's).
``--side-by-side`` runs single-process configurations (``daily,local``) at
the same time, each pinned to a CPU of its own: both see the same machine, so
their ratio does not depend on what else ran before or after.

Writes ``benchmarks/results/archive.md`` and ``.json`` (``archive-minilm.*`` with ``--embedder minilm``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.archive_data import SHIFT_DAYS, write_duc_archive

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "benchmarks" / "results" / "archive"
STAGES = ("read", "split", "embed", "periods", "write")


def daily_loop(inputs: str, out: str, embedder: str, *, previous: bool = False) -> dict[str, Any]:
    """The baseline: what ``summarize daily`` does today, once per day, in one process (read every file,
    a brief per day, its JSON, HTML and Markdown written), without the archive's manifest; with
    ``previous``, each day marked new/continuing against the day before's JSON (``--previous``)."""
    from summarize.archive.periods import split_by_period
    from summarize.archive.write import write_brief
    from summarize.embed import resolve_embedder
    from summarize.io.files import read_documents
    from summarize.stories.daily import daily

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()
    documents = read_documents(inputs, max_articles=None).documents
    periods, _ = split_by_period(documents, "day")
    read = time.perf_counter() - clock
    resolved = resolve_embedder(embedder)
    start_cpu = time.process_time()
    before: Path | None = None
    for period in periods:
        names = write_brief(folder, period.key, daily(period.documents, embedder=resolved, previous=before))
        before = folder / names[0] if previous else None
    return {"articles": len(documents), "periods": len(periods), "failed": 0,
            "stages": {"read": read, "periods": time.perf_counter() - clock - read},
            "period_cpu_seconds": time.process_time() - start_cpu, "worker_peak_mb": 0.0}


def measure_one(inputs: str, out: str, engine: str, workers: int | None, embedder: str) -> dict[str, Any]:
    """One archive run in this interpreter: seconds, stages, peak memory of driver and workers, output digest."""
    from summarize.archive.run import archive
    from summarize.archive.work import peak_memory_mb

    start = time.perf_counter()
    if engine in ("daily", "dailyprev"):
        found = daily_loop(inputs, out, embedder, previous=engine == "dailyprev")
        found["worker_peak_mb"] = peak_memory_mb()
        return {"engine": engine, "workers": 1, **found, "seconds": time.perf_counter() - start,
                "driver_peak_mb": peak_memory_mb(), "json_sha256": _digest(out)}
    result = archive(inputs, out, engine=engine, workers=workers, embedder=embedder)
    seconds = time.perf_counter() - start
    return {
        "engine": engine, "workers": workers or 1, "articles": result.article_count,
        "periods": len(result.written), "failed": len(result.failed), "seconds": seconds,
        "stages": result.seconds, "period_cpu_seconds": result.period_cpu_seconds, "driver_peak_mb": peak_memory_mb(), "worker_peak_mb": result.worker_peak_mb,
        "json_sha256": _digest(out),
    }


def _digest(out: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(out).glob("brief-*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


RUNS = {"daily": ("summarize daily, a day at a time (baseline)", "daily", None),
        "dailyprev": ("summarize daily --previous, a day at a time (baseline)", "dailyprev", None),
        "local": ("local", "local", None),
        "ray1": ("Ray, 1 worker", "ray", 1), "ray2": ("Ray, 2 workers", "ray", 2)}


def run_child(inputs: Path, engine: str, workers: int | None, embedder: str, cache: bool = True) -> dict[str, Any]:
    """One configuration in a fresh interpreter, with an empty embedding cache (the exported model copied)."""
    return run_children(inputs, [(engine, workers)], embedder, cache)[0]


def run_children(inputs: Path, configurations: list[tuple[str, int | None]], embedder: str, cache: bool = True,
                 *, pin: bool = False) -> list[dict[str, Any]]:
    """Configurations at the same time, each in a fresh interpreter with its own empty embedding cache.

    With ``pin`` each runs on a CPU of its own with one math thread: two runs
    measured side by side share whatever else the machine is doing, so their
    ratio holds even on a machine that is not quiet.
    """
    from summarize.embed.protocol import cache_dir

    cpus = sorted(os.sched_getaffinity(0))
    if pin and len(configurations) > len(cpus):
        raise SystemExit(f"--side-by-side: {len(configurations)} runs but {len(cpus)} CPUs")
    with tempfile.TemporaryDirectory(prefix="archive-bench-out-") as out:
        started = []
        for index, (engine, workers) in enumerate(configurations):
            folder = Path(out) / str(index)
            if (cache_dir() / "onnx").is_dir():
                shutil.copytree(cache_dir() / "onnx", folder / "cache" / "onnx")
            command = [sys.executable, "-m", "benchmarks.archive", "--child", str(inputs), str(folder / "site"),
                       engine, str(workers or 0), embedder]
            environment = {**os.environ, "SUMMARIZE_CACHE_DIR": str(folder / "cache")}
            if not cache:
                environment["SUMMARIZE_EMBEDDING_CACHE"] = "off"
            if pin:
                environment.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
                command = ["taskset", "--cpu-list", str(cpus[index]), *command]
            started.append((engine, workers, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                              text=True, cwd=REPO_ROOT, env=environment)))
        found = []
        for engine, workers, process in started:
            stdout, stderr = process.communicate()
            if process.returncode != 0:
                raise SystemExit(f"{engine} x{workers} failed:\n{stderr[-3000:]}")
            found.append(json.loads(stdout.strip().splitlines()[-1]))
        return found


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in ("summarize", "ray", "numpy", "scikit-learn", "onnxruntime"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| run | articles | periods | seconds | articles/s | × local | × Ray 1 | driver peak MB | "
             "worker peak MB | period CPU ms/article | same JSON as local (else as the first run) |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ray1 = next((r for r in rows if r["engine"] == "ray" and r["workers"] == 1 and r["articles"] == row["articles"]),
                    None)
        same_size = next((r for r in rows if r["engine"] == "local" and r["articles"] == row["articles"]), None)
        rate = row["articles"] / row["seconds"]
        vs_local = f"{rate / (same_size['articles'] / same_size['seconds']):.2f}" if same_size else ""
        vs_ray1 = f"{rate / (ray1['articles'] / ray1['seconds']):.2f}" if ray1 and row["engine"] == "ray" else ""
        reference = same_size or next((r for r in rows if r["articles"] == row["articles"]), row)
        same = "yes" if row["json_sha256"] == reference["json_sha256"] else "NO"
        if row["engine"] == "daily":
            same = "– (no new/continuing marks)"
        elif reference["engine"] in ("daily", "dailyprev"):
            same = ""
        lines.append(f"| {row['label']} | {row['articles']} | {row['periods']} | {row['seconds']:.1f} | {rate:.2f} | "
                     f"{vs_local} | {vs_ray1} | {row['driver_peak_mb']:.0f} | {row['worker_peak_mb']:.0f} | "
                     f"{1000 * row['period_cpu_seconds'] / row['articles']:.0f} | {same} |")
    return lines


def stage_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| run | " + " | ".join(STAGES) + " |", "|---|" + "---|" * len(STAGES)]
    for row in rows:
        total = sum(row["stages"].values()) or 1.0
        cells = [f"{100 * row['stages'].get(s, 0.0) / total:.0f}% ({row['stages'].get(s, 0.0):.1f} s)" for s in STAGES]
        lines.append(f"| {row['label']} | " + " | ".join(cells) + " |")
    return lines


def write_report(args: argparse.Namespace, argv: list[str] | None, started: _dt.datetime,
                 rows: list[dict[str, Any]]) -> list[str]:
    command = "python -m benchmarks.archive " + " ".join(sys.argv[1:] if argv is None else argv)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs ({platform.platform()}), shared with other work"
    report = {"command": command.strip(), "date": started.isoformat(timespec="seconds"), "machine": machine,
              "versions": versions(), "embedder": args.embedder, "embedding_cache": args.cache,
              "shift_days": SHIFT_DAYS, "runs": rows}
    lines = [f"# Archive throughput ({args.embedder})", "", f"- command: `{report['command']}`",
             f"- date: {report['date']}", f"- machine: {machine}", f"- embedding cache: {args.cache}",
             f"- versions: {', '.join(f'{k} {v}' for k, v in report['versions'].items())}", "",
             *table(rows), "", "Share of the archive call's time per stage:", "", *stage_table(rows), ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text("\n".join(lines), encoding="utf-8")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=5, metavar=("IN", "OUT", "ENGINE", "WORKERS", "EMBEDDER"), help=argparse.SUPPRESS)
    parser.add_argument("--embedder", default="tfidf")
    parser.add_argument("--scale", type=int, nargs="*", default=[], help="also run on K copies (K > 1)")
    parser.add_argument("--runs", default="local,ray1,ray2",
                        help="which of daily, dailyprev (the baselines: `summarize daily` a day at a time, without and "
                             "with --previous), local, ray1, ray2 to run, in order (repeat one to run it again)")
    parser.add_argument("--no-base", action="store_true", help="skip the single copy (741 articles)")
    parser.add_argument("--cache", choices=("on", "off"), default="on", help="the embedding cache of each run")
    parser.add_argument("--side-by-side", action="store_true",
                        help="run the --runs at the same time, each on a CPU of its own (one math thread each): "
                             "a fair ratio of single-process runs on a machine that is not quiet")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.child:
        inputs, out, engine, workers, embedder = args.child
        print(json.dumps(measure_one(inputs, out, engine, int(workers) or None, embedder)))
        return 0
    started = _dt.datetime.now(_dt.timezone.utc)
    if args.embedder != "tfidf":
        args.out = args.out.with_name(f"{args.out.name}-{args.embedder}")
    unknown = sorted(set(args.runs.split(",")) - set(RUNS))
    if unknown:
        raise SystemExit(f"--runs: unknown {', '.join(unknown)} (choose from {', '.join(RUNS)})")
    runs = [RUNS[name] for name in args.runs.split(",")]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="archive-bench-in-") as folder:
        for copies in ([] if args.no_base else [1]) + list(args.scale):
            inputs = Path(folder) / f"x{copies}"
            if not write_duc_archive(inputs, copies=copies):
                raise SystemExit("the DUC articles are not in ../shared/data: nothing to measure")
            batches = [runs] if args.side_by_side else [[run] for run in runs]
            for batch in batches:
                found = run_children(inputs, [(engine, workers) for _, engine, workers in batch], args.embedder,
                                     cache=args.cache == "on", pin=args.side_by_side)
                for (label, _, _), row in zip(batch, found, strict=True):
                    rows.append({"label": label if copies == 1 else f"{label}, {copies} copies", **row})
                    print(f"{rows[-1]['label']}: {rows[-1]['seconds']:.1f} s", file=sys.stderr)
                write_report(args, argv, started, rows)
    print("\n".join(write_report(args, argv, started, rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
