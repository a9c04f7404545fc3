"""When a figure holds, read beyond its clause: a window of time, a partial count, the sentence it leans on.

Three ways two figures for one measure can both be right, each a time marker
added to the figure's ``days`` (:class:`~summarize.trust.figures.FigureMention`),
so that :func:`~summarize.trust.agreement.same_figure` does not compare them:

* a **window**: "five sniper attacks ... in the last four years" counts a
  span, "there had been four attacks" does not say which;
* a **partial count**: "with 69.5 percent of the votes counted, ... 32.6
  percent" and "with 56 percent counted, ... 34 percent" are two moments of
  one count, and a sentence that goes on from the one before ("His closest
  rival had 32.6 percent") is read at that sentence's count;
* a **past event named just before**: "... the explosion of TWA Flight 800
  on July 17, 1996. The crash, which killed 230 people, ..." is about 1996,
  though its own sentence has no date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.document import Sentence
from summarize.trust.figure_words import _COUNT_PROGRESS_WORDS

__all__ = ["COUNT_PREFIX", "WINDOW_PREFIX", "previous_sentences", "setting_markers"]

WINDOW_PREFIX = "window:"
COUNT_PREFIX = "count:"

_WINDOW = re.compile(
    r"\b(?:in|over|during|for|within)\s+the\s+(?:last|past|previous|preceding)\s+"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)\s+"
    r"(?P<unit>years?|months?|weeks?|days?|decades?|hours?)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"\bwith\s+(?:about\s+|nearly\s+|almost\s+|some\s+|more\s+than\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?:percent|per\s+cent|%)"
    + _COUNT_PROGRESS_WORDS,
    re.IGNORECASE,
)
# A sentence that goes on from the one before: it opens with a pronoun or a possessive of it.
_GOES_ON = re.compile(r"^\W*(?:he|she|they|his|her|its|their)\b", re.IGNORECASE)
# ... or names the event the sentence before described: "The crash, which killed 230 people, ..."
_EVENT_NOUNS = (
    "crash|attack|bombing|blast|explosion|fire|storm|hurricane|typhoon|cyclone|earthquake|quake|flood|floods|"
    "accident|disaster|massacre|war|election|vote|shooting|collision|sinking|eruption|famine|epidemic|outbreak|"
    "riot|riots|raid|strike|coup|siege|tragedy|incident"
)
_EVENT_ANAPHOR = re.compile(rf"^\W*(?:the|that|this)\s+(?:{_EVENT_NOUNS})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")
_SINCE_YEAR = re.compile(r"\b(?:since|until|till|by)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_ANY_TIME = re.compile(
    r"\b(?:(?:19|20)\d\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"(?:last|this|next)\s+(?:year|week|month))\b",
    re.IGNORECASE,
)


def _window(clause: str) -> frozenset[str]:
    return frozenset(f"{WINDOW_PREFIX}{m.group('n').lower()} {m.group('unit').lower().rstrip('s')}"
                     for m in _WINDOW.finditer(clause))


def _count(text: str) -> frozenset[str]:
    return frozenset(f"{COUNT_PREFIX}{float(m.group('n')):g}" for m in _COUNT.finditer(text))


def _years_named(text: str) -> frozenset[str]:
    """The years ``text`` dates something to ("on July 17, 1996"), not those it counts from ("since 1994")."""
    return frozenset(m.group("year") for m in _YEAR.finditer(text) if not _SINCE_YEAR.search(text[: m.start()]))


def setting_markers(sentence: Sentence, before: Sentence | None, clause: str) -> frozenset[str]:
    """The time markers of a figure of ``sentence`` (``clause`` its clause; ``before`` the sentence before
    it in its article, or None)."""
    markers = _window(clause) | _count(sentence.text)
    if before is None:
        return markers
    if _GOES_ON.match(sentence.text) and not _count(sentence.text):
        markers |= _count(before.text)
    if _EVENT_ANAPHOR.match(sentence.text) and not _ANY_TIME.search(sentence.text):
        markers |= _years_named(before.text)
    return markers


def previous_sentences(sentences: Sequence[Sentence]) -> list[Sentence | None]:
    """For each sentence, the one before it in its article when ``sentences`` holds it."""
    by_place = {(s.doc_id, s.index): s for s in sentences}
    return [by_place.get((s.doc_id, s.index - 1)) for s in sentences]
