"""The trust steps after a brief is assembled: notes on trimmed and rewritten sentences, evidence, conflicts.

Each brief sentence is checked against the sentences of its redundancy
cluster: the evidence says which article states it (or gives a differing
figure), and figures that outlets give differently become a conflict note.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from summarize.document import Brief, Document, Flag, Sentence
from summarize.embed import Embedder
from summarize.generate import Generator
from summarize.graph.clusters import RedundancyCluster, similarity_matrix
from summarize.text.trim import removed_words
from summarize.trust.coherence import CoherenceResult
from summarize.trust.conflicts import find_conflicts, states_value
from summarize.trust.evidence import build_evidence
from summarize.trust.guard import apply_generation

if TYPE_CHECKING:
    from summarize.config import SummarizerConfig

from summarize.graph.similarity import SimilarityLike

__all__ = ["annotate_brief"]


def annotate_brief(
    brief: Brief,
    ordered: Sequence[int],
    sentences: Sequence[Sentence],
    similarity: SimilarityLike,
    clusters: Sequence[RedundancyCluster],
    labels: np.ndarray,
    kept: Sequence[Document],
    repair: CoherenceResult,
    originals: dict[str, str],
    *,
    config: SummarizerConfig,
    embedder: Embedder,
    generator: Generator | None,
    say: Callable[[str], None],
) -> None:
    """The trust steps after assembly: coherence notes, generation, evidence, conflicts.

    ``originals`` holds the text of trimmed sentences as the articles wrote
    it: evidence shows that text, and a trimmed brief sentence says what
    was taken out.
    """
    position_of = {s.id: p for p, s in enumerate(sentences)}
    brief_index = {p: i for i, p in enumerate(ordered)}
    for i, sentence in enumerate(brief.sentences):
        position = ordered[i]
        flags = list(sentence.flags)
        changes: dict[str, Any] = {}
        original = originals.get(sentence.sentence_id)
        if original is not None:
            dropped = removed_words(original, sentence.text)
            flags.append(Flag("trimmed", dropped, f"“{dropped}” left out; the article says: {original}"))
        if position in repair.rewritten:
            changes["text"] = repair.rewritten[position]
            flags.append(Flag("rewritten", sentence.text.split()[0], f"rewritten from: {sentence.text}"))
        if position in repair.context_for and repair.context_for[position] in brief_index:
            changes["context_for"] = brief_index[repair.context_for[position]]
            flags.append(Flag("context", sentences[position].id, "added so that the next sentence is understood"))
        if changes or flags != list(sentence.flags):
            brief.sentences[i] = dataclasses.replace(sentence, flags=tuple(flags), **changes)
    if generator is not None:
        apply_generation(
            brief, ordered, sentences, clusters, labels, repair,
            generator=generator, embedder=embedder, config=config, say=say,
        )
    numbers = {d.id: n for n, d in enumerate(brief.sources, start=1)}
    for i, sentence in enumerate(brief.sentences):
        position = ordered[i]
        members = [sentences[m] for m in sorted(clusters[labels[position]].members)]
        before = position - 1 if position in repair.rewritten and position > 0 else None
        if before is not None and sentences[before].doc_id == sentences[position].doc_id:
            members.append(sentences[before])  # a name put in for "He" comes from here
        if sentence.generated:
            vectors = embedder.encode([sentence.text, *[m.text for m in members]])
            member_similarity = similarity_matrix(vectors)[0, 1:]
        else:
            member_similarity = similarity[position, [position_of[m.id] for m in members]]
        evidence, evidence_flags = build_evidence(
            sentence.text, None if sentence.generated else sentence.sentence_id, members, member_similarity, numbers
        )
        evidence = tuple(
            dataclasses.replace(e, text=originals[e.sentence_id]) if e.sentence_id in originals else e
            for e in evidence
        )
        cited = tuple(sorted({e.citation for e in evidence if e.relation != "differs" and e.citation}))
        if config.detect_conflicts:
            # One note per disagreement: the conflict below says it, so the evidence's own pairwise
            # "disputed-figure" flags (which compare any two figures with one unit) are not repeated.
            evidence_flags = tuple(f for f in evidence_flags if f.kind != "disputed-figure")
        brief.sentences[i] = dataclasses.replace(
            sentence, evidence=evidence, flags=tuple(sentence.flags) + tuple(evidence_flags), citations=cited or sentence.citations
        )
    if config.detect_conflicts:
        # As written: a trimmed day can be what tells two figures apart.
        as_written = [dataclasses.replace(s, text=originals[s.id]) if s.id in originals else s for s in sentences]
        conflicts = find_conflicts(
            as_written, similarity, min_similarity=embedder.profile.conflict_similarity,
            citations=numbers, documents={d.id: d for d in kept},
        )
        for k, conflict in enumerate(conflicts):
            stated = {sid for value in conflict.values for sid in value.sentence_ids}
            # Only a brief sentence that itself states one of the disputed values carries the note.
            indexes = tuple(
                i for i, s in enumerate(brief.sentences)
                if (stated & set(s.source_sentence_ids) or stated & {e.sentence_id for e in s.evidence})
                and states_value(s.text, conflict)
            )
            conflicts[k] = dataclasses.replace(conflict, sentence_indexes=indexes)
            for i in indexes:
                sentence = brief.sentences[i]
                flag = Flag("disputed-figure", conflict.unit, conflict.message)
                brief.sentences[i] = dataclasses.replace(sentence, flags=sentence.flags + (flag,))
        brief.conflicts = conflicts
