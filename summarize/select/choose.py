"""The selection stage as the pipeline runs it: which sentences may enter, the lead, and the chosen set.

Three rules shape what the selectors may choose, each an option of
:class:`~summarize.config.SummarizerConfig`:

- ``context_rule``: a sentence that leans on another (:mod:`summarize.select.context`)
  is chosen only with a sentence that gives it context (the ILP), or not at all (the greedy selectors);
- ``lead_first``: the brief opens with the main event (:func:`summarize.select.lead.choose_lead`),
  which the ILP must keep;
- ``min_concept_share``: filler (:func:`summarize.select.lead.informative`) is never chosen;
- ``compress``: the ILP may choose a sentence's shortened variant (:func:`summarize.text.compress.shorten`)
  instead of the sentence, never both (the variant shares its redundancy cluster).

Two sentences that say the same thing (cosine at least the redundancy
threshold) are never both chosen, even when the star-shaped redundancy
clusters put them in different clusters.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse

from summarize.document import Sentence
from summarize.select.concepts import ConceptModel, concept_matrix, concept_rows, learned_weights
from summarize.select.context import ContextNeed, context_needs
from summarize.select.greedy import select_by_coverage, select_sentences
from summarize.select.ilp import select_by_ilp
from summarize.select.lead import choose_lead, informative, sentence_value
from summarize.select.limits import length_ok
from summarize.text.compress import shorten

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
    #: Chosen positions whose shortened variant was chosen, with its text.
    shortened: dict[int, str] = field(default_factory=dict)


# An interview's or a document's apparatus, not a news sentence: "Following are excerpts from the
# conversation: Q. There is a lot of focus on ...", "A. Let me say right off ...".
_APPARATUS = re.compile(
    r"^(?:``|[\"“])?(?:Q|A)\.\s(?![A-Z]\.)"  # not an initial: "A. Q. Khan said ..."
    r"|\b(?i:following|here|below) (?i:are|is) (?i:excerpts|an excerpt|the text|a transcript|the transcript)\b"
    r"|\((?i:italics|end italics)\)"
)


def _unfinished(text: str) -> bool:
    """A sentence that is part of something longer: a bracket it opens and does not close, or closes without
    opening ("(The White House was keeping the journalists outside this year." goes on for sentences, an aside
    away from the news), or a colon at its end ("the primary finding of the Commission is that:" announces
    what the brief does not give)."""
    return text.count("(") != text.count(")") or text.rstrip().endswith(":")


def _allowed(sentences: Sequence[Sentence], config: SummarizerConfig) -> np.ndarray:
    """Sentences the options allow in a brief (quotations, position in the article); never an interview's
    question and answer markers or a document's "Following are excerpts" line, nor a sentence that is only part of
    something longer (:func:`_unfinished`)."""
    allowed = np.array([not _APPARATUS.search(s.text) and not _unfinished(s.text) for s in sentences], dtype=bool)
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
        allowed &= informative(sentences, incidence, weights, min_concept_share=config.min_concept_share,
                               floor=config.min_concept_floor)
    words = np.array([s.word_count for s in sentences])
    fits = allowed & length_ok(words, config.min_sentence_words, config.max_words, config.max_sentence_words)
    value = sentence_value(incidence, weights, scores, config.coverage_score_weight)

    variants = _Variants.build(sentences, fits, incidence, concepts, unigrams=config.concept_unigram_weight > 0) \
        if config.compress and config.selection == "ilp" else _Variants.none(len(sentences))
    requires = {p: need.antecedents for p, need in needs.items()}
    apart = repeating_pairs(similarity, labels, fits, redundancy_threshold)

    def exact_selection(required: tuple[int, ...]) -> list[int] | None:
        return select_by_ilp(
            variants.sentences(sentences), variants.extend(scores), variants.extend(labels),
            variants.incidence(incidence), weights,
            max_words=config.max_words or 0, max_sentences=config.max_sentences,
            score_weight=config.coverage_score_weight, min_words=config.min_sentence_words,
            max_sentence_words=config.max_sentence_words, allowed=variants.extend(allowed),
            requires=variants.requires(requires), required=required, apart=variants.pairs(apart),
        )

    exact: list[int] | None = None
    lead = None
    if config.selection == "ilp" and config.max_words is not None:
        exact = exact_selection(())
        if exact is not None and config.lead_first:
            # The best set often holds a lead already; only when it does not is one imposed.
            lead = choose_lead(sentences, value, allowed=fits, needs_context=needs,
                               among=variants.resolve(exact)[0])
            if lead is None:
                lead = choose_lead(sentences, value, allowed=fits, needs_context=needs)
                with_lead = None if lead is None else exact_selection((lead,))
                exact = exact if with_lead is None else with_lead
    if exact is not None:
        chosen, shortened = variants.resolve(exact)
        return Selection(chosen, needs, lead if lead in chosen else None, shortened)
    allowed &= np.array([p not in needs for p in range(len(sentences))], dtype=bool)
    chosen = select_by_coverage(
        sentences, scores, similarity, labels, incidence, weights,
        score_weight=config.coverage_score_weight, length_exponent=config.length_exponent,
        max_words=config.max_words, max_sentences=config.max_sentences, redundancy_threshold=redundancy_threshold,
        min_words=config.min_sentence_words, max_sentence_words=config.max_sentence_words, allowed=allowed,
    )
    return Selection(chosen, needs)


@dataclass
class _Variants:
    """The shortened variants offered to the ILP, as candidates after the ``n`` sentences.

    Candidate ``n + k`` is the variant of sentence ``origin[k]``: it has its
    sentence's score, redundancy cluster (so the two are never both chosen),
    context needs and repeat pairs, and covers what is left of its concepts.
    """

    n: int
    origin: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    rows: Any = None
    copies: dict[int, list[int]] | None = None

    @classmethod
    def none(cls, n: int) -> _Variants:
        return cls(n)

    @classmethod
    def build(cls, sentences: Sequence[Sentence], fits: np.ndarray, incidence: Any, concepts: Sequence[str],
              *, unigrams: bool) -> _Variants:
        found = [(p, shorter) for p in np.flatnonzero(fits).tolist() if (shorter := shorten(sentences[p].text))]
        variants = cls(len(sentences), [p for p, _ in found], [t for _, t in found])
        variants.rows = concept_rows(variants.texts, concepts, unigrams=unigrams)
        return variants

    def sentences(self, sentences: Sequence[Sentence]) -> list[Sentence]:
        return list(sentences) + [replace(sentences[p], text=t) for p, t in zip(self.origin, self.texts, strict=True)]

    def extend(self, values: np.ndarray) -> np.ndarray:
        return np.concatenate([values, values[self.origin]]) if self.origin else values

    def incidence(self, incidence: Any) -> Any:
        if not self.origin:
            return incidence
        return scipy.sparse.vstack([scipy.sparse.csr_matrix(incidence), self.rows.astype(bool)], format="csr")

    def _copies(self, position: int) -> list[int]:
        if self.copies is None:
            self.copies = {}
            for k, p in enumerate(self.origin):
                self.copies.setdefault(p, []).append(self.n + k)
        return [position, *self.copies.get(position, ())]

    def requires(self, requires: dict[int, tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
        """A variant needs what its sentence needs; a variant of an antecedent gives context as it does."""
        if not self.origin:
            return requires
        widened = {p: tuple(c for a in antecedents for c in self._copies(a)) for p, antecedents in requires.items()}
        for k, p in enumerate(self.origin):
            if p in widened:
                widened[self.n + k] = widened[p]
        return widened

    def pairs(self, apart: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(a, b) for i, j in apart for a in self._copies(i) for b in self._copies(j)] if self.origin \
            else list(apart)

    def resolve(self, chosen: Sequence[int]) -> tuple[list[int], dict[int, str]]:
        """Candidates back to sentence positions (order kept), and the variants chosen."""
        positions: list[int] = []
        shortened: dict[int, str] = {}
        for candidate in chosen:
            if candidate < self.n:
                positions.append(candidate)
            else:
                k = candidate - self.n
                positions.append(self.origin[k])
                shortened[self.origin[k]] = self.texts[k]
        return positions, shortened
