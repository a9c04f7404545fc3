"""Find figures that the sources disagree on.

When one article says "212 people were evacuated" and another "230 people
were evacuated", a brief must not pick one silently. But most pairs of
figures that share a unit are about different things: 11 killed in one
bombing and 26 killed by missiles elsewhere, a six-day hearing and a decision
expected in 10 days, a party's 64 seats and the 122-seat chamber, a storm's
180 mph peak and its 30 mph days later. So each figure is read with what it
measures (:class:`FigureMention`):

* its **dimension**, with conversions to one base unit (miles and kilometres
  are one length; "8 mph (13 kph)" is one speed, and the bracketed conversion
  is not a figure of its own but widens the value by its rounding);
* the **measure**: the content words of its own clause near the number
  ("killed", "evacuated", "stunted"), and the noun an adjectival figure
  qualifies ("a six-day *hearing*");
* the **names** of its clause near the number (the entity it is about:
  "in Guatemala", "Cambodian children", "Hun Sen's party");
* the **time** it refers to (weekdays, months, years, "last year", "peak",
  "once", "earlier"; the day a report was *made*, "said Tuesday", is not it);
* its **role**: a part ("64 of the 122"), a whole ("the 122-member
  chamber"), an increment ("another 3,000", "3,000 new"), a reference point
  ("up from", "down from", "on top of"), an example ("if a player made $20
  million"), or a range ("between 30 and 40") are not totals and are left out
  (ranges are kept as an interval).

Two figures are taken to be about *the same quantity* (:func:`same_figure`)
when they come from different documents, have one dimension, agree on time,
name no different entities, share a measure word (or a name, for physical
measurements), and their sentences are similar (cosine at least
``min_similarity``: the pipeline passes its embedder's ``conflict_similarity``).
They *disagree* when their values cannot both be true: "more than 200" and
230 agree, and so do "nearly two cents" and 1.75 cents or 290 and 289 kph
given as conversions of 180 mph.

Each disagreement becomes one :class:`~summarize.document.Conflict` listing
every value of its group with the sources that give it, newest source first.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from summarize.document import Conflict, ConflictValue, Document, Sentence
from summarize.graph.similarity import SimilarityLike, pair_similarities
from summarize.text.dates import MONTHS, WEEKDAY, WEEKDAYS
from summarize.text.facts import Quantity, extract_quantities, unit_family, values_compatible

__all__ = [
    "FigureMention",
    "MAX_RATIO",
    "figure_mentions",
    "figures_disagree",
    "values_compatible",
    "same_figure",
    "find_conflicts",
    "states_value",
]

_CONTEXT_WINDOW = 5  # content words each side of the number, within its clause
_NEAR_WINDOW = 2  # the content words each side that say what a figure measures
_NAME_WINDOW = 5  # words each side of the number in which a name tells what the figure is about
#: One shared measure word is enough only for sentences this much more similar than ``min_similarity``
#: (or that name the same entity near the figure); otherwise two are needed.
STRONG_SIMILARITY_MARGIN = 0.1
#: Figures further apart than this factor are never the same figure ($70 million vs $450 million).
MAX_RATIO = 3.0
# A figure followed by these words is a change or a part, not a total:
# "two metres above", "40 extra sailings", "three other states".
_RELATIVE_AFTER = re.compile(
    r"\s*(?:above|below|higher|lower|more|less|fewer|up|down|short|ahead|behind|beyond|over|under|"
    r"extra|other|additional|further|new|to\s+(?:US\$|\$|€|£)?\d)\b",
    re.IGNORECASE,
)
# ... and one after these is a reference point, a change or a part: "up from $32 million", "rose by 3.5%",
# "another 3,000", "a majority of 64".
_RELATIVE_BEFORE = re.compile(
    r"\b(?:from|by|than|every|compared with|compared to|against|rise of|fall of|increase of|decrease of|"
    r"on top of|another|a further|an additional|an extra|additional|further|majority of|margin of|lead of|"
    r"per|each|between|toward|towards|remaining|the first|the last|the final|above|below|exceeding|beyond|(?:a |the )?minimum(?: of)?|"
    r"(?:a |the )?maximum(?: of)?|threshold of|target of|limit of|cap of)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_RELATIVE_INSIDE = re.compile(r"\b(?:extra|other|additional|further|more)\b", re.IGNORECASE)
# "64 of the 122 seats": 64 is a part, 122 the whole.
_PART_OF = re.compile(
    r"^\s+(?:of|out of)\s+(?:(?:the|its|their|all|those|these)\b|(?:US\$|\$|€|£)?\d)", re.IGNORECASE
)
# "with 56 percent of the votes counted": how far a count has got, not a figure of the race.
_COUNT_PROGRESS = re.compile(
    r"^\s+of\s+(?:the\s+)?(?:votes?|ballots?|precincts?|polling stations?)\s+(?:counted|tallied|reporting|in)\b",
    re.IGNORECASE,
)
# "with four days until the money runs out": a countdown from the day of writing.
_COUNTDOWN = re.compile(r"^\s+(?:until|till|before|left|to go|remaining)\b", re.IGNORECASE)
# "the deficit rose 15.3 percent", "shares fell $2": a change, compared only with changes.
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|rise|rises|rising|fell|fall|falls|falling|jumped|dropped|climbed|gained|slipped|declined|"
    r"increased|decreased|grew|surged|plunged|tumbled|soared|slumped|lost|added|shed|cut)\s+(?:by\s+|about\s+|some\s+)?"
    r"(?:(?:US\$|\$|€|£)?[\d.,]+\s*(?:cents?|points?)?,?\s+or\s+)?$",
    re.IGNORECASE,
)
# "$400 million a day": a rate, compared only with rates.
_RATE = re.compile(r"^\s+(?:a|an|per|each|every)\s+(day|week|month|year|hour|season|minute)\b", re.IGNORECASE)
# Temperatures are readings of a place at an hour: two of them are almost never one quantity.
_READINGS = {"celsius", "fahrenheit", "degree", "gmt", "utc"}
_PERCENT_BASE = re.compile(r"^\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|all\s+)?([A-Za-z][\w-]*)(?:\s+([a-z][\w-]*))?")
_WHOLE_AFTER = re.compile(r"\b(?:of|out of)\s+(?:the\s+|its\s+|their\s+|all\s+)?$", re.IGNORECASE)
# A clause that only supposes or illustrates: "if a player made $20 million", "for example".
_HYPOTHETICAL = re.compile(r"\b(?:if|for example|for instance|such as|unless)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";|:|\s--?\s|—|–|,\s+(?:but|while|whereas|and)\s|\.\s|\bwhile\b|\bwhereas\b")

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
_PHYSICAL = {"length", "mass", "speed"}
_BLOC_UNITS = {"nation", "country", "state", "member", "republic", "member state"}
# "Kalima, 80 kilometers northeast of Kindu": a distance from a named place.
_DISTANCE_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)"
    r"(?:ern)?\b|outside\b|from\b|off\b|away\b|inland\b|short of\b)",
    re.IGNORECASE,
)
# Unit words say nothing about what is measured ("the 50-foot arm" and "the 44,000-pound module").
_UNIT_STEMS = {"feet", "foot", "pound", "mile", "kilomet", "meter", "metr", "ton", "tonn", "minut", "hour", "day",
               "week", "month", "percent", "mph", "kph", "kilogram", "inch", "yard"}
_MONEY = {"$", "€", "£", "¥"}
# Words that say *when* a figure held, not what it measures.
_PAST_MARKERS = {
    "once", "peak", "peaked", "earlier", "previously", "initially", "former", "formerly", "ago", "before",
    "last year", "last week", "last month", "a year before", "a year earlier", "originally", "then",
    # ... or a time that has not come: a forecast is not a report ("in the next 18 months")
    "next", "next year", "next week", "next month", "next season",
    # ... or the level after a change ("raised it to an orbit about 230 km", "rose to 231")
    "changed to",
}
_TO_LEVEL = re.compile(
    r"\b(?:rais(?:e|es|ed|ing)|rose|risen|climbed|jumped|increased|fell|fallen|dropped|cut|lowered|reduced|"
    r"brought|bringing|widen(?:ed)?|boost(?:ed)?)\b[^.;,]{0,30}?\bto\s+(?:(?:an?|the)\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_TIME_WORDS = re.compile(
    r"\b(?:once(?!\s+(?:it|the|they|he|she|we|a|an|its|this|that|there)\b)|peak(?:ed)?|earlier|previously|initially|former(?:ly)?|ago|originally|then|"
    r"(?:last|this|next) (?:year|week|month|season)|a year (?:before|earlier|ago)|now|currently|still|since|"
    r"next|"
    + "|".join(WEEKDAYS)
    + "|"
    + "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
    + r"|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# "said on Tuesday" dates the report and "since Monday" a start, not the figure.
_NOT_THE_FIGURES_DAY = re.compile(
    r"\b(?:(?:said|says|told \w+|announced|reported|added|confirmed|stated)\s+(?:on|late on|early on)?\s*|since\s+|"
    r"until\s+)(?:\w+\s+)?" + WEEKDAY + r"\b",
    re.IGNORECASE,
)
_NAME_STARTERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "in", "on", "at", "but", "and", "if", "as", "when", "while",
    "after", "before", "since", "by", "for", "with", "from", "of", "to", "about", "some", "more", "nearly", "there",
    "this", "that", "these", "those", "his", "her", "their", "its", "officials", "police", "mr", "mrs", "ms", "dr",
    "lt", "col", "gen", "sen", "rep", "gov", "president", "prime", "minister", "spokesman", "spokeswoman",
    "according", "also", "still", "thirty", "twenty", "forty", "fifty", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "i", "you", "among", "despite", "during", "until", "over", "under",
}

_STOP = {
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as",
    "was", "were", "is", "are", "be", "been", "being", "has", "had", "have", "will", "would", "could",
    "should", "may", "might", "can", "that", "this", "these", "those", "it", "its", "they", "them", "their",
    "he", "she", "his", "her", "we", "our", "which", "who", "whom", "what", "when", "where", "than", "then",
    "there", "about", "around", "more", "most", "some", "any", "all", "after", "before", "into", "over",
    "under", "up", "down", "out", "off", "so", "not", "no", "also", "only", "just", "said", "says", "say",
    "told", "according", "reported", "added", "stated", "announced", "estimated", "figure", "figures",
    "number", "total", "least", "nearly", "almost", "roughly", "approximately", "much", "many", "as",
    "per", "cent", "percent", "million", "billion", "thousand", "hundred", "since", "until", "while",
    "if", "because", "did", "do", "does", "other", "another", "each", "every", "both", "such", "own",
    "same", "new", "last", "first", "second", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "a.m", "p.m", "normally", "usually", "typically", "already", "even", "now", "again",
    "still", "every", "today", "yesterday", "week", "month", "year", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "people", "officials", "official", "spokesman", "say", "put", "made", "make",
    "get", "got", "took", "take", "well", "way", "time", "times", "least", "some", "near", "nearly", "like",
    "including", "include", "included", "based", "just", "worth", "currently", "once", "earlier", "peak",
    "percent", "dlrs", "dollars", "next", "ago", "within", "away", "whose", "whom", "than", "late", "early",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,$€£-]*")


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


def _stem(word: str) -> str:
    from nltk.stem.porter import PorterStemmer

    word = re.sub(r"['’]s?$", "", word.lower())
    stemmed = _STEMS.get(word)
    if stemmed is None:
        stemmed = _STEMS[word] = PorterStemmer().stem(word)
    return stemmed


_STEMS: dict[str, str] = {}


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The character span of the clause holding ``text[start:end]``."""
    clause_start, clause_end = 0, len(text)
    for match in _CLAUSE_BREAK.finditer(text):
        if match.end() <= start:
            clause_start = match.end()
        elif match.start() >= end:
            clause_end = match.start()
            break
    return clause_start, clause_end


# "(compared to the $10 million Fitzgerald has spent)": an aside about something else.
_ASIDE = re.compile(r"\([^()]{12,}\)")


def _context(
    text: str, quantity: Quantity, clause: tuple[int, int]
) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """Stems of the content words around the figure in its clause, those words as written, and the nearest ones.

    The nearest are the two content words each side of the number: what it
    most likely measures ("killed", "evacuated").
    """

    def content(words: list[str]) -> list[str]:
        return [w.lower() for w in words if w.lower() not in _STOP and not w[0].isupper() and len(w) > 2]

    before = content(_WORD.findall(_ASIDE.sub(" ", text[clause[0]: quantity.start])))[-_CONTEXT_WINDOW:]
    after = content(_WORD.findall(_ASIDE.sub(" ", text[quantity.end: clause[1]])))[:_CONTEXT_WINDOW]
    unit_stems = {_stem(w) for w in _WORD.findall(quantity.text)} | {quantity.unit} | _UNIT_STEMS
    words = tuple(w for w in before + after if _stem(w) not in unit_stems)
    near = [w for w in before if _stem(w) not in unit_stems][-_NEAR_WINDOW:]
    near += [w for w in after if _stem(w) not in unit_stems][:_NEAR_WINDOW]
    return frozenset(_stem(w) for w in words), words, frozenset(_stem(w) for w in near)


def _names(text: str, quantity: Quantity, clause: tuple[int, int]) -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case words of the capitalised names near the figure in its clause, before it and after it.

    ("Kindu, 380 kilometers west of Goma": ``{"kindu"}`` and ``{"goma"}``.)
    """

    def names(tokens: list[str]) -> frozenset[str]:
        found = set()
        for token in tokens:
            word = re.sub(r"(?:['’]s|['’])$", "", token).strip(".,;:-")
            if not word or not word[0].isupper() or len(word) < 2:
                continue
            lowered = word.lower()
            if lowered not in _NAME_STARTERS and lowered not in WEEKDAYS and lowered not in MONTHS:
                found.add(lowered)
        return frozenset(found)

    before = _TOKEN.findall(text[clause[0]: quantity.start])[-_NAME_WINDOW:]
    after = _TOKEN.findall(text[quantity.end: clause[1]])[:_NAME_WINDOW]
    return names(before), names(after)


_TIME_WINDOW = 60  # characters each side of the figure, within its clause, that can date it


def _times(text: str, segment: tuple[int, int], lead: tuple[int, int]) -> frozenset[str]:
    """The times that date a figure ("monday", "peak", "last year"), not the day it was reported.

    ``segment`` is the figure's stretch of its clause, up to the figures
    either side ("1 percent in October and 1.6 percent in November": each
    its own month); when it names no time, the clause's opening before its
    first figure ("By late Sunday, ...") dates every figure of the clause.
    """

    def found(start: int, end: int) -> frozenset[str]:
        near = _NOT_THE_FIGURES_DAY.sub(" ", text[start:end])
        return frozenset(m.group(0).lower() for m in _TIME_WORDS.finditer(near))

    return found(*segment) or found(*lead)


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
        slack = 0.499 * 10**-decimals * factor * (quantity.value / float(quantity.number.replace(",", "")))
        return value - slack, value + slack
    return value, value


_CONVERSION_BETWEEN = re.compile(r"^\s*\(\s*(?:dlrs|US\$|about|some|nearly|around)?\s*$", re.IGNORECASE)
_RANGE_BETWEEN = re.compile(r"^\s*(?:to|-|–|and|or)\s*$", re.IGNORECASE)


def figure_mentions(sentences: Sequence[Sentence]) -> list[FigureMention]:
    """Every total of every sentence with what it measures; parts, changes, examples and conversions left out."""
    mentions = []
    for position, sentence in enumerate(sentences):
        text = sentence.text
        quantities = [q for q in extract_quantities(text) if not q.unit.startswith("vote:") and q.unit != "year"]
        fractions = _fractions(text)
        quantities = sorted(
            [q for q in quantities if not any(f.start <= q.start < f.end for f in fractions)] + fractions,
            key=lambda q: q.start,
        )
        skip: set[int] = set()
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
            stems, words, near = _context(text, quantity, clause)
            names_before, names_after = _names(text, quantity, clause)
            in_clause = [q for q in quantities if clause[0] <= q.start and q.end <= clause[1]]
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
            if dimension == "length" and (extent := _EXTENT.match(after)):
                head = extent.group(1).lower()  # "63 feet long and 78 feet wide": two measures
            low, high = intervals[k]
            if _OR_LESS.match(after):
                low = -math.inf  # "five minutes or less"
            elif _OR_MORE.match(after):
                high = math.inf
            mentions.append(
                FigureMention(
                    position, sentence.doc_id, quantity, stems, _times(text, segment, lead) | level, words,
                    names=names_before | names_after, names_after=names_after, dimension=dimension,
                    distance=dimension == "length" and bool(_DISTANCE_AFTER.match(after)), modifier=modifier,
                    near=near, several=bool(_SEVERAL.search(_near_text(text, quantity, clause))), rounding=_rounding(quantity.number) * factor * _scale(quantity), low=low, high=high, head=head,
                    base_value=quantity.value * factor,
                )
            )
    return mentions


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


def _near_text(text: str, quantity: Quantity, clause: tuple[int, int]) -> str:
    """The clause around a figure, as far as its names are read (:data:`_NAME_WINDOW` words each side)."""
    before = text[clause[0]: quantity.start].split()[-_NAME_WINDOW:]
    after = text[quantity.end: clause[1]].split()[:_NAME_WINDOW]
    return " ".join(before + after)


def _times_differ(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two figures are dated to different times (Monday and Thursday; a peak and a later reading)."""
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
    if first.modifier and second.modifier and first.modifier != second.modifier:
        return False  # three gold medals, five bronze medals
    shared_names = bool(first.names & second.names)
    if first.head in _EXTENT_HEADS or second.head in _EXTENT_HEADS:
        if first.head != second.head:
            return False
    elif _heads_differ(first, second) and not shared_names:
        return False  # a 50-foot arm, a 41-foot module
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


def _find(parent: list[int], item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _value_text(quantity: Quantity) -> str:
    text = quantity.text
    return text[:1].lower() + text[1:] if quantity.qualifier != "exact" else text


def find_conflicts(
    sentences: Sequence[Sentence],
    similarity: SimilarityLike,
    *,
    min_similarity: float,
    min_shared_words: int = 1,
    citations: Mapping[str, int] | None = None,
    documents: Mapping[str, Document] | None = None,
    mentions: Sequence[FigureMention] | None = None,
) -> list[Conflict]:
    """Conflicting figures among ``sentences`` (``similarity`` is their cosine matrix).

    ``citations`` numbers the documents as the brief's source list does;
    ``documents`` gives publication dates for the newest-first order. Values
    whose documents are undated come last. Conflicts are returned in the
    order of their first mention.
    """
    citations = citations or {}
    documents = documents or {}
    mentions = list(mentions) if mentions is not None else figure_mentions(sentences)
    parent = list(range(len(mentions)))
    candidates = _candidate_pairs(mentions, min_shared_words)
    pair_similarity = pair_similarities(
        similarity,
        np.asarray([mentions[i].sentence for i, _ in candidates], dtype=np.int64),
        np.asarray([mentions[j].sentence for _, j in candidates], dtype=np.int64),
    )
    disputed_roots: list[tuple[int, int]] = []
    agreeing: list[tuple[int, int]] = []
    in_sentence: dict[tuple[int, str], list[FigureMention]] = {}
    for mention in mentions:
        in_sentence.setdefault((mention.sentence, mention.dimension), []).append(mention)
    for (i, j), pair_cosine in zip(candidates, pair_similarity.tolist()):
        first, second = mentions[i], mentions[j]
        if not same_figure(first, second, pair_cosine, min_similarity=min_similarity, min_shared_words=min_shared_words):
            continue
        if figures_disagree(first, second):
            # "the 50-foot arm ... the 41-foot module" against "the 50-foot arm": the other sentence
            # states this value too, so its differing figure is about something else.
            if _states_value(in_sentence[second.sentence, second.dimension], first) or _states_value(
                in_sentence[first.sentence, first.dimension], second
            ):
                continue
            disputed_roots.append((i, j))
        else:
            agreeing.append((i, j))
    # A conflict is what the disagreeing pairs hold together, plus the values that agree with one of
    # them directly ("more than 200" beside 212 and 230): chains of agreement would pull in other figures.
    for i, j in disputed_roots:
        parent[_find(parent, j)] = _find(parent, i)
    members: dict[int, set[int]] = {}
    for i, j in disputed_roots:
        members.setdefault(_find(parent, i), set()).update((i, j))
    disputed_at = {i: root for root, nodes in members.items() for i in nodes}
    for i, j in agreeing:
        if i in disputed_at and j not in disputed_at:
            members[disputed_at[i]].add(j)
        elif j in disputed_at and i not in disputed_at:
            members[disputed_at[j]].add(i)
    groups = sorted((sorted(nodes) for nodes in members.values()), key=lambda nodes: nodes[0])
    return [_conflict([mentions[i] for i in group], sentences, citations, documents) for group in groups]


def _states_value(candidates: Sequence[FigureMention], mention: FigureMention) -> bool:
    return any(
        other is not mention and not figures_disagree(other, mention) and not _heads_differ(other, mention)
        for other in candidates
    )


def _heads_differ(first: FigureMention, second: FigureMention) -> bool:
    """Two measures of one dimension: "63 feet long" and "78 feet wide", "a 50-foot arm" and "a 41-foot module"."""
    if first.head in _EXTENT_HEADS or second.head in _EXTENT_HEADS:
        return first.head != second.head
    return bool(first.head and second.head and first.head != second.head)


_EXTENT_HEADS = {"wide", "high", "tall", "deep", "thick", "across"}


def _features(mention: FigureMention) -> set[str]:
    """What two mentions must share one of to be compared: a context word, or a name for a physical measure."""
    features = set(mention.context)
    if mention.dimension in _PHYSICAL:
        features |= {"name:" + name for name in mention.names}
    return features


def _candidate_pairs(mentions: Sequence[FigureMention], min_shared_words: int) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, that pass the cheap rules of :func:`same_figure`.

    Comparing every pair is quadratic in Python: a thousand articles hold
    tens of thousands of figures. Pairs are formed only within a dimension
    and, through a sparse product, only between mentions sharing a context
    word (or a name, for lengths, weights and speeds); documents and value
    ratios are then checked in bulk. The other rules stay with
    :func:`same_figure`, so the result is the same as comparing all pairs.
    """
    families: dict[str, list[int]] = {}
    for i, mention in enumerate(mentions):
        if mention.dimension:
            families.setdefault(mention.dimension, []).append(i)
    docs = np.asarray([m.doc_id for m in mentions], dtype=object)
    values = np.abs(np.asarray([m.base_value for m in mentions], dtype=float))
    pairs: list[tuple[int, int]] = []
    for members in families.values():
        if len(members) < 2:
            continue
        index = np.asarray(members)
        columns: dict[str, int] = {}
        rows, cols = [], []
        for row, i in enumerate(members):
            for feature in _features(mentions[i]):
                rows.append(row)
                cols.append(columns.setdefault(feature, len(columns)))
        if not rows:
            continue
        incidence = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(members), len(columns))
        )
        shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
        keep = shared.data >= 1
        left, right = shared.row[keep], shared.col[keep]
        first, second = index[left], index[right]
        low = np.minimum(values[first], values[second])
        high = np.maximum(values[first], values[second])
        with np.errstate(divide="ignore", invalid="ignore"):
            keep = (docs[first] != docs[second]) & (low > 0) & (high <= MAX_RATIO * low * (1 + 1e-9))
        order = np.lexsort((second[keep], first[keep]))
        pairs.extend(zip(first[keep][order].tolist(), second[keep][order].tolist()))
    pairs.sort()
    return pairs


def _conflict(
    group: Sequence[FigureMention],
    sentences: Sequence[Sentence],
    citations: Mapping[str, int],
    documents: Mapping[str, Document],
) -> Conflict:
    by_reading: dict[tuple[float, str], list[FigureMention]] = {}
    for mention in group:
        by_reading.setdefault((mention.quantity.value, mention.quantity.qualifier), []).append(mention)
    values = []
    for (value, _), mentions in by_reading.items():
        written = Counter(_value_text(m.quantity) for m in mentions).most_common()
        text = min((w for w, count in written if count == written[0][1]), key=len)
        doc_ids = list(dict.fromkeys(m.doc_id for m in mentions))
        dates = [published for d in doc_ids if d in documents and (published := documents[d].published) is not None]
        latest = max(dates) if dates else None
        values.append(
            ConflictValue(
                text=text,
                value=value,
                unit=next((m.quantity.unit for m in mentions if m.quantity.unit), ""),
                citations=tuple(sorted({citations[d] for d in doc_ids if d in citations})),
                sentence_ids=tuple(dict.fromkeys(sentences[m.sentence].id for m in mentions)),
                latest=latest.isoformat(timespec="minutes") if isinstance(latest, _dt.datetime) else None,
            )
        )
    # Newest first; undated last; then the more widely reported value first.
    values.sort(key=lambda v: (v.latest is None, _negated(v.latest), -len(v.citations), v.value))
    shared = Counter(word for m in group for word in m.context)
    spelled = {_stem(word): word for m in reversed(group) for word in m.words}
    # Ties go to the word read first: ``context`` is a set, whose order changes with the hash seed.
    first_seen: dict[str, int] = {}
    for m in group:
        for word in m.words:
            first_seen.setdefault(_stem(word), len(first_seen))
    ranked = sorted(shared.items(), key=lambda item: (-item[1], first_seen.get(item[0], len(first_seen)), item[0]))
    subject = " ".join(spelled.get(stem, stem) for stem, count in ranked[:3] if count > 1)
    unit = next((v.unit for v in values if v.unit), "")
    return Conflict(subject=subject, unit=unit, values=tuple(values))


def _negated(latest: str | None) -> tuple[int, ...]:
    if latest is None:
        return ()
    moment = _dt.datetime.fromisoformat(latest)
    return (-moment.toordinal(), -(moment.hour * 60 + moment.minute))


def states_value(text: str, conflict: Conflict) -> bool:
    """Whether ``text`` states one of the values of ``conflict`` (a brief sentence that can carry its note)."""
    values = {(v.value, v.unit) for v in conflict.values}
    return any((q.value, q.unit) in values for q in extract_quantities(text))
