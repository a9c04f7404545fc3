"""The details a claim carries besides its figures, dates and names: what it quotes, the rank it gives, who said it,
the time of day and where a person is from.

An article may state every fact of "Police said a 71-year-old man from Tessby was missing by mid-morning" and
still not say it: the police may not be its source, the man may only have been found near Tessby, the time may
be another. Each check reads the claim as written and the evidence sentences of one article.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from summarize.text.words import content_words, stem

__all__ = ["origins_found", "quotes_and_ranks_found", "speakers_found", "times_found"]


# A rank is a fact of its own: "the 55th government", "the first writer in Portuguese to win".
_RANK = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|(?<=the\s)(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last))\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"``(.+?)''|\"(.+?)\"|“(.+?)”")


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def quotes_and_ranks_found(claim: str, evidence: Sequence[str]) -> bool:
    """Words the claim quotes must be quoted as they are, and a rank it gives must be given."""
    said = " " + _plain(" ".join(evidence)) + " "
    for match in _QUOTED.finditer(claim):
        quoted = _plain(next(group for group in match.groups() if group is not None))
        if len(quoted.split()) >= 2 and f" {quoted} " not in said:
            return False
    return all(f" {rank.lower()} " in said for rank in _RANK.findall(claim))


# Who a claim says said it: "Police said ...", "..., the agency said in a statement.", "according to X".
# A speaker is part of what is claimed: an article that states the fact but not who said it, or puts it
# in another's mouth, does not say "Corvane said the state offered $450 million".
_REPORTING = r"(?:said|says|told reporters|announced|reported|confirmed|estimated)"
_SPEAKER_PATTERNS = (
    re.compile(rf"^\W*(?P<who>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){{0,5}}?)\s+{_REPORTING}\b"),
    re.compile(rf",\s+(?P<who>[^,]{{1,60}}?)\s+{_REPORTING}(?:\s+on\s+\w+|\s+in\s+a\s+statement|\s+\w+day)*\W*$"),
    re.compile(rf",\s+{_REPORTING}\s+(?P<who>[^,.]{{1,60}})(?:,|\W*$)"),
    re.compile(r"\baccording\s+to\s+(?P<who>[^,.;]{1,60})"),
)
# A speaker named only by a pronoun or a bare role needs no repeating ("he said", "officials said");
# one named more closely needs one of its words ("the transport authority": "the authority" will do).
_ANY_SPEAKER_STEMS = frozenset(stem(w) for w in "official officials authorities source sources report reports".split())


# Capitalised words of a speaker phrase that do not make it a name: articles and sentence openers.
_NOT_NAMES = frozenset(
    "the a an but and yet so then also still however meanwhile later earlier now while when after before".split()
)


def _speaker(text: str, common: str = "") -> tuple[set[str], bool]:
    """The content words of whoever ``text`` says said it (none: no speaker, or a pronoun), and whether
    it is named (a capitalised word) rather than described ("the company's announcement" may be Corvane's).

    A capitalised first word is a name only when ``common`` (the article's text) never writes it in lower
    case: "Police said" opens a sentence, "Corvane said" names a company.
    """
    for pattern in _SPEAKER_PATTERNS:
        match = pattern.search(text)
        if match is not None:
            who = match.group("who")
            words = [w for w in who.split() if w[:1].isupper() and w.lower() not in _NOT_NAMES]
            opens = not text[: match.start("who")].strip(" \t\"'`‘“(")
            if opens and words and words[0] == who.split()[0] and re.search(rf"\b{re.escape(words[0].lower())}\b", common):
                words = words[1:]
            return content_words(who), bool(words)
    return set(), False


_DIGITS = re.compile(r"\d[\d,.]*\d|\d")


@functools.lru_cache(maxsize=256)  # one article is read for many claims
def _article_words(article: str) -> frozenset[str]:
    return frozenset(content_words(article))


def speakers_found(claim: str, evidence: Sequence[str], article: str = "") -> bool:
    """The claim's speaker, when it names one, says it in the evidence too.

    Read where the claim's figures are (else in every evidence sentence): a
    sentence naming its own speaker must name the claim's; one with no speaker,
    or a described one, must at least name the claim's speaker ("Police are
    still searching for..." states "Police said ... was missing"). A speaker
    described by a common noun ("police", "the ministry") is a detail, not a
    name: when no evidence sentence names another speaker, the article
    mentioning it anywhere will do ("a news report said" and police quoted
    further down state "..., police said"). A named one (Corvane, Interfax)
    must be where the fact is.
    """
    common = " ".join((article, *evidence))
    who, named = _speaker(claim, common)
    if not who - _ANY_SPEAKER_STEMS:
        return True
    figures = set(_DIGITS.findall(claim))
    holding = [t for t in evidence if figures & set(_DIGITS.findall(t))] or list(evidence)
    others_named = False
    for text in holding:
        theirs, their_named = _speaker(text, common)
        if who & (theirs if their_named else content_words(text)):
            return True
        others_named |= their_named
    return bool(article) and not named and not others_named and bool(who & _article_words(article))


# A time of day is part of a claim's date: "1,400 homes flooded by mid-morning" is not stated by
# "1,400 homes were flooded".
_TIME_OF_DAY = re.compile(
    r"\b(mid-?morning|morning|mid-?afternoon|afternoon|evening|overnight|midnight|noon|midday|dawn|dusk|nightfall"
    r"|night)\b", re.IGNORECASE,
)


def times_found(claim: str, evidence: Sequence[str]) -> bool:
    """Every time of day the claim gives is given in the evidence ("mid-morning" and "midmorning" alike)."""
    said = {m.replace("-", "") for m in _TIME_OF_DAY.findall(" ".join(evidence).lower())}
    return all(m.lower().replace("-", "") in said for m in _TIME_OF_DAY.findall(claim))


# "a 71-year-old man from Tessby": where a person comes from is a fact of its own, not stated by
# "his car was found near a bridge at Tessby". It is stated by "from Tessby", "of Tessby", "a Tessby man".
_PERSON_NOUNS = (
    "man|woman|men|women|boy|girl|child|children|teenager|teenagers|youth|family|families|couple|resident|"
    "residents|people|student|students|driver|worker|workers|farmer|farmers|fisherman|fishermen|pensioner|"
    "tourist|tourists|soldier|soldiers|officer|officers|pilot|passenger|passengers|volunteer|volunteers|victim|"
    "victims|suspect|suspects|mother|father|son|daughter|brothers|sisters|player|players|climber|climbers|hiker|hikers"
)
_ORIGIN = re.compile(
    rf"\b(?:{_PERSON_NOUNS})(?:,[^,]{{1,40}},)?\s+(?:from|of)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)*)"
)


def origins_found(claim: str, evidence: Sequence[str]) -> bool:
    """Every "<person> from <Place>" of the claim gives that origin in the evidence, not only the place."""
    said = " ".join(evidence)
    for match in _ORIGIN.finditer(claim):
        place = re.escape(match.group(1))
        if not re.search(rf"\b(?:from|of)\s+(?:the\s+)?{place}\b|\b{place}(?:-based|-born)?\s+[a-z]", said):
            return False
    return True
