"""Check that every brief sentence is backed by what its sources say.

A brief sentence carries *evidence*: the source sentences (document and
position) of its redundancy cluster, each marked as the sentence the text was
taken from, one that supports it, one that says the same with fewer details,
or one that gives a different figure. The check reads three kinds of facts
from a sentence and looks for each in the evidence:

* numbers with what they count: ``230 people``, ``$4.2 million``,
  ``3.5 percent``, ``four people`` (counts written as words), ``9-2`` votes;
* dates and times: ``Tuesday``, ``March 11``, ``June 2024``, ``7:40 a.m.``;
* named entities: capitalised names such as ``Dr. Samuel Okafor``.

A fact missing from the evidence becomes an ``unsupported-*`` :class:`Flag`;
the pipeline replaces a generated sentence with such a flag by the extractive
one. Extraction is rule-based on purpose: it needs no model, it is fast, and a
reader can see why a fact was or was not matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from summarize.document import Evidence, Flag, Sentence

__all__ = [
    "Fact",
    "Quantity",
    "GuardVerdict",
    "extract_quantities",
    "extract_dates",
    "extract_entities",
    "extract_facts",
    "units_compatible",
    "values_compatible",
    "APPROXIMATE_TOLERANCE",
    "unsupported_facts",
    "differing_figures",
    "build_evidence",
    "check_generated",
]

# --------------------------------------------------------------------------
# Numbers

_SMALL = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000}
# "one" is left out: "one of the", "no one" and "one day" are not counts.
# ... but it may continue a number: "thirty-one", "two hundred and one".
_WORD_NUMBER = r"(?:{small})(?:[- ](?:and[- ])?(?:{small}|one|hundred|thousand))*".format(
    small="|".join(sorted(_SMALL, key=len, reverse=True))
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUALIFIERS = {
    "more than": "above", "over": "above", "at least": "above", "upwards of": "above", "in excess of": "above",
    "nearly": "approx", "almost": "approx", "about": "approx", "around": "approx", "roughly": "approx",
    "approximately": "approx", "some": "approx", "an estimated": "approx", "close to": "approx",
    "as much as": "approx", "as many as": "approx", "up to": "approx", "less than": "below",
    "fewer than": "below", "under": "below", "at most": "below", "no more than": "below",
}
_QUALIFIER = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_CURRENCY = {"$": "$", "us$": "$", "€": "€", "£": "£", "¥": "¥"}
_QUANTITY = re.compile(
    rf"(?:\b(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?P<cur>US\$|\$|€|£|¥)?\s?"
    rf"(?P<num>(?<![\w.,])(?:{_DIGITS})(?![\w])|\b{_WORD_NUMBER}\b)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn)\b)?"
    r"(?P<pct>\s?%|\s(?:percent|per cent)\b)?",
    re.IGNORECASE,
)
_VOTE = re.compile(r"(?<![\w.-])(\d{1,3})-(\d{1,3})(?![\w-])")
_UNIT_SKIP = {
    "extra", "more", "new", "additional", "other", "permanent", "full-time", "part-time", "local", "further",
    "million", "billion", "thousand", "hundred", "of", "the", "those", "them",
}
_NOT_UNITS = {
    "and", "or", "to", "a", "an", "in", "on", "at", "by", "for", "from", "with", "was", "were", "is", "are",
    "has", "had", "have", "will", "would", "could", "said", "says", "that", "which", "who", "as", "than",
    "per", "p", "a.m", "p.m", "be", "been", "it", "its", "their", "his", "her", "this", "these", "he", "she",
    "they", "we", "i", "but", "so", "if", "when", "after", "before", "since", "until", "into", "onto",
}
_PERSON_UNITS = {
    "people", "person", "resident", "worker", "employee", "job", "staff", "passenger", "motorist", "commuter",
    "civilian", "inhabitant", "individual", "victim",
}
_UNIT_SPELLING = {"meter": "metre", "kilometer": "kilometre", "centimeter": "centimetre", "liter": "litre",
                  "dollar": "$", "usd": "$", "euro": "€", "pound": "£", "persons": "people"}


@dataclass(frozen=True)
class Quantity:
    """A number as written, read as a value with what it counts.

    ``value`` includes scale words ($4.2 million → 4200000). ``unit`` is a
    normalised noun ("people", "home", "metre"), ``"$"``/``"€"``/``"£"`` for
    money, ``"%"`` for percentages, or ``""`` when nothing follows.
    ``qualifier`` is ``"exact"``, ``"approx"`` (about, nearly, as much as),
    ``"above"`` (more than, at least) or ``"below"`` (fewer than).
    ``start``/``end`` are character offsets in the sentence.
    """

    text: str
    value: float
    unit: str
    qualifier: str
    start: int
    end: int
    number: str = ""  # the number alone as written ("1,400", "four")

    @property
    def unit_text(self) -> str:
        """What follows the number in ``text`` ("permanent jobs" in "1,200 permanent jobs")."""
        at = self.text.find(self.number) if self.number else -1
        return self.text[at + len(self.number):].strip(" -") if at >= 0 else ""


def _word_number(text: str) -> float | None:
    total, current = 0, 0
    for word in re.split(r"[- ]+", text.lower()):
        if word == "and" or not word:
            continue
        if word in _SMALL or word == "one":
            current += _SMALL.get(word, 1)
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return float(total + current)


def _normalise_unit(word: str) -> str:
    word = word.lower().strip(".,;:'’\"")
    word = _UNIT_SPELLING.get(word, word)
    if word in ("people", "staff", "$", "€", "£", "%"):
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    word = _UNIT_SPELLING.get(word, word)
    if word.endswith("ee") and word[:-1] in ("home", "metre"):  # "homees" never; keep regular
        word = word[:-1]
    return word


def _unit_after(text: str, end: int) -> tuple[str, int]:
    """The noun a number counts ("230 people were ..." → "people") and where it ends."""
    rest = text[end:]
    match = re.match(r"(?:-|\s+)", rest)
    if not match:
        return "", end
    position = end + match.end()
    for _ in range(3):
        word_match = re.match(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*", text[position:])
        if not word_match:
            return "", end
        word = word_match.group(0)
        lowered = word.lower()
        if lowered in _UNIT_SKIP:
            position += word_match.end()
            space = re.match(r"\s+", text[position:])
            if not space:
                return "", end
            position += space.end()
            continue
        if lowered in _NOT_UNITS or lowered.startswith(("a.m", "p.m")):
            return "", end
        # "28-nanometre" and "71-year-old": the first part is the unit.
        return _normalise_unit(lowered.split("-")[0]), position + word_match.end()
    return "", end


def _is_year(number: str, match: re.Match[str]) -> bool:
    return (
        re.fullmatch(r"1[89]\d\d|20\d\d|2100", number) is not None
        and not match.group("cur")
        and not match.group("scale")
        and not match.group("pct")
    )


def extract_quantities(text: str) -> list[Quantity]:
    """Every number of ``text`` that is not part of a date or time, with its unit.

    Years (1800–2100 written bare) and clock times are dates, not quantities;
    see :func:`extract_dates`.
    """
    taken = [(start, end) for start, end, _ in _date_spans(text)]
    quantities: list[Quantity] = []
    for match in _VOTE.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        taken.append((match.start(), match.end()))
        quantities.append(Quantity(match.group(0), float("nan"), "vote:" + match.group(0), "exact",
                                   match.start(), match.end(), match.group(0)))
    for match in _QUANTITY.finditer(text):
        number = match.group("num")
        start, end = match.start("num"), match.end()
        if any(a < end and start < b for a, b in taken):
            continue
        if number[0].isdigit():
            if _is_year(number, match) or text[match.end("num"): match.end("num") + 1] == ":":
                continue
            value = float(number.replace(",", ""))
        else:
            parsed = _word_number(number)
            if parsed is None:
                continue
            value = parsed
        if match.group("scale"):
            value *= _SCALES[match.group("scale").lower()]
        unit = ""
        if match.group("cur"):
            unit = _CURRENCY[match.group("cur").lower()]
        if match.group("pct"):
            unit = "%"
        unit_end = end
        if not unit:
            unit, unit_end = _unit_after(text, end)
            if unit in ("$", "€", "£"):
                pass
        elif unit in _CURRENCY.values():
            # "$450 million in grants": the money is the unit; the noun is context.
            unit_end = end
        qualifier_text = (match.group("qual") or "").lower()
        qualifier = _QUALIFIERS.get(qualifier_text, "exact")
        span_start = match.start("qual") if match.group("qual") else match.start("cur") if match.group("cur") else start
        taken.append((span_start, end))
        written = text[span_start:unit_end].strip()
        quantities.append(Quantity(written, value, unit, qualifier, span_start, unit_end, number))
    quantities.sort(key=lambda q: q.start)
    return quantities


def units_compatible(first: str, second: str) -> bool:
    """Whether two units can count the same thing.

    An empty unit ("a higher figure, 230") is compatible with anything; counts
    of people ("people", "jobs", "workers") are compatible with each other,
    because news writes "employ 1,200 people" and "create 1,500 jobs" for one
    figure.
    """
    if not first or not second or first == second:
        return True
    if first.startswith("vote:") or second.startswith("vote:"):
        return False
    return first in _PERSON_UNITS and second in _PERSON_UNITS


def unit_family(unit: str) -> str:
    """A key under which every two non-empty, non-vote units are compatible exactly when their keys are equal.

    It lets callers compare figures within groups instead of all pairs.
    """
    return "people" if unit in _PERSON_UNITS else unit


#: How far (relative) an "about"/"nearly" figure may be from an exact one and agree.
APPROXIMATE_TOLERANCE = 0.05


def _interval(quantity: Quantity) -> tuple[float, float]:
    value = quantity.value
    if quantity.qualifier == "above":
        return value, float("inf")
    if quantity.qualifier == "below":
        return float("-inf"), value
    if quantity.qualifier == "approx":
        return value * (1 - APPROXIMATE_TOLERANCE), value * (1 + APPROXIMATE_TOLERANCE)
    return value, value


def values_compatible(first: Quantity, second: Quantity) -> bool:
    """Whether two figures can both be true ("more than 200" and 212 can; 212 and 230 cannot).

    Exact figures must be equal; "about"/"nearly"/"as much as" figures may be
    off by :data:`APPROXIMATE_TOLERANCE`; "more than"/"at least" and "fewer
    than" figures are open intervals.
    """
    low_a, high_a = _interval(first)
    low_b, high_b = _interval(second)
    slack = 1e-9 * max(1.0, abs(first.value), abs(second.value))
    return low_a <= high_b + slack and low_b <= high_a + slack


def _same_number(first: Quantity, second: Quantity) -> bool:
    if first.unit.startswith("vote:") or second.unit.startswith("vote:"):
        return first.unit == second.unit
    if not units_compatible(first.unit, second.unit):
        return False
    return abs(first.value - second.value) <= 1e-9 * max(1.0, abs(first.value))


# --------------------------------------------------------------------------
# Dates and times

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
    return _MONTHS[word.lower().rstrip(".")]


def _date_spans(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """``(start, end, components)`` of every date or time; components read "month:3", "day:3-11"."""
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
                year, month, day = map(int, groups)
                parts = {f"year:{year}", f"month:{month}", f"day:{month}-{day}"}
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
    return spans


def extract_dates(text: str) -> list[tuple[str, frozenset[str]]]:
    """Dates and times of ``text`` as written, each with its components."""
    return [(text[start:end], parts) for start, end, parts in _date_spans(text)]


# --------------------------------------------------------------------------
# Named entities

_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "lt", "gov", "sen", "rep", "gen", "col", "maj", "capt", "sgt", "st", "jr",
    "sr", "rev", "mayor", "president", "minister", "governor", "councillor", "councilor", "judge", "chief",
    "sir", "lady", "lord", "king", "queen", "prince", "princess", "pope", "senator", "inspector", "officer",
}
_COMMON_STARTERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "but",
    "and", "or", "so", "yet", "however", "meanwhile", "in", "on", "at", "for", "by", "with", "from", "after",
    "before", "during", "when", "while", "if", "as", "since", "although", "though", "because", "there",
    "his", "her", "their", "its", "our", "my", "your", "some", "many", "most", "all", "both", "each",
    "every", "no", "nobody", "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "early", "late", "later", "earlier", "officials", "police", "authorities",
    "residents", "witnesses", "engineers", "experts", "analysts", "critics", "drivers", "divers", "crews",
    "about", "around", "more", "nearly", "almost", "roughly", "still", "also", "then", "now", "today",
    "yesterday", "tomorrow", "last", "next", "according", "until", "what", "who", "why", "how", "where",
    "which", "such", "other", "another", "even", "only", "just", "not", "never", "up", "over", "under",
    "despite", "instead", "once", "than", "to", "of", "is", "was", "are", "were", "do", "does", "did",
}
_CONNECTORS = {"of", "de", "del", "da", "du", "van", "von", "der", "den", "la", "le", "&"}
_ENTITY_TOKEN = re.compile(r"[A-Z][\w'’.&-]*|&|(?:of|de|del|da|du|van|von|der|den|la|le)(?=\s+[A-Z])")
_ENTITY = re.compile(
    r"(?<![\w'’])(?:[A-Z][\w'’.&-]*)(?:\s+(?:(?:of|de|del|da|du|van|von|der|den|la|le|&)\s+)?[A-Z][\w'’.&-]*)*"
)
_NON_ENTITY = set(_MONTHS) | set(_WEEKDAYS) | {"a.m", "p.m", "am", "pm"}


def _entity_words(entity: str) -> list[str]:
    """The words of an entity that a source must also name (titles and connectors dropped)."""
    words = []
    for token in entity.split():
        token = re.sub(r"(?:['’]s|['’])$", "", token).strip(".,;:-")
        lowered = token.lower().rstrip(".")
        if not token or lowered in _CONNECTORS or lowered in _TITLES or lowered in _NON_ENTITY:
            continue
        if len(lowered) == 1 and not token.isupper():
            continue
        words.append(lowered)
    return words


def extract_entities(text: str) -> list[str]:
    """Capitalised names in ``text`` ("Dr. Samuel Okafor", "Port Veldane Transport Authority").

    A capitalised word that only starts the sentence ("The", "However",
    "Officials") is not a name; months and weekdays are dates.
    """
    entities: list[str] = []
    body_start = len(text) - len(text.lstrip("\"'“‘(["))
    for match in _ENTITY.finditer(text):
        entity = match.group(0)
        tokens = entity.split()
        starts_sentence = match.start() <= body_start or re.search(r"[.!?][\"'”’]?\s+$", text[: match.start()])
        if starts_sentence and tokens[0].lower().strip(".,") in _COMMON_STARTERS:
            tokens = tokens[1:]
        while tokens and tokens[0].lower() in _CONNECTORS:
            tokens = tokens[1:]
        if not tokens:
            continue
        entity = " ".join(tokens)
        if starts_sentence and len(tokens) == 1 and tokens[0].lower().strip(".,") in _COMMON_STARTERS:
            continue
        if not _entity_words(entity):
            continue
        entities.append(entity.rstrip(".,;:"))
    return entities


# --------------------------------------------------------------------------
# Facts and support


@dataclass(frozen=True)
class Fact:
    """A checkable fact of a sentence: ``kind`` is "number", "date" or "entity"."""

    kind: str
    text: str
    quantity: Quantity | None = None
    parts: frozenset[str] = frozenset()


def extract_facts(text: str) -> list[Fact]:
    """Numbers, dates and named entities of ``text``, in that order."""
    facts = [Fact("number", q.text, quantity=q) for q in extract_quantities(text)]
    facts += [Fact("date", written, parts=parts) for written, parts in extract_dates(text)]
    facts += [Fact("entity", entity, parts=frozenset(_entity_words(entity))) for entity in extract_entities(text)]
    return facts


_WORDS = re.compile(r"[\w]+(?:['’.-][\w]+)*")


@dataclass
class _EvidenceIndex:
    quantities: list[Quantity]
    date_parts: set[str]
    words: set[str]


def _index(texts: Sequence[str]) -> _EvidenceIndex:
    quantities: list[Quantity] = []
    date_parts: set[str] = set()
    words: set[str] = set()
    for text in texts:
        quantities.extend(extract_quantities(text))
        for _, parts in extract_dates(text):
            date_parts |= parts
        for word in _WORDS.findall(text):
            lowered = re.sub(r"['’]s$", "", word.lower()).rstrip(".")
            words.add(lowered)
            words.update(part for part in re.split(r"[-.]", lowered) if part)
    return _EvidenceIndex(quantities, date_parts, words)


def _fact_supported(fact: Fact, index: _EvidenceIndex) -> bool:
    if fact.kind == "number":
        assert fact.quantity is not None
        return any(_same_number(fact.quantity, other) for other in index.quantities)
    if fact.kind == "date":
        return fact.parts <= index.date_parts
    return all(word in index.words for word in fact.parts)


_FLAG_KIND = {"number": "unsupported-number", "date": "unsupported-date", "entity": "unsupported-entity"}


def unsupported_facts(text: str, evidence_texts: Sequence[str]) -> list[Flag]:
    """A flag for every number, date or name of ``text`` that no evidence text states.

    Numbers match on value and compatible unit ("four people" = "4 people",
    "$4.2 million" = "4.2 million dollars"); dates on every component (a
    "June 2024" needs a June and a 2024); names on every word other than
    titles ("Okafor" is backed by "Dr. Samuel Okafor", "John Okafor" is not).
    """
    index = _index(evidence_texts)
    flags: list[Flag] = []
    seen: set[tuple[str, str]] = set()
    for fact in extract_facts(text):
        if (fact.kind, fact.text) in seen or _fact_supported(fact, index):
            continue
        seen.add((fact.kind, fact.text))
        flags.append(Flag(_FLAG_KIND[fact.kind], fact.text, f"the sources do not state {fact.kind} {fact.text!r}"))
    return flags


def differing_figures(text: str, other: str) -> list[tuple[Quantity, Quantity]]:
    """Pairs (figure of ``text``, figure of ``other``) that disagree.

    Two figures disagree when they count compatible things, ``other`` never
    states the value of ``text``, and the values cannot both be true ("212
    people" against "230 people", but not against "more than 200 people").
    Only exact figures of ``text`` are compared.
    """
    ours = [q for q in extract_quantities(text) if q.qualifier == "exact" and not q.unit.startswith("vote:")]
    theirs = [q for q in extract_quantities(other) if not q.unit.startswith("vote:")]
    pairs = []
    for quantity in ours:
        if not quantity.unit:
            continue
        if any(_same_number(quantity, candidate) for candidate in theirs):
            continue
        for candidate in theirs:
            if (
                candidate.unit
                and units_compatible(quantity.unit, candidate.unit)
                and not values_compatible(quantity, candidate)
            ):
                pairs.append((quantity, candidate))
                break
    return pairs


def build_evidence(
    text: str,
    source_sentence_id: str | None,
    members: Sequence[Sentence],
    similarities: Sequence[float],
    citations: Mapping[str, int],
) -> tuple[tuple[Evidence, ...], tuple[Flag, ...]]:
    """The evidence of one brief sentence and the flags its check raised.

    ``members`` are the sentences of its redundancy cluster (plus any context
    sentence), ``similarities`` their cosine to ``text``, ``citations`` the
    source number of each document. A member that gives a different figure
    is kept as ``"differs"`` evidence and raises a ``disputed-figure`` flag;
    a fact no supporting member states raises an ``unsupported-*`` flag.
    """
    evidence: list[Evidence] = []
    flags: list[Flag] = []
    own_facts = extract_facts(text)
    for member, similarity in zip(members, similarities):
        if member.id == source_sentence_id:
            relation = "source"
        else:
            differing = differing_figures(text, member.text)
            if differing:
                relation = "differs"
                for ours, theirs in differing:
                    flags.append(
                        Flag(
                            "disputed-figure",
                            ours.text,
                            f"{member.doc_id} gives {theirs.text} where this sentence says {ours.text}",
                        )
                    )
            else:
                index = _index([member.text])
                relation = "supports" if all(_fact_supported(f, index) for f in own_facts) else "partial"
        evidence.append(
            Evidence(
                sentence_id=member.id,
                doc_id=member.doc_id,
                position=member.index,
                text=member.text,
                relation=relation,
                similarity=round(float(similarity), 4),
                citation=citations.get(member.doc_id, 0),
            )
        )
    backing = [e.text for e in evidence if e.relation != "differs"]
    flags.extend(unsupported_facts(text, backing))
    return tuple(evidence), tuple(flags)


# --------------------------------------------------------------------------
# The guard on generated sentences


@dataclass(frozen=True)
class GuardVerdict:
    """Whether a generated sentence may replace the extractive one, and why not."""

    accepted: bool
    reasons: tuple[str, ...]
    similarity: float
    flags: tuple[Flag, ...] = ()


_REPEATED = re.compile(r"\b(\w+(?:\s+\w+){0,2})(?:\s+\1\b){2,}", re.IGNORECASE)


def check_generated(
    text: str,
    evidence_texts: Sequence[str],
    *,
    encode: Callable[[Sequence[str]], object],
    min_similarity: float,
    max_words: int | None = None,
) -> GuardVerdict:
    """Decide whether a generated sentence is faithful to its cluster.

    It must be a sentence (letters, final punctuation, no word run repeated
    three times), fit ``max_words``, state only numbers, dates and names found
    in ``evidence_texts``, and reach ``min_similarity`` (cosine under
    ``encode``, the pipeline's embedder) to at least one evidence sentence.
    The texts are encoded together so fitted embedders (TF-IDF) share a
    vocabulary.
    """
    reasons: list[str] = []
    stripped = text.strip()
    words = stripped.split()
    if len(words) < 3 or not re.search(r"[^\W\d_]", stripped):
        reasons.append("not a sentence")
    elif not re.search(r"[.!?][\"'”’)]*$", stripped):
        reasons.append("no final punctuation")
    if _REPEATED.search(stripped):
        reasons.append("repeats itself")
    if max_words is not None and len(words) > max_words:
        reasons.append(f"{len(words)} words is over the {max_words}-word budget")
    flags = tuple(unsupported_facts(stripped, evidence_texts)) if stripped else ()
    reasons.extend(flag.message for flag in flags)
    similarity = 0.0
    if stripped and evidence_texts:
        vectors = encode([stripped, *evidence_texts])
        if hasattr(vectors, "toarray"):
            vectors = vectors.toarray()
        matrix = np.asarray(vectors, dtype=np.float64)
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        matrix = matrix / norms[:, None]
        similarity = float((matrix[1:] @ matrix[0]).max()) if len(matrix) > 1 else 0.0
        if similarity < min_similarity:
            reasons.append(f"similarity {similarity:.2f} to its sources is below {min_similarity:.2f}")
    return GuardVerdict(not reasons, tuple(reasons), round(similarity, 4), flags)
