"""The result of a daily run: its top stories, best first, each with its own cited brief."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from summarize.render.escape import one_line
from summarize.stories.dedupe import outlet_key
from summarize.stories.grouping import Story
from summarize.stories.labels import heading, story_meta
from summarize.stories.notebook import render_daily_notebook_html
from summarize.stories.render import (
    daily_to_dict,
    render_daily_html,
    render_daily_json,
    render_daily_markdown,
)
from summarize.stories.text import render_daily_text

__all__ = ["DEFAULT_TITLE", "DailyBrief"]
DEFAULT_TITLE = "Daily brief"


# --------------------------------------------------------------------------
# The result


@dataclass
class DailyBrief:
    """The brief of one day: its top stories, best first, each with its own cited brief.

    ``article_count`` counts the articles of the day (syndicated copies
    included), ``duplicate_count`` the copies folded into another article,
    ``story_count`` every story found (``stories`` holds the top ones).
    ``problems`` lists sources that could not be read. ``first_date`` is set
    when no day was chosen and the articles span several days: the brief then
    covers ``first_date`` to ``date``.
    """

    title: str
    date: _dt.date | None
    stories: list[Story]
    article_count: int
    duplicate_count: int
    story_count: int
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    first_date: _dt.date | None = None

    def __repr__(self) -> str:
        """A few lines: the day, the counts and the top headlines (``print(brief.to_text())`` shows all)."""
        head = (
            f"<DailyBrief {heading(self)!r}: {len(self.stories)} of {self.story_count} stories, "
            f"{self.article_count} articles, {self.outlet_count} outlets"
            + (f"; {len(self.warnings)} warnings" if self.warnings else "")
            + ">"
        )
        lines = [head]
        for rank, story in enumerate(self.stories[:10], start=1):
            headline = one_line(story.headline)
            headline = headline if len(headline) <= 90 else headline[:89].rstrip() + "…"
            lines.append(f"  {rank}. {headline} ({' · '.join(story_meta(story)[:2])})")
        if len(self.stories) > 10:
            lines.append(f"  … {len(self.stories) - 10} more")
        return "\n".join(lines)

    @property
    def outlet_count(self) -> int:
        """Distinct outlets over the top stories."""
        return len({outlet_key(d) for story in self.stories for d in story.all_documents})

    def to_html(self) -> str:
        return render_daily_html(self)

    def to_markdown(self) -> str:
        return render_daily_markdown(self)

    def to_text(self) -> str:
        return render_daily_text(self)

    def to_dict(self) -> dict[str, Any]:
        return daily_to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        return render_daily_json(self, indent=indent)

    def _repr_html_(self) -> str:
        return render_daily_notebook_html(self)
