"""What each article says about a brief sentence: its evidence sentences, and the facts no source states.

A brief sentence's facts (figures, dates, names) are checked against the
sentences of its sources; a fact none of them states becomes a flag.
"""

from __future__ import annotations

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

__all__ = ["build_evidence", "differing_figures", "unsupported_facts"]


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


def build_evidence(
    text: str,
    source_sentence_id: str | None,
    members: Sequence[Sentence],
    similarities: Sequence[float] | np.ndarray,
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
