"""The ``summarize`` command.

``summarize brief PATHS...`` prints or writes one brief. Mistakes in the input
give one line on stderr and a non-zero exit code (1 for bad input, 2 for bad
usage), never a traceback; problems in some files are listed as warnings while
the rest is summarised when ``--skip-bad`` is given.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from summarize._version import __version__
from summarize.cli_archive import add_archive_parser, run_archive
from summarize.errors import EmptyInputError, InputError, OutputError, SummarizeError, UsageError, printable
from summarize.io.files import DEFAULT_MAX_ARTICLES, DEFAULT_MAX_FILE_BYTES
from summarize.render.output import write_atomically, write_output

if TYPE_CHECKING:
    from summarize.embed import Embedder
    from summarize.stories.config import DailyConfig

__all__ = ["main", "run", "build_parser", "write_atomically", "write_output"]

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

FORMATS = ["md", "text", "json", "html"]
# An output file's suffix names its format when --format is not given.
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".txt": "text", ".text": "text", ".json": "json",
                   ".html": "html", ".htm": "html"}


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
        "--format", "-f", choices=FORMATS, default=None, help="output format (default: from --output's suffix, else md)"
    )
    brief.add_argument("--output", "-o", type=Path, default=None, help="write to this file instead of stdout ('-': stdout)")
    brief.add_argument("--title", default=None, help="the HTML page's title (default: the first source's headline)")
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
    brief.add_argument("--allow-download", action="store_true",
                       help="let --embedder/--model fetch a model from the Hugging Face hub (off: local folders and cache only)")
    brief.add_argument("--follow-symlinks", action="store_true",
                       help="read links in input folders that point outside them (skipped with a warning by default)")
    brief.add_argument(
        "--abstractive",
        metavar="MODEL",
        default=None,
        help="fuse each fact with a transformers model (hub name or local folder, see models/README.md); sentences that fail the evidence check stay extractive",
    )
    brief.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="auto", help="device for --abstractive")
    brief.add_argument("--keep-stale", action="store_true",
                       help="keep articles dated far from the rest or about another event (left out by default)")
    brief.add_argument("--keep-weekdays", action="store_true",
                       help="keep relative days ('on Tuesday') in sentences (dropped by default where safe; see summarize/trim.py)")
    _add_daily_parser(commands)
    _add_models_parser(commands)
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
    daily.add_argument("--format", "-f", choices=FORMATS, default=None,
                       help="output format (default: from --output's suffix, else the feeds.toml's, else md)")
    daily.add_argument("--output", "-o", type=Path, default=None,
                       help="write to this file ('-': stdout; default: the feeds.toml's output folder, else stdout)")
    daily.add_argument("--embedder", default=None, help="minilm (default), tfidf, or a sentence-transformers model")
    daily.add_argument("--model", default=None, help="sentence-transformers model name or folder")
    daily.add_argument("--previous", type=Path, default=None, help="the previous day's brief (JSON) to mark new stories")
    daily.add_argument("--keep-weekdays", action="store_true", help="keep relative days ('on Tuesday') in sentences")
    daily.add_argument("--skip-bad", action="store_true",
                       help="skip unreadable files and JSON lines, with a warning (failing feed URLs are always skipped)")
    daily.add_argument("--keep-stale", action="store_true",
                       help="keep articles dated far from the rest of a story or about another event")
    daily.add_argument("--allow-download", action="store_true",
                       help="let --embedder/--model fetch a model from the Hugging Face hub (off: local folders and cache only)")
    daily.add_argument("--allow-private", action="append", default=[], metavar="HOST",
                       help="a host or network (10.0.0.0/8) on a private or loopback address that may be fetched; "
                       "repeat for more (feeds.toml: allow_private in [fetch])")
    daily.add_argument("--quiet", "-q", action="store_true", help="no progress or warnings on stderr")


def _add_models_parser(commands: argparse._SubParsersAction) -> None:
    models = commands.add_parser(
        "models",
        help="prepare the embedding model ahead of time",
        description="Manage the models summarize runs locally.",
    )
    actions = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    prepare = actions.add_parser(
        "prepare",
        help="export the ONNX embedding model now and print where it is",
        description="Export the sentence embedder to ONNX (int8) into the cache now, so that the first brief "
        "does not wait for it (15-30 s, once per model and onnxruntime version); print the file's path.",
    )
    prepare.add_argument("--model", default=None, metavar="NAME_OR_FOLDER",
                         help="minilm (default: the packaged all-MiniLM-L6-v2) or a local sentence-transformers folder")
    prepare.add_argument("--quiet", "-q", action="store_true", help="no progress bar on stderr")


def _run_models(args: argparse.Namespace) -> int:
    """``summarize models prepare``: export (or find) the ONNX model; its path on stdout."""
    from summarize.embed.onnx import prepare_model

    start = time.perf_counter()
    path = prepare_model(args.model, progress=False if args.quiet else None)
    if not args.quiet:
        print(f"[{time.perf_counter() - start:5.1f}s] ONNX model ready (cached; later runs reuse it)", file=sys.stderr)
    print(path)
    return 0


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


def _standard_output(output: Path | None) -> bool:
    """Whether ``--output`` means stdout: not given, or ``-`` (the usual Unix spelling)."""
    return output is None or str(output) == "-"


def _output_format(given: str | None, output: Path | None) -> str | None:
    """``--format``, else the one ``--output``'s suffix names; a contradiction is a usage error."""
    if output is None or _standard_output(output):
        return given
    named = _SUFFIX_FORMATS.get(output.suffix.lower())
    if given and named and given != named:
        raise UsageError(
            f"--format {given} contradicts --output {output} (a .{output.suffix.lower().lstrip('.')} file is {named}); "
            "drop one of them or make them agree"
        )
    return given or named


def _check_output(output: Path) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    if output.is_dir():
        raise OutputError(f"--output {output} is a folder; give a file name")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"--output {output}: the folder {folder} does not exist; create it first")


def _write_output(output: Path, text: str) -> None:
    try:
        write_output(output, text)
    except OSError as error:
        raise OutputError(f"cannot write --output {output}: {error.strerror or error}") from None


class _Reporter:
    """Progress and warnings on stderr, with elapsed time, unless quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.start:5.1f}s] {printable(message)}", file=sys.stderr, flush=True)

    def warn(self, message: str) -> None:
        if not self.quiet:
            print(f"summarize: warning: {printable(message)}", file=sys.stderr, flush=True)


def _run_brief(args: argparse.Namespace) -> int:
    from summarize.embed.resolve import resolve_embedder
    from summarize.io.files import read_documents
    from summarize.pipeline import Summarizer
    from summarize.render.brief import render

    report = _Reporter(args.quiet)
    fmt = _output_format(args.format, args.output) or "md"
    output = None if _standard_output(args.output) else args.output
    if output is not None:
        _check_output(output)
    result = read_documents(
        args.paths, max_articles=args.max_articles, max_file_bytes=int(args.max_file_mb * 1e6),
        follow_symlinks=args.follow_symlinks,
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
        embedder=resolve_embedder(args.embedder, model=args.model, allow_download=args.allow_download),
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
    text = render(brief, fmt, title=args.title)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        _write_output(output, text)
        report(f"wrote {output}")
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
    fmt = _output_format(args.format, args.output)
    to_stdout = str(args.output) == "-"
    if args.output is not None and not to_stdout:
        _check_output(args.output)
    if args.allow_private:
        config = _with_allowed_hosts(config, args.allow_private)
    brief = build_daily(
        [s for s in args.sources if s not in configs],
        config=config,
        date=args.date,
        top=args.top,
        max_words=args.max_words,
        embedder=_daily_embedder(args, config),
        previous=args.previous,
        progress=report,
        bars=not args.quiet and sys.stderr.isatty(),
        trim_weekdays=not args.keep_weekdays,
        skip_bad=args.skip_bad,
        exclude_stale=not args.keep_stale,
    )
    for problem in brief.problems:
        report.warn(f"skipped {problem}")
    for warning in brief.warnings:
        report.warn(warning)
    fmt = fmt or (config.format if config and config.format else "") or ("html" if config and config.output else "md")
    target = None if to_stdout else args.output or output_path(config, brief, fmt)
    text = render_daily(brief, fmt)
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        if args.output is None:  # the feeds.toml's output folder is made on first use
            target.parent.mkdir(parents=True, exist_ok=True)
        _write_output(target, text)
        report(f"wrote {target}")
    return 0


# summarize archive: its options and run live in summarize/cli_archive.py.
def _add_archive_parser(commands: argparse._SubParsersAction) -> None:
    add_archive_parser(commands, positive_int=_positive_int)


def _run_archive(args: argparse.Namespace) -> int:
    return run_archive(args, _Reporter(args.quiet), failed_code=EXIT_INPUT)


def _daily_embedder(args: argparse.Namespace, config: DailyConfig | None) -> Embedder | None:
    """The embedder of --embedder/--model (else feeds.toml's), resolved here so --allow-download applies."""
    from summarize.embed.resolve import resolve_embedder

    embedder = args.embedder or (config.embedder if config else None)
    model = args.model or (config.model if config else None)
    if embedder is None and model is None:
        return None
    return resolve_embedder(embedder, model=model, allow_download=args.allow_download)


def _with_allowed_hosts(config: DailyConfig | None, hosts: Sequence[str]) -> DailyConfig:
    """``config`` (or an empty one) whose fetch settings also allow ``hosts`` (--allow-private)."""
    from dataclasses import replace

    from summarize.stories.config import DailyConfig

    config = config or DailyConfig(feeds=())
    fetch = replace(config.fetch, allow_private=(*config.fetch.allow_private, *hosts))
    return replace(config, fetch=fetch)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "models":
            return _run_models(args)
        if args.command == "archive":
            return _run_archive(args)
        return _run_daily(args) if args.command == "daily" else _run_brief(args)
    except UsageError as error:
        print(f"summarize: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SummarizeError as error:
        print(f"summarize: error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except MemoryError:
        print("summarize: error: [E103] ran out of memory; give fewer or shorter articles", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("summarize: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (summarize ... | head): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        message = printable(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
        print(f"summarize: error: {message}", file=sys.stderr)
        return EXIT_INPUT


def run() -> None:
    """The ``summarize`` command: :func:`main` as a process of its own, which then exits with its code."""
    # The imports' objects live until exit: frozen, the cyclic collector stops walking them in every full
    # collection and at exit (0.07 s of a 0.8 s cold brief). Not in main(): a caller's objects would stay forever.
    gc.freeze()
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
