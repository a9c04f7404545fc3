"""Compose the stages into one summariser.

``Summarizer`` holds a :class:`SummarizerConfig` and the embedder; making one
loads nothing, the first ``summarize`` call loads the model. Each stage is a
plain function of its own module, so a notebook user can run them one by one;
the intermediate results of a run are kept on ``Brief.details``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from summarize._version import __version__
from summarize.graph.clusters import RedundancyCluster, cluster_labels, similarity_matrix
from summarize.document import Brief, BriefSentence, Document, ExcludedDocument, Flag, RejectedGeneration, Sentence
from summarize.embed import Embedder, resolve_embedder
from summarize.embed.cache import EmbeddingCache, cached_encode, default_cache
from summarize.embed.protocol import BackendWarning
from summarize.io.files import load_documents
from summarize.errors import ConfigError, EmptyInputError
from summarize.select.order import ORDERS, order_sentences
from summarize.graph.centrality import combine_scores, support_counts
from summarize.text.segment import segment_document, split_sentences
from summarize.graph.similarity import centrality_scores, cluster_sentences, sentence_similarity
from summarize.trust.coherence import CoherenceResult, arrange, repair_references
from summarize.trust.conflicts import find_conflicts
from summarize.generate import GenerationRequest, Generator, resolve_generator
from summarize.trust.stale import DEFAULT_MAX_DAYS, content_outliers, date_outliers, document_vectors
from summarize.text.facts import build_evidence, check_generated
from summarize.select.concepts import ConceptModel, concept_matrix, learned_weights
from summarize.select.greedy import select_by_coverage, select_sentences
from summarize.select.ilp import select_by_ilp
from summarize.text.trim import removed_words, trim_sentences

__all__ = ["SummarizerConfig", "PipelineDetails", "Summarizer", "brief"]

# Redundancy thresholds by embedder: cosine from which two sentences say the
# same thing. Chosen on DUC 2004 (benchmarks/results/); other models fall
# back to the sentence-transformers value.
_DEFAULT_REDUNDANCY = {"tfidf": 0.5, "sentence-transformers": 0.7}
# Trust checks, by embedder (see benchmarks/results/trust.md): the sentence
# similarity from which two figures can be about the same thing; the least
# similarity of an article to the others before it counts as off-event; the
# least similarity of a generated sentence to one of its sources.
_DEFAULT_CONFLICT_SIMILARITY = {"tfidf": 0.1, "sentence-transformers": 0.45}
_DEFAULT_OFF_EVENT_SIMILARITY = {"tfidf": 0.1, "sentence-transformers": 0.45}
_DEFAULT_GENERATION_SIMILARITY = {"tfidf": 0.3, "sentence-transformers": 0.6}


@dataclass(frozen=True)
class SummarizerConfig:
    """Every option of the pipeline, with the defaults we measured best.

    Lengths are in whitespace-separated words. ``redundancy_threshold`` None
    means the embedder's own default.
    """

    max_words: int | None = 120
    max_sentences: int | None = None
    redundancy_threshold: float | None = None
    damping: float = 0.85
    edge_threshold: float = 0.0
    support_weight: float = 1.0
    position_weight: float = 1.0
    mmr_lambda: float = 0.7
    selection: Literal["ilp", "coverage", "mmr"] = "ilp"
    concept_min_documents: int = 2
    concept_weighting: Literal["learned", "documents"] = "learned"
    concept_unigram_weight: float = 0.0
    concept_position_decay: float = 0.0
    coverage_score_weight: float = 0.1
    length_exponent: float = 1.0
    min_sentence_words: int = 6
    skip_quotations: bool = False
    max_sentence_position: int | None = None
    max_sentence_words: int | None = 60
    trim_weekdays: bool = True
    order: Literal["chronological", "score"] = "chronological"
    exclude_stale: bool = True
    stale_after_days: int = DEFAULT_MAX_DAYS
    fix_references: bool = True
    detect_conflicts: bool = True
    generation_mode: Literal["cluster", "selection"] = "cluster"
    generation_min_similarity: float | None = None

    def __post_init__(self) -> None:
        if self.max_words is None and self.max_sentences is None:
            raise ConfigError("set max_words or max_sentences: a brief needs a length limit")
        for name in ("max_words", "max_sentences", "max_sentence_words"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ConfigError(f"{name} must be a positive whole number, got {value!r}")
        if self.redundancy_threshold is not None and not 0.0 < self.redundancy_threshold <= 1.0:
            raise ConfigError(f"redundancy_threshold must be in (0, 1], got {self.redundancy_threshold!r}")
        if not 0.0 <= self.damping < 1.0:
            raise ConfigError(f"damping must be in [0, 1), got {self.damping!r}")
        if not 0.0 <= self.mmr_lambda <= 1.0:
            raise ConfigError(f"mmr_lambda must be in [0, 1], got {self.mmr_lambda!r}")
        if self.min_sentence_words < 1:
            raise ConfigError(f"min_sentence_words must be at least 1, got {self.min_sentence_words!r}")
        if self.concept_weighting not in ("learned", "documents"):
            raise ConfigError(f"concept_weighting must be 'learned' or 'documents', got {self.concept_weighting!r}")
        if self.selection not in ("ilp", "coverage", "mmr"):
            raise ConfigError(f"selection must be 'ilp', 'coverage' or 'mmr', got {self.selection!r}")
        if self.order not in ORDERS:
            raise ConfigError(f"order must be one of {', '.join(ORDERS)}, got {self.order!r}")
        if not isinstance(self.stale_after_days, int) or self.stale_after_days < 1:
            raise ConfigError(f"stale_after_days must be a positive whole number, got {self.stale_after_days!r}")
        if self.generation_mode not in ("cluster", "selection"):
            raise ConfigError(f"generation_mode must be 'cluster' or 'selection', got {self.generation_mode!r}")
        if self.generation_min_similarity is not None and not -1.0 <= self.generation_min_similarity <= 1.0:
            raise ConfigError(f"generation_min_similarity must be in [-1, 1], got {self.generation_min_similarity!r}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class PipelineDetails:
    """What the pipeline saw, for inspection and plots (positions index ``sentences``)."""

    documents: list[Document]
    sentences: list[Sentence]
    similarity: np.ndarray
    clusters: list[RedundancyCluster]
    labels: np.ndarray
    centrality: np.ndarray
    support: np.ndarray
    scores: np.ndarray
    selected: list[int]
    embeddings: Any = field(default=None, repr=False)
    coherence: Any = field(default=None, repr=False)
    trimmed: dict[str, str] = field(default_factory=dict, repr=False)  # sentence id -> text before trimming

    def __repr__(self) -> str:
        # The dataclass repr would print every sentence and the whole matrix.
        return (
            f"PipelineDetails({len(self.documents)} documents, {len(self.sentences)} sentences, "
            f"{len(self.clusters)} redundancy clusters, {len(self.selected)} selected)"
        )


class Summarizer:
    """Summarise a set of overlapping articles into one cited brief.

    All options are keywords (see :class:`SummarizerConfig`); ``embedder`` is
    ``"minilm"`` (default), ``"tfidf"``, a sentence-transformers name or
    folder, or any :class:`~summarize.embed.Embedder`. ``generator`` turns on
    the abstractive step: a transformers model name or folder, or any
    :class:`~summarize.generate.Generator` (``generator_options`` go to it).
    """

    def __init__(
        self,
        *,
        embedder: str | Embedder | None = None,
        model: str | None = None,
        progress: Callable[[str], None] | None = None,
        cache: Any = None,
        generator: str | Generator | None = None,
        generator_options: dict[str, Any] | None = None,
        concept_model: ConceptModel | str | os.PathLike[str] | None = None,
        **options: Any,
    ) -> None:
        unknown = set(options) - {f.name for f in dataclasses.fields(SummarizerConfig)}
        if unknown:
            raise ConfigError(f"unknown option(s): {', '.join(sorted(unknown))}")
        self.config = SummarizerConfig(**options)
        self.embedder = resolve_embedder(embedder, model=model)
        self.progress = progress
        # The on-disk embedding cache (summarize/cache.py): None follows
        # SUMMARIZE_EMBEDDING_CACHE (on unless 0/off), True/False force it, a
        # path or an EmbeddingCache chooses where.
        self.cache = cache
        self.generator = resolve_generator(generator, **(generator_options or {}))
        # None: the shipped model, read on first use (concept_weighting="learned").
        self.concept_model = (
            concept_model if concept_model is None or isinstance(concept_model, ConceptModel)
            else ConceptModel.load(concept_model)
        )

    def get_params(self) -> dict[str, Any]:
        """The settings a brief records, enough to reproduce it."""
        return {
            "embedder": getattr(self.embedder, "name", type(self.embedder).__name__),
            "generator": getattr(self.generator, "name", None),
            **self.config.to_dict(),
        }

    def _by_embedder(self, table: dict[str, float]) -> float:
        return table["tfidf" if getattr(self.embedder, "name", "") == "tfidf" else "sentence-transformers"]

    def _redundancy_threshold(self) -> float:
        if self.config.redundancy_threshold is not None:
            return self.config.redundancy_threshold
        kind = "tfidf" if getattr(self.embedder, "name", "") == "tfidf" else "sentence-transformers"
        return _DEFAULT_REDUNDANCY[kind]

    def embedding_cache(self) -> Any:
        """The :class:`~summarize.embed.cache.EmbeddingCache` this summarizer reads and fills, or None."""
        if self.cache is None or self.cache is True:
            return default_cache() if self.cache is None else EmbeddingCache()
        if self.cache is False:
            return None
        return self.cache if isinstance(self.cache, EmbeddingCache) else EmbeddingCache(self.cache)

    def _encode_sentences(self, texts: list[str], notes: list[str]) -> Any:
        """Sentence vectors through the embedding cache; a backend fallback becomes a note for the brief."""
        import warnings as python_warnings

        cache = self.embedding_cache()
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore", BackendWarning)  # reported once, in the brief
            vectors = cached_encode(self.embedder, texts, cache)
        reason = getattr(self.embedder, "fallback_reason", None)
        if reason:
            notes.append(f"the fast ONNX backend is unavailable ({reason}); used the slower torch backend")
        return vectors

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def summarize(self, documents: Sequence[Document]) -> Brief:
        """Write the brief of ``documents`` (raises :class:`EmptyInputError` when nothing is summarisable)."""
        config = self.config
        documents = list(documents)
        if not documents:
            raise EmptyInputError("no articles to summarise")
        if len({d.id for d in documents}) != len(documents):
            raise ConfigError("document ids must be unique (load_documents makes them so)")
        excluded: list[ExcludedDocument] = []
        trust_warnings: list[str] = []
        documents = _set_aside(documents, date_outliers(documents, max_days=config.stale_after_days),
                               config.exclude_stale, excluded, trust_warnings)
        sentences: list[Sentence] = []
        kept: list[Document] = []
        for document in documents:
            found = segment_document(document)
            if found:
                kept.append(document)
                sentences.extend(found)
            else:
                excluded.append(ExcludedDocument(document.id, "no sentences left after cleaning"))
        if not sentences:
            raise EmptyInputError("no sentences found in the articles (after removing boilerplate and fragments)")
        originals: dict[str, str] = {}
        if config.trim_weekdays:
            sentences, originals = trim_sentences(sentences)

        self._say(f"embedding {len(sentences)} sentences from {len(kept)} articles")
        vectors = self._encode_sentences([s.text for s in sentences], trust_warnings)
        sentences, vectors, kept = self._set_aside_off_event(sentences, vectors, kept, excluded, trust_warnings)
        similarity = sentence_similarity(vectors)  # dense, or computed on demand for large inputs
        threshold = self._redundancy_threshold()
        clusters = cluster_sentences(similarity, sentences, threshold=threshold)
        labels = cluster_labels(clusters, len(sentences))
        centrality = centrality_scores(similarity, damping=config.damping, edge_threshold=config.edge_threshold)
        support = support_counts(clusters, len(sentences))
        positions = np.array([s.index for s in sentences], dtype=np.float64)
        scores = combine_scores(
            centrality,
            support,
            positions,
            support_weight=config.support_weight,
            position_weight=config.position_weight,
        )
        limits = dict(
            max_words=config.max_words,
            max_sentences=config.max_sentences,
            redundancy_threshold=threshold,
            min_words=config.min_sentence_words,
            max_sentence_words=config.max_sentence_words,
        )
        chosen = None
        if config.selection in ("ilp", "coverage"):
            incidence, concept_weights, concepts = concept_matrix(
                sentences,
                min_documents=config.concept_min_documents,
                unigram_weight=config.concept_unigram_weight,
                position_decay=config.concept_position_decay,
            )
            if config.concept_weighting == "learned":
                concept_weights = learned_weights(sentences, incidence, concept_weights, concepts, self.concept_model)
        if config.selection == "ilp" and config.max_words is not None:
            chosen = select_by_ilp(
                sentences,
                scores,
                labels,
                incidence,
                concept_weights,
                max_words=config.max_words,
                max_sentences=config.max_sentences,
                score_weight=config.coverage_score_weight,
                min_words=config.min_sentence_words,
                max_sentence_words=config.max_sentence_words,
                allowed=_allowed(sentences, config),
            )
        if chosen is not None:
            pass
        elif config.selection in ("ilp", "coverage"):
            chosen = select_by_coverage(
                sentences,
                scores,
                similarity,
                labels,
                incidence,
                concept_weights,
                score_weight=config.coverage_score_weight,
                length_exponent=config.length_exponent,
                **limits,
            )
        else:
            chosen = select_sentences(
                sentences, scores, similarity, labels, mmr_lambda=config.mmr_lambda, **limits
            )
        warnings: list[str] = []
        if not chosen:
            chosen = _fallback_choice(sentences, config.max_words)
            if chosen:
                warnings.append("no sentence met the length preferences; used the best that fits the budget")
            else:
                warnings.append(f"every sentence is longer than the budget of {config.max_words} words")
        by_id = {d.id: d for d in kept}
        repair = CoherenceResult(chosen=list(chosen))
        if config.fix_references:
            repair = repair_references(
                chosen, sentences, scores, similarity, labels, max_words=config.max_words,
                max_sentences=config.max_sentences, redundancy_threshold=threshold,
                min_words=config.min_sentence_words, max_sentence_words=config.max_sentence_words,
            )
        ordered = arrange(order_sentences(repair.chosen, sentences, by_id, scores, order=config.order), repair.follows)
        brief = _assemble(ordered, sentences, clusters, labels, scores, kept, documents)
        brief.settings = {"version": __version__, **self.get_params(), "redundancy_threshold": threshold}
        brief.excluded = excluded
        brief.warnings = warnings + trust_warnings
        self._check_brief(brief, ordered, sentences, similarity, clusters, labels, kept, repair, originals)
        brief.details = PipelineDetails(
            documents=kept,
            sentences=sentences,
            similarity=similarity,
            clusters=clusters,
            labels=labels,
            centrality=centrality,
            support=support,
            scores=scores,
            selected=ordered,
            embeddings=vectors,
            coherence=repair,
            trimmed=originals,
        )
        return brief


    def _set_aside_off_event(
        self,
        sentences: list[Sentence],
        vectors: Any,
        kept: list[Document],
        excluded: list[ExcludedDocument],
        warnings: list[str],
    ) -> tuple[list[Sentence], Any, list[Document]]:
        """Leave out (or, with ``exclude_stale=False``, only report) articles about something else."""
        doc_ids, doc_vectors = document_vectors(vectors, [s.doc_id for s in sentences])
        found = content_outliers(doc_ids, doc_vectors, min_similarity=self._by_embedder(_DEFAULT_OFF_EVENT_SIMILARITY))
        remaining = _set_aside(kept, found, self.config.exclude_stale, excluded, warnings)
        if len(remaining) == len(kept):
            return sentences, vectors, kept
        keep_ids = {d.id for d in remaining}
        rows = [i for i, s in enumerate(sentences) if s.doc_id in keep_ids]
        return [sentences[i] for i in rows], vectors[rows], remaining

    def _check_brief(
        self,
        brief: Brief,
        ordered: Sequence[int],
        sentences: Sequence[Sentence],
        similarity: np.ndarray,
        clusters: Sequence[RedundancyCluster],
        labels: np.ndarray,
        kept: Sequence[Document],
        repair: CoherenceResult,
        originals: dict[str, str],
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
        if self.generator is not None:
            self._generate(brief, ordered, sentences, clusters, labels, repair)
        numbers = {d.id: n for n, d in enumerate(brief.sources, start=1)}
        for i, sentence in enumerate(brief.sentences):
            position = ordered[i]
            members = [sentences[m] for m in sorted(clusters[labels[position]].members)]
            before = position - 1 if position in repair.rewritten and position > 0 else None
            if before is not None and sentences[before].doc_id == sentences[position].doc_id:
                members.append(sentences[before])  # a name put in for "He" comes from here
            if sentence.generated:
                vectors = self.embedder.encode([sentence.text, *[m.text for m in members]])
                member_similarity = similarity_matrix(vectors)[0, 1:]
            else:
                member_similarity = similarity[position, [position_of[m.id] for m in members]]
            evidence, flags = build_evidence(
                sentence.text, None if sentence.generated else sentence.sentence_id, members, member_similarity, numbers
            )
            evidence = tuple(
                dataclasses.replace(e, text=originals[e.sentence_id]) if e.sentence_id in originals else e
                for e in evidence
            )
            cited = tuple(sorted({e.citation for e in evidence if e.relation != "differs" and e.citation}))
            brief.sentences[i] = dataclasses.replace(
                sentence, evidence=evidence, flags=tuple(sentence.flags) + flags, citations=cited or sentence.citations
            )
        if self.config.detect_conflicts:
            # As written: a trimmed day can be what tells two figures apart.
            as_written = [dataclasses.replace(s, text=originals[s.id]) if s.id in originals else s for s in sentences]
            conflicts = find_conflicts(
                as_written, similarity, min_similarity=self._by_embedder(_DEFAULT_CONFLICT_SIMILARITY),
                citations=numbers, documents={d.id: d for d in kept},
            )
            for k, conflict in enumerate(conflicts):
                stated = {sid for value in conflict.values for sid in value.sentence_ids}
                indexes = tuple(
                    i for i, s in enumerate(brief.sentences)
                    if stated & set(s.source_sentence_ids) or stated & {e.sentence_id for e in s.evidence}
                )
                conflicts[k] = dataclasses.replace(conflict, sentence_indexes=indexes)
                for i in indexes:
                    sentence = brief.sentences[i]
                    flag = Flag("disputed-figure", conflict.unit, conflict.message)
                    brief.sentences[i] = dataclasses.replace(sentence, flags=sentence.flags + (flag,))
            brief.conflicts = conflicts

    def _generate(
        self,
        brief: Brief,
        ordered: Sequence[int],
        sentences: Sequence[Sentence],
        clusters: Sequence[RedundancyCluster],
        labels: np.ndarray,
        repair: CoherenceResult,
    ) -> None:
        """Replace extractive sentences by generated ones that pass the guard; record the rest.

        Sentences tied by a reference (context, "He said" after its antecedent,
        rewritten openings) stay extractive: rewording could cut the tie.
        """
        config = self.config
        tied = set(repair.follows) | set(repair.follows.values()) | set(repair.rewritten)
        eligible = [i for i, p in enumerate(ordered) if p not in tied]
        if not eligible:
            return
        words = [len(s.text.split()) for s in brief.sentences]
        slack = 0 if config.max_words is None else max(0, config.max_words - sum(words))
        allowance = {i: words[i] + slack // len(eligible) for i in eligible}
        evidence_texts = {
            i: [brief.sentences[i].text]
            + [sentences[m].text for m in clusters[labels[ordered[i]]].members if m != ordered[i]][:5]
            for i in eligible
        }
        if config.generation_mode == "selection":
            total = sum(allowance.values())
            request = GenerationRequest(tuple(brief.sentences[i].text for i in eligible), total)
            outputs = self.generator.generate([request])
            pieces = [text for _, _, text in split_sentences(outputs[0] if outputs else "", min_words=1)]
            candidates = _match_pieces(pieces, eligible, evidence_texts, self.embedder)
        else:
            requests = [GenerationRequest(tuple(evidence_texts[i]), allowance[i]) for i in eligible]
            self._say(f"generating {len(requests)} sentences with {self.generator.name}")
            candidates = list(zip(eligible, self.generator.generate(requests)))
        min_similarity = config.generation_min_similarity
        if min_similarity is None:
            min_similarity = self._by_embedder(_DEFAULT_GENERATION_SIMILARITY)
        for i, text in candidates:
            sentence = brief.sentences[i]
            verdict = check_generated(
                text, evidence_texts[i], encode=self.embedder.encode, min_similarity=min_similarity,
                max_words=allowance[i],
            )
            if verdict.accepted and text.strip() != sentence.text:
                brief.sentences[i] = dataclasses.replace(
                    sentence, text=text.strip(), generated=True, extractive_text=sentence.text
                )
            elif not verdict.accepted:
                brief.rejected.append(RejectedGeneration(text, verdict.reasons, sentence.sentence_id, sentence.cluster_id))


def _match_pieces(pieces: Sequence[str], eligible: Sequence[int], evidence_texts: dict[int, list[str]], embedder: Embedder) -> list[tuple[int, str]]:
    """Pair each generated sentence with the brief sentence whose sources it is closest to (each used once)."""
    pairs: list[tuple[int, str]] = []
    free = list(eligible)
    for piece in pieces:
        if not free:
            break
        texts = [piece, *[" ".join(evidence_texts[i]) for i in free]]
        scores = similarity_matrix(embedder.encode(texts))[0, 1:]
        best = free[int(np.argmax(scores))]
        pairs.append((best, piece))
        free.remove(best)
    return pairs


def _set_aside(
    documents: list[Document],
    found: Sequence[Any],
    exclude: bool,
    excluded: list[ExcludedDocument],
    warnings: list[str],
) -> list[Document]:
    """``documents`` without the stale ones (reported in ``excluded``), or all of them with a warning."""
    if not found:
        return documents
    flagged = {article.doc_id: article for article in found}
    if not exclude:
        warnings.extend(f"{a.doc_id} looks out of place ({a.reason}); kept because exclude_stale is off" for a in found)
        return documents
    excluded.extend(article.as_excluded() for article in found)
    return [d for d in documents if d.id not in flagged]


_QUOTE_OPENERS = ('"', "“", "``", "'", "‘")


def _allowed(sentences: Sequence[Sentence], config: SummarizerConfig) -> np.ndarray:
    """Sentences the options allow in a brief (quotations, position in the article)."""
    allowed = np.ones(len(sentences), dtype=bool)
    if config.skip_quotations:
        allowed &= np.array([not s.text.startswith(_QUOTE_OPENERS) for s in sentences])
    if config.max_sentence_position is not None:
        allowed &= np.array([s.index < config.max_sentence_position for s in sentences])
    return allowed


def _fallback_choice(sentences: Sequence[Sentence], max_words: int | None) -> list[int]:
    """The first sentence that fits, when preferences ruled every sentence out."""
    for i, sentence in enumerate(sentences):
        if max_words is None or sentence.word_count <= max_words:
            return [i]
    return []


def _assemble(
    ordered: Sequence[int],
    sentences: Sequence[Sentence],
    clusters: Sequence[RedundancyCluster],
    labels: np.ndarray,
    scores: np.ndarray,
    kept: Sequence[Document],
    documents: Sequence[Document],
) -> Brief:
    """Number the sources by first citation and attach citations to sentences.

    A sentence cites every document of its redundancy cluster. Articles never
    cited follow in input order so the source list shows every input.
    """
    numbers: dict[str, int] = {}
    for i in ordered:
        for doc_id in clusters[labels[i]].doc_ids:
            numbers.setdefault(doc_id, len(numbers) + 1)
    for document in kept:
        numbers.setdefault(document.id, len(numbers) + 1)
    by_id = {d.id: d for d in documents}
    sources = [by_id[doc_id] for doc_id in numbers]
    brief_sentences = []
    for i in ordered:
        cluster = clusters[labels[i]]
        brief_sentences.append(
            BriefSentence(
                text=sentences[i].text,
                score=float(scores[i]),
                sentence_id=sentences[i].id,
                source_sentence_ids=tuple(sentences[m].id for m in sorted(cluster.members)),
                citations=tuple(sorted(numbers[d] for d in cluster.doc_ids)),
                cluster_id=cluster.id,
            )
        )
    return Brief(sentences=brief_sentences, sources=sources)


def brief(
    documents: Sequence[Document] | str | Sequence[str],
    *,
    embedder: str | Embedder | None = None,
    model: str | None = None,
    **options: Any,
) -> Brief:
    """One call from articles (or paths to them) to a brief.

    Strings are read with :func:`summarize.io.ingest.load_documents`.
    """
    if isinstance(documents, str) or (
        isinstance(documents, Sequence) and documents and all(isinstance(d, str) for d in documents)
    ):
        documents = load_documents(documents)  # type: ignore[arg-type]
    return Summarizer(embedder=embedder, model=model, **options).summarize(documents)  # type: ignore[arg-type]
