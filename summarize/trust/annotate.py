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
from summarize.trust.citations import renumber_sources, sources_of
from summarize.trust.coherence import CoherenceResult
from summarize.trust.conflicts import find_conflicts, states_value
from summarize.trust.evidence import build_evidence, topic_words
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
    rows_of: dict[str, list[int]] = {}
    for row_index, candidate in enumerate(sentences):
        rows_of.setdefault(candidate.doc_id, []).append(row_index)
    cited_documents: list[list[str]] = []
    as_written = [dataclasses.replace(s, text=originals[s.id]) if s.id in originals else s for s in sentences]
    articles = {d.id: d.text for d in kept}
    topic = topic_words(sentences)
    for i, sentence in enumerate(brief.sentences):
        position = ordered[i]
        rows = sorted(clusters[labels[position]].members)
        before = position - 1 if position in repair.rewritten and position > 0 else None
        if before is not None and sentences[before].doc_id == sentences[position].doc_id:
            rows.append(before)  # a name put in for "He" comes from here
        if sentence.generated:
            members = [sentences[r] for r in rows]
            vectors = embedder.encode([sentence.text, *[m.text for m in members]])
            member_similarity = similarity_matrix(vectors)[0, 1:]
        else:
            rows += _closest_in_each_article(
                position, sentences, similarity, rows_of, exclude=set(rows), floor=embedder.profile.evidence_similarity
            )
            members = [as_written[r] for r in rows]
            member_similarity = similarity[position, rows]
        # Checked as the article wrote it: a trimmed weekday still has to be in a cited article.
        claim = sentence.text if sentence.generated else originals.get(sentence.sentence_id, sentence.text)
        evidence, evidence_flags = build_evidence(
            claim, None if sentence.generated else sentence.sentence_id, members, member_similarity, numbers,
            articles, paraphrase_similarity=embedder.profile.paraphrase_similarity, topic=topic,
        )
        evidence = tuple(
            dataclasses.replace(e, text=originals[e.sentence_id]) if e.sentence_id in originals else e
            for e in evidence
        )
        stating = [e.doc_id for e in evidence if e.relation in ("source", "supports")]
        if not stating:  # a generated sentence no article states word for word keeps its cluster's sources
            stating = [d.id for d in sources_of(sentence.citations, brief)]
        cited_documents.append(sorted(set(stating), key=lambda d: (d != sentences[position].doc_id, numbers[d])))
        if config.detect_conflicts:
            # One note per disagreement: the conflict below says it, so the evidence's own pairwise
            # "disputed-figure" flags (which compare any two figures with one unit) are not repeated.
            evidence_flags = tuple(f for f in evidence_flags if f.kind != "disputed-figure")
        brief.sentences[i] = dataclasses.replace(
            sentence, evidence=evidence, flags=tuple(sentence.flags) + tuple(evidence_flags)
        )
    numbers = renumber_sources(brief, cited_documents)
    if config.detect_conflicts:
        # As written: a trimmed day can be what tells two figures apart.
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
                kind = "disputed-figure" if conflict.kind == "differ" else "changed-figure"
                flag = Flag(kind, conflict.unit, conflict.message)
                brief.sentences[i] = dataclasses.replace(sentence, flags=sentence.flags + (flag,))
        brief.conflicts = conflicts


def _closest_in_each_article(
    position: int,
    sentences: Sequence[Sentence],
    similarity: SimilarityLike,
    rows_of: dict[str, list[int]],
    *,
    exclude: set[int],
    floor: float,
) -> list[int]:
    """The two sentences of each other article closest to sentence ``position``, when at least ``floor`` similar.

    A fact is often stated in a sentence that is not a close paraphrase (the
    redundancy cluster), or across two sentences of one article.
    """
    own = sentences[position].doc_id
    found: list[int] = []
    for doc_id, rows in rows_of.items():
        if doc_id == own:
            continue
        values = np.asarray(similarity[position, rows], dtype=np.float64)
        closest = sorted(range(len(rows)), key=lambda k: (-values[k], rows[k]))[:2]
        found.extend(rows[k] for k in closest if values[k] >= floor and rows[k] not in exclude)
    return found
