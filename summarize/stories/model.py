"""The result of a daily run: its top stories, best first, each with its own cited brief."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from summarize.stories.dedupe import outlet_key
from summarize.stories.grouping import Story
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
    ``problems`` lists sources that could not be read.
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
