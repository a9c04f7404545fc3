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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from summarize._version import __version__
from summarize.config import SummarizerConfig
from summarize.document import Brief, Document, ExcludedDocument, Sentence
from summarize.embed import Embedder, resolve_embedder
from summarize.embed.cache import EmbeddingCache, cached_encode, default_cache
from summarize.embed.protocol import BackendWarning
from summarize.errors import ConfigError, EmptyInputError
from summarize.generate import Generator, resolve_generator
from summarize.graph.centrality import combine_scores, support_counts
from summarize.graph.clusters import RedundancyCluster, cluster_labels
from summarize.graph.similarity import SimilarityLike, centrality_scores, cluster_sentences, sentence_similarity
from summarize.io.clean import clean_document
from summarize.io.files import load_documents
from summarize.select.choose import choose_sentences
from summarize.select.concepts import ConceptModel
from summarize.select.context import context_follows
from summarize.select.lead import lead_first
from summarize.select.limits import budget_warnings
from summarize.select.order import order_sentences
from summarize.text.limits import segment_within_limits
from summarize.text.orphans import orphan_opening
from summarize.text.segment import no_sentences_message
from summarize.text.trim import trim_sentences
from summarize.trust.annotate import annotate_brief
from summarize.trust.citations import assemble_brief
from summarize.trust.coherence import (
    CoherenceResult,
    antecedent_position,
    arrange,
    dangling_reference,
    repair_references,
    safe_rewrite,
)
from summarize.trust.editions import out_of_place
from summarize.trust.stale import content_outliers, document_vectors, unshared_names

__all__ = ["SummarizerConfig", "PipelineDetails", "Summarizer", "brief"]

@dataclass
class PipelineDetails:
    """What the pipeline saw, for inspection and plots (positions index ``sentences``)."""

    documents: list[Document]
    sentences: list[Sentence]
    similarity: SimilarityLike
    clusters: list[RedundancyCluster]
    labels: np.ndarray
    centrality: np.ndarray
    support: np.ndarray
    scores: np.ndarray
    selected: list[int]
    embeddings: Any = field(default=None, repr=False)
    coherence: Any = field(default=None, repr=False)
    trimmed: dict[str, str] = field(default_factory=dict, repr=False)  # sentence id -> text before trimming
    # position of a selected sentence -> the articles it cites (those that state it)
    cited: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False)

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
        # The arguments as given, for get_params (scikit-learn's contract: they rebuild the same summariser).
        self._params: dict[str, Any] = {
            "embedder": embedder, "model": model, "progress": progress, "cache": cache, "generator": generator,
            "generator_options": generator_options, "concept_model": concept_model, **self.config.to_dict(),
        }
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
            else ConceptModel.load(Path(concept_model))
        )

    def get_params(self) -> dict[str, Any]:
        """The constructor's arguments exactly as given: ``Summarizer(**s.get_params())`` is the same summariser."""
        return dict(self._params)

    def settings(self) -> dict[str, Any]:
        """What a brief records of the summariser that made it: names, the backend that really ran, every option.

        :meth:`from_settings` turns it back into a summariser that makes the
        same brief (the same backend, not only the same model name).
        """
        return {
            "version": __version__,
            "embedder": self.embedder.name,
            "backend": self.embedder.backend,
            "generator": None if self.generator is None else self.generator.name,
            **self.config.to_dict(),
            "redundancy_threshold": self.redundancy_threshold,
        }

    @classmethod
    def from_settings(cls, settings: dict[str, Any], **overrides: Any) -> Summarizer:
        """The summariser recorded in ``brief.settings`` (a generator must be given again: only its name is kept)."""
        options = {f.name: settings[f.name] for f in dataclasses.fields(SummarizerConfig) if f.name in settings}
        backend = str(settings.get("backend", ""))
        name = settings.get("embedder")
        if backend == "tfidf":
            embedder: dict[str, Any] = {"embedder": "tfidf"}
        elif backend.startswith("onnx"):
            embedder = {"embedder": "onnx", "model": name}
        else:
            embedder = {"embedder": "torch", "model": name}
        return cls(**{**embedder, **options, **overrides})

    @property
    def redundancy_threshold(self) -> float:
        """The cosine from which two sentences say the same thing: the option, else the embedder's own."""
        if self.config.redundancy_threshold is not None:
            return self.config.redundancy_threshold
        return self.embedder.profile.redundancy

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
        reason = self.embedder.fallback_reason
        if reason:
            notes.append(f"the fast ONNX backend is unavailable ({reason}); used the slower torch backend")
        return vectors

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def summarize(self, documents: Sequence[Document]) -> Brief:
        """Write the brief of ``documents`` (:class:`EmptyInputError` when nothing is summarisable,
        :class:`TooLargeError` past ``max_article_sentences``/``max_input_sentences``)."""
        config = self.config
        documents = [clean_document(d) for d in documents]  # built in code: still with datelines and credits
        if not documents:
            raise EmptyInputError("no articles to summarise")
        if len({d.id for d in documents}) != len(documents):
            raise ConfigError("document ids must be unique (load_documents makes them so)")
        excluded: list[ExcludedDocument] = []
        trust_warnings: list[str] = []
        documents = _set_aside(documents, out_of_place(documents, max_days=config.stale_after_days),
                               config.exclude_stale, excluded, trust_warnings)
        sentences: list[Sentence] = []
        kept: list[Document] = []
        per_document = segment_within_limits(documents, max_article_sentences=config.max_article_sentences,
                                             max_input_sentences=config.max_input_sentences)  # fmt: skip
        for document, found in zip(documents, per_document, strict=True):
            if found:
                kept.append(document)
                sentences.extend(found)
            else:
                excluded.append(ExcludedDocument(document.id, "no sentences left after cleaning"))
        if not sentences:
            raise EmptyInputError(no_sentences_message(d.text for d in documents))
        originals: dict[str, str] = {}
        if config.trim_weekdays or config.trim_attributions:
            sentences, originals = trim_sentences(
                sentences, weekdays=config.trim_weekdays, attributions=config.trim_attributions
            )

        self._say(f"embedding {len(sentences)} sentences from {len(kept)} articles")
        vectors = self._encode_sentences([s.text for s in sentences], trust_warnings)
        sentences, vectors, kept = self._set_aside_off_event(sentences, vectors, kept, excluded, trust_warnings)
        similarity = sentence_similarity(vectors)  # dense, or computed on demand for large inputs
        threshold = self.redundancy_threshold
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
        selection = choose_sentences(
            sentences, scores, similarity, labels, config=config, concept_model=self.concept_model,
            redundancy_threshold=threshold, standalone=_rewritable(sentences) if config.fix_references else (),
        )
        chosen = selection.chosen
        if selection.shortened:  # the chosen variants stand for their sentences; the articles' words stay known
            sentences = list(sentences)
            for position, text in selection.shortened.items():
                originals.setdefault(sentences[position].id, sentences[position].text)
                sentences[position] = replace(sentences[position], text=text)
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
        ordered = lead_first(order_sentences(repair.chosen, sentences, by_id, scores, order=config.order),
                             selection.lead)
        ordered = arrange(ordered, {**context_follows(ordered, selection.needs), **repair.follows})
        brief = assemble_brief(ordered, sentences, clusters, labels, scores, kept, documents)
        brief.settings = self.settings()
        brief.excluded = excluded
        warnings += budget_warnings(config.max_words, sentences, labels, ordered, brief.word_count)
        brief.warnings = warnings + trust_warnings
        annotate_brief(
            brief, ordered, sentences, similarity, clusters, labels, kept, repair, originals,
            config=config, embedder=self.embedder, generator=self.generator, say=self._say,
        )
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
            cited={
                position: tuple(brief.sources[n - 1].id for n in sentence.citations)
                for position, sentence in zip(ordered, brief.sentences, strict=True)
            },
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
        found = content_outliers(doc_ids, doc_vectors, min_similarity=self.embedder.profile.off_event_similarity,
                                 unshared=unshared_names(kept))
        remaining = _set_aside(kept, found, self.config.exclude_stale, excluded, warnings)
        if len(remaining) == len(kept):
            return sentences, vectors, kept
        keep_ids = {d.id for d in remaining}
        rows = [i for i, s in enumerate(sentences) if s.doc_id in keep_ids]
        return [sentences[i] for i in rows], vectors[rows], remaining



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


def _rewritable(sentences: Sequence[Sentence]) -> set[int]:
    """Sentences the reference repair can rewrite to stand alone (an opening connective dropped, "He" named)."""
    found = set()
    for position, sentence in enumerate(sentences):
        if dangling_reference(sentence.text) is None:
            continue
        before = antecedent_position(position, sentences)
        rewritten = safe_rewrite(sentence.text, None if before is None else sentences[before].text)
        if rewritten is not None and rewritten != sentence.text and orphan_opening(rewritten) is None:
            found.add(position)
    return found


def _fallback_choice(sentences: Sequence[Sentence], max_words: int | None) -> list[int]:
    """The first sentence that fits, when preferences ruled every sentence out."""
    for i, sentence in enumerate(sentences):
        if max_words is None or sentence.word_count <= max_words:
            return [i]
    return []


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
