"""Articles → periods (a UTC day or an ISO week) by each article's own date.

A period key sorts in time order as text: ``1998-10-17`` for a day,
``1998-W42`` for an ISO week. Articles without a date belong to no period;
the caller reports how many were left out.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from summarize.document import Document
from summarize.errors import ConfigError

__all__ = ["PERIODS", "Period", "period_key", "previous_keys", "split_by_period"]

PERIODS = ("day", "week")


def period_key(published: _dt.datetime, period: str) -> str:
    """The key of the period holding ``published`` (UTC): ``YYYY-MM-DD`` or ``YYYY-Www``."""
    day = published.date()  # as summarize.stories.daily.filter_by_date reads a date
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    raise ConfigError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")


@dataclass
class Period:
    """One period's articles, in input order, and its key."""

    key: str
    documents: list[Document] = field(default_factory=list)


def split_by_period(documents: Iterable[Document], period: str = "day") -> tuple[list[Period], list[Document]]:
    """Periods in time order, each with its articles in input order, and the undated articles left out."""
    if period not in PERIODS:
        raise ConfigError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    by_key: dict[str, Period] = {}
    undated: list[Document] = []
    for document in documents:
        if document.published is None:
            undated.append(document)
            continue
        key = period_key(document.published, period)
        by_key.setdefault(key, Period(key)).documents.append(document)
    return [by_key[key] for key in sorted(by_key)], undated


def previous_keys(periods: Sequence[Period]) -> dict[str, str | None]:
    """Each period's predecessor in the archive (None for the first)."""
    return {p.key: (periods[i - 1].key if i else None) for i, p in enumerate(periods)}
