"""The words around a daily brief's stories, shared by its HTML, Markdown, text and notebook renderers.

Counts are always labelled with what they count (outlets, articles, stories),
dates and times are shown the same way in every format.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from summarize.document import Document
from summarize.render.escape import date_text
from summarize.render.sources import first_words
from summarize.stories.dedupe import outlets
from summarize.stories.grouping import Story

if TYPE_CHECKING:
    from summarize.stories.model import DailyBrief

__all__ = ["clock_text", "copies_of", "count_of", "heading", "long_date", "long_span", "source_text", "sources_heading",
           "story_meta", "story_sources", "story_span", "summary_line", "when_text"]


def clock_text(value: _dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M") if value.time() != _dt.time() else None


def story_span(story: Story) -> str | None:
    """When the story was published: "08:40–19:15 UTC" on one day, dates otherwise."""
    first, last = story.first_published, story.last_published
    if first is None or last is None:
        return None
    if first.date() != last.date():
        return f"{date_text(first)} – {date_text(last)}"
    start, end = clock_text(first), clock_text(last)
    if start is None:
        return first.date().isoformat()
    return f"{start} UTC" if start == end else f"{start}–{end} UTC"


def count_of(number: int, noun: str) -> str:
    """"1 outlet", "7 outlets"."""
    return f"{number} {noun}{'s' if number != 1 else ''}"


def story_meta(story: Story) -> list[str]:
    """"7 outlets · 9 articles · 08:40–15:45 UTC · new": outlets and articles, always labelled as such."""
    parts = [count_of(story.source_count, "outlet"), count_of(story.article_count, "article")]
    span = story_span(story)
    if span:
        parts.append(span)
    if story.is_new is True:
        parts.append("new")
    elif story.is_new is False:
        parts.append("continuing")
    return parts


def summary_line(brief: DailyBrief) -> str:
    parts = [
        f"{brief.article_count} article{'s' if brief.article_count != 1 else ''}",
        f"{brief.story_count} stor{'ies' if brief.story_count != 1 else 'y'}",
    ]
    if brief.duplicate_count:
        parts.append(f"{brief.duplicate_count} syndicated cop{'ies' if brief.duplicate_count != 1 else 'y'} merged")
    if brief.story_count > len(brief.stories):
        parts.append(f"top {len(brief.stories)} shown")
    return " · ".join(parts)


def long_date(day: _dt.date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "undated"


def story_sources(story: Story) -> list[Document]:
    """The numbered sources of a story: its brief's (citation order), else its articles."""
    return list(story.brief.sources) if story.brief is not None else list(story.documents)


def copies_of(document: Document) -> list[Document]:
    """Syndicated copies from other outlets (the kept article's own outlet is not repeated)."""
    return outlets(document)[1:]


def when_text(value: _dt.datetime | None, day: _dt.date | None) -> str | None:
    """The time alone on the brief's own day, the date (and time) on any other."""
    if value is None:
        return None
    if day is not None and value.date() == day:
        return clock_text(value)
    return (date_text(value) or "").replace("T", " ")


def source_text(document: Document, day: _dt.date | None) -> str:
    parts = [document.label()]
    if document.title and document.title != document.label():
        parts.append(f"“{document.title}”")
    elif not document.title and first_words(document):
        parts.append(first_words(document) or "")
    when = when_text(document.published, day)
    if when:
        parts.append(when)
    return ", ".join(parts)


def long_span(brief: DailyBrief) -> str:
    """"Saturday 4 May 2024", or "Friday 9 October 1998 – Monday 21 December 1998" for a brief of several days."""
    if brief.first_date is None or brief.date is None:
        return long_date(brief.date)
    return f"{long_date(brief.first_date)} – {long_date(brief.date)}"


def heading(brief: DailyBrief) -> str:
    """The page title: "Title — 2024-05-04", or "Title — 1998-10-09 to 1998-12-21"."""
    if brief.date is None:
        return brief.title
    if brief.first_date is not None:
        return f"{brief.title} — {brief.first_date.isoformat()} to {brief.date.isoformat()}"
    return f"{brief.title} — {brief.date.isoformat()}"


def sources_heading(story: Story) -> str:
    """"Sources (8 articles, 2 syndicated copies)": the numbered list counted in articles, like the meta line."""
    sources = story_sources(story)
    copies = sum(len(copies_of(d)) for d in sources)
    counted = count_of(len(sources), "article")
    if copies:
        counted += f", {copies} syndicated cop{'ies' if copies != 1 else 'y'}"
    return f"Sources ({counted})"
