"""Load articles from files, folders and JSON, and strip page boilerplate.

Reading is forgiving about encodings and strict about meaning: a file that
cannot be understood is reported with its path (and line, for JSON Lines),
never silently skipped. ``on_error="skip"`` keeps the good articles and
returns the problems instead of raising.

Boilerplate removal works line by line with named rules, so a user can see
what was removed and why (``Document.metadata["removed"]``); the text as
loaded stays in ``Document.raw_text``.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from summarize.document import Document
from summarize.errors import EmptyInputError, InputError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestProblem",
    "IngestResult",
    "load_documents",
    "read_documents",
    "document_from_mapping",
    "clean_text",
    "parse_date",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".ndjson")
# Feeds and web pages: parsed by summarize.io.feeds (feedparser, trafilatura).
FEED_AND_PAGE_SUFFIXES = (".html", ".htm", ".xml", ".rss", ".atom")
SUPPORTED_SUFFIXES += FEED_AND_PAGE_SUFFIXES
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
_TEXT_KEYS = ("text", "body", "content", "article", "maintext")
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z_ -]{0,20}?)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class IngestProblem:
    """Something in the input that could not be used, with where it is."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass
class IngestResult:
    """Documents that loaded, and the problems met on the way."""

    documents: list[Document] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Boilerplate rules. Each one is a name and a test on a stripped line; the
# names end up in Document.metadata["removed"] so a user can audit them.

_CAPTION = re.compile(
    r"^(?:\(?\s*(?:photo|image|picture|photograph|caption|video|graphic|illustration)s?"
    r"(?:\s+credit)?\s*[:|/-])"
    r"|^(?:credit|image credit|photo credit)\s*:"
    r"|\((?:[^()]*/)?\s*(?:getty images|reuters|ap photo|afp|epa|shutterstock)[^()]*\)\s*$"
    r"|^\[?\s*(?:photo|image)\s*:?\s*\]?$",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|see also|related(?: stories| articles| coverage)?|"
    r"more from|more on this|most read|most popular|most viewed|trending|recommended|"
    r"you may also like|watch|listen|continue reading|top stories)\b\s*[:>»-]?",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?i:by|reporting by|written by|additional reporting by|editing by|edited by)\s+"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|;|and|&|\|)\s*.*)?$",
)
_SHARE = re.compile(
    r"^(?:share (?:this|on|via)|share$|tweet$|email$|print$|follow us|follow @|like us on|"
    r"sign up|subscribe|click here|advertisement$|sponsored|ad$|"
    r"join the conversation|comments?\s*\(\d+\)|"
    r"(?:copyright|©|\(c\))\s|all rights reserved|this article (?:was|has been) (?:updated|amended|corrected)"
    r"|download (?:our|the) app|get (?:our|the) newsletter)",
    re.IGNORECASE,
)
_LIST_HEADINGS = ("read_more",)
_LIST_ITEM_MAX_WORDS = 16

BOILERPLATE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("caption", _CAPTION),
    ("read_more", _READ_MORE),
    ("byline", _BYLINE),
    ("share", _SHARE),
)


_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s*|[*_]{1,3})|[*_]{1,3}$")


def _boilerplate_rule(line: str) -> str | None:
    # Match rules on the words, not on Markdown markup around them.
    line = _MARKUP.sub("", _MARKUP.sub("", line)).strip()
    if not line:
        return None
    for name, pattern in BOILERPLATE_RULES:
        if name == "byline":
            # A byline is short; "By noon the river had risen ..." is a sentence.
            if len(line.split()) <= 12 and not line.rstrip().endswith((".", "!", "?")) and pattern.match(line):
                return name
            continue
        if name == "read_more" and len(line.split()) > 25:
            continue
        if pattern.search(line):
            return name
    return None


def clean_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Remove boilerplate lines from article text.

    Returns the cleaned text and the removed lines as ``(rule, line)`` pairs.
    After a "Most read"/"Related" heading, the short lines that follow it (the
    list of links) are removed too, up to the next blank line or full sentence.
    """
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    in_link_list = False
    items_seen = 0  # a heading may be followed by one blank line before its list
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            in_link_list = in_link_list and items_seen == 0
            kept.append("")
            continue
        rule = _boilerplate_rule(line)
        if rule is None and in_link_list and _looks_like_link_item(line):
            rule = "read_more"
            items_seen += 1
        if rule is None:
            in_link_list = False
            kept.append(raw_line.rstrip())
            continue
        removed.append((rule, line))
        if rule in _LIST_HEADINGS and _is_heading(line):
            in_link_list, items_seen = True, 0
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return cleaned, removed


def _is_heading(line: str) -> bool:
    return len(line.split()) <= 6 and not line.endswith((".", "!", "?"))


def _looks_like_link_item(line: str) -> bool:
    words = line.split()
    return len(words) <= _LIST_ITEM_MAX_WORDS and not re.search(r"[.!?]['\"”’]?$", line) or bool(
        re.match(r"^\s*(?:[-*•]|\d+[.)])\s+", line) and len(words) <= _LIST_ITEM_MAX_WORDS
    )


# --------------------------------------------------------------------------
# Dates


def parse_date(value: Any) -> _dt.datetime | None:
    """Parse a publication date from the forms news data uses.

    Accepts datetimes, dates, ISO 8601 (with ``Z``), RFC 2822 (feeds), and
    "March 11, 2025" / "11 March 2025". Returns ``None`` when it cannot tell;
    the caller reports that. Timezone-aware values are converted to UTC and
    made naive so that all dates compare.
    """
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        parsed = value
    elif isinstance(value, _dt.date):
        parsed = _dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            parsed = _dt.datetime.fromtimestamp(float(value), tz=_dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        parsed = _parse_date_string(value.strip())
        if parsed is None:
            return None
    else:
        return None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        except OverflowError:  # 9999-12-31T23:00-05:00 is past the last datetime in UTC
            return None
    return parsed


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d/%m/%Y", "%B %d %Y")


def _parse_date_string(text: str) -> _dt.datetime | None:
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return _dt.datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return _dt.datetime.combine(_dt.date.fromisoformat(text[:10]), _dt.time())
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(".", ""))
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------
# Building documents


def document_from_mapping(
    record: Mapping[str, Any], *, default_id: str, path: str | None = None, clean: bool = True
) -> tuple[Document, list[str]]:
    """Build a :class:`Document` from a JSON-like record.

    The text comes from the first of ``text``, ``body``, ``content``,
    ``article``, ``maintext``. Unknown keys are kept in ``metadata``. Returns
    the document and warnings (an unparseable date, say).
    """
    text_value = next((record[k] for k in _TEXT_KEYS if k in record and record[k] is not None), None)
    if text_value is None:
        raise InputError(f"no article text: expected one of the keys {', '.join(_TEXT_KEYS)}")
    if not isinstance(text_value, str):
        raise InputError(f"article text must be a string, got {type(text_value).__name__}")
    warnings: list[str] = []
    raw_date = next((record[k] for k in ("published", "date", "published_at", "pubDate") if record.get(k)), None)
    published = parse_date(raw_date)
    if raw_date is not None and published is None:
        warnings.append(f"could not parse date {str(raw_date)[:60]!r}; treating it as unknown")
    known = {"id", "title", "source", "url", "published", "date", "published_at", "pubDate", *_TEXT_KEYS}
    metadata = {k: v for k, v in record.items() if k not in known}
    doc_id = _str_or_none(record.get("id")) or default_id
    source = record.get("source")
    if isinstance(source, Mapping):  # {"source": {"name": ...}} as some news APIs give
        source = source.get("name") or source.get("title")
    return (
        _make_document(
            doc_id=doc_id,
            raw_text=text_value,
            title=_str_or_none(record.get("title")),
            source=_str_or_none(source),
            url=_str_or_none(record.get("url") or record.get("link")),
            published=published,
            path=path,
            metadata=metadata,
            clean=clean,
        ),
        warnings,
    )


def _str_or_none(value: Any) -> str | None:
    """A metadata field (id, title, outlet, URL) as one line without control characters, or None.

    These fields are printed on one line of a brief, often to a terminal: a
    newline in a title would start a new Markdown block, and an ESC would
    start a terminal escape sequence.
    """
    if value is None:
        return None
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text or None


def _make_document(
    *,
    doc_id: str,
    raw_text: str,
    title: str | None,
    source: str | None,
    url: str | None,
    published: _dt.datetime | None,
    path: str | None,
    metadata: dict[str, Any],
    clean: bool,
) -> Document:
    raw_text = _normalise_text(raw_text)
    if clean:
        text, removed = clean_text(raw_text)
        metadata = {**metadata, "removed": removed}
    else:
        text = raw_text.strip()
    return Document(
        id=doc_id,
        text=text,
        title=title,
        source=source,
        url=url,
        published=published,
        raw_text=raw_text,
        path=path,
        metadata=metadata,
    )


# C0 controls but tab and line ends, DEL, and the C1 controls (U+0080-U+009F: a
# Latin-1 read can give them, and U+009B is a terminal's CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _normalise_text(text: str) -> str:
    """Normalise line ends and drop control characters that break rendering (or drive terminals)."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " "))


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
        if not key:
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


def _read_file(path: Path, *, clean: bool, max_bytes: int | None) -> IngestResult:
    result = IngestResult()
    shown = str(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                f"{size / 1e6:.1f} MB is over the limit of {max_bytes / 1e6:.1f} MB per file; "
                "raise max_file_bytes to read it"
            )
        data = path.read_bytes()
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror or error})") from None
    if path.suffix.lower() in FEED_AND_PAGE_SUFFIXES:
        # Markup declares its own encoding, so feeds.py gets the bytes.
        from summarize.io.feeds import documents_from_bytes

        documents, warnings = documents_from_bytes(data, origin=shown, clean=clean)
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
            value = json.loads(text)
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
                record = json.loads(line)
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


def _iter_files(path: Path) -> Iterator[Path]:
    """Supported files under a folder, in a stable (sorted) order, hidden ones skipped."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUPPORTED_SUFFIXES) and name != "README.md":
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
) -> IngestResult:
    """Read every article under ``paths`` and report problems instead of raising.

    A path that does not exist raises :class:`InputError` at once (a typo is
    never a partial result), and so does an input of more than
    ``max_articles`` articles: a brief of a part would silently leave the rest
    out, so the caller must raise the cap or split the input. Everything else
    that goes wrong in one file or one JSON line becomes an
    :class:`IngestProblem`, so good articles are kept. Files over
    ``max_file_bytes`` are such problems. Document ids are made unique by
    suffixing ``~2``, ``~3`` in input order.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    result = IngestResult()
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            files = list(_iter_files(path))
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
                part = _read_file(file, clean=clean, max_bytes=max_file_bytes)
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
    result.documents = _unique_ids(result.documents)
    return result


def _unique_ids(documents: list[Document]) -> list[Document]:
    from dataclasses import replace

    seen: dict[str, int] = {}
    out = []
    for document in documents:
        count = seen.get(document.id, 0) + 1
        seen[document.id] = count
        out.append(document if count == 1 else replace(document, id=f"{document.id}~{count}"))
    return out


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
        raise ValueError("on_error must be 'raise' or 'skip'")
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
