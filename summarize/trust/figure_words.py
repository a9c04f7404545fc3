"""The words around a figure that say what it measures, when, and about whom: the patterns and readers.

Shared by the figure reader (:mod:`summarize.trust.figures`) and the comparison
(:mod:`summarize.trust.agreement`).
"""

from __future__ import annotations

import re

from summarize.text.dates import MONTHS, WEEKDAY, WEEKDAYS
from summarize.text.facts import Quantity
from summarize.text.nltk_modules import porter_stem

__all__: list[str] = []

_CONTEXT_WINDOW = 5  # content words each side of the number, within its clause
_NEAR_WINDOW = 2  # the content words each side that say what a figure measures
_NAME_WINDOW = 5  # words each side of the number in which a name tells what the figure is about
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
_COUNT_PROGRESS_WORDS = (
    r"\s+of\s+(?:the\s+)?(?:votes?|ballots?|precincts?|polling\s+stations?|returns)\s+"
    r"(?:counted|tallied|reporting|in|processed)\b"
)
_COUNT_PROGRESS = re.compile("^" + _COUNT_PROGRESS_WORDS, re.IGNORECASE)
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
    # who reported a figure is not what it measures ("the news agency TT said", "told a news conference")
    "news", "agency", "newspaper", "spokeswoman", "spokesperson", "statement", "conference", "quoted", "quoting",
    "citing", "report", "reports", "interview", "television", "radio", "broadcast",
}
# Verbs of change say how a figure moved, not what moved ("Mobil's rose 14 percent", "shares rose 9.7 percent").
_CHANGE_VERBS = {
    "rose", "rise", "rises", "risen", "rising", "fell", "fall", "falls", "fallen", "falling", "jumped", "jump",
    "dropped", "drop", "climbed", "climb", "gained", "gain", "slipped", "declined", "decline", "increased",
    "increase", "decreased", "decrease", "grew", "grow", "grown", "surged", "plunged", "tumbled", "soared",
    "slumped", "lost", "added", "shed", "cut", "reached", "totaled", "totalled", "stood",
}
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")  # letters of any alphabet, as in summarize.text.facts
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,$€£-]*")


def _stem(word: str) -> str:
    word = re.sub(r"['’]s?$", "", word.lower())
    return porter_stem(word)


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
    text: str, quantity: Quantity, spans: tuple[int, int, int, int]
) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """Stems of the content words around the figure, those words as written, and the nearest ones.

    ``spans`` gives the text before the figure and after it that is its own
    (``before_start, before_end, after_start, after_end``: its clause, less
    what belongs to the other figures of a list). The nearest are the two
    content words each side of the number: what it most likely measures
    ("killed", "evacuated").
    """

    def content(words: list[str]) -> list[str]:
        return [w.lower() for w in words if w.lower() not in _STOP and not w[0].isupper() and len(w) > 2]

    before = content(_WORD.findall(_ASIDE.sub(" ", text[spans[0]: spans[1]])))[-_CONTEXT_WINDOW:]
    after = content(_WORD.findall(_ASIDE.sub(" ", text[spans[2]: spans[3]])))[:_CONTEXT_WINDOW]
    unit_stems = {_stem(w) for w in _WORD.findall(quantity.text)} | {quantity.unit} | _UNIT_STEMS
    words = tuple(w for w in before + after if _stem(w) not in unit_stems)
    near = [w for w in before if _stem(w) not in unit_stems][-_NEAR_WINDOW:]
    near += [w for w in after if _stem(w) not in unit_stems][:_NEAR_WINDOW]
    return frozenset(_measure(w) for w in words), words, frozenset(_measure(w) for w in near)


# Words that name one measure: "killed 30", "30 dead", "the death toll of 30", "30 fatalities".
_MEASURE_CLASS = {
    "dead": "kill", "die": "kill", "death": "kill", "toll": "kill", "fatal": "kill",
    "injuri": "injur", "wound": "injur", "hurt": "injur",
    "evacue": "evacu", "fled": "evacu", "flee": "evacu", "displac": "evacu",
    "unaccount": "miss",
}


def _measure(word: str) -> str:
    """The stem of ``word``, one per measure (the dead, the injured, the evacuated, the missing)."""
    stemmed = _stem(word)
    return _MEASURE_CLASS.get(stemmed, stemmed)


def _names(text: str, quantity: Quantity, clause: tuple[int, int]) -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case words of the capitalised names near the figure in its clause, before it and after it.

    ("Kindu, 380 kilometers west of Goma": ``{"kindu"}`` and ``{"goma"}``.)
    """
    before = _TOKEN.findall(text[clause[0]: quantity.start])[-_NAME_WINDOW:]
    after = _TOKEN.findall(text[quantity.end: clause[1]])[:_NAME_WINDOW]
    return _name_words(before), _name_words(after)


def _name_words(tokens: list[str]) -> frozenset[str]:
    """The capitalised words of ``tokens`` that can name something (not "The", "Monday", "President"), lower case."""
    found = set()
    for token in tokens:
        word = re.sub(r"(?:['’]s|['’])$", "", token).strip(".,;:-")
        if not word or not word[0].isupper() or len(word) < 2:
            continue
        lowered = word.lower()
        if lowered not in _NAME_STARTERS and lowered not in WEEKDAYS and lowered not in MONTHS:
            found.add(lowered)
    return frozenset(found)


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


def _near_text(text: str, quantity: Quantity, clause: tuple[int, int]) -> str:
    """The clause around a figure, as far as its names are read (:data:`_NAME_WINDOW` words each side)."""
    before = text[clause[0]: quantity.start].split()[-_NAME_WINDOW:]
    after = text[quantity.end: clause[1]].split()[:_NAME_WINDOW]
    return " ".join(before + after)


# Who a share is of: "62 percent of children under 7", "49 percent of Cambodian children under age 5",
# "toddlers aged one to two, 30 percent of whom", "children in the three largest cities ... 11 percent".
_POPULATION_NUMBER = re.compile(
    r"\b(?:(?:under|over|below|above|aged?|ages|younger than|older than|between)\s+(?:(?:the\s+)?age\s+(?:of\s+)?)?"
    r"(?P<age>\d+|[a-z]+)|(?P<count>\d+|[a-z]+)\s+(?:largest|biggest|main|major|poorest|richest|smallest))\b",
    re.IGNORECASE,
)
_POPULATION_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}
_POPULATION_WINDOW = 10  # words of "of ..." that say who a share is of


def _population(phrase: str) -> tuple[frozenset[float], frozenset[str]]:
    """The numbers that narrow a group (ages, "three largest cities") and the names in ``phrase``.

    Two shares of differently narrowed groups are two quantities: 16 percent
    of children, 30 percent of children under 2, 20 percent of Cambodian
    children under 5.
    """
    numbers = set()
    for match in _POPULATION_NUMBER.finditer(phrase):
        written = (match.group("age") or match.group("count")).lower()
        value = float(written) if written.isdigit() else _POPULATION_WORDS.get(written)
        if value is not None and not 1800 <= value <= 2100:
            numbers.add(value)
    return frozenset(numbers), _name_words(_TOKEN.findall(phrase))
