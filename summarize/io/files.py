"""Load articles from files, folders and JSON.

A file that cannot be understood is reported with its path (and line, for
JSON Lines), never silently skipped. ``on_error="skip"`` keeps the good
articles and returns the problems instead of raising.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from summarize.document import Document
from summarize.errors import ConfigError, EmptyInputError, InputError
from summarize.io.feeds import documents_from_bytes
from summarize.io.fetch import DEFAULT_MAX_ENTRIES_PER_FEED
from summarize.io.limits import article_files, looks_like_a_brief, read_capped
from summarize.io.records import IngestProblem, IngestResult, document_from_mapping, parse_json, unique_ids

__all__ = ["DEFAULT_MAX_ARTICLES", "DEFAULT_MAX_FILE_BYTES", "FEED_AND_PAGE_SUFFIXES", "HEADER_KEYS", "SUPPORTED_SUFFIXES", "load_documents", "read_documents"]

# Feeds and web pages: parsed by summarize.io.feeds (feedparser, trafilatura).
FEED_AND_PAGE_SUFFIXES = (".html", ".htm", ".xml", ".rss", ".atom")
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".ndjson", *FEED_AND_PAGE_SUFFIXES)
HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "date": "published",
    "published": "published",
    "url": "url",
    "link": "url",
    "author": "author",
    "byline": "author",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z_ -]{0,20}?)\s*:\s*(.*?)\s*$")

def _parse_text_file(text: str, *, doc_id: str, path: str, clean: bool) -> tuple[Document, list[str]]:
    """A .txt/.md article: optional ``key: value`` header lines, a blank line, the body.

    Markdown front matter (``---`` fenced) and a leading ``# Title`` are
    understood too. Header parsing stops at the first line that is not a known
    key, so body text such as "Update: ..." is never eaten.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields: dict[str, str] = {}
    body_start = 0
    fenced = bool(lines) and lines[0].strip() == "---"
    i = 1 if fenced else 0
    while i < len(lines):
        line = lines[i]
        if fenced and line.strip() == "---":
            body_start = i + 1
            break
        match = _HEADER_LINE.match(line)
        key = match and HEADER_KEYS.get(match.group(1).strip().lower())
        if not key or match is None:
            if not fenced:
                body_start = i if fields else 0
            break
        fields.setdefault(key, match.group(2).strip().strip("\"'"))
        i += 1
    else:
        body_start = len(lines)
    if fields and not fenced and body_start < len(lines) and lines[body_start].strip():
        # A header must be followed by a blank line; otherwise it was prose.
        if len(fields) == 1:
            fields, body_start = {}, 0
    body_lines = lines[body_start:]
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
    if body_lines and re.match(r"^#\s+\S", body_lines[0]) and "title" not in fields:
        fields["title"] = body_lines.pop(0).lstrip("#").strip()
    record: dict[str, Any] = {"id": doc_id, "text": "\n".join(body_lines), **fields}
    author = record.pop("author", None)
    if author:
        record["author"] = author
    return document_from_mapping(record, default_id=doc_id, path=path, clean=clean)


def _decode(data: bytes, path: str, warnings: list[str]) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("looks like a binary file, not text; give a .txt, .md, .json or .jsonl article")
    for encoding in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    warnings.append(f"{path}: not valid UTF-8; read it as Windows-1252/Latin-1")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _records_from_json(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        for key in ("documents", "articles", "items", "entries"):
            if isinstance(value.get(key), list):
                return value[key]
        return [value]
    raise InputError("JSON must be an article object, a list of them, or an object with a 'documents' list")


def _read_file(
    path: Path, *, clean: bool, max_bytes: int | None, max_feed_entries: int | None = DEFAULT_MAX_ENTRIES_PER_FEED
) -> IngestResult:
    result = IngestResult()
    shown = str(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                f"{size / 1e6:.1f} MB is over the limit of {max_bytes / 1e6:.1f} MB per file; "
                "raise max_file_bytes to read it"
            )
        data = read_capped(path, max_bytes)
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror or error})") from None
    found = unsupported_format(path, data[:16])
    if found is not None:
        raise InputError(_unsupported_message(found))
    if looks_like_a_brief(data, path.suffix.lower()):
        result.warnings.append(f"{shown}: a brief written by summarize, not an article; skipped")
        return result
    if path.suffix.lower() in FEED_AND_PAGE_SUFFIXES:
        # Markup declares its own encoding, so feeds.py gets the bytes.
        documents, warnings = documents_from_bytes(data, origin=shown, clean=clean, max_entries=max_feed_entries)
        result.documents.extend(documents)
        result.warnings.extend(f"{shown}: {w}" for w in warnings)
        return _without_empty(result, shown)
    text = _decode(data, shown, result.warnings)
    if not text.strip():
        raise EmptyInputError("file is empty")
    suffix = path.suffix.lower()
    stem = path.stem
    if suffix == ".json":
        try:
            value = parse_json(text)
        except json.JSONDecodeError as error:
            result.problems.append(IngestProblem(shown, f"invalid JSON ({error.msg})", error.lineno))
            return result
        try:
            records = _records_from_json(value)
        except InputError as error:
            result.problems.append(IngestProblem(shown, error.args[0]))
            return result
        for n, record in enumerate(records, start=1):
            _add_record(result, record, default_id=f"{stem}-{n}" if len(records) > 1 else stem,
                        path=shown, line=None, item=n, clean=clean)
    elif suffix in (".jsonl", ".ndjson"):
        for line_no, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = parse_json(line)
            except json.JSONDecodeError as error:
                result.problems.append(IngestProblem(shown, f"invalid JSON ({error.msg})", line_no))
                continue
            _add_record(result, record, default_id=f"{stem}-{line_no}", path=shown, line=line_no,
                        item=None, clean=clean)
    else:
        document, warnings = _parse_text_file(text, doc_id=stem, path=shown, clean=clean)
        result.documents.append(document)
        result.warnings.extend(f"{shown}: {w}" for w in warnings)
    return _without_empty(result, shown)


def _without_empty(result: IngestResult, shown: str) -> IngestResult:
    """Articles left with no text (control characters, boilerplate only) become problems, not empty documents."""
    kept = []
    for document in result.documents:
        if document.text.strip():
            kept.append(document)
        else:
            result.problems.append(IngestProblem(
                shown, f"{document.id}: no article text left (only whitespace, control characters or boilerplate)"
            ))
    result.documents = kept
    return result


def _add_record(
    result: IngestResult, record: Any, *, default_id: str, path: str, line: int | None, item: int | None, clean: bool
) -> None:
    where = f"item {item}: " if item is not None else ""
    if not isinstance(record, Mapping):
        result.problems.append(IngestProblem(path, f"{where}expected a JSON object, got {type(record).__name__}", line))
        return
    try:
        document, warnings = document_from_mapping(record, default_id=default_id, path=path, clean=clean)
    except InputError as error:
        result.problems.append(IngestProblem(path, f"{where}{error.args[0]}", line))
        return
    result.documents.append(document)
    result.warnings.extend(f"{path}{':' + str(line) if line else ''}: {w}" for w in warnings)


# Document formats that are not text: recognised by their first bytes (a
# named file) or their suffix (a file met in a folder), and refused with a
# message saying what to do instead of being read as text or passed over.
_MAGIC_FORMATS = (
    (b"%PDF-", "PDF"),
    (b"{\\rtf", "RTF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls/.ppt)"),
)
_ZIP_FORMATS = {".docx": "Word (.docx)", ".odt": "OpenDocument (.odt)", ".epub": "EPUB", ".pages": "Apple Pages",
                ".xlsx": "Excel (.xlsx)", ".pptx": "PowerPoint (.pptx)"}
UNSUPPORTED_SUFFIXES = {".pdf": "PDF", ".rtf": "RTF", ".doc": "an old Microsoft Word file (.doc)", **_ZIP_FORMATS}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def unsupported_format(path: Path, head: bytes) -> str | None:
    """The name of a non-text document format that ``head`` (the file's first bytes) starts, else None."""
    for magic, name in _MAGIC_FORMATS:
        if head.startswith(magic):
            return name
    if head.startswith(b"PK\x03\x04"):
        return _ZIP_FORMATS.get(path.suffix.lower(), "a ZIP archive")
    return None


def _unsupported_message(name: str) -> str:
    return f"{name} is not supported: convert it to text (.txt or .md) first"


def _unsupported_files(path: Path) -> Iterator[Path]:
    """Documents under a folder in a format that is not read (PDF, Word, ...), named so that none is passed over silently."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in UNSUPPORTED_SUFFIXES:
                yield Path(root) / name


#: Limits by design: a larger file is reported, not read; more articles stop the read with a clear error.
DEFAULT_MAX_FILE_BYTES = 50_000_000
DEFAULT_MAX_ARTICLES = 10_000


def read_documents(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    clean: bool = True,
    max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES,
    max_articles: int | None = DEFAULT_MAX_ARTICLES,
    max_feed_entries: int | None = DEFAULT_MAX_ENTRIES_PER_FEED,
    follow_symlinks: bool = False,
) -> IngestResult:
    """Read every article under ``paths`` and report problems instead of raising.

    A path that does not exist raises :class:`InputError` at once (a typo is
    never a partial result), and so does an input of more than
    ``max_articles`` articles: a brief of a part would silently leave the rest
    out, so the caller must raise the cap or split the input. Everything else
    that goes wrong in one file or one JSON line becomes an
    :class:`IngestProblem`, so good articles are kept. Files over
    ``max_file_bytes`` are such problems. Document ids are made unique by
    suffixing ``~2``, ``~3`` in input order. A feed file gives at most
    ``max_feed_entries`` articles; links out of a folder are skipped unless
    ``follow_symlinks``; briefs written by summarize are skipped (see
    :mod:`summarize.io.limits`).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    result = IngestResult()
    for given in paths:
        if _URL.match(str(given)):
            raise InputError(
                f"{given} is a URL: `summarize brief` reads files and folders; "
                "use `summarize daily` (a feeds.toml, or the URL) to fetch"
            )
        path = Path(given)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            files = list(article_files(path, SUPPORTED_SUFFIXES, result, follow_symlinks=follow_symlinks))
            for other in _unsupported_files(path):
                result.warnings.append(
                    f"skipped {other}: {_unsupported_message(UNSUPPORTED_SUFFIXES[other.suffix.lower()])}"
                )
            if not files:
                result.problems.append(
                    IngestProblem(str(path), f"folder has no articles (looked for {', '.join(SUPPORTED_SUFFIXES)})")
                )
        else:
            files = [path]
        for file in files:
            if file is not path and not file.is_file():
                # Reading a named pipe found in a folder would wait forever; one given by
                # name (``summarize brief <(curl ...)``) is read.
                result.problems.append(IngestProblem(str(file), "not a regular file (a named pipe, socket or device)"))
                continue
            try:
                part = _read_file(file, clean=clean, max_bytes=max_file_bytes, max_feed_entries=max_feed_entries)
            except InputError as error:
                result.problems.append(IngestProblem(str(file), error.args[0]))
                continue
            result.documents.extend(part.documents)
            result.problems.extend(part.problems)
            result.warnings.extend(part.warnings)
            if max_articles is not None and len(result.documents) > max_articles:
                raise InputError(
                    f"more than {max_articles:,} articles (reached at {file}); raise the limit "
                    "(max_articles, CLI --max-articles) or split the input"
                )
    result.documents = unique_ids(result.documents)
    return result


def load_documents(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    clean: bool = True,
    on_error: Literal["raise", "skip"] = "raise",
    max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES,
    max_articles: int | None = DEFAULT_MAX_ARTICLES,
) -> list[Document]:
    """Load articles from files and folders (.txt, .md, .json, .jsonl).

    With ``on_error="raise"`` (the default) the first unusable file or JSON
    line raises :class:`InputError` naming it; with ``"skip"`` the problems are
    emitted as warnings and the good articles returned. Either way an input
    with no article at all raises :class:`EmptyInputError`.
    """
    if on_error not in ("raise", "skip"):
        raise ConfigError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    result = read_documents(paths, clean=clean, max_file_bytes=max_file_bytes, max_articles=max_articles)
    if result.problems and on_error == "raise":
        first = result.problems[0]
        more = f" (and {len(result.problems) - 1} more problems)" if len(result.problems) > 1 else ""
        error_type = EmptyInputError if "empty" in first.message or "no articles" in first.message else InputError
        raise error_type(f"{first}{more}")
    import warnings

    for message in [*map(str, result.problems), *result.warnings]:
        warnings.warn(message, stacklevel=2)
    if not result.documents:
        raise EmptyInputError("no articles found in the given input")
    return result.documents
