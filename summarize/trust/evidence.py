"""What each article says about a brief sentence: its evidence sentences, and the facts no source states.

A brief sentence's facts (figures, dates, names) are checked against the
sentences of its sources; a fact none of them states becomes a flag.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from summarize.document import Evidence, Flag, Sentence
from summarize.text.facts import (
    Fact,
    Quantity,
    extract_dates,
    extract_facts,
    extract_quantities,
    same_number,
    units_compatible,
    values_compatible,
)
from summarize.text.words import content_words
from summarize.trust.claim_details import origins_found, quotes_and_ranks_found, speakers_found, times_found

__all__ = [
    "MIN_CLAUSE_RECALL", "MIN_CLAUSE_RECALL_OF_TWO", "MIN_TOPIC_ARTICLES", "MIN_TOPIC_SHARE", "build_evidence", "differing_figures", "states",
    "topic_words", "unsupported_facts",
]


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
        text_quantities, text_dates, text_words = _read(text)
        quantities.extend(text_quantities)
        date_parts |= text_dates
        words |= text_words
    return _EvidenceIndex(quantities, date_parts, words)


@functools.lru_cache(maxsize=8192)  # a day's news is a few thousand sentences
def _read(text: str) -> tuple[tuple[Quantity, ...], frozenset[str], frozenset[str]]:
    """A sentence's figures, date parts and words (lower case, "'s" and dots off, hyphen parts too), read once.

    The same article sentence is evidence for many brief sentences.
    """
    date_parts: set[str] = set()
    for _, parts in extract_dates(text):
        date_parts |= parts
    words: set[str] = set()
    for word in _WORDS.findall(text):
        lowered = _POSSESSIVE.sub("", word.lower()).rstrip(".")
        words.add(lowered)
        words.update(part for part in _WORD_PARTS.split(lowered) if part)
    return tuple(extract_quantities(text)), frozenset(date_parts), frozenset(words)


_POSSESSIVE = re.compile(r"['’]s$")
_WORD_PARTS = re.compile(r"[-.]")


def _fact_supported(fact: Fact, index: _EvidenceIndex) -> bool:
    if fact.kind == "number":
        assert fact.quantity is not None
        return any(same_number(fact.quantity, other) for other in index.quantities)
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
        if any(same_number(quantity, candidate) for candidate in theirs):
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


# Share of the main clause's content words (figures, dates and names aside)
# that the article's evidence must also use. Chosen on the judged DUC 2004
# citations (../shared/data/duc2004/judgements/): the judge accepts a
# paraphrase of the main claim and tolerates a missing aside, but not a
# missing event, number, name or day.
MIN_CLAUSE_RECALL = 0.45
# Two sentences read together hold more words by chance, so they must cover more of the clause.
MIN_CLAUSE_RECALL_OF_TWO = 0.6

# Asides a reader does not need for the main claim: relative clauses and appositives
# ("Okafor, the chief engineer, said") set off by commas, parentheses, wire dashes
# (" _ ... _ "), and attributions ("police said").
_ASIDES = re.compile(
    r",\s+(?:which|who|whose|where)\b[^,]*(?:,|$)"
    r"|,\s+(?:the|a|an|its|his|her|their)\s[^,]{1,80},(?=\s)"
    r"|\s*\([^)]*\)"
    r"|\s+_\s+[^_]*?\s+_(?=\s)"
    r"|,?\s+(?:according to\s+[^,.]+|(?:\w+\s+){0,3}(?:said|says|reported|announced|told reporters)(?:\s+on)?"
    r"(?:\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?)\s*(?=[.!?]?$)"
)
# Nationality and origin adjectives ("Serbian province", "Chilean dictator") describe; they are not names a
# source must repeat (a source that says "Yugoslav" or "Kosovo" can state the same fact).
_ADJECTIVE_OF_ORIGIN = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|i)$")


# A wire dateline opening the sentence: "BRUSSELS, Belgium (AP) _", "OSLO (Reuters) -".
_DATELINE = re.compile(r"^[A-Z][A-Z.' -]+(?:,\s*[A-Z][\w.' -]*)?\s*\([^)]*\)\s*[_—–-]+\s*")
# Words of a name phrase that say what someone is, not who: a source may say "the envoy" or leave it out.
_ROLE_WORDS = frozenset(
    "prime deputy vice foreign finance defense defence interior home justice secretary general premier chairman "
    "chairwoman spokesman spokeswoman envoy special arbitrator magistrate leader commander ambassador chancellor "
    "director official officials chief executive former acting supreme national".split()
)


def _required(fact: Fact, claim: str) -> bool:
    """Whether a source must state ``fact`` for the claim to be its own."""
    if fact.kind == "entity":
        words = fact.text.split()
        if len(words) == 1 and _ADJECTIVE_OF_ORIGIN.match(words[0].strip(".,;:")):
            return False
        # A name seen only in a dateline or in parentheses is a credit or an aside, not the claim.
        outside = re.sub(r"\([^)]*\)", " ", _DATELINE.sub("", claim))
        return fact.text in outside
    if fact.kind == "number" and fact.quantity is not None and not any(ch.isdigit() for ch in fact.text):
        # "the two differed": a number word used as a pronoun is no figure ("the two-story building" is one).
        first = fact.text.split()[0]
        return "-" in first or not re.search(rf"\bthe\s+{re.escape(first)}\s", claim, re.IGNORECASE)
    return True


def _fact_found(fact: Fact, index: _EvidenceIndex, names: set[str]) -> bool:
    """Whether ``fact`` is in the evidence (``names``: every word of the article, for names only)."""
    if fact.kind != "entity":
        return _fact_supported(fact, index)
    # A name is resolved in its article: every distinctive word must be there ("Mahathir Mohamad" in an
    # earlier paragraph) and the evidence must use one of them ("Mahathir fired Anwar").
    words = [w for w in fact.parts if w not in _ROLE_WORDS] or list(fact.parts)
    return all(w in names or w in index.words for w in words) and any(w in index.words for w in words)


def states(
    claim: str, evidence: Sequence[str], *, article: str = "", paraphrase: bool = False, topic: frozenset[str] = frozenset()
) -> bool:
    """Whether the sentences ``evidence`` of one article state ``claim``.

    Every figure (same value and unit), rank ("55th", "the first"), date,
    name and quoted phrase of the claim must be in the evidence (a name may be spelled out elsewhere in ``article``, the
    article's whole text), and at least :data:`MIN_CLAUSE_RECALL` of the
    content words of its main clause (asides, parentheticals and
    attributions set aside), or :data:`MIN_CLAUSE_RECALL_OF_TWO` when two
    sentences are read together. Facts are read from the claim as written,
    so "at least 231" is not backed by 357. With ``paraphrase`` (the caller
    found the evidence a close paraphrase by embedding similarity) the facts
    alone decide. ``topic`` holds the stems every article of the story uses
    (:func:`topic_words`): they do not count towards the recall.
    """
    if not evidence:
        return False
    if not quotes_and_ranks_found(claim, evidence):
        return False
    index = _index(evidence)
    names = _index([article]).words if article else set()
    facts = [f for f in extract_facts(claim) if _required(f, claim)]
    if not all(_fact_found(f, index, names) for f in facts):
        return False
    if not (speakers_found(claim, evidence, article) and times_found(claim, evidence)):
        return False
    if paraphrase:
        return True
    named: set[str] = set()
    for fact in extract_facts(claim):
        named |= content_words(fact.text)
    clause = content_words(_ASIDES.sub("", _DATELINE.sub("", claim))) - named
    if not clause:
        return True
    if not origins_found(claim, evidence):
        return False
    found = set().union(*(content_words(text) for text in evidence))
    least = MIN_CLAUSE_RECALL if len(evidence) == 1 else MIN_CLAUSE_RECALL_OF_TWO
    # Words every article of the story uses say what the story is about, not what this sentence claims:
    # "she had a comet named after her" is not stated by "the comet was confirmed on Saturday".
    clause = (clause - topic) or clause
    return len(clause & found) / len(clause) >= least


#: Fewer articles than this have no words of the story: every word they share may be the claim's.
MIN_TOPIC_ARTICLES = 3
#: A word of the story is in every article and in at least this share of its sentences ("comet").
MIN_TOPIC_SHARE = 0.25


def topic_words(sentences: Sequence[Sentence]) -> frozenset[str]:
    """The content stems that say what the story is about: in every article, and in many of its sentences.

    Matching only these does not state a claim: every sentence of the story
    could. None for fewer than :data:`MIN_TOPIC_ARTICLES` articles.
    """
    by_article: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for sentence in sentences:
        words = content_words(sentence.text)
        by_article.setdefault(sentence.doc_id, set()).update(words)
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    if len(by_article) < MIN_TOPIC_ARTICLES:
        return frozenset()
    everywhere = set.intersection(*by_article.values())
    return frozenset(w for w in everywhere if counts[w] >= MIN_TOPIC_SHARE * len(sentences))


def build_evidence(
    text: str,
    source_sentence_id: str | None,
    members: Sequence[Sentence],
    similarities: Sequence[float] | np.ndarray,
    citations: Mapping[str, int],
    articles: Mapping[str, str] | None = None,
    *,
    paraphrase_similarity: float = 1.0,
    topic: frozenset[str] = frozenset(),
) -> tuple[tuple[Evidence, ...], tuple[Flag, ...]]:
    """The evidence of one brief sentence and the flags its check raised.

    ``members`` are candidate sentences from the articles (its redundancy
    cluster, any context sentence, each article's closest sentences),
    ``similarities`` their cosine to ``text``, ``citations`` the source number
    of each document, ``articles`` each document's text (names are resolved
    in the whole article), ``paraphrase_similarity`` the cosine from which a
    sentence is a paraphrase (see :func:`states`). Per article, the closest sentence, or the two closest
    read together, either :func:`states` the text (``"supports"``: the article
    is cited) or not (``"related"``: shown, never cited). A member that gives
    a different figure is ``"differs"`` evidence and raises a
    ``disputed-figure`` flag; a fact nothing but differing members mention
    raises an ``unsupported-*`` flag.
    """
    relation: dict[int, str] = {}
    flags: list[Flag] = []
    by_document: dict[str, list[int]] = {}
    for k, member in enumerate(members):
        if member.id == source_sentence_id:
            relation[k] = "source"
            continue
        differing = differing_figures(text, member.text)
        if differing:
            relation[k] = "differs"
            flags.extend(
                Flag("disputed-figure", ours.text, f"{member.doc_id} gives {theirs.text} where this sentence says {ours.text}")
                for ours, theirs in differing
            )
            continue
        by_document.setdefault(member.doc_id, []).append(k)
    for doc_id, candidates in by_document.items():
        article = (articles or {}).get(doc_id, "")
        ranked = sorted(candidates, key=lambda k: (-float(similarities[k]), members[k].index))
        best = ranked[:1]
        pair = sorted(ranked[:2], key=lambda k: members[k].index)  # read in the article's order
        close = bool(best) and float(similarities[best[0]]) >= paraphrase_similarity
        if states(text, [members[k].text for k in best], article=article, paraphrase=close, topic=topic):
            stating = best
        elif len(pair) == 2 and states(text, [members[k].text for k in pair], article=article, topic=topic):
            stating = pair
        else:
            stating = []
        for k in candidates:
            relation[k] = "supports" if k in stating else "related"
    evidence = tuple(
        Evidence(
            sentence_id=member.id,
            doc_id=member.doc_id,
            position=member.index,
            text=member.text,
            relation=relation[k],
            similarity=round(float(similarities[k]), 4),
            citation=citations.get(member.doc_id, 0),
        )
        for k, member in enumerate(members)
    )
    backing = [e.text for e in evidence if e.relation != "differs"]
    flags.extend(unsupported_facts(text, backing))
    return evidence, tuple(flags)
