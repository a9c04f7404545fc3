"""The words around a daily brief's stories, shared by its HTML, Markdown, text and notebook renderers.

Counts are always labelled with what they count (outlets, articles, stories),
dates and times are shown the same way in every format.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from summarize.document import Document
from summarize.render.escape import date_text
from summarize.stories.dedupe import outlets
from summarize.stories.grouping import Story

if TYPE_CHECKING:
    from summarize.stories.model import DailyBrief

__all__ = ["clock_text", "copies_of", "long_date", "source_text", "story_meta", "story_sources", "story_span",
           "summary_line", "when_text"]


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


def story_meta(story: Story) -> list[str]:
    parts = [f"{story.source_count} source{'s' if story.source_count != 1 else ''}"]
    if story.article_count != story.source_count:
        parts.append(f"{story.article_count} articles")
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
    when = when_text(document.published, day)
    if when:
        parts.append(when)
    return ", ".join(parts)
