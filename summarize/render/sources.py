"""How sources and citations are shown: one source line, and one ``[1][2]`` citation style with hover text, for every format.

The brief's HTML page, its notebook view and the daily page all link
citations through :func:`citation_links` (the hover shows what the cited
source says) and notes through :func:`linked_note`.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from typing import TYPE_CHECKING, Any

from summarize.render.escape import date_text, one_line

if TYPE_CHECKING:
    from summarize.document import Brief, Document

__all__ = ["citation_hover", "citation_links", "first_words", "linked_note", "sentence_texts", "shown_date",
           "source_html", "source_line"]

# Words of an untitled article shown in its source line, so that six
# untitled articles of one outlet can be told apart.
FIRST_WORDS = 8
_CITATION_IN_NOTE = re.compile(r"\[(\d{1,4})\]")


def first_words(document: Document, count: int = FIRST_WORDS) -> str | None:
    """“The first words of the article…”, or None when it has no text."""
    words = one_line(document.text or "").split()
    if not words:
        return None
    return "“" + " ".join(words[:count]) + ("…”" if len(words) > count else "”")


def shown_date(value: _dt.datetime | None) -> str | None:
    """A date for readers: "2025-03-11" or "2025-03-11 14:02" (JSON keeps ISO 8601)."""
    date = date_text(value)
    return date.replace("T", " ") if date else None


def _source_parts(document: Document) -> tuple[list[str], str | None]:
    """A source's label parts (outlet or id, title or first words, file name) and its date.

    Without a title the article's first words (and, when the label is not
    already the file's name, the file name) tell one article from another.
    """
    parts = [document.label()]
    if document.title and document.title != document.label():
        parts.append(f'"{document.title}"')
    elif not document.title:
        first = first_words(document)
        if first:
            parts.append(first)
        name = (document.path or "").replace("\\", "/").rsplit("/", 1)[-1]
        if name and not name.startswith(f"{document.label()}."):
            parts.append(name)
    return parts, shown_date(document.published)


def source_line(document: Document) -> str:
    """"Outlet, "Title", 2025-03-11 14:02" (plain text; the caller escapes it)."""
    parts, date = _source_parts(document)
    return ", ".join(parts + ([date] if date else []))


def source_html(document: Document) -> str:
    """The source line as HTML: escaped, the date kept on one line (it never wraps mid-date)."""
    parts, date = _source_parts(document)
    text = html.escape(", ".join(parts))
    return text + (f', <span class="when" style="white-space:nowrap">{html.escape(date)}</span>' if date else "")


def sentence_texts(brief: Brief) -> dict[str, str]:
    """Sentence id -> text, from the kept pipeline details (empty without them)."""
    details = brief.details
    sentences = getattr(details, "sentences", None) or []
    return {s.id: s.text for s in sentences}


def citation_hover(brief: Brief, sentence: Any, number: int, texts: dict[str, str]) -> str:
    """"[n] Outlet, date: what it says" for one citation of one brief sentence."""
    document = brief.sources[number - 1]
    said = [e.text for e in getattr(sentence, "evidence", ()) if e.doc_id == document.id and e.text]
    if not said:
        said = [texts[i] for i in sentence.source_sentence_ids if i.rsplit("#", 1)[0] == document.id and i in texts]
    date = date_text(document.published)
    line = f"[{number}] {document.label()}" + (f", {date[:10]}" if date else "")
    return f"{line}: “{said[0]}”" if said else line


def citation_links(brief: Brief, sentence: Any, anchor: str, texts: dict[str, str]) -> str:
    """``[1][2]`` for a sentence's citations, each linked to ``#<anchor>-<n>``; hover shows what that source says."""
    return "".join(
        f'<a href="#{anchor}-{n}" title="{html.escape(citation_hover(brief, sentence, n, texts))}" '
        f'style="text-decoration:none">[{n}]</a>'
        for n in sentence.citations
    )


def linked_note(note: str, brief: Brief, anchor: str) -> str:
    """A note ("Sources differ: 230 people [1][4]; ...") escaped, its citation numbers linked like citations."""

    def link(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(brief.sources):
            return match.group(0)
        hover = html.escape(f"[{number}] {source_line(brief.sources[number - 1])}")
        return f'<a href="#{anchor}-{number}" title="{hover}">[{number}]</a>'

    return _CITATION_IN_NOTE.sub(link, html.escape(note))
