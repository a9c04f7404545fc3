"""Dates as sentences write them ("Oct. 16", "on Friday", "in 1992"), as comparable parts.

Each date found is split into parts such as ``year:1998``, ``month:10``,
``day:16`` and ``weekday:friday``, so two mentions can be compared part by part.
"""

from __future__ import annotations

import functools
import re

__all__ = ["MONTHS", "WEEKDAY", "WEEKDAYS", "extract_dates"]


# --------------------------------------------------------------------------
# Dates and times

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
#: The names of the days, as one non-capturing group (also read by the conflict check and the trim stage).
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_PATTERNS = (
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("month-day", re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")),
    ("day-month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})(?:\s+(\d{{4}}))?")),
    ("month-year", re.compile(rf"\b({_MONTH})\s+(?:of\s+)?(\d{{4}})\b")),
    ("month", re.compile(r"\b(January|February|March|April|June|July|August|September|October|November|December)\b")),
    ("weekday", re.compile(rf"\b({WEEKDAY})s?\b")),
    ("time", re.compile(r"(?<![\d.])(\d{1,2})(?::(\d{2}))?\s?([ap])\.?m\.?(?!\w)", re.IGNORECASE)),
    ("clock", re.compile(r"(?<![\d.:])(\d{1,2}):(\d{2})(?![\d:])")),
    ("year", re.compile(r"(?<![\w$€£.,-])(1[89]\d\d|20\d\d)(?![\w%-]|[.,]\d)")),
)


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


#: How many texts the readers of dates and quantities remember (a day's news is a few thousand sentences).
_CACHED_TEXTS = 8192


def _date_spans(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """``(start, end, components)`` of every date or time; components read "month:3", "day:3-11"."""
    return list(_spans(text))


@functools.lru_cache(maxsize=_CACHED_TEXTS)
def _spans(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    spans: list[tuple[int, int, frozenset[str]]] = []

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b, _ in spans)

    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            groups = match.groups()
            parts: set[str] = set()
            if kind == "iso":
                year_number, month_number, day_number = map(int, groups)
                parts = {f"year:{year_number}", f"month:{month_number}", f"day:{month_number}-{day_number}"}
            elif kind in ("month-day", "day-month"):
                month_word, day = (groups[0], groups[1]) if kind == "month-day" else (groups[1], groups[0])
                month = _month_number(month_word)
                parts = {f"month:{month}", f"day:{month}-{int(day)}"}
                if groups[2]:
                    parts.add(f"year:{int(groups[2])}")
            elif kind == "month-year":
                parts = {f"month:{_month_number(groups[0])}", f"year:{int(groups[1])}"}
            elif kind == "month":
                parts = {f"month:{_month_number(groups[0])}"}
            elif kind == "weekday":
                parts = {f"weekday:{groups[0].lower()}"}
            elif kind == "time":
                hour, minute, half = int(groups[0]), int(groups[1] or 0), groups[2].lower()
                hour = hour % 12 + (12 if half == "p" else 0)
                parts = {f"time:{hour:02d}:{minute:02d}"}
            elif kind == "clock":
                parts = {f"time:{int(groups[0]) % 12:02d}:{int(groups[1]):02d}"}
            elif kind == "year":
                parts = {f"year:{int(groups[0])}"}
            spans.append((match.start(), match.end(), frozenset(parts)))
    spans.sort()
    return tuple(spans)


def extract_dates(text: str) -> list[tuple[str, frozenset[str]]]:
    """Dates and times of ``text`` as written, each with its components."""
    return [(text[start:end], parts) for start, end, parts in _date_spans(text)]
