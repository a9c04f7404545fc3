"""From one record (a JSON object, a file's header lines) to a Document: fields, dates, ids.

Reading is forgiving about encodings and strict about meaning: a record that
cannot be understood is an :class:`IngestProblem` naming where it came from.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from summarize.document import Document
from summarize.errors import InputError
from summarize.io.clean import _CONTROL, _INVISIBLE, clean_text, normalise_text, parse_dateline
from summarize.timestamps import parse_date

__all__ = [
    "MAX_FIELD_CHARS",
    "IngestProblem",
    "IngestResult",
    "document_from_mapping",
    "make_document",
    "parse_date",
    "parse_json",
    "unique_ids",
    "web_url",
]

# Longest id, title or outlet kept (characters); longer ones are cut with "…".
# A 5 MB title made a 32 MB HTML page (issue 17 Low).
MAX_FIELD_CHARS = 1_000
MAX_URL_CHARS = 4_000


def parse_json(text: str) -> Any:
    """``json.loads``, with nesting too deep for Python reported as invalid JSON like any other.

    ``'[' * 100_000`` makes the parser raise ``RecursionError``, which would
    otherwise escape every ``except JSONDecodeError`` (issue 17 M5).
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address (or has no scheme); None for ``javascript:``, ``data:``, ``file:``..."""
    if url is None:
        return None
    scheme = re.match(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):", url)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return None
    return url if len(url) <= MAX_URL_CHARS else None
_TEXT_KEYS = ("text", "body", "content", "article", "maintext")


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
# Dates


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
    metadata = {
        k: (_str_or_none(v) if isinstance(v, str) and len(v) > MAX_FIELD_CHARS else v)
        for k, v in record.items()
        if k not in known
    }
    given_url = _str_or_none(record.get("url") or record.get("link"))
    if given_url is not None and web_url(given_url) is None:
        warnings.append(f"url {given_url[:60]!r} is not an http(s) address; left out")
    doc_id = _str_or_none(record.get("id")) or default_id
    source = record.get("source")
    if isinstance(source, Mapping):  # {"source": {"name": ...}} as some news APIs give
        source = source.get("name") or source.get("title")
    return (
        make_document(
            doc_id=doc_id,
            raw_text=text_value,
            title=_str_or_none(record.get("title")),
            source=_str_or_none(source),
            url=given_url,
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
    text = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", str(value)[: 4 * MAX_FIELD_CHARS])).split())
    if len(text) > MAX_FIELD_CHARS:
        text = text[: MAX_FIELD_CHARS - 1].rstrip() + "…"
    return text or None


def make_document(
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
    raw_text = normalise_text(raw_text)
    if clean:
        text, removed = clean_text(raw_text)
        metadata = {**metadata, "removed": removed}
        dateline = next((parse_dateline(written) for rule, written in removed if rule == "dateline"), None)
        if dateline:  # where (and sometimes when) the story was filed, for dating an undated article
            metadata["dateline"] = dateline
    else:
        text = raw_text.strip()
    return Document(
        id=doc_id,
        text=text,
        title=title,
        source=source,
        url=web_url(url),
        published=published,
        raw_text=raw_text,
        path=path,
        metadata=metadata,
    )


def unique_ids(documents: list[Document]) -> list[Document]:
    from dataclasses import replace

    seen: dict[str, int] = {}
    out = []
    for document in documents:
        count = seen.get(document.id, 0) + 1
        seen[document.id] = count
        out.append(document if count == 1 else replace(document, id=f"{document.id}~{count}"))
    return out
