"""Turn RSS/Atom feeds and HTML article pages into Documents.

Feeds are parsed with feedparser and pages with trafilatura (main text,
title, site name, date); both become :class:`~summarize.document.Document`
records like any other input. Nothing here touches the network.
"""

from __future__ import annotations

import datetime as _dt
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from summarize.document import Document
from summarize.errors import EmptyInputError, InputError
from summarize.io.fetch import DEFAULT_MAX_ENTRIES_PER_FEED, is_url
from summarize.io.records import document_from_mapping, parse_date

if TYPE_CHECKING:
    pass

__all__ = ["FEED_SUFFIXES", "PAGE_SUFFIXES", "documents_from_bytes", "html_to_text", "parse_feed", "parse_page"]

FEED_SUFFIXES = (".rss", ".atom", ".xml")
PAGE_SUFFIXES = (".html", ".htm")
_MIN_PAGE_WORDS = 15  # less is a menu or an error page, not an article


# --------------------------------------------------------------------------
# HTML fragments to text (feed entries carry HTML in their content)

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "tr", "table", "section", "article", "header", "footer", "pre", "hr", "figure", "figcaption", "dd", "dt",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "head"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block elements become paragraphs, scripts and styles vanish.

    Plain text without tags comes back with its whitespace tidied, so feed
    summaries written as text work too.
    """
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    paragraphs = []
    for block in re.split(r"\n\s*\n", "".join(collector.parts)):
        line = " ".join(block.split())
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


# --------------------------------------------------------------------------
# Feeds


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "item"


def _origin_stem(origin: str) -> str:
    """A short readable prefix for document ids: the file stem, or host and last path part of a URL."""
    if is_url(origin):
        parts = urlsplit(origin)
        host = parts.netloc.split("@")[-1].split(":")[0].removeprefix("www.")
        last = parts.path.rstrip("/").rsplit("/", 1)[-1]
        last = re.sub(r"\.(?:rss|atom|xml|html?|php)$", "", last, flags=re.IGNORECASE)
        return _slug(f"{host}-{last}" if last else host)
    return _slug(Path(origin).stem)


def _entry_text(entry: Any) -> str:
    """The longest body an entry offers: full ``content`` (content:encoded) over ``summary``."""
    candidates = [c.get("value", "") for c in entry.get("content", []) or []]
    candidates.append(entry.get("summary", "") or "")
    best = max(candidates, key=len)
    return html_to_text(best)


def _entry_date(entry: Any) -> _dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            # feedparser normalises these to UTC struct_time.
            return _dt.datetime(*value[:6])
    return parse_date(entry.get("published") or entry.get("updated"))


@contextmanager
def _quiet_loggers(*names: str) -> Iterator[None]:
    """Silence a library's warnings for the duration; our own messages report problems."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def parse_feed(
    data: bytes,
    *,
    origin: str,
    source_name: str | None = None,
    clean: bool = True,
    max_entries: int | None = DEFAULT_MAX_ENTRIES_PER_FEED,
) -> tuple[list[Document], list[str]]:
    """Documents from the entries of an RSS or Atom feed, and warnings.

    ``origin`` (the URL or path it came from) names ids and messages. The
    outlet is ``source_name`` when given, else the feed's own title. Entries
    without any text are skipped with a warning; a feed that is not XML at all
    raises :class:`InputError`. A feed with an XML error after some entries
    keeps the entries read so far and says so. Only the first
    ``max_entries`` entries are read (feeds list the newest first), with a
    warning when there are more.
    """
    import feedparser

    # A BytesIO, never a str: feedparser fetches strings that look like URLs
    # and opens strings that name files.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    entries = parsed.get("entries", [])
    if not entries:
        if parsed.get("bozo"):
            reason = _first_line(str(parsed.get("bozo_exception", "")))
            raise InputError(f"not a readable RSS or Atom feed ({reason or 'no XML found'})")
        if not parsed.get("version"):
            raise InputError("no RSS or Atom feed found in this file")
        raise EmptyInputError("the feed has no entries")
    warnings: list[str] = []
    if parsed.get("bozo"):
        reason = _first_line(str(parsed.get("bozo_exception", "")))
        warnings.append(f"the feed is not well-formed ({reason}); kept the {len(entries)} entries that could be read")
    if max_entries is not None and len(entries) > max_entries:
        warnings.append(
            f"the feed has {len(entries):,} entries; read the first {max_entries:,} (max_entries_per_feed)"
        )
        entries = entries[:max_entries]
    outlet = source_name or _first_line(parsed.get("feed", {}).get("title", "")) or None
    stem = _origin_stem(origin)
    documents = []
    for number, entry in enumerate(entries, start=1):
        text = _entry_text(entry)
        title = _first_line(html_to_text(entry.get("title", "") or "")) or None
        if not text:
            warnings.append(f"entry {number} ({title or 'untitled'}) has no text; skipped")
            continue
        record: dict[str, Any] = {
            "id": f"{stem}-{number}",
            "title": title,
            "source": outlet,
            "url": entry.get("link"),
            "published": _entry_date(entry),
            "text": text,
            "feed": origin,
        }
        if entry.get("id"):
            record["guid"] = entry["id"]
        if entry.get("author"):
            record["author"] = entry["author"]
        document, problems = document_from_mapping(record, default_id=record["id"], path=origin, clean=clean)
        documents.append(document)
        warnings.extend(f"entry {number}: {p}" for p in problems)
    if not documents:
        broken = f"; the feed is not well-formed ({_first_line(str(parsed.get('bozo_exception', '')))})"
        raise EmptyInputError(
            f"none of the feed's {len(entries)} entries has any text" + (broken if parsed.get("bozo") else "")
        )
    return documents, warnings


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


# --------------------------------------------------------------------------
# Article pages


def parse_page(
    data: bytes | str, *, origin: str, url: str | None = None, source_name: str | None = None, clean: bool = True
) -> tuple[Document, list[str]]:
    """The article on an HTML page (main text and metadata, via trafilatura), and warnings.

    The outlet is ``source_name``, else the page's site name, else the host
    of its URL. Navigation, footers and comments are left out by trafilatura;
    our own boilerplate rules then run as for any other input. Raises
    :class:`InputError` when the page has no article text.
    """
    import trafilatura

    with _quiet_loggers("trafilatura", "htmldate", "courlan"):
        # A trafilatura Document (attributes title, date, url, sitename, author, language) or None.
        extracted: Any = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            # The full timestamp (article:published_time), not only the day.
            date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True},
        )
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if not text:
        raise InputError("no article text found in this HTML page")
    title = (extracted.title or "").strip() or None
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if title and lines and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    words = sum(len(line.split()) for line in lines)
    if words < _MIN_PAGE_WORDS:
        # trafilatura falls back to any text at all, such as a menu's "Home".
        raise InputError(f"no article text found in this HTML page (only {words} words of text)")
    published = _declared_published_time(data) or extracted.date
    page_url = extracted.url or url
    if page_url and urlsplit(page_url).scheme.lower() not in ("http", "https"):
        page_url = url
    outlet = source_name or (extracted.sitename or "").strip() or _host(page_url)
    record: dict[str, Any] = {
        "id": _origin_stem(origin),
        "title": title,
        "source": outlet,
        "url": page_url,
        "published": published,
        "text": "\n\n".join(lines),
    }
    if extracted.author:
        record["author"] = extracted.author
    if extracted.language:
        record["language"] = extracted.language
    return document_from_mapping(record, default_id=record["id"], path=origin, clean=clean)


_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "dc.date.issued", "pubdate")


class _MetaCollector(HTMLParser):
    """The ``content`` of publication-time ``<meta>`` tags in a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        values = {k: (v or "") for k, v in attrs}
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        if key in _PUBLISHED_META and values.get("content"):
            self.found.setdefault(key, values["content"].strip())


def _declared_published_time(data: bytes | str) -> str | None:
    """The page's own publication timestamp, when its head declares one.

    trafilatura's date search can settle for the day in the URL; the meta tag
    usually has the time as well, which ranking by recency uses.
    """
    text = data if isinstance(data, str) else data[:200_000].decode("utf-8", errors="replace")
    head = re.split(r"<body[\s>]", text, maxsplit=1, flags=re.IGNORECASE)[0]
    collector = _MetaCollector()
    collector.feed(head)
    for key in _PUBLISHED_META:
        value = collector.found.get(key)
        if value and parse_date(value) is not None:
            return value
    return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).netloc.split("@")[-1].split(":")[0]
    return host.removeprefix("www.") or None


# --------------------------------------------------------------------------
# Dispatch by content


def _sniff(data: bytes, content_type: str = "", suffix: str = "") -> str:
    """``"feed"`` or ``"page"``: the declared type, else the file suffix, else the first markup seen."""
    if any(t in content_type for t in ("rss", "atom", "/xml", "+xml")):
        return "feed"
    if "html" in content_type:
        return "page"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in PAGE_SUFFIXES:
        return "page"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if re.search(rb"<(?:rss|feed|rdf:rdf)[\s>]", head):
        return "feed"
    if head.startswith(b"<?xml") and b"<html" not in head:
        return "feed"
    return "page"


def documents_from_bytes(
    data: bytes,
    *,
    origin: str,
    url: str | None = None,
    content_type: str = "",
    source_name: str | None = None,
    clean: bool = True,
    max_entries: int | None = DEFAULT_MAX_ENTRIES_PER_FEED,
) -> tuple[list[Document], list[str]]:
    """Parse a feed or an article page, whichever ``data`` is; returns documents and warnings.

    ``ingest`` calls this for .rss/.atom/.xml/.html/.htm files, so folders of
    them load like any other articles.
    """
    if not data.strip():
        raise EmptyInputError("file is empty")
    suffix = "" if is_url(origin) else Path(origin).suffix.lower()
    if _sniff(data, content_type, suffix) == "feed":
        return parse_feed(data, origin=origin, source_name=source_name, clean=clean, max_entries=max_entries)
    document, warnings = parse_page(data, origin=origin, url=url, source_name=source_name, clean=clean)
    return [document], warnings
