"""Sentences that cannot open a reader's acquaintance with a fact: what they lean on, read from their words.

A news sentence is written to follow the ones before it in its article. Taken
alone into a brief, some of them point at something the reader never met:

- ``pronoun``: "He was arrested ..." (who?), "They said ...";
- ``demonstrative``: "This was the worst ...", "That agreement ...";
- ``connective``: "But the company ...", "However, ...", "Also, ..." continue an argument;
- ``conditional``: "If the companies were to merge ..." continues a hypothesis;
- ``another``: "Another 19 states ...", "Others ...", "Both men ...", "The rest ..." count on a first set;
- ``speech``: an attribution to a pronoun, "..., he said." (which he?);
- ``quote``: a quotation with no one said to speak it, or a first person outside quotation marks
  ("I think ...": an interview's answer);
- ``definite``: "The board said ...", "The tugs towed ..." (a definite description of a thing the
  brief must have introduced: its head noun is returned in ``needs``);
- ``surname``: "Qin was imprisoned ...", "..., Fleischer said." (a bare name, as the subject or the
  speaker; it needs an earlier sentence giving the full name when the articles give one: the name is
  returned in ``needs``).

The first six lean on the sentence before them in their article; the last two
need some earlier sentence of the brief that mentions ``needs``. Which
sentence that is, and whether a brief can include it, is the selection
stage's business (:mod:`summarize.select.context`); this module only reads the
words of one sentence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summarize.text.dates import MONTHS, WEEKDAYS
from summarize.text.words import stem

__all__ = ["LOCAL_KINDS", "NOT_A_CONNECTIVE", "Orphan", "full_name_pattern", "introduces", "orphan_opening"]

#: Kinds whose antecedent is the previous sentence of the same article.
LOCAL_KINDS = frozenset({"pronoun", "demonstrative", "connective", "conditional", "another", "speech", "quote"})


@dataclass(frozen=True)
class Orphan:
    """Why a sentence cannot stand first: its ``kind`` (see the module docstring), the ``words`` that
    lean on an earlier sentence, and for ``definite``/``surname`` the word that sentence must mention."""

    kind: str
    words: str
    needs: str | None = None


_OPEN_QUOTES = ('"', "“", "``", "‘", "'")
_OPENING = re.compile(r"^(?:``|[\"'“‘(\[\s])*")
_PRONOUNS = {"he", "she", "they", "his", "her", "their", "him", "them", "its", "it"}
_DEMONSTRATIVES = {"this", "that", "these", "those", "such"}
_CONNECTIVES = (
    "but", "however", "also", "and", "yet", "still", "instead", "moreover", "furthermore", "nevertheless",
    "nonetheless", "meanwhile", "therefore", "thus", "hence", "consequently", "besides", "likewise",
    "similarly", "otherwise", "indeed", "additionally", "accordingly", "even so", "in addition",
    "as a result", "on the other hand", "in contrast", "by contrast", "at the same time", "in fact",
    "for example", "for instance", "in turn", "despite this", "because of this", "after that", "so",
    "in other words",
    "later", "earlier", "then", "afterwards", "afterward",
)
#: Openings that start like a connective but are not one: "So far, Congress has ..." is about time, and
#: dropping "So" would leave "Far, Congress has ..."; "Then-President", "Yet another", "Still more".
NOT_A_CONNECTIVE = re.compile(
    r"^(?:so\s+(?:far|much|many|long|little|few|called)|so-called|then-|yet\s+(?:another|again|more)|"
    r"still\s+(?:more|others|another|other)|also\s+known)\b",
    re.IGNORECASE,
)
# "But", "And", "Yet", "Also", "So" continue without a comma; the others only count with one ("Still, ...").
_BARE_CONNECTIVES = {"but", "and", "yet", "also", "so", "however", "moreover", "furthermore", "nevertheless",
                     "nonetheless", "meanwhile", "instead", "therefore", "consequently", "additionally"}
_CONNECTIVE = re.compile(
    r"^(?P<word>" + "|".join(re.escape(c) for c in sorted(_CONNECTIVES, key=len, reverse=True)) + r")\b(?P<comma>,?)",
    re.IGNORECASE,
)
# "It is not clear whether ..." points at nothing; "It has been negotiating ..." and "It was excised ..." do.
_EXPLETIVE_IT = re.compile(
    r"^it\s+(?:is|was|has been|had been|will be|would be|remains|remained|seems|seemed|appears|appeared)\s+"
    r"(?:not\s+|also\s+|still\s+)?(?:clear|unclear|likely|unlikely|possible|impossible|expected|hoped|feared|"
    r"believed|understood|thought|estimated|reported|known|unknown|too early|time|important|necessary|"
    r"difficult|hard|easy|uncertain|certain|true|doubtful)\b|^it\s+(?:took|takes|will take|could take)\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"^(?:if|unless|should\s+\w+\s+(?:be|fail|decide))\b", re.IGNORECASE)
_ANOTHER = re.compile(
    r"^(?:another|others|other\s+\w+|both(?:\s+\w+)?|neither|the\s+(?:other|others|rest|remaining|remainder|"
    r"latter|former|same|second|third|two|three|four|five|latest)|(?:one|two|three|some|most|many|all|none|"
    r"several|each|half)\s+of\s+(?:them|those|these|the\s+others)|"
    # "A third leading advocate ...", "In the other, ...": one more of a set the brief has not shown
    r"an?\s+(?:second|third|fourth|fifth|sixth)|in\s+the\s+(?:other|second|third|latter|former))\b",
    re.IGNORECASE,
)
# "Stock markets also fell in Portugal": "also" after a short subject continues the sentence before.
_ALSO = re.compile(r"^(?:[\w'’.-]+\s+){1,3}also\s+(?!known\b)[a-z]")
# "... seems to have no such compunctions": "such" points at what the article said before.
_NO_SUCH = re.compile(r"\b(?:no|any|all)\s+such\b(?!\s+as\b)", re.IGNORECASE)
# "Despite the conditions, ...", "Given the interference, ...": a description the brief must have introduced.
_BACK_PHRASE = re.compile(
    r"^(?:despite|given|amid|in spite of|because of)\s+the\s+(?P<phrase>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}),",
    re.IGNORECASE,
)
_SPEECH_VERBS = (
    r"said|says|added|adds|told|tells|asked|insisted|warned|explained|replied|wrote|argued|stressed|noted|"
    r"continued|declared|acknowledged|conceded|recalled|complained|suggested|predicted|announced|admitted|"
    r"contended|maintained|claimed|observed|remarked"
)
_PRONOUN_ATTRIBUTION = re.compile(
    rf"(?:[,.!?](?:''|[\"'”’])*\s+|,\s+)(?P<word>he|she|they|we)\s+(?:also\s+)?(?:{_SPEECH_VERBS})\b",
    re.IGNORECASE,
)
_NAMED_ATTRIBUTION = re.compile(
    rf"(?:[,.!?](?:''|[\"'”’])*\s+|,\s+)(?:{_SPEECH_VERBS})\s+(?!he\b|she\b|they\b|we\b)[\w.]+"
    rf"|(?:[,.!?](?:''|[\"'”’])*\s+|,\s+)(?!he\b|she\b|they\b|we\b|it\b)[\w.'’-]+(?:\s+[\w.'’-]+){{0,6}}\s+"
    rf"(?:{_SPEECH_VERBS})\b|\baccording to\b|\bquoted\b.*\bas saying\b",
    re.IGNORECASE,
)
# A definite description that a brief must have introduced: "The board", "The fast-spreading fire":
# "The" and up to four lower-case words, the head being the word before the first verb, adverb or comma.
_DEFINITE = re.compile(r"^[Tt]he\s+(?P<phrase>[a-z][a-z-]*(?:,?\s+[a-z][a-z-]*,?){0,4})")
# Words after the head that make the description specific ("The cause of the fire", "The man who ...").
_RESTRICTIVE = {
    "of", "who", "whom", "whose", "that", "which", "in", "at", "from", "for", "with", "on", "to", "near",
    "behind", "between", "by", "under", "over", "against", "after", "before", "where", "when", "involving",
    "known", "called", "named", "including", "responsible", "accused", "charged", "set", "linked", "based",
}
_VERBISH = re.compile(
    r"^(?:is|was|are|were|has|had|have|will|would|could|can|may|might|must|should|did|does|do|been|being|"
    r"also|still|now|then|already|never|not|later|earlier|however|and|or|but|said|says|\w+ed|\w+ly|\w+[^s]s|"
    r"fell|told|took|gave|made|went|came|left|began|won|lost|got|hit|put|ran|saw|found|became|brought|held|"
    r"kept|led|met|paid|sent|spent|stood|struck|sought|thought|wrote|knew|rose|broke|drew|grew|shot|fled|"
    r"chose|caught|fought|bought|sold|built|cut|let|meant|heard|lay|spoke|stole|swept|tore|threw|wore)$"
)
# Nouns every reader places without an introduction.
_UNIQUE_NOUNS = {
    "world", "public", "police", "weather", "sun", "moon", "earth", "internet", "press", "economy", "dollar",
    "military", "army", "navy", "government", "president", "pope", "market", "markets", "stock", "country",
    "nation", "city", "state", "region", "area", "capital", "island", "coast", "sea", "ocean", "border",
    "night", "morning", "afternoon", "evening", "day", "week", "month", "year", "season", "time", "rest",
    "death", "toll", "number", "total", "majority", "first", "last", "new", "old", "two", "three",
}
_DEFINITE_PRONOUNS = {"former", "latter", "other", "others", "same", "rest", "remaining"}
_NAME_START = re.compile(r"^(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?P<possessive>['’]s)?\s+(?P<next>\S+)")
_NOT_NAMES = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "but",
    "and", "or", "so", "yet", "however", "meanwhile", "in", "on", "at", "for", "by", "with", "from", "after",
    "before", "during", "when", "while", "if", "as", "since", "although", "though", "because", "there",
    "his", "her", "their", "its", "our", "my", "your", "some", "many", "most", "all", "both", "each", "every",
    "no", "one", "officials", "police", "authorities", "residents", "witnesses", "experts", "analysts",
    "critics", "about", "more", "nearly", "almost", "still", "also", "then", "now", "today", "last", "next",
    "according", "until", "what", "who", "why", "how", "where", "which", "such", "other", "another", "even",
    "only", "just", "not", "never", "under", "over", "despite", "instead", "once", "than", "to", "of", "is",
    "was", "are", "were", "here", "thousands", "hundreds", "dozens", "millions", "people", "many", "several",
    "rescue", "rescuers", "workers", "soldiers", "troops", "doctors", "investigators", "prosecutors",
    "lawmakers", "voters", "leaders", "others", "most", "earlier", "later", "asked", "speaking", "without",
    "among", "like", "unlike", "following", "amid", "against", "within", "around", "near", "through", "across",
    "mr", "mrs", "ms", "dr", "president", "prime", "gov", "sen", "rep", "gen", "judge",
} | set(MONTHS) | set(WEEKDAYS)
_TITLES = {"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "capt", "president",
           "minister", "premier", "king", "queen", "prince", "princess", "judge", "mayor", "chancellor",
           "secretary", "chairman", "leader", "pope", "rev", "sheik", "ayatollah", "hurricane", "storm"}


def _body(text: str) -> tuple[str, bool]:
    """The words after opening quotes and brackets, and whether the sentence opens with a quotation."""
    opening = _OPENING.match(text)
    start = opening.end() if opening else 0
    return text[start:], text.lstrip().startswith(_OPEN_QUOTES)


def _definite(body: str) -> Orphan | None:
    match = _DEFINITE.match(body)
    if not match:
        return None
    words: list[str] = []
    for token in match.group("phrase").split():
        word = token.rstrip(",")
        if words and (word in _RESTRICTIVE or _VERBISH.match(word)):
            if word in _RESTRICTIVE:
                return None  # "The cause of the fire": the description says which
            break
        words.append(word)
        if token.endswith(","):
            rest = body[match.start("phrase") + match.group("phrase").index(token) + len(token):].lstrip()
            if rest[:1].isupper():
                return None  # an apposition names it: "The obstetrician, Dr. Barnett Slepian, ..."
            break
    else:
        return None  # no verb within reach: not sure where the description ends
    head = words[-1]
    if head in _DEFINITE_PRONOUNS or head in _UNIQUE_NOUNS or len(head) < 3:
        return None
    return Orphan("definite", "The " + " ".join(words), needs=stem(head))


def orphan_opening(text: str) -> Orphan | None:
    """What ``text`` leans on when read first (``None`` when it stands alone): see the module docstring."""
    body, quoted = _body(text)
    first = re.match(r"[A-Za-z]+", body)
    if not first:
        return None
    word = first.group(0).lower()
    if quoted:
        attribution = _PRONOUN_ATTRIBUTION.search(text)
        if attribution:
            return Orphan("speech", attribution.group(0).strip(" ,.!?\"'”’`"))
        if not _NAMED_ATTRIBUTION.search(text):
            return Orphan("quote", text[: len(text) - len(body)] + first.group(0))
        # A quotation that opens on what was said before it: "``Those were difficult moments,'' X said.",
        # "``But none of those reasons apply ...''".
        if word in _DEMONSTRATIVES:
            return Orphan("demonstrative", first.group(0))
        if word in _BARE_CONNECTIVES and not NOT_A_CONNECTIVE.match(body):
            return Orphan("connective", first.group(0))
        return _bare_speaker(text)
    if word == "i" and re.match(r"I\b(?!\.)", body):
        return Orphan("quote", "I")  # a first person outside quotation marks: an answer with no one asking
    if word in _PRONOUNS and not (word == "it" and _EXPLETIVE_IT.match(body)):
        return Orphan("pronoun", first.group(0))
    if word in _DEMONSTRATIVES:
        return Orphan("demonstrative", first.group(0))
    connective = None if NOT_A_CONNECTIVE.match(body) else _CONNECTIVE.match(body)
    if connective and (connective.group("comma") or connective.group("word").lower() in _BARE_CONNECTIVES):
        return Orphan("connective", connective.group("word"))
    if _CONDITIONAL.match(body):
        return Orphan("conditional", first.group(0))
    another = _ANOTHER.match(body)
    if another:
        return Orphan("another", another.group(0))
    also = _ALSO.match(body)
    if also and word not in ("the",):
        return Orphan("connective", "also")
    such = _NO_SUCH.search(body)
    if such:
        return Orphan("demonstrative", such.group(0))
    back = _BACK_PHRASE.match(body)
    if back:
        head = back.group("phrase").split()[-1]
        if head not in _UNIQUE_NOUNS and head not in _DEFINITE_PRONOUNS and len(head) >= 3:
            return Orphan("definite", "the " + back.group("phrase"), needs=stem(head))
    attribution = _PRONOUN_ATTRIBUTION.search(body)
    if attribution:
        return Orphan("speech", attribution.group(0).strip(" ,.!?\"'”’`"))
    if word == "the":
        return _definite(body) or _bare_speaker(text)
    name = _NAME_START.match(body)
    # A name as the subject: "Qin was ...", "Kutan said ...", "Demirel's meeting ..." (not "Cambodian leader").
    if name and name.group("name").lower() not in _NOT_NAMES and (
        name.group("possessive") or _VERBISH.match(name.group("next").lower()) and name.group("next")[:1].islower()
    ):
        return Orphan("surname", name.group("name"), needs=name.group("name"))
    return _bare_speaker(text)


# A speaker given by a bare name: "..., Fleischer said.", "''..., '' Samaranch said.", "said Ms. Boyle."
_SPEAKER_VERBS = r"said|says|added|told|noted|argued|insisted|explained|wrote|warned|replied|declared|stressed"
_SPEAKER = re.compile(
    rf"(?:[,;:]\s+|(?:''|[\"”’])\s*)(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+"
    rf"(?:{_SPEAKER_VERBS})\b"
    rf"|\b(?:{_SPEAKER_VERBS})\s+(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?(?P<after>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s*(?:[.,;]|$)"
)


def _bare_speaker(text: str) -> Orphan | None:
    """The speaker of ``text`` when given by a bare name ("Fleischer said"): who Fleischer is, the brief must say."""
    for match in _SPEAKER.finditer(text):
        name = match.group("name") or match.group("after")
        if name.lower() not in _NOT_NAMES and name.lower() not in _TITLES:
            return Orphan("surname", name, needs=name)
    return None


@functools.lru_cache(maxsize=4096)
def full_name_pattern(name: str) -> re.Pattern[str]:
    """Where a sentence may give ``name`` in full: a capitalised word before it ("President Habibie",
    "Hurricane Mitch", "Mr. Qin") or after it ("Qin Yongmin"); :func:`introduces` rules out "In Qin"."""
    return re.compile(
        rf"(?:\b(?P<before>[A-Z][\w.'’-]*)\s+){re.escape(name)}\b"
        rf"|\b{re.escape(name)}\s+(?!(?:Corp|Inc|Co|Ltd|Group|Flight|Airlines?|Airways)\b)[A-Z][a-z]+\b"
    )


def _is_full_name(match: re.Match[str]) -> bool:
    before = match.groupdict().get("before")
    if before is None:
        return True  # the name is followed by another capitalised name: "Qin Yongmin"
    lowered = before.lower().rstrip(".")
    return lowered in _TITLES or lowered not in _NOT_NAMES


def introduces(text: str, orphan: Orphan) -> bool:
    """Whether ``text`` introduces what ``orphan`` (a ``definite`` or ``surname`` one) needs."""
    if orphan.needs is None:
        return False
    if orphan.kind == "surname":
        return any(_is_full_name(m) for m in full_name_pattern(orphan.needs).finditer(text))
    own = orphan_opening(text)
    skip = own.words.lower() if own is not None and own.kind == "definite" and own.needs == orphan.needs else ""
    lowered = text.lower()
    if skip and lowered.lstrip(" \"'`“‘").startswith(skip):
        lowered = lowered.lstrip(" \"'`“‘")[len(skip):]
    return orphan.needs in {stem(w) for w in re.findall(r"[a-z]+(?:-[a-z]+)*", lowered)}
