"""Story grouping and ranking: hand-built similarities, a fake embedder, and the in-house day."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from summarize.document import Document
from summarize.embed import TfidfEmbedder
from summarize.errors import ConfigError
from summarize.io.sources import read_feeds
from summarize.stories.dedupe import merge_duplicates
from summarize.stories.grouping import (
    Story,
    cluster_stories,
    date_mask,
    find_stories,
    headline_for,
    lead_text,
    rank_stories,
    story_similarity_matrix,
)
from tests.conftest import EXAMPLES, KeywordEmbedder

DAY = EXAMPLES / "daily"
T0 = dt.datetime(2024, 5, 4, 12, 0)


def _doc(doc_id: str, text: str, *, title: str | None = None, source: str | None = None, hours: float = 0) -> Document:
    return Document(id=doc_id, text=text, title=title, source=source or doc_id, published=T0 + dt.timedelta(hours=hours))


def _events() -> dict[str, str]:
    lines = (DAY / "events.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def test_lead_text_is_title_and_first_words() -> None:
    document = _doc("a", " ".join(f"w{i}" for i in range(100)), title="Bridge shut")
    assert lead_text(document, lead_words=3) == "Bridge shut. w0 w1 w2"
    assert lead_text(Document(id="b", text="one two three"), lead_words=2) == "one two"
    assert lead_text(_doc("c", "x y", title="Is it safe?"), lead_words=5) == "Is it safe? x y"


def test_headline_is_title_else_first_sentence_cut_short() -> None:
    assert headline_for(_doc("a", "Body.", title="  Ferry   fire  ")) == "Ferry fire"
    assert headline_for(_doc("b", "The ferry caught fire. Everyone was safe.")) == "The ferry caught fire."
    long_first = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen. End."
    assert headline_for(_doc("c", long_first), max_words=4) == "One two three four…"


def test_date_mask_keeps_undated_and_separates_far_apart() -> None:
    mask = date_mask([T0, T0 + dt.timedelta(days=2), T0 + dt.timedelta(days=5), None], max_days_apart=3)
    assert mask[0, 1] and mask[1, 2] and not mask[0, 2]
    assert mask[3].all() and mask[:, 3].all()
    assert date_mask([T0, T0 + dt.timedelta(days=50)], max_days_apart=None).all()


def test_average_linkage_joins_when_mean_similarity_reaches_threshold() -> None:
    similarity = np.array([[1.0, 0.9, 0.5], [0.9, 1.0, 0.1], [0.5, 0.1, 1.0]])
    # c joins {a, b} at their mean similarity (0.5 + 0.1) / 2 = 0.3.
    assert cluster_stories(similarity, threshold=0.25).tolist() == [0, 0, 0]
    assert cluster_stories(similarity, threshold=0.35).tolist() == [0, 0, 1]
    assert cluster_stories(similarity, threshold=0.95).tolist() == [0, 1, 2]


def test_articles_too_far_apart_in_time_never_join() -> None:
    similarity = np.array([[1.0, 0.95], [0.95, 1.0]])
    allowed = date_mask([T0, T0 + dt.timedelta(days=30)], max_days_apart=3)
    assert cluster_stories(similarity, threshold=0.5, allowed=allowed).tolist() == [0, 1]


def test_cluster_stories_handles_zero_and_one_article() -> None:
    assert cluster_stories(np.zeros((0, 0)), threshold=0.5).tolist() == []
    assert cluster_stories(np.ones((1, 1)), threshold=0.5).tolist() == [0]


def test_lexical_weight_must_be_a_share() -> None:
    with pytest.raises(ConfigError, match="lexical_weight"):
        story_similarity_matrix([_doc("a", "text")], TfidfEmbedder(), lexical_weight=1.5)


def _story(headline: str, sources: int, hours_old: float) -> Story:
    documents = [_doc(f"{headline}-{n}", "text", hours=-hours_old) for n in range(sources)]
    return Story(id="", headline=headline, documents=documents, source_count=sources)


def test_ranking_by_sources_then_recency() -> None:
    ranked = rank_stories([_story("old-three", 3, 30), _story("fresh-two", 2, 0), _story("fresh-three", 3, 0)])
    assert [s.headline for s in ranked] == ["fresh-three", "old-three", "fresh-two"]
    assert [s.id for s in ranked] == ["story-1", "story-2", "story-3"]
    # score = sources + 0.5 ** (age / 24 h): 3 + 0.5 ** 1.25 for the story 30 hours old.
    assert ranked[1].score == pytest.approx(3 + 0.5**1.25)


def test_recency_lifts_a_fresh_story_over_one_with_one_more_source_only_when_weighted() -> None:
    stories = [_story("stale-three", 3, 72), _story("fresh-two", 2, 0)]
    assert rank_stories(stories)[0].headline == "stale-three"
    assert rank_stories(stories, recency_weight=2.0)[0].headline == "fresh-two"


def test_find_stories_groups_by_meaning_orders_central_first_and_counts_copies() -> None:
    embedder = KeywordEmbedder(["ferry", "library"])
    wire = _doc("wire", "The ferry fire. More ferry news.", title="Ferry fire", source="Wire", hours=1)
    copy = _doc("copy", "The ferry fire reprinted.", source="Post", hours=2)
    documents = [
        replace(wire, metadata={"duplicates": (copy,)}),  # as merge_duplicates leaves a syndicated story
        _doc("island", "Ferry halted, island cut off.", title="Island cut off", source="Islander", hours=3),
        _doc("library", "The library vote passed.", title="Library approved", source="Chronicle", hours=0),
    ]
    stories = find_stories(documents, embedder=embedder, threshold=0.5, lexical_weight=0.0)
    assert [[d.id for d in s.documents] for s in stories] == [["wire", "island"], ["library"]]
    ferry = stories[0]
    assert ferry.source_count == 3  # Wire, its copy in Post, and Islander
    assert ferry.article_count == 3
    assert ferry.headline == "Ferry fire"  # both are equally central; the earlier comes first
    assert ferry.last_published == T0 + dt.timedelta(hours=3)


def test_in_house_day_is_grouped_into_its_events() -> None:
    documents = read_feeds([str(DAY)]).documents
    merged = merge_duplicates(documents).documents
    stories = find_stories(merged, embedder=TfidfEmbedder())
    events = _events()
    grouped = sorted(sorted({events[d.url] for d in s.all_documents}) for s in stories)
    assert grouped == [[e] for e in sorted(set(events.values()))]  # one story per event, none mixed
    assert stories[0].headline and {events[d.url] for d in stories[0].all_documents} == {"ferry-fire"}
    assert stories[0].source_count == 7
    # The timetable article of a week earlier stays apart even though it shares the ferry's names.
    assert any([d.url for d in s.documents] == ["https://tallow-sound-gazette.example.net/news/summer-timetable"]
               for s in stories)  # fmt: skip


def test_story_grouping_reuses_cached_lead_vectors(tmp_path) -> None:
    """A re-run of the daily brief over the same articles encodes no lead again."""
    from summarize.embed.cache import EmbeddingCache

    class Counting(KeywordEmbedder):
        cache_key = "keyword-fake|counting"

        def __init__(self, topics: list[str]) -> None:
            super().__init__(topics)
            self.encoded: list[str] = []

        def encode(self, texts):
            self.encoded.extend(texts)
            return super().encode(texts)

    documents = [
        _doc("a", "The ferry fire spread.", title="Ferry fire", hours=1),
        _doc("b", "Ferry service halted.", title="Ferry halted", hours=2),
        _doc("c", "The library vote passed.", title="Library approved", hours=3),
    ]
    cache = EmbeddingCache(tmp_path / "cache")
    first = Counting(["ferry", "library"])
    stories = find_stories(documents, embedder=first, threshold=0.5, lexical_weight=0.0, cache=cache)
    assert len(first.encoded) == 3
    again = Counting(["ferry", "library"])
    rerun = find_stories(documents, embedder=again, threshold=0.5, lexical_weight=0.0, cache=cache)
    assert again.encoded == []
    assert [[d.id for d in s.documents] for s in rerun] == [[d.id for d in s.documents] for s in stories]
