"""Each figure of a sentence with what it measures: entity, measure, time, approximation, part or whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarize.document import Sentence
from summarize.text.facts import Quantity, extract_quantities, unit_family
from summarize.trust.figure_setting import previous_sentences, setting_markers
from summarize.trust.figure_words import (
    _BLOC_UNITS,
    _CHANGE_BEFORE,
    _COUNT_PROGRESS,
    _COUNTDOWN,
    _DISTANCE_AFTER,
    _HYPOTHETICAL,
    _MONEY,
    _PART_OF,
    _PERCENT_BASE,
    _PHYSICAL,
    _POPULATION_WINDOW,
    _RATE,
    _READINGS,
    _RELATIVE_AFTER,
    _RELATIVE_BEFORE,
    _RELATIVE_INSIDE,
    _STOP,
    _TIME_WINDOW,
    _TO_LEVEL,
    _TOKEN,
    _WHOLE_AFTER,
    _clause,
    _context,
    _names,
    _near_text,
    _population,
    _stem,
    _times,
)

__all__ = ["APPROXIMATE_TOLERANCE", "NEARLY_TOLERANCE", "FigureMention", "figure_mentions"]


@dataclass(frozen=True)
class FigureMention:
    """One figure in one sentence, with what it measures.

    ``sentence`` is the position in the pipeline's sentence list;
    ``context`` the Porter stems of the lower-case content words of the
    figure's clause within five words of the number (capitalised names are
    kept apart, in ``names``, as the entity the figure is about);
    ``days`` the time markers of its clause ("weekday:monday", "peak",
    "last year"); ``dimension`` the unit family ("length", "people", "$");
    ``low``/``high`` the values it allows, in the dimension's base unit
    (an exact figure given with a conversion allows both readings).
    """

    sentence: int
    doc_id: str
    quantity: Quantity
    context: frozenset[str]
    days: frozenset[str]
    words: tuple[str, ...] = ()  # the context words as written, for the conflict's subject
    names: frozenset[str] = frozenset()
    dimension: str = ""
    low: float = math.nan
    high: float = math.nan
    head: str = ""  # the noun an adjectival figure qualifies ("hearing" in "a six-day hearing")
    base_value: float = field(default=math.nan)
    names_after: frozenset[str] = frozenset()  # the names after the number ("west of Goma"), part of ``names``
    distance: bool = False  # a length from a place ("80 kilometers northeast of Kindu")
    modifier: str = ""  # the word before the unit noun ("gold" in "three gold medals")
    near: frozenset[str] = frozenset()  # the stems of ``context`` nearest the number
    rounding: float = 0.0  # half the step of the number's last written digit, in the base unit
    several: bool = False  # about several named entities together ("in Kenya and Tanzania")
    # for a share: the numbers that narrow its group ("children under 7") and the names in it
    population: tuple[frozenset[float], frozenset[str]] | None = None


def _dimension(quantity: Quantity) -> tuple[str, float]:
    if quantity.unit in _DIMENSIONS:
        return _DIMENSIONS[quantity.unit]
    return unit_family(quantity.unit), 1.0


def _scale(quantity: Quantity) -> float:
    """What a number's scale word multiplies it by ("4.2 million" → 1,000,000)."""
    try:
        written = float(quantity.number.replace(",", ""))
    except ValueError:
        return 1.0  # a number in words: its value is its own scale
    return quantity.value / written if written else 1.0


def _rounding(number: str) -> float:
    """Half the step of the last written digit ("290" → 5, "289" → 0.5, "1.6" → 0.05)."""
    digits = number.replace(",", "")
    if not digits or not digits[0].isdigit():
        return 0.5
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1])
    trailing = len(digits) - len(digits.rstrip("0"))
    return 0.5 * 10 ** min(trailing, len(digits) - 1)


_CONVERSION_BETWEEN = re.compile(r"^\s*\(\s*(?:dlrs|US\$|about|some|nearly|around)?\s*$", re.IGNORECASE)
_RANGE_BETWEEN = re.compile(r"^\s*(?:to|-|–|and|or)\s*$", re.IGNORECASE)


def figure_mentions(sentences: Sequence[Sentence]) -> list[FigureMention]:
    """Every total of every sentence with what it measures; parts, changes, examples and conversions left out."""
    mentions = []
    before_each = previous_sentences(sentences)
    for position, sentence in enumerate(sentences):
        text = sentence.text
        quantities = [q for q in extract_quantities(text) if not q.unit.startswith("vote:") and q.unit != "year"]
        fractions = _fractions(text)
        quantities = sorted(
            [q for q in quantities if not any(f.start <= q.start < f.end for f in fractions)] + fractions,
            key=lambda q: q.start,
        )
        skip: set[int] = set()
        shares: dict[tuple[int, int], tuple[frozenset[float], frozenset[str]]] = {}
        range_start: dict[int, int] = {}
        intervals: dict[int, tuple[float, float]] = {}
        for k, quantity in enumerate(quantities):
            dimension, factor = _dimension(quantity)
            intervals.setdefault(k, _interval(quantity, factor))
            if k + 1 >= len(quantities):
                continue
            following = quantities[k + 1]
            between = text[quantity.end: following.start]
            next_dimension, next_factor = _dimension(following)
            if _CONVERSION_BETWEEN.match(between) and text[following.end:].lstrip().startswith(")"):
                skip.add(k + 1)  # "180 mph (290 kph)": one figure, read with its rounding
                if next_dimension == dimension and dimension in _PHYSICAL:
                    low, high = intervals[k]
                    slack = _rounding(following.number) * next_factor
                    converted = following.value * next_factor
                    intervals[k] = (min(low, converted - slack), max(high, converted + slack))
            elif _RANGE_BETWEEN.match(between) and (not quantity.unit or next_dimension == dimension):
                # "between 30 and 40 people", "4.5 million to 5 million tons": one interval
                skip.add(k)
                range_start[k + 1] = range_start.get(k, quantity.start)
                low = quantity.value * (next_factor if not quantity.unit else factor)
                intervals[k + 1] = (min(low, following.value * next_factor), max(low, following.value * next_factor))
        for k, quantity in enumerate(quantities):
            if k in skip or not quantity.unit:
                continue  # "route 14", "a higher figure, 230": too little to tie to anything
            before, after = text[: range_start.get(k, quantity.start)], text[quantity.end:]
            if (
                _RELATIVE_AFTER.match(after)
                or _RELATIVE_BEFORE.search(before)
                or _RELATIVE_INSIDE.search(quantity.unit_text)
                or _PART_OF.match(after)
                or re.match(r"(?:of|out of)\s", quantity.unit_text)  # "two of those bills"
                or _WHOLE_AFTER.search(before)
            ):
                continue
            dimension, factor = _dimension(quantity)
            if (
                quantity.unit in _READINGS
                or _COUNT_PROGRESS.match(after)
                or _COUNTDOWN.match(after)
            ):
                continue
            rate = _RATE.match(after)
            if rate:
                dimension = f"{dimension}/{rate.group(1).lower()}"
            if dimension in (_MONEY | {"%"}) and _CHANGE_BEFORE.search(before):
                dimension = f"{dimension}/change"
            hyphenated = bool(quantity.number) and re.search(re.escape(quantity.number) + r"-[A-Za-z]", quantity.text)
            if hyphenated and dimension not in _PHYSICAL | _MONEY | {"duration", "%"}:
                continue  # "the 122-member chamber", "the 115-yacht fleet": the size of a body, not a count
            if quantity.unit in _BLOC_UNITS and re.search(r"\bthe\s+$", before, re.IGNORECASE):
                continue  # "the 11 nations that adopt the euro", "the 15 nation EU": the name of a bloc
            clause = _clause(text, quantity.start, quantity.end)
            if _HYPOTHETICAL.search(text[clause[0]: quantity.start]):
                continue
            # How far a count has got ("with 70 percent of the votes counted") claims none of the words
            # that say what the clause's other figures measure.
            in_clause = [q for q in quantities if clause[0] <= q.start and q.end <= clause[1]
                         and (q is quantity or not _COUNT_PROGRESS.match(text[q.end:]))]
            stems, words, near = _context(text, quantity, _own_words(quantity, in_clause, clause))
            names_before, names_after = _names(text, quantity, clause)
            previous_end = max((q.end for q in in_clause if q.end <= quantity.start), default=clause[0])
            next_start = min((q.start for q in in_clause if q.start >= quantity.end), default=clause[1])
            level = frozenset({"changed to"}) if _TO_LEVEL.search(text[clause[0]: quantity.start]) else frozenset()
            segment = (max(previous_end, quantity.start - _TIME_WINDOW), min(next_start, quantity.end + _TIME_WINDOW))
            lead = (clause[0], min((q.start for q in in_clause), default=clause[0]))
            head = _head(after) if hyphenated else ""
            modifier = _modifier(quantity)
            if dimension == "%" and (base := _PERCENT_BASE.match(after)):
                base_words = [w for w in base.groups() if w and w.lower() not in _STOP]
                head = _stem(base_words[0]) if base_words else ""  # "96 percent of its income", "95 percent of its earnings"
            population = None
            if dimension == "%":
                population = _share_population(text, quantity, after, clause, shares)
            if dimension == "length" and (extent := _EXTENT.match(after)):
                head = extent.group(1).lower()  # "63 feet long and 78 feet wide": two measures
            low, high = intervals[k]
            if _OR_LESS.match(after) or _WITHIN.search(before):
                low = -math.inf  # "five minutes or less", "within five minutes"
            elif _OR_MORE.match(after):
                high = math.inf
            mentions.append(
                FigureMention(
                    position, sentence.doc_id, quantity, stems,
                    _times(text, segment, lead) | level | setting_markers(sentence, before_each[position], text[clause[0]: clause[1]]),
                    words,
                    names=names_before | names_after, names_after=names_after, dimension=dimension,
                    distance=dimension == "length" and bool(_DISTANCE_AFTER.match(after)), modifier=modifier,
                    near=near, several=bool(_SEVERAL.search(_near_text(text, quantity, clause))), rounding=_rounding(quantity.number) * factor * _scale(quantity), low=low, high=high, head=head,
                    base_value=quantity.value * factor, population=population,
                )
            )
    return mentions


def _own_words(quantity: Quantity, in_clause: Sequence[Quantity], clause: tuple[int, int]) -> tuple[int, int, int, int]:
    """The spans of a figure's clause that say what it measures: before it, and after it.

    In a list of figures of one dimension ("65 percent are stunted and 16
    percent suffer from acute malnutrition") the words after a figure, up to
    the next, are its own, and the words before the first are shared by all;
    the words between an earlier figure and this one belong to the earlier.
    """
    dimension = _dimension(quantity)[0]
    peers = [q for q in in_clause if q is not quantity and _dimension(q)[0] == dimension]
    earlier = [q.start for q in peers if q.end <= quantity.start]
    later = [q.start for q in peers if q.start >= quantity.end]
    before_end = min(earlier) if earlier else quantity.start
    return clause[0], before_end, quantity.end, min(later) if later else clause[1]


_OF_ANTECEDENT = {"whom", "which", "them", "those", "these", "it", "that"}


def _share_population(
    text: str,
    quantity: Quantity,
    after: str,
    clause: tuple[int, int],
    shares: dict[tuple[int, int], tuple[frozenset[float], frozenset[str]]],
) -> tuple[frozenset[float], frozenset[str]]:
    """Who a share is of: its "of ..." phrase; else the group of the clause's first share ("and 20 percent
    suffer"); else the words before it ("toddlers aged one to two, 30 percent of whom")."""
    base = re.match(r"\s*of\s+([A-Za-z]+)", after)
    if base and base.group(1).lower() not in _OF_ANTECEDENT:
        phrase = re.split(r"[,;(]", after[: clause[1] - quantity.end], maxsplit=1)[0]
        words = _TOKEN.findall(phrase)[:_POPULATION_WINDOW]
        population = _population(" ".join(words))
        shares.setdefault(clause, population)
        return population
    if clause in shares:
        return shares[clause]
    population = _population(text[clause[0]: quantity.start])
    shares[clause] = population
    return population


_WITHIN = re.compile(r"\b(?:within|in under|in less than)\s+(?:the\s+)?$", re.IGNORECASE)
_OR_LESS = re.compile(r"\s+or\s+(?:less|fewer|under|below)\b", re.IGNORECASE)
_OR_MORE = re.compile(r"\s+or\s+(?:more|over|above)\b", re.IGNORECASE)
_HEAD_SKIP = re.compile(r"^(?:\s*,?\s*(?:\([^)]*\)|[\d.,]+-[A-Za-z]+|[a-z]+-[A-Za-z]+))*\s*")


def _head(after: str) -> str:
    """The noun an adjectival figure qualifies: "robot arm" → "arm", "a 41-foot, 44,000-pound Zarya" → "zarya"."""
    rest = after[_HEAD_SKIP.match(after).end():]  # type: ignore[union-attr]
    words = re.findall(r"[A-Za-z]+", rest[:60])[:4]
    head = ""
    for word in words:
        if word[0].isupper():
            if head:
                break
            continue  # "a 13-metre Sydney yacht": the yacht
        if word.lower() in _STOP or word.endswith(("ed", "ing")):
            break
        head = word
        if len(head) and words.index(word) >= 2:
            break
    if not head and words and words[0][0].isupper():
        return words[0].lower()
    return _stem(head) if head else ""


_EXTENT = re.compile(r"^\s*(?:\([^)]*\)\s*)?(wide|high|tall|deep|thick|across)\b", re.IGNORECASE)
_FRACTION = re.compile(
    r"\b(?:(?P<qual>about|nearly|almost|some|roughly|more than|over|less than|under)\s+)?"
    r"(?P<num>a|one|two|three|four)[- ](?P<part>half|halves|third|thirds|quarter|quarters|fifth|fifths)\s+of\b",
    re.IGNORECASE,
)
_FRACTION_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_FRACTION_PARTS = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fifth": 5}
_FRACTION_QUALIFIERS = {"more than": "above", "over": "above", "less than": "below", "under": "below"}


def _fractions(text: str) -> list[Quantity]:
    """"two-thirds of children" as a percentage (66.7 %), approximate: a fraction is a rounded share."""
    found = []
    for match in _FRACTION.finditer(text):
        part = _FRACTION_PARTS[match.group("part").lower().rstrip("s")]
        value = 100.0 * _FRACTION_NUMBERS[match.group("num").lower()] / part
        qualifier = _FRACTION_QUALIFIERS.get((match.group("qual") or "").lower(), "approx")
        written = text[match.start(): match.end() - 2].strip()
        found.append(Quantity(written, value, "%", qualifier, match.start(), match.end() - 2, match.group("num")))
    return found


def _modifier(quantity: Quantity) -> str:
    """The word before the unit noun ("gold" in "three gold medals"), or ""."""
    words = quantity.unit_text.split()
    if len(words) < 2:
        return ""
    word = words[-2].lower()
    return "" if word in _STOP or not word.isalpha() else _stem(word)


# "the bombings in Kenya and Tanzania that killed 224": a total over several places or groups.
_SEVERAL = re.compile(r"\b[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*(?:,\s+[A-Z][\w'’.-]+)*,?\s+and\s+[A-Z][\w'’.-]+")


#: Units of one dimension and their factor to its base unit (metres, metres per second, kilograms, seconds).
_DIMENSIONS: dict[str, tuple[str, float]] = {
    "metre": ("length", 1.0), "kilometre": ("length", 1000.0), "km": ("length", 1000.0), "kms": ("length", 1000.0),
    "mile": ("length", 1609.344), "foot": ("length", 0.3048), "feet": ("length", 0.3048), "yard": ("length", 0.9144),
    "centimetre": ("length", 0.01), "cm": ("length", 0.01), "inch": ("length", 0.0254),
    "nautical mile": ("length", 1852.0),
    "mph": ("speed", 0.44704), "kph": ("speed", 1 / 3.6), "kmh": ("speed", 1 / 3.6), "knot": ("speed", 0.514444),
    "lb": ("mass", 0.45359237), "kilogram": ("mass", 1.0), "kg": ("mass", 1.0), "tonne": ("mass", 1000.0),
    "ton": ("mass", 1000.0), "gram": ("mass", 0.001),
    "second": ("duration", 1.0), "minute": ("duration", 60.0), "hour": ("duration", 3600.0),
    "day": ("duration", 86400.0), "week": ("duration", 604800.0), "month": ("duration", 2629800.0),
}


# "nearly two cents" allows a little less than two; "about 50" a little either side; "up to 30" anything to 30.
_BELOW_QUALIFIER = re.compile(r"^(?:nearly|almost|close to|just under)\b", re.IGNORECASE)


_UP_TO_QUALIFIER = re.compile(r"^(?:up to|as many as|as much as)\b", re.IGNORECASE)


#: How far below an "almost"/"nearly" figure the true value may be.
NEARLY_TOLERANCE = 0.15


APPROXIMATE_TOLERANCE = 0.05


def _interval(quantity: Quantity, factor: float) -> tuple[float, float]:
    value = quantity.value * factor
    if quantity.qualifier == "above":
        return value, math.inf
    if quantity.qualifier == "below":
        return -math.inf, value
    if quantity.qualifier == "approx":
        if _BELOW_QUALIFIER.match(quantity.text):
            return value * (1 - NEARLY_TOLERANCE), value
        if _UP_TO_QUALIFIER.match(quantity.text):
            return 0.0, value
        # "about 10 kph" allows 9: a round small number is rounded to its unit at least
        slack = max(value * APPROXIMATE_TOLERANCE, factor if quantity.value <= 20 else 0.0)
        return value - slack, value + slack
    if "." in quantity.number:
        # "4.5 percent" is 4.47 rounded: a decimal is exact to its last digit only
        decimals = len(quantity.number.split(".")[1])
        written = float(quantity.number.replace(",", ""))
        # The scale words' multiplier ("4.2 million": 10**6); a written 0.0 keeps none to recover.
        scale = quantity.value / written if written else 1.0
        slack = 0.499 * 10**-decimals * factor * scale
        return value - slack, value + slack
    return value, value
