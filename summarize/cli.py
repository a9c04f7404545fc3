"""The ``summarize`` command.

``summarize brief PATHS...`` prints or writes one brief. Mistakes in the input
give one line on stderr and a non-zero exit code (1 for bad input, 2 for bad
usage), never a traceback; problems in some files are listed as warnings while
the rest is summarised when ``--skip-bad`` is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from summarize._version import __version__
from summarize.errors import EmptyInputError, InputError, SummarizeError
from summarize.io.files import DEFAULT_MAX_ARTICLES, DEFAULT_MAX_FILE_BYTES

__all__ = ["main", "build_parser", "write_atomically"]

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize",
        description="Deduplicated, cited briefs from many overlapping news articles.",
    )
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    brief = commands.add_parser(
        "brief",
        help="summarise one set of articles about the same events",
        description="Summarise articles (files, folders, .txt/.md/.json/.jsonl) into one cited brief.",
    )
    brief.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    brief.add_argument("--max-words", type=_positive_int, default=120, help="word budget (default: 120)")
    brief.add_argument("--max-sentences", type=_positive_int, default=None, help="sentence limit")
    brief.add_argument(
        "--format", "-f", choices=["md", "text", "json", "html"], default="md", help="output format (default: md)"
    )
    brief.add_argument("--output", "-o", type=Path, default=None, help="write to this file instead of stdout")
    brief.add_argument(
        "--embedder", default="minilm", help="minilm (default), tfidf, or a sentence-transformers model name/folder"
    )
    brief.add_argument("--model", default=None, help="sentence-transformers model name or folder for --embedder minilm")
    brief.add_argument("--order", choices=["chronological", "score"], default="chronological")
    brief.add_argument("--skip-bad", action="store_true", help="skip unreadable files and JSON lines, with a warning")
    brief.add_argument("--max-articles", type=_positive_int, default=DEFAULT_MAX_ARTICLES,
                       help=f"stop with an error above this many articles (default: {DEFAULT_MAX_ARTICLES:,})")
    brief.add_argument("--max-file-mb", type=_positive_float, default=DEFAULT_MAX_FILE_BYTES / 1e6,
                       help=f"larger files are reported as unusable, skipped with --skip-bad (default: {DEFAULT_MAX_FILE_BYTES / 1e6:g} MB)")
    brief.add_argument("--quiet", "-q", action="store_true", help="no progress or warnings on stderr")
    brief.add_argument(
        "--abstractive",
        metavar="MODEL",
        default=None,
        help="fuse each fact with a transformers model (hub name or local folder, see models/README.md); sentences that fail the evidence check stay extractive",
    )
    brief.add_argument(
        "--device", choices=["auto", "cpu", "cuda", "mps"], default="auto", help="device for --abstractive"
    )
    brief.add_argument(
        "--keep-stale",
        action="store_true",
        help="keep articles dated far from the rest or about another event (left out by default)",
    )
    brief.add_argument(
        "--keep-weekdays",
        action="store_true",
        help="keep relative days ('on Tuesday') in sentences (dropped by default where safe; see summarize/trim.py)",
    )
    _add_daily_parser(commands)
    _add_archive_parser(commands)
    return parser


def _add_daily_parser(commands: argparse._SubParsersAction) -> None:
    daily = commands.add_parser(
        "daily",
        help="a ranked, cited brief of a day's stories from feeds, pages and folders",
        description="Group a day of articles (a feeds.toml, RSS/Atom/HTML files or URLs, folders, JSONL) "
        "into stories and write one cited brief per story.",
    )
    daily.add_argument("sources", nargs="+", metavar="SOURCE", help="feeds.toml, feed/page URLs, files or folders")
    daily.add_argument("--date", default=None, help="keep the articles of this day, e.g. 2024-05-04 (UTC)")
    daily.add_argument("--top", type=_positive_int, default=None, help="stories to summarise (default: 10)")
    daily.add_argument("--max-words", type=_positive_int, default=None, help="word budget per story (default: 80)")
    daily.add_argument("--format", "-f", choices=["html", "md", "json"], default=None,
                       help="output format (default: from --output's suffix, else md)")
    daily.add_argument("--output", "-o", type=Path, default=None, help="write to this file instead of stdout")
    daily.add_argument("--embedder", default=None, help="minilm (default), tfidf, or a sentence-transformers model")
    daily.add_argument("--model", default=None, help="sentence-transformers model name or folder")
    daily.add_argument("--previous", type=Path, default=None, help="the previous day's brief (JSON) to mark new stories")
    daily.add_argument("--keep-weekdays", action="store_true", help="keep relative days ('on Tuesday') in sentences")
    daily.add_argument("--quiet", "-q", action="store_true", help="no progress or warnings on stderr")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` is either the old file or the whole new one.

    The new file gets the old file's permissions, or, for a new file, the
    usual ones under the umask (``mkstemp`` alone would make it private).
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Reporter:
    """Progress and warnings on stderr, with elapsed time, unless quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.start:5.1f}s] {message}", file=sys.stderr, flush=True)

    def warn(self, message: str) -> None:
        if not self.quiet:
            print(f"summarize: warning: {message}", file=sys.stderr, flush=True)


def _run_brief(args: argparse.Namespace) -> int:
    from summarize.io.files import read_documents
    from summarize.pipeline import Summarizer
    from summarize.render.brief import render

    report = _Reporter(args.quiet)
    if args.output is not None and args.output.is_dir():
        raise InputError(f"--output {args.output} is a folder; give a file name")
    result = read_documents(
        args.paths, max_articles=args.max_articles, max_file_bytes=int(args.max_file_mb * 1e6)
    )
    if result.problems and not args.skip_bad:
        first = result.problems[0]
        more = f" (and {len(result.problems) - 1} more; --skip-bad skips them)" if len(result.problems) > 1 else ""
        raise InputError(f"{first}{more}")
    for problem in result.problems:
        report.warn(f"skipped {problem}")
    for warning in result.warnings:
        report.warn(warning)
    if not result.documents:
        raise EmptyInputError("no articles found in the given paths")
    report(f"read {len(result.documents)} articles")
    summarizer = Summarizer(
        embedder=args.embedder,
        model=args.model,
        max_words=args.max_words,
        max_sentences=args.max_sentences,
        order=args.order,
        progress=report,
        generator=args.abstractive,
        generator_options={"device": args.device} if args.abstractive else None,
        exclude_stale=not args.keep_stale,
        trim_weekdays=not args.keep_weekdays,
    )
    brief = summarizer.summarize(result.documents)
    for warning in brief.warnings:
        report.warn(warning)
    output = render(brief, args.format)
    if args.output is None:
        sys.stdout.write(output)
        sys.stdout.flush()
    else:
        write_atomically(args.output, output)
        report(f"wrote {args.output}")
    return 0


def _run_daily(args: argparse.Namespace) -> int:
    from summarize.stories.config import load_config
    from summarize.stories.daily import build_daily, output_path
    from summarize.stories.render import render_daily

    report = _Reporter(args.quiet)
    configs = [s for s in args.sources if s.lower().endswith(".toml")]
    if len(configs) > 1:
        raise InputError("give at most one feeds.toml")
    config = load_config(configs[0]) if configs else None
    if args.output is not None and args.output.is_dir():
        raise InputError(f"--output {args.output} is a folder; give a file name")
    brief = build_daily(
        [s for s in args.sources if s not in configs],
        config=config,
        date=args.date,
        top=args.top,
        max_words=args.max_words,
        embedder=args.embedder,
        model=args.model,
        previous=args.previous,
        progress=report,
        bars=not args.quiet and sys.stderr.isatty(),
        trim_weekdays=not args.keep_weekdays,
    )
    for problem in brief.problems:
        report.warn(f"skipped {problem}")
    for warning in brief.warnings:
        report.warn(warning)
    suffix = args.output.suffix.lower().lstrip(".") if args.output is not None else ""
    fmt = args.format or {"htm": "html", "markdown": "md"}.get(suffix, suffix if suffix in ("html", "md", "json") else "")
    fmt = fmt or (config.format if config and config.format else "") or ("html" if config and config.output else "md")
    target = args.output or output_path(config, brief, fmt)
    output = render_daily(brief, fmt)
    if target is None:
        sys.stdout.write(output)
        sys.stdout.flush()
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, output)
        report(f"wrote {target}")
    return 0


# --- summarize archive ------------------------------------------------------------------------------------------


def _add_archive_parser(commands: argparse._SubParsersAction) -> None:
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
    archive.add_argument("--workers", type=_positive_int, default=None, help="Ray workers at once (default: CPUs)")
    archive.add_argument("--top", type=_positive_int, default=10, help="stories per brief (default: 10)")
    archive.add_argument("--max-words", type=_positive_int, default=80, help="word budget per story (default: 80)")
    archive.add_argument("--embedder", default=None, help="minilm (default), tfidf, or a sentence-transformers model")
    archive.add_argument("--no-previous", action="store_true", help="do not mark stories new or continuing")
    archive.add_argument("--quiet", "-q", action="store_true", help="no progress or summary on stderr")


def _run_archive(args: argparse.Namespace) -> int:
    from summarize.archive.run import archive

    report = _Reporter(args.quiet)
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
    return EXIT_INPUT if result.failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return {"daily": _run_daily, "archive": _run_archive}.get(args.command, _run_brief)(args)
    except SummarizeError as error:
        print(f"summarize: error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("summarize: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (summarize ... | head): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"summarize: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
