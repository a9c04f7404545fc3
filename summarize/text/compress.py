"""A shorter version of a sentence that says the same facts: the variant the selector may choose instead.

Three deletions, each a classic safe step of sentence compression for news
(HedgeTrimmer, Dorr, Zajic and Schwartz 2003; Gillick and Favre's ICSI
system trimmed the same): a trailing attribution to an institution
(":func:`summarize.text.trim.trim_attribution`"), a parenthetical without a
figure ("the Kurdistan Workers' Party (PKK)"), and a connective that opens
the sentence and only ties it to the one before in its article ("However, ",
"Meanwhile, "). The variant is the article's words in the article's order,
some left out; it is offered only when what is left out holds no number, no
negation, no quotation and no hedge, so the facts and how sure the source is
of them stay. The selector chooses between the sentence and its variant
(:func:`summarize.select.choose.choose_sentences`), never both; the brief
marks a shortened sentence and the JSON keeps the article's words.
"""

from __future__ import annotations

import re

from summarize.text.trim import _HEDGES, removed_words, trim_attribution

__all__ = ["MIN_SAVED_WORDS", "shorten"]

#: A variant must save at least this many words to be worth offering.
MIN_SAVED_WORDS = 1

_PARENTHETICAL = re.compile(r"\s*\((?P<inside>[^()]{1,80})\)")
_OPENER = re.compile(
    r"^(?:However|Meanwhile|In addition|Moreover|Furthermore|Nevertheless|Nonetheless|Also|Still|Separately|"
    r"In other developments|At the same time)\s*,\s+(?=[A-Za-z])"
)
# What a deletion may never take: figures, negation, quotation, and the hedges that say how sure a source is
# (the attribution trim's own hedge list, plus a few words of denial and doubt).
_KEEP = re.compile(
    r"\d|\b(?:not|no|never|nor|none|neither|without|n't|cannot|would|unconfirmed|denied|denies|deny)\b|"
    r"[\"“”‘’`]|''",
    re.IGNORECASE,
)


def _keeps(removed: str) -> bool:
    return bool(_KEEP.search(removed) or _HEDGES.search(removed))


def _drop_parentheticals(text: str) -> str:
    def cut(match: re.Match[str]) -> str:
        inside = match.group("inside")
        return match.group(0) if _keeps(inside) or len(inside.split()) > 10 else ""

    return _PARENTHETICAL.sub(cut, text)


def _drop_opener(text: str) -> str:
    match = _OPENER.match(text)
    if match is None:
        return text
    rest = text[match.end():]
    return rest[:1].upper() + rest[1:]


def shorten(text: str) -> str | None:
    """The sentence with the safe deletions made, or None when none applies or too little would go."""
    shorter = trim_attribution(_drop_opener(_drop_parentheticals(text)))
    shorter = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", shorter)).strip()
    if not shorter or shorter == text.strip():
        return None
    if len(text.split()) - len(shorter.split()) < MIN_SAVED_WORDS or len(shorter.split()) < 6:
        return None
    if _keeps(removed_words(text, shorter)):
        return None  # a guard on the whole: whatever the rules took, a figure, a "not" or a quote stays
    return shorter
