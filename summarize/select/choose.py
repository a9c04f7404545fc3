"""The selection stage as the pipeline runs it: which sentences may enter, the lead, and the chosen set.

Three rules shape what the selectors may choose, each an option of
:class:`~summarize.config.SummarizerConfig`:

- ``context_rule``: a sentence that leans on another (:mod:`summarize.select.context`)
  is chosen only with a sentence that gives it context (the ILP), or not at all (the greedy selectors);
- ``lead_first``: the brief opens with the main event (:func:`summarize.select.lead.choose_lead`),
  which the ILP must keep;
- ``min_concept_share``: filler (:func:`summarize.select.lead.informative`) is never chosen.

Two sentences that say the same thing (cosine at least the redundancy
threshold) are never both chosen, even when the star-shaped redundancy
clusters put them in different clusters.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from summarize.document import Sentence
from summarize.select.concepts import ConceptModel, concept_matrix, learned_weights
from summarize.select.context import ContextNeed, context_needs
from summarize.select.greedy import select_by_coverage, select_sentences
from summarize.select.ilp import select_by_ilp
from summarize.select.lead import choose_lead, informative, sentence_value
from summarize.select.limits import length_ok

if TYPE_CHECKING:
    from summarize.config import SummarizerConfig

__all__ = ["Selection", "choose_sentences", "repeating_pairs"]

_QUOTE_OPENERS = ('"', "“", "``", "'", "‘")
#: Above this many admissible sentences the pairwise repeat check is left to the redundancy clusters.
_MAX_PAIRWISE = 2000


@dataclass
class Selection:
    """The chosen positions (by score), what each sentence of the input needs, and the lead (or None)."""

    chosen: list[int]
    needs: dict[int, ContextNeed] = field(default_factory=dict)
    lead: int | None = None


def _allowed(sentences: Sequence[Sentence], config: SummarizerConfig) -> np.ndarray:
    """Sentences the options allow in a brief (quotations, position in the article)."""
    allowed = np.ones(len(sentences), dtype=bool)
    if config.skip_quotations:
        allowed &= np.array([not s.text.startswith(_QUOTE_OPENERS) for s in sentences])
    if config.max_sentence_position is not None:
        allowed &= np.array([s.index < config.max_sentence_position for s in sentences])
    return allowed


def repeating_pairs(
    similarity: Any, labels: np.ndarray, allowed: np.ndarray, threshold: float
) -> list[tuple[int, int]]:
    """Pairs of admissible sentences in different redundancy clusters whose cosine is at least ``threshold``.

    A star-shaped cluster holds the sentences close to its centre, so two
    sentences close to each other can still fall in two clusters; the
    selection keeps them apart. Skipped (empty) above a few thousand
    admissible sentences, where the rows would cost more than they save.
    """
    positions = np.flatnonzero(allowed)
    if len(positions) > _MAX_PAIRWISE:
        return []
    pairs = []
    for k, i in enumerate(positions[:-1]):
        later = positions[k + 1:]
        row = np.asarray(similarity[int(i), later], dtype=np.float64)
        for j in later[(row >= threshold) & (labels[later] != labels[i])]:
            pairs.append((int(i), int(j)))
    return pairs


def choose_sentences(
    sentences: Sequence[Sentence],
    scores: np.ndarray,
    similarity: Any,
    labels: np.ndarray,
    *,
    config: SummarizerConfig,
    concept_model: ConceptModel | None,
    redundancy_threshold: float,
    standalone: Collection[int] = (),
) -> Selection:
    """Choose the brief's sentences (positions in ``sentences``) by the configured selector and rules.

    ``standalone`` are sentences the caller can make stand alone after
    selection (a safe rewrite), so the context rule leaves them free.
    """
    needs = context_needs(sentences, standalone=standalone) if config.context_rule else {}
    allowed = _allowed(sentences, config)
    if config.selection == "mmr":
        allowed &= np.array([p not in needs for p in range(len(sentences))], dtype=bool)
        greedy = select_sentences(
            sentences, scores, similarity, labels, mmr_lambda=config.mmr_lambda,
            max_words=config.max_words, max_sentences=config.max_sentences, redundancy_threshold=redundancy_threshold,
            min_words=config.min_sentence_words, max_sentence_words=config.max_sentence_words, allowed=allowed,
        )
        return Selection(greedy, needs)
    incidence, weights, concepts = concept_matrix(
        sentences,
        min_documents=config.concept_min_documents,
        unigram_weight=config.concept_unigram_weight,
        position_decay=config.concept_position_decay,
    )
    if config.concept_weighting == "learned":
        weights = learned_weights(sentences, incidence, weights, concepts, concept_model)
    if config.min_concept_share > 0:
        allowed &= informative(sentences, incidence, weights, min_concept_share=config.min_concept_share)
    words = np.array([s.word_count for s in sentences])
    fits = allowed & length_ok(words, config.min_sentence_words, config.max_words, config.max_sentence_words)
    value = sentence_value(incidence, weights, scores, config.coverage_score_weight)

    def exact_selection(required: tuple[int, ...]) -> list[int] | None:
        return select_by_ilp(
            sentences, scores, labels, incidence, weights,
            max_words=config.max_words or 0, max_sentences=config.max_sentences,
            score_weight=config.coverage_score_weight, min_words=config.min_sentence_words,
            max_sentence_words=config.max_sentence_words, allowed=allowed,
            requires={p: need.antecedents for p, need in needs.items()}, required=required,
            apart=repeating_pairs(similarity, labels, fits, redundancy_threshold),
        )

    exact: list[int] | None = None
    lead = None
    if config.selection == "ilp" and config.max_words is not None:
        exact = exact_selection(())
        if exact is not None and config.lead_first:
            # The best set often holds a lead already; only when it does not is one imposed.
            lead = choose_lead(sentences, value, allowed=fits, needs_context=needs, among=exact)
            if lead is None:
                lead = choose_lead(sentences, value, allowed=fits, needs_context=needs)
                with_lead = None if lead is None else exact_selection((lead,))
                exact = exact if with_lead is None else with_lead
    if exact is not None:
        return Selection(exact, needs, lead if lead in exact else None)
    allowed &= np.array([p not in needs for p in range(len(sentences))], dtype=bool)
    chosen = select_by_coverage(
        sentences, scores, similarity, labels, incidence, weights,
        score_weight=config.coverage_score_weight, length_exponent=config.length_exponent,
        max_words=config.max_words, max_sentences=config.max_sentences, redundancy_threshold=redundancy_threshold,
        min_words=config.min_sentence_words, max_sentence_words=config.max_sentence_words, allowed=allowed,
    )
    return Selection(chosen, needs)
