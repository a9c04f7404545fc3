"""The ``summarize archive`` command's options and run, apart from ``cli.py`` (which only wires them in).

Importing this module is light (argparse only), so ``summarize brief`` stays fast;
the archive code, and Ray with ``--engine ray``, load when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["add_archive_parser", "run_archive"]


def add_archive_parser(commands: argparse._SubParsersAction, *, positive_int: Callable[[str], int]) -> None:
    archive = commands.add_parser(
        "archive",
        help="a daily brief per day or week of an archive, with an index",
        description="Write brief-<period>.json/.html/.md for every day (or week) of the articles under INPUT, "
        "and index.html linking them. A re-run redoes only the periods whose articles changed.",
    )
    archive.add_argument("inputs", nargs="+", metavar="INPUT", help="folders or files of dated articles (.jsonl, ...)")
    archive.add_argument("--out", type=Path, required=True, help="output folder")
    archive.add_argument("--period", choices=["day", "week"], default="day", help="one brief per day or per ISO week")
    archive.add_argument("--engine", choices=["local", "ray"], default="local", help="local loop or Ray (extra [ray])")
    archive.add_argument("--address", default=None, help="an existing Ray cluster (auto, ray://host:10001)")
    archive.add_argument("--workers", type=positive_int, default=None, help="Ray workers at once (default: CPUs)")
    archive.add_argument("--top", type=positive_int, default=10, help="stories per brief (default: 10)")
    archive.add_argument("--max-words", type=positive_int, default=80, help="word budget per story (default: 80)")
    archive.add_argument("--embedder", default=None, help="minilm (default), tfidf, or a sentence-transformers model")
    archive.add_argument("--no-previous", action="store_true", help="do not mark stories new or continuing")
    archive.add_argument("--quiet", "-q", action="store_true", help="no progress or summary on stderr")


def run_archive(args: argparse.Namespace, report: Any, *, failed_code: int) -> int:
    """Run the command; ``report`` prints progress lines and has ``warn``. A failed period gives ``failed_code``."""
    from summarize.archive.run import archive

    result = archive(
        args.inputs, args.out, period=args.period, engine=args.engine, address=args.address, workers=args.workers,
        previous=not args.no_previous, top=args.top, max_words=args.max_words, embedder=args.embedder,
        bars=not args.quiet and sys.stderr.isatty(),
    )
    for problem in result.problems:
        report.warn(f"skipped {problem}")
    for key, error in sorted(result.failed.items()):
        report.warn(f"period {key} not written: {error}")
    report(result.summary())
    return failed_code if result.failed else 0
