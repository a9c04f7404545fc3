"""When an article was written, from what it carries: metadata, a dateline, a caption's date stamp, its text.

A news article rarely states its own year. What it does carry:

* a publication date in its metadata;
* a wire dateline with a date ("LINDHAM, Nov. 2 (National Press Wire) -", kept by
  :mod:`summarize.io.clean` in ``metadata["dateline"]``), sometimes with a year;
* a photo caption with a date stamp ("... in Lindham, Nov. 2, 2021. (Photo: ...)"), kept in
  ``metadata["removed"]`` when the caption was cleaned away;
* a weekday beside a date ("on Tuesday, Nov. 2"), which holds in only some years;
* years in sentences ("the 2021 election", "in 2018").

Only the first four *pin* a year (:attr:`ReferenceTime.year`). A year in a sentence is a lower
bound (:attr:`ReferenceTime.latest_year`): an article written in 1998 may mention 1996 last.
Years after "by", "until" or "in ... will" are plans, not history, and are not counted.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from summarize.document import Document
from summarize.text.dates import MONTHS, WEEKDAYS

__all__ = ["ReferenceTime", "reference_time", "EVENT_NOUNS"]

#: Nouns of events that come back in editions: "the 2021 election", "the 1998 season".
EVENT_NOUNS = (
    "election", "elections", "vote", "race", "campaign", "primary", "runoff", "referendum", "poll", "polls",
    "season", "championship", "cup", "games", "olympics", "tournament", "final", "finals", "open", "marathon",
    "budget", "census", "summit", "festival", "awards", "contest", "ballot", "caucus", "caucuses", "series",
)
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|Aug(?:ust|\.)?|"
    r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_FULL_DATE = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b")
_WEEKDAY_DATE = re.compile(
    rf"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:\(\s*)?({_MONTH})\s+(\d{{1,2}})\b(?!,?\s+\d{{4}})"
)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# "in 2018, three years ago" and "last year's 2020 census": a year and the distance to it.
_RELATIVE = re.compile(
    r"\b((?:19|20)\d\d)\b[^.;]{0,40}?\b(\d|two|three|four|five|six|seven|eight|nine|ten) years ago\b"
    r"|\blast year['’]s\s+((?:19|20)\d\d)\b|\b((?:19|20)\d\d),?\s+last year\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\w$€£.,/-])((?:19|20)\d\d)(?![\w%/-]|[.,]\d)")
# A year that is a plan or a deadline, not something that happened: "by 2030", "until 2026",
# "in 2027, when the plant will open", "is expected to finish in 2026".
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till|through)\s+(?:the\s+)?(?:end\s+of\s+)?$", re.I)
_FUTURE_CUE = re.compile(
    r"\b(?:will|(?:is|are|was|were) (?:expected|scheduled|due|set)|plans? to|aims? to|intends? to|next)\b", re.I
)
_EDITION = re.compile(
    rf"\b((?:19|20)\d\d)(?:['’]s)?\s+(?:[a-z-]+\s+){{0,2}}?({'|'.join(EVENT_NOUNS)})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class ReferenceTime:
    """What an article's own words and metadata say about when it was written.

    ``year`` is set when something pins it (``how`` says what, ``evidence`` quotes it);
    ``latest_year`` is the latest year its sentences mention as past or present (a lower bound),
    with ``latest_evidence`` the words around it. ``editions`` maps an event noun to the years the
    article gives it ("election" → {2021: "the 2021 election"}).
    """

    year: int | None = None
    how: str = ""
    evidence: str = ""
    latest_year: int | None = None
    latest_evidence: str = ""
    editions: dict[str, dict[int, str]] = field(default_factory=dict)

    @property
    def estimate(self) -> int | None:
        """The pinned year, else the latest year mentioned (a lower bound), else None."""
        return self.year if self.year is not None else self.latest_year


def _quote(text: str, start: int, end: int, *, words: int = 5) -> str:
    """The match with a few words either side, on one line, as a reader would search for it."""
    before = text[:start].split()[-words:]
    after = text[end:].split()[:words]
    return " ".join([*before, text[start:end], *after]).replace("\n", " ")


def _weekday_fits(weekday: str, month_word: str, day: int, year: int) -> bool:
    try:
        date = _dt.date(year, MONTHS[month_word.lower().rstrip(".")], day)
    except (ValueError, KeyError):
        return False
    return WEEKDAYS[date.weekday()] == weekday.lower()


def _mentioned_years(text: str) -> list[tuple[int, int, int]]:
    """``(year, start, end)`` of every year that is not a plan ("by 2030", "will ... in 2027")."""
    found = []
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        sentence_start = max(text.rfind(". ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        before = text[sentence_start:match.start()]
        if _DEADLINE_BEFORE.search(before):
            continue
        clause_after = re.split(r"[.,;]|\band\b|\bbut\b", text[match.end():], maxsplit=1)[0]
        near = " ".join([*before.split()[-6:], *clause_after.split()[:6]])
        if re.search(r"\bin\s+$", before) and _FUTURE_CUE.search(near):
            continue
        found.append((year, match.start(), match.end()))
    return found


def _caption_lines(metadata: dict[str, Any]) -> list[str]:
    removed = metadata.get("removed") or []
    return [str(line) for rule, line in removed if str(rule).startswith("caption")]


def _pinned(base: ReferenceTime, year: int, how: str, evidence: str) -> ReferenceTime:
    return replace(base, year=year, how=how, evidence=evidence)


def reference_time(document: Document) -> ReferenceTime:
    """Read an article's reference time from its metadata, dateline, captions and text (see the module notes)."""
    text = document.text
    years = _mentioned_years(text)
    latest = max(years, default=None)
    latest_year = latest[0] if latest else None
    latest_evidence = _quote(text, latest[1], latest[2]) if latest else ""
    editions: dict[str, dict[int, str]] = {}
    for match in _EDITION.finditer(text):
        noun = match.group(2).lower().rstrip("s") if match.group(2).lower() not in ("games", "series", "finals") \
            else match.group(2).lower()
        editions.setdefault(noun, {}).setdefault(int(match.group(1)), match.group(0))
    base = ReferenceTime(latest_year=latest_year, latest_evidence=latest_evidence, editions=editions)

    if document.published is not None:
        return _pinned(base, document.published.year, "metadata", f"published {document.published.date()}")
    dateline = document.metadata.get("dateline") or {}
    stamp = _FULL_DATE.search(str(dateline.get("date", "")))
    if stamp:
        return _pinned(base, int(stamp.group(3)), "dateline", f"dateline '{dateline.get('text', '')}'")
    for caption in _caption_lines(document.metadata):
        stamp = _FULL_DATE.search(caption)
        if stamp:
            return _pinned(base, int(stamp.group(3)), "caption", f"photo caption '{stamp.group(0)}'")
    if latest_year is not None:
        # "Tuesday, Nov. 2" is a Tuesday only in some years: it confirms the latest year mentioned.
        for match in _WEEKDAY_DATE.finditer("\n".join([text, *_caption_lines(document.metadata)])):
            weekday, month_word, day = match.group(1), match.group(2), int(match.group(3))
            if _weekday_fits(weekday, month_word, day, latest_year):
                return _pinned(base, latest_year, "weekday",
                    f"'{match.group(0)}' falls on a {weekday} in {latest_year}, the latest year it mentions "
                    f"('{latest_evidence}')")
    for match in _RELATIVE.finditer(text):
        if match.group(1):
            distance = match.group(2).lower()
            year = int(match.group(1)) + (int(distance) if distance.isdigit() else _NUMBER_WORDS[distance])
        else:
            year = int(match.group(3) or match.group(4)) + 1
        return _pinned(base, year, "relative", f"'{_quote(text, match.start(), match.end(), words=2)}'")
    return base
