"""Whether two figures are about the same quantity, and whether their values really differ.

Compatible values (ranges, "about", "more than", rounding of conversions) agree;
a part and its whole, a total and an increment, two times or two places never
disagree.
"""

from __future__ import annotations

import functools

from summarize.trust.figure_setting import COUNT_PREFIX, WINDOW_PREFIX
from summarize.trust.figure_words import _CHANGE_VERBS, _PAST_MARKERS, _PHYSICAL, _stem
from summarize.trust.figures import FigureMention

__all__ = ["MAX_RATIO", "STRONG_SIMILARITY_MARGIN", "figures_disagree", "same_figure"]
#: One shared measure word is enough only for sentences this much more similar than ``min_similarity``
#: (or that name the same entity near the figure); otherwise two are needed.
STRONG_SIMILARITY_MARGIN = 0.1
#: Figures further apart than this factor are never the same figure ($70 million vs $450 million).
MAX_RATIO = 3.0








def _times_differ(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two figures are dated to different times (Monday and Thursday; a peak and a later reading;
    two moments of a count; a window of years and no window)."""
    for prefix in (COUNT_PREFIX, WINDOW_PREFIX):
        if {m for m in first if m.startswith(prefix)} != {m for m in second if m.startswith(prefix)}:
            return True
    first = frozenset(m for m in first if not m.startswith((COUNT_PREFIX, WINDOW_PREFIX)))
    second = frozenset(m for m in second if not m.startswith((COUNT_PREFIX, WINDOW_PREFIX)))
    if first and second:
        return not first & second
    marked = first or second
    return bool(marked & _PAST_MARKERS)


def same_figure(
    first: FigureMention,
    second: FigureMention,
    similarity: float,
    *,
    min_similarity: float,
    min_shared_words: int = 1,
) -> bool:
    """Whether two mentions state a figure for the same quantity (the rules in the module docstring)."""
    if first.doc_id == second.doc_id or not first.dimension or first.dimension != second.dimension:
        return False
    if _times_differ(first.days, second.days):
        return False
    if first.names and second.names and not first.names & second.names:
        return False  # 11 killed in Tanzania, 26 in Afghanistan
    if first.names_after and second.names_after and not first.names_after & second.names_after:
        return False  # Kindu, 32 km from the Elila bridge; Kalima, 80 km from Kindu
    if first.several != second.several and first.names and second.names:
        return False  # 213 killed in Kenya, 224 in Kenya and Tanzania: a part and its whole
    if (first.distance or second.distance) and not (first.names - first.names_after) & (second.names - second.names_after):
        return False  # a distance is between two places: both must be named alike
    low, high = sorted((abs(first.base_value), abs(second.base_value)))
    if low == 0 or high / low > MAX_RATIO:
        return False
    if similarity < min_similarity:
        return False
    if _populations_differ(first, second):
        return False  # 16 percent of children, 30 percent of children under 2
    if first.modifier and second.modifier and first.modifier != second.modifier:
        return False  # three gold medals, five bronze medals
    shared_names = bool(first.names & second.names)
    if first.head in _EXTENT_HEADS or second.head in _EXTENT_HEADS:
        if first.head != second.head:
            return False
    elif _heads_differ(first, second) and not shared_names:
        return False  # a 50-foot arm, a 41-foot module
    if not (first.near & second.near) - _change_stems() and not (first.dimension in _PHYSICAL and shared_names):
        return False  # no word next to both numbers: "took three minutes to understand", "on the scene six minutes after"
    shared = len(first.context & second.context)
    if shared >= max(min_shared_words, 2):
        return True
    if first.near & second.near and (similarity >= min_similarity + STRONG_SIMILARITY_MARGIN or shared_names):
        return True  # one word, but the one next to both numbers: "killed 3,000", "4,299 were killed"
    return first.dimension in _PHYSICAL and shared_names


def figures_disagree(first: FigureMention, second: FigureMention) -> bool:
    """Whether two figures of one quantity cannot both be true (212 and 230; not "more than 200" and 230).

    Figures in different units (90 mph and 80 knots) were converted by
    someone: each may be off by the rounding of its last written digit.
    """
    slack = 1e-9 * max(1.0, abs(first.base_value), abs(second.base_value))
    if first.quantity.unit != second.quantity.unit:
        slack += first.rounding + second.rounding
    return first.low > second.high + slack or second.low > first.high + slack


def _heads_differ(first: FigureMention, second: FigureMention) -> bool:
    """Two measures of one dimension: "63 feet long" and "78 feet wide", "a 50-foot arm" and "a 41-foot module"."""
    if first.head in _EXTENT_HEADS or second.head in _EXTENT_HEADS:
        return first.head != second.head
    return bool(first.head and second.head and first.head != second.head)


def _populations_differ(first: FigureMention, second: FigureMention) -> bool:
    """Shares of two groups: narrowed differently (ages, "the three largest cities"), or of other named groups."""
    if first.population is None or second.population is None:
        return False
    (first_numbers, first_names), (second_numbers, second_names) = first.population, second.population
    return first_numbers != second_numbers or bool(first_names and second_names and not first_names & second_names)


@functools.cache
def _change_stems() -> frozenset[str]:
    """The stems of the verbs of change (stemmed on first use: no stemmer at import time)."""
    return frozenset(_stem(word) for word in _CHANGE_VERBS)


_EXTENT_HEADS = {"wide", "high", "tall", "deep", "thick", "across"}


def _features(mention: FigureMention) -> set[str]:
    """What two mentions must share one of to be compared: a context word, or a name for a physical measure."""
    features = set(mention.context)
    if mention.dimension in _PHYSICAL:
        features |= {"name:" + name for name in mention.names}
    return features
