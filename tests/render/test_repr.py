"""How a brief shows itself: a short plain-text repr and rich HTML in notebooks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser

import pytest

from summarize import Summarizer
from summarize.document import Brief, BriefSentence, Conflict, ConflictValue, Document, ExcludedDocument, Flag
from summarize.render.brief import sentence_notes
from tests.conftest import KeywordEmbedder, make_doc


class _Page(HTMLParser):
    """Collects tags with attributes, and the text inside each <li>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all_text(self) -> str:
        return "".join(self.text)


def _parse(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    return page


def _hand_brief(*, sentence_count: int = 2, text: str = "The bridge closed on Tuesday.") -> Brief:
    sources = [
        Document("a", "x", title="Bridge shut", source="Herald", url="https://example.com/a",
                 published=dt.datetime(2025, 3, 11)),
        Document("b", "x", source="Wire", url="javascript:alert(1)", published=dt.datetime(2025, 3, 11, 14, 2)),
    ]
    sentences = [BriefSentence(text, 1.5, "a#0", ("a#0", "b#2"), (1, 2), cluster_id=0)]
    for i in range(1, sentence_count):
        sentences.append(BriefSentence(f"Sentence number {i} of a long brief " + "word " * 30, 1.0, f"a#{i}",
                                       (f"a#{i}",), (1,), cluster_id=i))
    return Brief(sentences, sources, settings={"max_words": 120, "embedder": "fake"},
                 excluded=[ExcludedDocument("c", "no sentences left after cleaning")],
                 warnings=["one warning"])


@pytest.fixture(scope="module")
def real_brief() -> Brief:
    documents = [
        make_doc("herald", "The bridge closed early on Tuesday morning after part of the deck fell. "
                 "The weather was mild and sunny for the whole morning.", day=11, source="Herald"),
        make_doc("wire", "Officials said the bridge closed early on Tuesday morning. "
                 "Traffic backed up for miles along the coast road all day.", day=11, source="Wire"),
    ]
    return Summarizer(embedder=KeywordEmbedder(["bridge closed", "weather", "traffic"]), max_words=40).summarize(
        documents
    )


def test_repr_is_short_and_lists_the_sentences() -> None:
    text = repr(_hand_brief())
    lines = text.splitlines()
    assert lines[0] == "<Brief: 2 sentences, 42 words, 2 sources; 1 left out, 1 warning>"
    assert lines[1] == "  1. The bridge closed on Tuesday. [1][2]"
    assert lines[2].startswith("  2. Sentence number 1") and lines[2].endswith("… [1]")
    assert all(len(line) <= 110 for line in lines)
    assert "BriefSentence(" not in text and "Document(" not in text


def test_repr_of_a_long_brief_says_how_many_are_hidden() -> None:
    lines = repr(_hand_brief(sentence_count=12)).splitlines()
    assert len(lines) == 1 + 8 + 1
    assert lines[-1] == "  … 4 more (print(brief.to_text()) shows all)"


def test_repr_of_a_real_brief_does_not_dump_the_details(real_brief) -> None:
    text = repr(real_brief)
    assert len(text.splitlines()) == 1 + len(real_brief.sentences)
    assert "array(" not in text and "PipelineDetails" not in text


def test_html_citations_are_footnotes_to_the_sources_list() -> None:
    page = _parse(_hand_brief()._repr_html_())
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    citation_links = [attrs for tag, attrs in page.tags if tag == "a" and (attrs.get("href") or "").startswith("#")]
    assert len(citation_links) == 3  # [1][2] on the first sentence, [1] on the second
    for link in citation_links:
        assert link["href"][1:] in ids
    assert citation_links[0]["title"].startswith("[1] Herald, 2025-03-11")


def test_html_hover_shows_what_each_source_said(real_brief) -> None:
    page = _parse(real_brief._repr_html_())
    said = {s.id: real_brief.details.trimmed.get(s.id, s.text) for s in real_brief.details.sentences}  # as written
    titles = [attrs["title"] for tag, attrs in page.tags if tag == "a" and attrs.get("title")]
    closed = [s for s in real_brief.sentences if len(s.citations) == 2]
    assert closed, "the bridge-closed fact is stated by both articles"
    for source_sentence_id in closed[0].source_sentence_ids:
        assert any(said[source_sentence_id] in title for title in titles)


def test_html_shows_notes_warnings_left_out_and_settings() -> None:
    brief = _hand_brief()
    flagged = dataclasses.replace(
        brief.sentences[0],
        flags=(
            Flag("disputed-figure", "230", "Sources differ on the number evacuated."),
            Flag("unsupported-number", "$9 million", "not in the sources"),
        ),
    )
    brief = dataclasses.replace(brief, sentences=[flagged, *brief.sentences[1:]])
    page = _parse(brief._repr_html_())
    text = page.all_text()
    for note in sentence_notes(brief, 0):  # the same notes as Markdown and text show
        assert f"⚠ {note}" in text
    assert "Sources differ on the number evacuated." in text and "$9 million" in text
    badges = [attrs["title"] for tag, attrs in page.tags if tag == "span" and attrs.get("title")]
    assert badges == ["only one article states this"]  # the second sentence, with one source
    assert "one warning" in text
    assert "c: no sentences left after cleaning" in text
    assert "max_words" in text and "Settings" in text
    assert "Sources (2)" in text and "cited by 2 sentences" in text and "cited by 1 sentence" in text


def test_html_lists_conflicts_no_sentence_states() -> None:
    value = ConflictValue("212 people", 212.0, "people", (1,), ("a#3",))
    other = ConflictValue("230 people", 230.0, "people", (2,), ("b#1",))
    conflict = Conflict("people evacuated", "people", (other, value))
    brief = dataclasses.replace(_hand_brief(), conflicts=[conflict])
    text = _parse(brief._repr_html_()).all_text()
    assert "Sources also differ:" in text and f"⚠ {conflict.message}" in text


def test_html_escapes_article_text_and_refuses_script_urls() -> None:
    evil = 'Crowds <script>alert(1)</script> gathered <img src=x onerror="alert(2)">.'
    page = _parse(_hand_brief(text=evil)._repr_html_())
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "img" not in tags
    for _, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript")
    assert "<script>alert(1)</script>" in page.all_text()


def test_two_briefs_in_one_notebook_do_not_share_anchors(real_brief) -> None:
    first = _parse(_hand_brief()._repr_html_())
    second = _parse(real_brief._repr_html_())
    ids = lambda page: {attrs["id"] for _, attrs in page.tags if attrs.get("id")}  # noqa: E731
    assert ids(first) and ids(second) and not ids(first) & ids(second)
    assert _hand_brief()._repr_html_() == _hand_brief()._repr_html_()  # re-running a notebook changes nothing


def test_brief_keeps_the_intermediate_results_it_was_made_from(real_brief) -> None:
    details = real_brief.details
    assert [details.sentences[i].id for i in details.selected] == [s.sentence_id for s in real_brief.sentences]
    for position, sentence in zip(details.selected, real_brief.sentences):
        cluster = details.clusters[details.labels[position]]
        assert sentence.cluster_id == cluster.id
        assert sentence.score == pytest.approx(details.scores[position])
    n = len(details.sentences)
    assert details.similarity.shape == (n, n) and len(details.scores) == n and len(details.embeddings) == n


def test_daily_brief_shows_each_story_with_its_own_cited_brief(real_brief) -> None:
    from summarize.stories.grouping import Story
    from summarize.stories.model import DailyBrief

    hand = _hand_brief()
    stories = [
        Story("bridge", "Bridge closes", list(real_brief.sources), source_count=2, brief=real_brief),
        Story("ferry", "Ferry queues grow", list(hand.sources), source_count=2, brief=hand),
        Story("comet", "Comet seen", [make_doc("sky", "A comet was seen.", source="Sky")], source_count=1),
    ]
    day = DailyBrief("Daily brief", dt.date(2025, 3, 11), stories, article_count=5, duplicate_count=0, story_count=3)
    markup = day._repr_html_()
    page = _parse(markup)
    text = page.all_text()
    assert text.index("1. Bridge closes") < text.index("2. Ferry queues grow") < text.index("3. Comet seen")
    assert "Tuesday 11 March 2025" in text
    assert real_brief._repr_html_().split("<details><summary")[0] in markup  # the story's own brief
    assert "No summary could be made. Articles: Sky" in text
    assert "Settings" not in text  # one table per story would repeat the same settings
    ids = [attrs["id"] for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids)) == len(real_brief.sources) + len(hand.sources)
    hrefs = {attrs["href"][1:] for tag, attrs in page.tags if tag == "a" and (attrs.get("href") or "").startswith("#")}
    assert hrefs <= set(ids)
