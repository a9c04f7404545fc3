"""Hostile inputs of the issue 17 audit: peak memory and wall time of each, against its limits.

Every input of the audit list is rebuilt here (feeds served by a hostile
server on 127.0.0.1 only, files in a temporary folder) and run in a fresh
process, as a user would run it: ``summarize daily``/``brief`` from the
command line, or one ``fetch_url`` call for the fetch-level attacks (timed
inside the child, so interpreter start-up does not count against the
fetch deadline). A run passes when its peak RSS (``wait4``'s ``ru_maxrss``)
stays under 2 GB, its wall time under its deadline (the configured fetch
``timeout`` for fetches, :data:`RUN_BUDGET_S` for whole runs, which have no
deadline of their own), and it ends the way the policy says (a refusal, a
clear one-line error, or a brief).

    HF_HUB_OFFLINE=1 python -m benchmarks.hostile            # all inputs (about 3 minutes on 2 cores)
    HF_HUB_OFFLINE=1 python -m benchmarks.hostile --quick    # without the 8 GB bomb and the 10,000-article day

The "before" column quotes the audit at c7eed39; those runs are not
repeated here (they take GBs of memory on a shared machine).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "benchmarks" / "results"
MEMORY_LIMIT_MB = 2048
RUN_BUDGET_S = 60.0  # whole CLI runs (start-up and model load included)
ARTICLE = (REPO_ROOT / "examples" / "harbour-bridge" / "01-coastline-herald.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Hostile bodies


def stacked_gzip(zeros: int) -> bytes:
    """gzip(gzip(``zeros`` zero bytes)), built in 1 MB steps (never ``zeros`` bytes in memory)."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    outer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * 1_000_000
    parts = []
    for _ in range(zeros // len(block)):
        parts.append(outer.compress(inner.compress(block)))
    parts.append(outer.compress(inner.flush()))
    parts.append(outer.flush())
    return b"".join(parts)


def single_gzip(zeros: int) -> bytes:
    stream = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * 1_000_000
    return b"".join(stream.compress(block) for _ in range(zeros // len(block))) + stream.flush()


def big_feed(entries: int, *, seed: int = 0) -> bytes:
    """An RSS feed of ``entries`` distinct short entries (26,000 make about 4.8 MB)."""
    items = "".join(
        f"<item><title>Council {seed}-{n} votes on plan {n % 997}</title>"
        f"<link>https://w.example/{seed}/{n}</link>"
        f"<description>District {n % 89} voted {n % 7} to {n % 5} on plan {seed}-{n} for street {n % 31}."
        "</description></item>"
        for n in range(entries)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Flood {seed}</title>{items}</channel></rss>'.encode()


class _Server(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict[str, tuple[bytes, dict[str, str]]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.path == "/slow-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            try:
                for byte in b"X-Padding: " + b"a" * 40 + b"\r\n\r\n":  # one byte a second, 30 s at most
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1.0)
            except OSError:
                pass
            self.close_connection = True
            return
        body, headers = self.routes.get(self.path, (b"not here", {"Content-Type": "text/plain", "Status": "404"}))
        self.send_response(int(headers.get("Status", "200")))
        for key, value in headers.items():
            if key != "Status":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass


@contextmanager
def hostile_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    name: str
    finding: str
    command: list[str]
    deadline_s: float
    expect: str  # "refused" (exit 1 with the phrase in stderr) or "brief" (exit 0)
    phrase: str = ""
    before: str = ""
    fetch_level: bool = False
    result: dict[str, Any] = field(default_factory=dict)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarize.cli", *args, "-q"]


def _fetch_child(url: str, timeout: float, max_bytes: int = 5_000_000) -> list[str]:
    return [sys.executable, "-m", "benchmarks.hostile", "--fetch", url, "--timeout", str(timeout),
            "--max-bytes", str(max_bytes)]  # fmt: skip


def build_cases(base: str, folder: Path, *, quick: bool) -> list[Case]:
    routes = _Server.routes
    routes["/stacked-2gb"] = (stacked_gzip(2_000_000_000), {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip, gzip"})
    if not quick:
        routes["/stacked-8gb"] = (stacked_gzip(8_000_000_000), {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip, gzip"})
    routes["/gzip-1gb"] = (single_gzip(1_000_000_000), {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    routes["/flood.xml"] = (big_feed(26_000), {"Content-Type": "application/rss+xml"})
    # 0.0.0.0 reaches this machine's own services on Linux: a classic way round a "no 127.0.0.1" rule.
    routes["/to-internal"] = (b"", {"Status": "302", "Location": base.replace("127.0.0.1", "0.0.0.0") + "/secret"})
    routes["/secret"] = (b"INTERNAL SECRET admin token", {"Content-Type": "text/html"})

    config = folder / "feeds.toml"
    config.write_text(f'[[feeds]]\nurl = "{base}/flood.xml"\n[fetch]\nallow_private = ["127.0.0.1"]\n')
    deep = "[" * 100_000 + "]" * 100_000
    (folder / "deep.json").write_text(deep)
    good = json.dumps({"id": "good", "title": "Bridge", "text": ARTICLE})
    (folder / "deep.jsonl").write_text(f"{good}\n{deep}\n")
    (folder / "previous.json").write_text(deep)
    (folder / "deep.toml").write_text("x = " + deep + "\n")
    sentence = "The harbour crane number {n} lifted block {m} into the new wall on Monday, the council said."
    for label, size in (("1mb", 1_000_000), ("3mb", 3_000_000), ("49.9mb", 49_900_000)):
        text, n = [], 0
        while n < size:
            line = sentence.format(n=len(text), m=len(text) * 7)
            text.append(line)
            n += len(line) + 1
        (folder / f"article-{label}.txt").write_text("Title: Long read\n\n" + " ".join(text)[:size])
    day = folder / "day"
    day.mkdir()
    for name in ("01-coastline-herald.txt", "02-metro-wire.txt", "03-veldane-post.txt"):
        source = REPO_ROOT / "examples" / "harbour-bridge" / name
        if source.exists():
            (day / name).write_text(source.read_text(encoding="utf-8"))

    cases = [
        Case("stacked gzip bomb, 2 GB of zeros", "H1", _fetch_child(f"{base}/stacked-2gb", 15), 15, "refused",
             "stacked content encodings", "1,827 B → 2.16 GB RSS", fetch_level=True),
        Case("single gzip bomb, 1 GB of zeros", "H1", _fetch_child(f"{base}/gzip-1gb", 15), 15, "refused",
             "larger than the limit", "held (capped)", fetch_level=True),
        Case("slow headers, one byte a second, timeout 3", "M2", _fetch_child(f"{base}/slow-headers", 3), 3,
             "refused", "timed out", "alive 30 s", fetch_level=True),
        Case("redirect from an allowed feed to 0.0.0.0 (this machine)", "M3", _fetch_child(f"{base}/to-internal", 15), 15,
             "refused", "refused to fetch", "followed, secret became a story", fetch_level=True),
        Case("feed URL on 127.0.0.1 without the allowlist", "M3",
             _cli("daily", f"{base}/flood.xml", "--embedder", "tfidf"), RUN_BUDGET_S, "refused",
             "loopback address", "fetched"),
        Case("RSS of 26,000 entries (4.8 MB), daily, default model", "M1", _cli("daily", str(config), "-f", "json"),
             RUN_BUDGET_S, "brief", "", "8 GB, then a (26000, 26000) allocation traceback"),
        Case("JSON nested 100,000 deep", "M5", _cli("brief", str(folder / "deep.json"), "--embedder", "tfidf"),
             RUN_BUDGET_S, "refused", "nested too deeply", "RecursionError traceback"),
        Case("JSONL with one line nested 100,000 deep, --skip-bad", "M5",
             _cli("brief", str(folder / "deep.jsonl"), "--embedder", "tfidf", "--skip-bad"), RUN_BUDGET_S, "brief",
             "", "RecursionError traceback"),
        Case("--previous nested 100,000 deep", "M5",
             _cli("daily", str(day), "--embedder", "tfidf", "--previous", str(folder / "previous.json")),
             RUN_BUDGET_S, "refused", "nested too deeply", "RecursionError traceback"),
        Case("feeds.toml nested 100,000 deep", "M5", _cli("daily", str(folder / "deep.toml")), RUN_BUDGET_S,
             "refused", "not valid TOML", "RecursionError traceback"),
        Case("one 1 MB article, default model", "M6", _cli("brief", str(folder / "article-1mb.txt")), RUN_BUDGET_S,
             "refused", "max_article_sentences", "25 s, 0.6 GB"),
        Case("one 3 MB article, default model", "M6", _cli("brief", str(folder / "article-3mb.txt")), RUN_BUDGET_S,
             "refused", "max_article_sentences", "140 s, 4.1 GB"),
        Case("one 49.9 MB article, default model", "M6", _cli("brief", str(folder / "article-49.9mb.txt")),
             RUN_BUDGET_S, "refused", "max_article_sentences", "traceback: cannot allocate 1009 GiB"),
        Case("/dev/zero given by name", "Low", _cli("brief", "/dev/zero", "--embedder", "tfidf"), RUN_BUDGET_S,
             "refused", "the limit per file", "read without a cap"),
        Case("--embedder minlm (a typo)", "Low", _cli("brief", str(day), "--embedder", "minlm"), RUN_BUDGET_S,
             "refused", "did you mean 'minilm'", "35-84 s, many lines"),
    ]
    if not quick:
        cases.insert(1, Case("stacked gzip bomb, 8 GB of zeros", "H1", _fetch_child(f"{base}/stacked-8gb", 15), 15,
                             "refused", "stacked content encodings", "6,777 B → 8.46 GB, 87 s", fetch_level=True))
        feeds = []
        for seed in range(10):
            path = folder / f"flood-{seed}.rss"
            path.write_bytes(big_feed(1_000, seed=seed))
            feeds.append(str(path))
        cases.insert(6, Case("10 feeds × 1,000 entries (10,000 articles), daily, tfidf", "M1",
                             _cli("daily", *feeds, "--embedder", "tfidf", "-f", "json"), RUN_BUDGET_S, "brief", "",
                             "n×n matrices (10,000² float64 = 0.8 GB each)"))
    return cases


# --------------------------------------------------------------------------
# Running


def run_case(case: Case, env: dict[str, str]) -> dict[str, Any]:
    """Run one case in a fresh process; its peak RSS comes from GNU time's wait4.

    Not from our own wait4: a child started by vfork/posix_spawn inherits the
    parent's high-water mark at exec, so it would report this process's peak.
    """
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak_file:  # fmt: skip
        command = ["/usr/bin/time", "-f", "%M", "-o", peak_file.name, *case.command]
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=REPO_ROOT, start_new_session=True)
        try:
            code = process.wait(timeout=max(3 * case.deadline_s, 120.0))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            code = process.wait()
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        peak_text = peak_file.read().strip().splitlines()
    peak_mb = int(peak_text[-1]) / 1024 if peak_text and peak_text[-1].isdigit() else float("nan")
    if case.fetch_level:
        answer = json.loads(stdout or "{}")
        wall = float(answer.get("seconds", wall))
        message = answer.get("error") or f"{answer.get('bytes', 0)} bytes"
        refused = bool(answer.get("error"))
    else:
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        message = lines[-1] if lines else f"{len(stdout)} bytes of output"
        refused = code == 1
    if case.expect == "refused":
        as_expected = refused and case.phrase in message and "Traceback" not in stderr
    else:
        as_expected = code == 0 and bool(stdout) and "Traceback" not in stderr
    return {
        "exit": code,
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "outcome": message[:160],
        "as_expected": as_expected,
        "within_limits": peak_mb < MEMORY_LIMIT_MB and wall <= case.deadline_s * 1.02,
        "lines_on_stderr": len([line for line in stderr.splitlines() if line.strip()]),
    }


def fetch_child(url: str, timeout: float, max_bytes: int) -> int:
    """Child mode: one fetch_url, timed here; prints JSON."""
    import httpcore  # noqa: F401 - imported before the clock starts, as in a long daily run
    import httpx  # noqa: F401

    from summarize.errors import SummarizeError
    from summarize.io.fetch import FetchSettings, fetch_url

    started = time.monotonic()
    try:
        fetched = fetch_url(url, settings=FetchSettings(timeout=timeout, max_bytes=max_bytes, allow_private=("127.0.0.1",)))
        answer: dict[str, Any] = {"bytes": len(fetched.content)}
    except SummarizeError as error:
        answer = {"error": str(error)}
    answer["seconds"] = round(time.monotonic() - started, 3)
    print(json.dumps(answer))
    return 0


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def environment() -> dict[str, Any]:
    cpu = None
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), None)  # fmt: skip
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "summarize"], cwd=REPO_ROOT, capture_output=True,
                           text=True)  # fmt: skip
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    packages = ("httpx", "httpcore", "feedparser", "trafilatura", "numpy", "scipy", "onnxruntime", "torch")
    return {
        "machine": {"platform": platform.platform(), "cpu": cpu, "cpus_usable": cpus},
        "versions": {"python": platform.python_version(), **{p: _version(p) for p in packages}},
        "commit": commit.stdout.strip() + ("+dirty" if dirty.stdout.strip() else ""),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


COLUMNS = ("finding", "input", "before (audit)", "exit", "wall_s", "deadline_s", "peak_rss_mb", "within limits",
           "as policy says", "outcome")  # fmt: skip


def _row(case: Case) -> list[str]:
    r = case.result
    return [case.finding, case.name, case.before, str(r["exit"]), f"{r['wall_s']:.2f}", f"{case.deadline_s:g}",
            f"{r['peak_rss_mb']:.0f}", "yes" if r["within_limits"] else "**no**",
            "yes" if r["as_expected"] else "**no**", r["outcome"].replace("|", "\\|")]  # fmt: skip


def markdown(report: dict[str, Any], cases: Sequence[Case]) -> str:
    env = report["environment"]
    lines = [
        "# Hostile inputs (issue 17 audit)",
        "",
        f"Command: `{report['command']}`  ",
        f"Date: {report['date']}  ",
        f"Machine: {env['machine']['cpu']}, {env['machine']['cpus_usable']} usable CPUs, {env['machine']['platform']}; "
        f"load average at start {env['load_average']}  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v) + "  ",
        f"Commit: {env['commit']}",
        "",
        f"Limits: peak RSS (GNU time, of the child alone) under {MEMORY_LIMIT_MB} MB; wall time under the deadline, 2 % allowed for scheduling (the fetch `timeout` for the "
        f"fetch-level rows, timed inside the child; {RUN_BUDGET_S:g} s for whole CLI runs, start-up and model "
        "included). Fetches run from a fresh process against a server on 127.0.0.1 (allow-listed). "
        "\"before\" quotes the audit at c7eed39 (not re-run).",
        "",
        f"**{report['passed']} of {len(cases)} inputs within the limits and handled as the policy says.**",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(_row(case)) + " |" for case in cases]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="leave out the 8 GB bomb and the 10,000-article day")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for hostile.md and hostile.json")
    parser.add_argument("--fetch", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=15.0, help=argparse.SUPPRESS)
    parser.add_argument("--max-bytes", type=int, default=5_000_000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fetch:
        return fetch_child(args.fetch, args.timeout, args.max_bytes)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO_ROOT)}
    report: dict[str, Any] = {
        "command": "python -m benchmarks.hostile" + (" --quick" if args.quick else ""),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "environment": environment(),
    }
    with tempfile.TemporaryDirectory(prefix="summarize-hostile-") as tmp, hostile_server() as base:
        cases = build_cases(base, Path(tmp), quick=args.quick)
        for case in cases:
            print(f"{case.finding:4} {case.name} ...", file=sys.stderr, flush=True)
            case.result = run_case(case, env)
            print(f"     {case.result}", file=sys.stderr, flush=True)
    report["passed"] = sum(c.result["within_limits"] and c.result["as_expected"] for c in cases)
    report["cases"] = [
        {"finding": c.finding, "input": c.name, "command": shlex.join(c.command[2:]) if not c.fetch_level
         else f"fetch_url({c.command[4]}, timeout={c.command[6]})", "deadline_s": c.deadline_s,
         "before": c.before, **c.result}
        for c in cases
    ]  # fmt: skip
    text = markdown(report, cases)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "hostile.md").write_text(text, encoding="utf-8")
    (args.out / "hostile.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if report["passed"] == len(cases) else 1


if __name__ == "__main__":
    raise SystemExit(main())
