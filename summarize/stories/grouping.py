"""Group a day's articles into stories, and rank the stories.

A *story* is the set of articles about one event. Two articles are compared
two ways and the cosines blended: by meaning, embedding their title and lead
(the first ``lead_words`` words, where reporters say what happened) with the
project's :class:`~summarize.embed.Embedder`; and by wording, TF-IDF over the
title and the whole text, where the names of the people and places of an
event recur (``lexical_weight`` is the share of the latter). Articles are
then joined by average-linkage agglomerative clustering cut at
``threshold``: a story's articles are, on average, at least that similar to
each other. Articles published more than ``max_days_apart`` days apart are
never similar, so two floods a month apart stay two stories.

Stories are ranked by how many distinct outlets covered them (syndicated
copies count, see :mod:`summarize.stories.dedupe`) plus a recency bonus that halves
every ``half_life_hours``. A story's headline is the title of its most
central article, or a short extract of it when articles have no titles.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from summarize.document import Brief, Document
from summarize.embed import Embedder, resolve_embedder
from summarize.stories.dedupe import duplicates_of, outlet_key
from summarize.stories.similarity import (
    DEFAULT_LEAD_WORDS,
    blended_similarity,
    candidate_groups,
    embed_leads,
    lead_text,
    story_similarity,
    story_similarity_matrix,
    story_vectors,
)

__all__ = [
    "Story",
    "cluster_stories",
    "date_mask",
    "embed_leads",
    "find_stories",
    "headline_for",
    "lead_text",
    "rank_stories",
    "story_similarity",
    "story_similarity_matrix",
]

DEFAULT_MAX_DAYS_APART = 3.0


def date_mask(published: Sequence[_dt.datetime | None], *, max_days_apart: float | None) -> np.ndarray:
    """``True`` where two articles are close enough in time to be one story.

    Undated articles are compatible with everything; ``None`` turns the
    check off.
    """
    n = len(published)
    if max_days_apart is None:
        return np.ones((n, n), dtype=bool)
    stamps = np.array([p.timestamp() if p is not None else np.nan for p in published], dtype=np.float64)
    apart_days = np.abs(stamps[:, None] - stamps[None, :]) / 86400.0
    with np.errstate(invalid="ignore"):
        return ~(apart_days > max_days_apart)  # NaN (undated) compares False: compatible


def cluster_stories(similarity: np.ndarray, *, threshold: float, allowed: np.ndarray | None = None) -> np.ndarray:
    """Story labels (0, 1, ... in order of first member) by average-linkage clustering.

    Two groups join while the mean similarity between their articles is at
    least ``threshold``; pairs not ``allowed`` (too far apart in time) count
    as the least similar possible.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    distance = 1.0 - np.clip(similarity, 0.0, 1.0)
    if allowed is not None:
        distance = np.where(allowed, distance, 2.0)  # beyond any cosine distance of the clipped similarities
    distance = (distance + distance.T) / 2.0
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    relabel: dict[int, int] = {}
    return np.array([relabel.setdefault(int(label), len(relabel)) for label in raw], dtype=np.int64)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z\"“‘(])")


def headline_for(document: Document, *, max_words: int = 14) -> str:
    """The title, else the first sentence cut to ``max_words`` words (with an ellipsis when cut).

    Of a syndicated story (see :mod:`summarize.stories.dedupe`) the earliest copy's
    title is used: the original's, not a local paper's rewrite.
    """
    never = _dt.datetime.max
    titled = [d for d in (document, *duplicates_of(document)) if d.title and d.title.strip()]
    if titled:
        original = min(titled, key=lambda d: d.published or never)
        return " ".join((original.title or "").split())
    first = _SENTENCE_END.split(" ".join(document.text.split()), maxsplit=1)[0]
    words = first.split()
    if len(words) <= max_words:
        return first
    return " ".join(words[:max_words]).rstrip(",;:") + "…"


@dataclass
class Story:
    """The articles about one event, most central first, and what was made of them.

    ``documents`` are the articles after duplicate merging; each may carry
    syndicated copies (:func:`summarize.stories.dedupe.duplicates_of`).
    ``source_count`` counts distinct outlets over all of them. ``score`` is
    the ranking score; ``brief`` is filled in by :func:`summarize.stories.daily`.
    ``is_new`` is ``None`` unless compared with a previous day's brief.
    """

    id: str
    headline: str
    documents: list[Document]
    source_count: int
    score: float = 0.0
    cohesion: float = 1.0
    brief: Brief | None = None
    is_new: bool | None = None
    details: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def article_count(self) -> int:
        """Articles in the story, syndicated copies included."""
        return sum(1 + len(duplicates_of(d)) for d in self.documents)

    @property
    def all_documents(self) -> list[Document]:
        """Every article, syndicated copies right after the copy that was kept."""
        return [copy for d in self.documents for copy in (d, *duplicates_of(d))]

    @property
    def first_published(self) -> _dt.datetime | None:
        dates = [d.published for d in self.all_documents if d.published is not None]
        return min(dates) if dates else None

    @property
    def last_published(self) -> _dt.datetime | None:
        dates = [d.published for d in self.all_documents if d.published is not None]
        return max(dates) if dates else None


def _has_title(document: Document) -> bool:
    return any(d.title and d.title.strip() for d in (document, *duplicates_of(document)))


def _count_outlets(documents: Sequence[Document]) -> int:
    return len({outlet_key(copy) for d in documents for copy in (d, *duplicates_of(d))})


def rank_stories(
    stories: Sequence[Story],
    *,
    reference: _dt.datetime | None = None,
    half_life_hours: float = 24.0,
    recency_weight: float = 1.0,
) -> list[Story]:
    """Order stories by distinct sources plus recency, and number them ``story-1``, ``story-2``, ...

    ``score = source_count + recency_weight * 0.5 ** (age_hours / half_life_hours)``
    where age runs from a story's newest article to ``reference`` (default:
    the newest article of all). With the defaults, recency breaks ties between
    stories with as many sources and can lift a fresh story over one with a
    single source more. Undated stories get no recency bonus.
    """
    newest = [s.last_published for s in stories if s.last_published is not None]
    reference = reference or (max(newest) if newest else None)
    for story in stories:
        recency = 0.0
        if reference is not None and story.last_published is not None:
            age_hours = max(0.0, (reference - story.last_published).total_seconds() / 3600.0)
            recency = 0.5 ** (age_hours / half_life_hours)
        story.score = story.source_count + recency_weight * recency
        story.details["recency"] = recency
    ranked = sorted(stories, key=lambda s: (-s.score, -s.article_count, s.headline))
    for number, story in enumerate(ranked, start=1):
        story.id = f"story-{number}"
    return ranked


def _timestamp(published: _dt.datetime | None, missing: float) -> float:
    return published.timestamp() if published is not None else missing


def find_stories(
    documents: Sequence[Document],
    *,
    embedder: Embedder,
    threshold: float | None = None,
    lexical_weight: float | None = None,
    lead_words: int = DEFAULT_LEAD_WORDS,
    max_days_apart: float | None = DEFAULT_MAX_DAYS_APART,
    half_life_hours: float = 24.0,
    recency_weight: float = 1.0,
    bars: bool = False,
    progress: Callable[[str], None] | None = None,
    cache: Any = None,
) -> list[Story]:
    """Cluster ``documents`` into stories and rank them (best first).

    ``threshold`` (average-linkage cut on the blended cosine) and
    ``lexical_weight`` (the share of the full-text TF-IDF cosine in the blend)
    None mean the embedder's own (:class:`~summarize.embed.protocol.EmbedderProfile`:
    chosen on random pools of DUC 2004 clusters 1-25 in ``benchmarks/daily.py``
    and reported on pools from clusters 26-50; MiniLM: tune ARI 0.930 at weight
    0.8 and cut 0.15, against 0.857 for title+lead alone and 0.913 for the full
    text alone).
    Within a story, documents are ordered
    most central first (highest mean similarity to the others), then by
    publication time.
    """
    documents = list(documents)
    if not documents:
        return []
    embedder = resolve_embedder(embedder)
    profile = embedder.profile
    threshold = profile.story_threshold if threshold is None else threshold
    lexical_weight = profile.story_lexical_weight if lexical_weight is None else lexical_weight
    if progress is not None:
        progress(f"comparing the titles and leads of {len(documents)} articles")
    semantic, lexical = story_vectors(
        documents, embedder, lexical_weight=lexical_weight, lead_words=lead_words, bars=bars, cache=cache
    )
    published = [d.published for d in documents]
    stamps = np.array([p.timestamp() if p is not None else np.nan for p in published], dtype=np.float64)
    stories_members: list[np.ndarray] = []
    for group in candidate_groups(
        semantic, lexical, lexical_weight, stamps, threshold=threshold, max_days_apart=max_days_apart
    ):
        if len(group) == 1:
            stories_members.append(group)
            continue
        block = blended_similarity(semantic, lexical, lexical_weight, group, group)
        allowed = date_mask([published[i] for i in group], max_days_apart=max_days_apart)
        labels = cluster_stories(block, threshold=threshold, allowed=allowed)
        stories_members.extend(group[labels == label] for label in range(int(labels.max()) + 1))
    stories = []
    for members in sorted(stories_members, key=lambda m: int(m[0])):
        inner = blended_similarity(semantic, lexical, lexical_weight, members, members)
        if len(members) > 1:
            centrality = (inner.sum(axis=1) - 1.0) / (len(members) - 1)
            cohesion = float((inner.sum() - len(members)) / (len(members) * (len(members) - 1)))
        else:
            centrality, cohesion = np.ones(1), 1.0
        never = float("inf")
        order = sorted(
            range(len(members)),
            key=lambda k: (
                -round(float(centrality[k]), 9),
                _timestamp(documents[members[k]].published, never),
                members[k],
            ),
        )
        chosen = [documents[members[k]] for k in order]
        stories.append(
            Story(
                id="",
                headline=headline_for(next((d for d in chosen if _has_title(d)), chosen[0])),
                documents=chosen,
                source_count=_count_outlets(chosen),
                cohesion=cohesion,
                details={
                    "positions": [int(members[k]) for k in order],
                    "threshold": threshold,
                    "lexical_weight": lexical_weight,
                },
            )
        )
    return rank_stories(stories, half_life_hours=half_life_hours, recency_weight=recency_weight)
