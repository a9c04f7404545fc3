"""Compose the stages into one summariser.

``Summarizer`` holds a :class:`SummarizerConfig` and the embedder; making one
loads nothing, the first ``summarize`` call loads the model. Each stage is a
plain function of its own module, so a notebook user can run them one by one;
the intermediate results of a run are kept on ``Brief.details``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from summarize import __version__
from summarize.cluster import RedundancyCluster, cluster_labels, redundancy_clusters, similarity_matrix
from summarize.document import Brief, BriefSentence, Document, ExcludedDocument, Sentence
from summarize.embed import Embedder, resolve_embedder
from summarize.errors import ConfigError, EmptyInputError
from summarize.order import ORDERS, order_sentences
from summarize.rank import combine_scores, lexrank_centrality, support_counts
from summarize.segment import segment_document
from summarize.select import select_sentences

__all__ = ["SummarizerConfig", "PipelineDetails", "Summarizer", "brief"]

# Redundancy thresholds by embedder: cosine from which two sentences say the
# same thing. Chosen on DUC 2004 (benchmarks/results/); other models fall
# back to the sentence-transformers value.
_DEFAULT_REDUNDANCY = {"tfidf": 0.5, "sentence-transformers": 0.7}


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
    position_weight: float = 0.0
    mmr_lambda: float = 0.7
    min_sentence_words: int = 6
    max_sentence_words: int | None = 60
    order: Literal["chronological", "score"] = "chronological"

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
        if self.order not in ORDERS:
            raise ConfigError(f"order must be one of {', '.join(ORDERS)}, got {self.order!r}")

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


class Summarizer:
    """Summarise a set of overlapping articles into one cited brief.

    All options are keywords (see :class:`SummarizerConfig`); ``embedder`` is
    ``"minilm"`` (default), ``"tfidf"``, a sentence-transformers name or
    folder, or any :class:`~summarize.embed.Embedder`.
    """

    def __init__(
        self,
        *,
        embedder: str | Embedder | None = None,
        model: str | None = None,
        progress: Callable[[str], None] | None = None,
        **options: Any,
    ) -> None:
        unknown = set(options) - {f.name for f in dataclasses.fields(SummarizerConfig)}
        if unknown:
            raise ConfigError(f"unknown option(s): {', '.join(sorted(unknown))}")
        self.config = SummarizerConfig(**options)
        self.embedder = resolve_embedder(embedder, model=model)
        self.progress = progress

    def get_params(self) -> dict[str, Any]:
        """The settings a brief records, enough to reproduce it."""
        return {"embedder": getattr(self.embedder, "name", type(self.embedder).__name__), **self.config.to_dict()}

    def _redundancy_threshold(self) -> float:
        if self.config.redundancy_threshold is not None:
            return self.config.redundancy_threshold
        kind = "tfidf" if getattr(self.embedder, "name", "") == "tfidf" else "sentence-transformers"
        return _DEFAULT_REDUNDANCY[kind]

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

        self._say(f"embedding {len(sentences)} sentences from {len(kept)} articles")
        vectors = self.embedder.encode([s.text for s in sentences])
        similarity = similarity_matrix(vectors)
        threshold = self._redundancy_threshold()
        clusters = redundancy_clusters(similarity, sentences, threshold=threshold)
        labels = cluster_labels(clusters, len(sentences))
        centrality = lexrank_centrality(similarity, damping=config.damping, edge_threshold=config.edge_threshold)
        support = support_counts(clusters, len(sentences))
        positions = np.array([s.index for s in sentences], dtype=np.float64)
        scores = combine_scores(
            centrality,
            support,
            positions,
            support_weight=config.support_weight,
            position_weight=config.position_weight,
        )
        chosen = select_sentences(
            sentences,
            scores,
            similarity,
            labels,
            max_words=config.max_words,
            max_sentences=config.max_sentences,
            mmr_lambda=config.mmr_lambda,
            redundancy_threshold=threshold,
            min_words=config.min_sentence_words,
            max_sentence_words=config.max_sentence_words,
        )
        warnings: list[str] = []
        if not chosen:
            chosen = _fallback_choice(sentences, config.max_words)
            if chosen:
                warnings.append("no sentence met the length preferences; used the best that fits the budget")
            else:
                warnings.append(f"every sentence is longer than the budget of {config.max_words} words")
        by_id = {d.id: d for d in kept}
        ordered = order_sentences(chosen, sentences, by_id, scores, order=config.order)
        brief = _assemble(ordered, sentences, clusters, labels, scores, kept, documents)
        brief.settings = {"version": __version__, **self.get_params(), "redundancy_threshold": threshold}
        brief.excluded = excluded
        brief.warnings = warnings
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
        )
        return brief


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

    Strings are read with :func:`summarize.ingest.load_documents`.
    """
    if isinstance(documents, str) or (
        isinstance(documents, Sequence) and documents and all(isinstance(d, str) for d in documents)
    ):
        from summarize.ingest import load_documents

        documents = load_documents(documents)  # type: ignore[arg-type]
    return Summarizer(embedder=embedder, model=model, **options).summarize(documents)  # type: ignore[arg-type]
