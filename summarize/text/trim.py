"""Trim relative weekdays ("on Friday", "said Tuesday") from sentences.

A brief mixes articles from several days, so a weekday taken out of its
article no longer says which day it means; the date of the source it cites
does. Dropping time expressions is also the oldest safe step of sentence
compression for news (the HedgeTrimmer rules of Dorr, Zajic and Schwartz,
2003): the sentence stays grammatical and keeps every fact but the day, and
the words go to another fact under the length budget (DUC 2004:
``benchmarks/results/experiments-duc2004.md``, rows 39-41).

What is never trimmed: words inside quotation marks (a quote stays as said);
a weekday that is part of a range or a list ("Monday and Tuesday", "since
Friday", "until Monday"); a possessive ("Monday's vote"); and a weekday
after words about the future ("will vote on Monday", "is expected
Tuesday"), because when something is still to happen the day is the news.
Nor is a sentence with a figure trimmed: tolls, levels and prices change
from day to day, and the day tells a reader which figure is the newer one
(the conflict check reads the sentences as written, days included).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from summarize.document import Sentence
from summarize.text.dates import WEEKDAY

__all__ = ["removed_words", "trim_attribution", "trim_sentences", "trim_weekdays"]

_DAY = WEEKDAY
_PART = r"(?:\s+(?:night|morning|afternoon|evening))?+"  # possessive: "evening" is never given back
# A weekday with what belongs to it ("on", "late", "early Sunday morning"), not
# followed by a possessive, a hyphen or the rest of a range or list.
_AFTER = r"(?!['’]s\b|-|\s*(?:,\s*)?(?:and|or|through|until|till)\b)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "Sunday, June 5, ..." is a date, not an adjunct: no month or number may follow.
_OPENING = re.compile(
    r"(?:(?:On|Late|Early|Last)\s+)?" + _DAY + _PART + r"\b" + _AFTER + r"\s*,\s*(?!" + _MONTH + r"\s|\d)"
)
_INSIDE = re.compile(r"(?P<lead>[\s,]+)(?P<prefix>(?:on|late|early|last)\s+)?" + _DAY + _PART + r"\b" + _AFTER)
_WORD_BEFORE = re.compile(r"([A-Za-z']+)\W*$")
# After these the weekday is the object of the word, not an adjunct we may drop.
_BOUND = frozenset(
    "since until till after before from by between through to of every each next this that the a "
    "and or on late early last".split()
)
# Without "on", a bare weekday is dropped only after a verb of reporting or a
# past participle ("said Tuesday", "was killed Sunday").
_REPORTING = frozenset("said says told announced reported added confirmed".split())
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|to be|scheduled|expected|due to (?:be|begin|start|resume|arrive|meet|vote)|"
    r"plans? to|planned to|planning to|set to|is to|are to|"
    r"would|going to|upcoming|coming|next|tomorrow)\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"dozens?|hundreds?|thousands?|millions?|billions?)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"``.*?''|\".*?\"|“.*?”|‘‘.*?’’", re.DOTALL)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _QUOTED.finditer(text)]
    # An opening mark with no closing one quotes the rest of the sentence.
    last = max((e for _, e in spans), default=0)
    tail = re.search(r"``|\"|“", text[last:])
    if tail:
        spans.append((last + tail.start(), len(text)))
    return spans


def _about_the_future(before: str) -> bool:
    """Whether the last clause before the weekday speaks of what is to come."""
    clause = re.split(r"[;:]|,\s+(?:and|but)\s+", before)[-1]
    return bool(_FUTURE.search(" ".join(clause.split()[-8:])))


def trim_weekdays(text: str) -> str:
    """``text`` without its relative weekdays (see the module docstring); unchanged when none is safe to drop."""
    if not re.search(_DAY, text) or _FIGURE.search(text):
        return text
    quoted = _quoted_spans(text)
    cuts: list[tuple[int, int]] = []
    opening = _OPENING.match(text)
    if opening and text[opening.end():][:1].isalpha():
        cuts.append((0, opening.end()))
    for match in _INSIDE.finditer(text):
        start, end = match.start(), match.end()
        day_start = start + len(match.group("lead"))
        if any(a <= day_start < b for a, b in quoted):
            continue
        before = text[:start]
        word = _WORD_BEFORE.search(before)
        previous = word.group(1).lower() if word else ""
        if previous in _BOUND or _about_the_future(before):
            continue
        if not match.group("prefix") and not (previous in _REPORTING or previous.endswith("ed")):
            continue
        follows = text[end:end + 1]
        if "," in match.group("lead"):
            if follows == ",":
                end += 1  # ", on Monday," goes whole
            elif follows not in (".", ";", ":", "!", "?", ""):
                continue  # "The court, on Monday ruled": odd punctuation, leave it
        cuts.append((start, end))
    if not cuts:
        return text
    pieces, at = [], 0
    for start, end in sorted(cuts):
        if start >= at:
            pieces.append(text[at:start])
            at = end
    pieces.append(text[at:])
    trimmed = re.sub(r"[ \t]{2,}", " ", "".join(pieces)).strip()
    if cuts[0][0] == 0 and trimmed[:1].islower():
        trimmed = trimmed[0].upper() + trimmed[1:]
    return trimmed


# A trailing attribution to an institution ("..., police said.", "..., the agency said in a statement.",
# "..., according to U.S. intelligence officials."): who reported a fact, not the fact. Only sources that
# report for an office are dropped; a person's words keep their speaker.
_REPORTED = (
    r"(?:said|says|reported|reports|announced|confirmed|stated|added)"
    r"(?:\s+(?:in\s+a\s+statement|in\s+a\s+report|at\s+a\s+news\s+conference))?"
)
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:(?P<who>[^,;:“”\"`']{2,70}?)\s+" + _REPORTED + r"|according\s+to\s+(?P<source>[^,;:“”\"`']{2,70}?))"
    r"(?P<when>\s+(?:on\s+|late\s+|early\s+)?" + _DAY + r"(?:\s+(?:night|morning|afternoon|evening))?)?\s*\.$"
)
_OFFICE_WORDS = frozenset(
    """police officials official authorities spokesman spokeswoman spokesperson agency ministry government
    military army navy rescuers commission department office service council board committee authority
    organization organisation institute center centre survey bureau embassy administration prosecutors
    coast guard workers firefighters doctors hospital company statement sources""".split()
)
_PERSONAL = re.compile(r"\b(?:I|[Ww]e|[Mm]y|[Oo]ur|[Uu]s|[Mm]e)\b|``|\"|“")


def trim_attribution(text: str) -> str:
    """``text`` without a trailing attribution to an institution, when the rest is a plain statement.

    "At least 32 people were killed, police said." → "At least 32 people were
    killed." A named person's attribution stays ("…, Anwar said"), and so does
    any attribution of a quote, a first-person sentence or a sentence with a
    hedge the source carries ("may", "alleged", "believed").
    """
    match = _TRAILING_ATTRIBUTION.search(text)
    if match is None:
        return text
    claim = text[: match.start()]
    who = match.group("who") or match.group("source") or ""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", who)]
    if not words or not any(w in _OFFICE_WORDS for w in words) or len(words) > 8:
        return text
    if _PERSONAL.search(claim) or _HEDGES.search(claim) or len(claim.split()) < 6:
        return text
    return claim.rstrip() + "."


_HEDGES = re.compile(
    r"\b(?:may|might|could|allegedly|alleged|believed|suspected|reportedly|apparently|possibly|probably|likely)\b",
    re.IGNORECASE,
)


def trim_sentences(
    sentences: Sequence[Sentence], *, weekdays: bool = True, attributions: bool = False
) -> tuple[list[Sentence], dict[str, str]]:
    """The sentences with weekdays (and, with ``attributions``, institutional attributions) trimmed, and the
    original text of each one that changed (by sentence id)."""
    trimmed: list[Sentence] = []
    originals: dict[str, str] = {}
    for sentence in sentences:
        text = trim_weekdays(sentence.text) if weekdays else sentence.text
        if attributions:
            text = trim_attribution(text)
        if text != sentence.text and text:
            originals[sentence.id] = sentence.text
            sentence = replace(sentence, text=text)
        trimmed.append(sentence)
    return trimmed, originals


def removed_words(original: str, trimmed: str) -> str:
    """The words of ``original`` that ``trimmed`` leaves out, "…" between separate places."""
    from difflib import SequenceMatcher

    before, after = original.split(), trimmed.split()
    # Neither case nor a comma is a change: a trimmed opening capitalises the
    # next word, and ", on Monday," takes one of the commas with it.
    def key(word: str) -> str:
        return word.lower().strip(",;:.!?")

    matcher = SequenceMatcher(None, [key(w) for w in before], [key(w) for w in after], autojunk=False)
    pieces = [" ".join(before[i1:i2]) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("delete", "replace")]
    return " … ".join(p.strip(",;:.!?") for p in pieces if p)
