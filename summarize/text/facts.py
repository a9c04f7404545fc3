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
reader can see why a fact was or was not matched."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summarize.text.dates import _CACHED_TEXTS, _date_spans, extract_dates
from summarize.text.names import _entity_words, extract_entities

__all__ = ["APPROXIMATE_TOLERANCE", "Fact", "Quantity", "extract_facts", "extract_quantities", "same_number", "unit_family", "units_compatible", "values_compatible"]

# --------------------------------------------------------------------------
# Numbers

_SMALL = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "m": 1_000_000, "k": 1_000}
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
    rf"(?P<num>(?<![\w.,])(?:{_DIGITS})(?!\.\d)(?=bn\b|m\b|k\b|(?!\w))|\b{_WORD_NUMBER}\b)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn)\b|(?P<abbr>bn|m|k)\b)?"
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
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith(("ss", "us")):
            word = word[: -len(suffix)] + replacement
            break
    word = _UNIT_SPELLING.get(word, word)
    if word.endswith("ee") and word[:-1] in ("home", "metre"):  # "homees" never; keep regular
        word = word[:-1]
    return word


# A word in any alphabet ("Häuser", "évacués"), with apostrophes and hyphens
# inside: an ASCII-only class cut "Häuser" to "H".
_UNIT_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’])*(?:-[^\W\d_]+)*")


def _unit_after(text: str, end: int) -> tuple[str, int]:
    """The noun a number counts ("230 people were ..." → "people") and where it ends."""
    rest = text[end:]
    match = re.match(r"(?:-|\s+)", rest)
    if not match:
        return "", end
    position = end + match.end()
    for _ in range(3):
        word_match = _UNIT_WORD.match(text[position:])
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


_PRONOUN_BEFORE = re.compile(r"\b(?:the|these|those|both|all|the other)\s+$", re.IGNORECASE)
_PRONOUN_VERBS = {"met", "spoke", "agreed", "differ", "disagree", "argued", "fought", "went", "came", "left"}
#: Units of measure that never head a noun compound ("12 kph winds" counts kph, not winds).
_MEASURE_UNITS = {
    "mph", "kph", "km", "kilometre", "metre", "mile", "foot", "feet", "inch", "yard", "centimetre", "knot",
    "lb", "kg", "kilogram", "ton", "tonne", "cent", "nautical mile", "%", "$", "€", "£",
}


def _compound_unit(text: str, end: int, unit: str, unit_end: int, value: float) -> tuple[str, int]:
    """Correct the unit for hyphenated weights and noun compounds.

    "a 44,000-pound module" weighs (``lb``), it does not cost; "19 nautical
    miles" are nautical miles; "two yacht crew members" counts members, not
    yachts: a singular noun after a plural number is a modifier when a plural
    noun follows it.
    """
    if unit == "£" and text[end:end + 1] == "-":
        return "lb", unit_end
    following = re.match(r"\s+([a-z]+)\b", text[unit_end:])
    if unit == "nautical" and following and following.group(1).startswith("mile"):
        return "nautical mile", unit_end + following.end()
    if not unit or value == 1 or unit in _MEASURE_UNITS or text[end:end + 1] == "-":
        return unit, unit_end
    written = text[end:unit_end].strip().split()[-1].lower()
    if written.endswith("s") or written in ("people", "staff"):
        return unit, unit_end
    position = unit_end
    for _ in range(2):
        word = re.match(r" ([a-z]+)\b", text[position:])
        if not word or word.group(1) in _NOT_UNITS:
            break
        position += word.end()
        if word.group(1).endswith("s") and not word.group(1).endswith("ss") and len(word.group(1)) > 3:
            return _normalise_unit(word.group(1)), position
    return unit, unit_end


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
    see :func:`extract_dates`. The trust checks read one sentence many times
    (as a claim, as evidence for each brief sentence, for conflicts): a
    sentence's quantities are read once and remembered (bounded, per text).
    """
    return list(_quantities(text))


@functools.lru_cache(maxsize=_CACHED_TEXTS)
def _quantities(text: str) -> tuple[Quantity, ...]:
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
            if re.fullmatch(r"[0-2]\d[0-5]\d", number) and re.match(r"\s*(?:GMT|UTC|EDT|EST|CET|hours|hrs)\b", text[end:]):
                continue  # "0700 GMT": a clock time
            value = float(number.replace(",", ""))
        else:
            parsed = _word_number(number)
            if parsed is None:
                continue
            value = parsed
        if match.group("scale"):
            value *= _SCALES[match.group("scale").lower()]
        abbreviation = (match.group("abbr") or "").lower()
        if abbreviation and (match.group("cur") or abbreviation == "bn"):
            value *= _SCALES[abbreviation]  # "€24.2m", "$1.2bn"
        elif abbreviation:
            continue  # "100m", "10k": a race or a distance, too terse to read
        unit = ""
        if match.group("cur"):
            unit = _CURRENCY[match.group("cur").lower()]
        if match.group("pct"):
            unit = "%"
        unit_end = end
        if not unit:
            unit, unit_end = _unit_after(text, end)
            if not number[0].isdigit() and _PRONOUN_BEFORE.search(text[:start]) and (
                not unit or unit.endswith("ed") or unit in _PRONOUN_VERBS
            ):
                continue  # "the two differed": the two people, not a figure
            unit, unit_end = _compound_unit(text, end, unit, unit_end, value)
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
    return tuple(quantities)


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


def same_number(first: Quantity, second: Quantity) -> bool:
    if first.unit.startswith("vote:") or second.unit.startswith("vote:"):
        return first.unit == second.unit
    if not units_compatible(first.unit, second.unit):
        return False
    return abs(first.value - second.value) <= 1e-9 * max(1.0, abs(first.value))


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
