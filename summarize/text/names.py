"""Names in a sentence: capitalised people, places and organisations, with the words a source must also use.
"""

from __future__ import annotations

import re

from summarize.text.dates import MONTHS, WEEKDAYS

__all__ = ["extract_entities"]


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
_NON_ENTITY = set(MONTHS) | set(WEEKDAYS) | {"a.m", "p.m", "am", "pm"}


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
