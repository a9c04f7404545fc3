"""The brief's first sentence, and sentences too empty to be in a brief at all.

A reader expects a brief to open as a news story does: with the main event
(what happened, where, to whom). Articles open that way too, so the lead is
chosen among the sentences that open their article, as the one most worth
keeping on its own (concept weight plus centrality) that names someone or
somewhere and needs no earlier sentence.

A filler sentence ("Times are tough in the oil patch.") states no fact a
reader needs: it covers almost none of the concepts the articles share, and
gives neither a figure nor a name. It is left out however well it fills the
last words of the budget.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from summarize.document import Sentence
from summarize.text.names import extract_entities

__all__ = [
    "DEFAULT_MIN_CONCEPT_FLOOR", "DEFAULT_MIN_CONCEPT_SHARE", "choose_lead", "informative", "lead_first", "names_something", "sentence_value",
]

#: The concept share (of the best sentence's) below which a sentence with no figure and no name is filler.
#: Chosen on DUC 2003 (100 words, R-1/R-2 recall ×100): 0 → 38.82/10.64, 0.05 → 38.97/10.74,
#: 0.1 → 38.98/10.74, 0.2 → 39.24/11.10, 0.3 → 39.40/11.20, 0.4 → 39.36/11.18; the best, and the smallest
#: near the best, is 0.3 (benchmarks.quality --data duc2003 --set min_concept_share=...).
DEFAULT_MIN_CONCEPT_SHARE = 0.3
#: The concept share below which no sentence is informative, whatever names or figures it holds ("Rep.
#: Louise Slaughter has not been a big fan of her fellow Democrat Bill Clinton.", "Chicken Little would love
#: this one."): a name says who, not that the sentence tells the story. Chosen on DUC 2003 (100 words, R-1/R-2
#: recall ×100, with the share above at 0.3): 0 → 39.98/11.11, 0.05 → 39.81/11.30, 0.1 → 40.11/11.40,
#: 0.15 → 39.90/11.25 (benchmarks.quality --data duc2003 --set min_concept_floor=...).
DEFAULT_MIN_CONCEPT_FLOOR = 0.1

_FIGURE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozens?)\b",
                     re.IGNORECASE)


def names_something(text: str) -> bool:
    """Whether ``text`` names someone or somewhere: a capitalised name, not only its capitalised first word
    ("Times are tough ..." names nothing)."""
    first = text.lstrip(" \"'`“‘(").split(" ", 1)[0]
    return any(len(entity.split()) > 1 or entity != first.rstrip(",.;:") for entity in extract_entities(text))


def sentence_value(incidence: Any, weights: np.ndarray, scores: np.ndarray, score_weight: float) -> np.ndarray:
    """Each sentence's worth on its own: the share of all concept weight it covers plus ``score_weight`` ×
    its score as a share of the best score (the selection's objective for a one-sentence brief)."""
    total = float(weights.sum())
    share = weights / total if total > 0 else weights
    covered = np.asarray(incidence.astype(np.float64) @ share).ravel()
    top = float(scores.max()) if len(scores) else 0.0
    return covered + score_weight * (scores / top if top > 0 else np.zeros(len(scores)))


def informative(
    sentences: Sequence[Sentence], incidence: Any, weights: np.ndarray, *, min_concept_share: float,
    floor: float = 0.0,
) -> np.ndarray:
    """Which sentences say something a brief needs: at least ``min_concept_share`` of the concept weight
    that the best-covering sentence covers, or a figure or a name with at least ``floor`` of it (all of them
    when no sentence covers any concept)."""
    covered = np.asarray(incidence.astype(np.float64) @ weights).ravel()
    best = float(covered.max()) if len(covered) else 0.0
    if best <= 0:
        return np.ones(len(sentences), dtype=bool)  # no shared concept at all: nothing to measure against
    relative = covered / best
    ok = relative >= min_concept_share
    for position in np.flatnonzero(~ok).tolist():
        text = sentences[position].text
        ok[position] = bool(relative[position] >= floor) and (bool(_FIGURE.search(text)) or names_something(text))
    return ok


def choose_lead(
    sentences: Sequence[Sentence],
    value: np.ndarray,
    *,
    allowed: np.ndarray,
    needs_context: Collection[int],
    max_position: int = 0,
    among: Collection[int] | None = None,
) -> int | None:
    """The position of the sentence to open the brief, or None when no sentence qualifies.

    Candidates open their article (index ≤ ``max_position``), are ``allowed``
    (length, filler), need no other sentence (not in ``needs_context``) and
    name someone or somewhere; the one of highest ``value`` wins. With
    ``among``, only those positions are considered.
    """
    best: int | None = None
    for position, sentence in enumerate(sentences):
        if sentence.index > max_position or not allowed[position] or position in needs_context:
            continue
        if among is not None and position not in among:
            continue
        if not names_something(sentence.text):
            continue
        if best is None or value[position] > value[best]:
            best = position
    return best


def lead_first(ordered: Sequence[int], lead: int | None) -> list[int]:
    """``ordered`` with ``lead`` moved to the front (unchanged when it is not there)."""
    if lead is None or lead not in ordered:
        return list(ordered)
    return [lead, *(p for p in ordered if p != lead)]
