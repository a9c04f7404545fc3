from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest

from summarize.document import Brief, BriefSentence, Document, ExcludedDocument
from summarize.render.brief import render, render_html, render_json, render_markdown, render_text


def sample_brief(text: str = "The bridge closed on Tuesday.", url: str = "https://example.com/a") -> Brief:
    sources = [
        Document("a", "x", title="Bridge shut", source="Herald", url=url, published=dt.datetime(2025, 3, 11)),
        Document("b", "x", source="Wire", published=dt.datetime(2025, 3, 11, 14, 2)),
    ]
    sentence = BriefSentence(text, 1.5, "a#0", ("a#0", "b#2"), (1, 2), cluster_id=0)
    return Brief([sentence], sources, settings={"max_words": 120}, excluded=[ExcludedDocument("c", "stale")])


def test_markdown_has_citations_and_numbered_sources() -> None:
    md = render_markdown(sample_brief())
    assert md.splitlines()[0] == "- The bridge closed on Tuesday. [1][2]"
    assert '1. Herald, "Bridge shut", 2025-03-11 <https://example.com/a>' in md
    assert "2. Wire, “x”, 2025-03-11 14:02" in md  # untitled: its first words; the date readable
    assert "- c: stale" in md


def test_markdown_neutralises_links_in_article_text() -> None:
    md = render_markdown(sample_brief(text="Click [here](javascript:alert(1)) <b>now</b>."))
    assert not re.search(r"(?<!\\)\]\(", md), "an unescaped ]( would make a Markdown link"
    assert "<b>" not in md


@pytest.mark.parametrize(
    "url", ['https://example.com/"><script>alert(1)</script>', "https://x.com/> [a](javascript:alert(1))"]
)
def test_markdown_source_url_cannot_close_its_autolink(url: str) -> None:
    """Regression (found by tests/test_properties.py): a ``>`` in a source URL ended the autolink
    ``<...>``, and the rest of the URL was raw HTML or a link in any Markdown viewer."""
    markdown_it = pytest.importorskip("markdown_it")
    renderer = markdown_it.MarkdownIt("commonmark")
    renderer.validateLink = lambda link: True  # a viewer that links anything
    parser = _Collector()
    parser.feed(renderer.render(render_markdown(sample_brief(url=url))))
    assert "script" not in [tag for tag, _ in parser.tags]
    hrefs = [attrs["href"] for tag, attrs in parser.tags if tag == "a"]
    assert len(hrefs) == 1 and hrefs[0].startswith("https://") and "%3E" in hrefs[0]


def test_markdown_and_text_are_one_line_per_item_without_control_characters() -> None:
    """Regression (found by tests/test_properties.py): ESC/BEL/C1 characters from articles reached the
    terminal (escape sequences), and a newline in a title started a new Markdown block."""
    brief = sample_brief(text="The bridge \x1b[2J closed\x00 on Tuesday.", url="https://example.com/a\x1b]0;x\x07")
    brief.sources[0] = Document("a", "x", title="Bridge\x1b]0;pwned\x07 shut\n# HEADING", source="Herald\u009b31m")
    for output in (render_markdown(brief), render_text(brief), repr(brief)):
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", output), repr(output)
        assert "\n# HEADING" not in output
    assert render_markdown(brief).splitlines()[0] == "- The bridge [2J closed on Tuesday. [1][2]"
    assert render_text(brief).splitlines()[0] == "The bridge [2J closed on Tuesday. [1][2]"
    assert '1. Herald 31m, "Bridge ]0;pwned shut # HEADING"' in render_markdown(brief)


@pytest.mark.parametrize("text", ["---", "# Heading", "1. First", "12) Twelfth", "> Quoted", "```python", "- dash", "*** stars"])
def test_markdown_article_strings_cannot_open_a_block(text: str) -> None:
    """Regression (found by the fuzzing campaign): a source named "---" became a horizontal rule in
    place of its source line; a sentence or title starting like a heading, list, quote or code fence
    opened that block."""
    markdown_it = pytest.importorskip("markdown_it")
    brief = sample_brief(text=text)
    brief.sources[1] = Document("b", "x", source=text)
    parser = _Collector()
    parser.feed(markdown_it.MarkdownIt("commonmark").render(render_markdown(brief)))
    assert {tag for tag, _ in parser.tags} <= {"ul", "ol", "li", "p", "strong", "a"}
    assert "".join(parser.text).count(text) == 2  # shown as written, in the sentence and the source list


def test_text_format() -> None:
    text = render_text(sample_brief())
    assert text.startswith("The bridge closed on Tuesday. [1][2]\n")
    assert "  [1] Herald" in text


def test_json_schema() -> None:
    data = json.loads(render_json(sample_brief()))
    assert data["schema"] == "summarize.brief/1"
    assert data["sentences"][0] == {
        "text": "The bridge closed on Tuesday.",
        "score": 1.5,
        "sentence_id": "a#0",
        "citations": [1, 2],
        "source_sentence_ids": ["a#0", "b#2"],
        "cluster_id": 0,
        "generated": False,
        "extractive_text": None,
        "supported": True,
        "context_for": None,
        "evidence": [],
        "flags": [],
    }
    assert [s["number"] for s in data["sources"]] == [1, 2]
    assert data["sources"][0]["published"] == "2025-03-11"
    assert data["excluded"] == [{"id": "c", "reason": "stale", "kind": "empty"}]
    assert data["conflicts"] == [] and data["rejected"] == []
    assert data["word_count"] == 5


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_article_content_and_refuses_script_urls() -> None:
    evil = 'Crowds <script>alert(1)</script> gathered <img src=x onerror="alert(2)">.'
    page = render_html(sample_brief(text=evil, url="javascript:alert(3)"))
    parser = _Collector()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "img" not in tags
    for _, attrs in parser.tags:
        assert not any(k.startswith("on") for k in attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript")
    assert "<script>alert(1)</script>" in "".join(parser.text)  # shown as text


def test_html_citations_link_to_sources() -> None:
    parser = _Collector()
    parser.feed(render_html(sample_brief()))
    hrefs = [a.get("href") for t, a in parser.tags if t == "a"]
    ids = {a.get("id") for _, a in parser.tags if a.get("id")}
    assert "#src-1" in hrefs and "#src-2" in hrefs
    assert {"src-1", "src-2"} <= ids


def test_render_dispatch_and_unknown_format() -> None:
    brief = sample_brief()
    assert render(brief, "markdown") == brief.to_markdown()
    assert render(brief, "txt") == brief.to_text()
    with pytest.raises(ValueError):
        render(brief, "pdf")


# Issue 13, item 6: what a reader sees.


def test_untitled_sources_are_told_apart_by_first_words_date_and_file() -> None:
    # Regression: six untitled "Associated Press" articles were six identical source lines.
    brief = sample_brief()
    brief.sources[:] = [
        Document("ap-1", "Flood waters rose overnight in the river valley towns.", source="Associated Press",
                 published=dt.datetime(1998, 10, 9), path="dump/ap-1.txt"),
        Document("ap-2", "Rescue crews reached the last stranded villages on Friday.", source="Associated Press",
                 published=dt.datetime(1998, 10, 10), path="dump/ap-2.txt"),
    ]
    lines = [line for line in render_text(brief).splitlines() if line.startswith("  [")]
    assert lines[0] == "  [1] Associated Press, “Flood waters rose overnight in the river valley…”, ap-1.txt, 1998-10-09"
    assert len(set(lines)) == 2
    bare = Document("0042", "The council met.", path="in/0042.txt")
    brief.sources[:] = [bare, bare]
    assert "  [1] 0042, “The council met.”\n" in render_text(brief)  # the id is the file name: not repeated


def test_terminal_markdown_escapes_only_what_could_link_or_inject() -> None:
    # Regression: "\\[2\\]" in notes and "&lt;&lt;" where nothing needed escaping.
    md = render_markdown(sample_brief(text="Prices rose << fast, see [2] and x < 3."))
    assert md.splitlines()[0] == "- Prices rose << fast, see [2] and x < 3. [1][2]"
    md = render_markdown(sample_brief(text="Click [here](javascript:alert(1)) <b>now</b> [1]: http://x"))
    assert "[here\\](" in md and "&lt;b>" in md and "[1\\]: http" in md


def test_html_citations_show_the_supporting_sentence_in_page_and_notebook() -> None:
    from summarize.document import Evidence

    brief = sample_brief()
    evidence = (Evidence("b#2", "b", 2, "Wire says the bridge closed on Tuesday.", "supports", 0.9, 2),)
    brief.sentences[0] = dataclasses.replace(brief.sentences[0], evidence=evidence)
    for page in (render_html(brief), brief._repr_html_()):
        assert "Wire, 2025-03-11: “Wire says the bridge closed on Tuesday.”" in page  # the hover text
        assert re.search(r">\[1\]</a><a [^>]*>\[2\]</a>", page)  # one citation style: [1][2]
        assert "[1,2]" not in page and ">1</a>," not in page


def test_sources_differ_numbers_are_links_and_dates_do_not_wrap() -> None:
    from summarize.document import Conflict, ConflictValue

    brief = sample_brief()
    values = (ConflictValue("230 people", 230, "people", (1,), ("a#0",)), ConflictValue("212 people", 212, "people", (2,), ("b#2",)))
    brief.conflicts = [Conflict("people evacuated", "people", values, (0,))]
    for page, anchor in ((render_html(brief), "src"), (brief._repr_html_(), "-src")):
        assert re.search(rf'230 people <a href="#[^"]*{anchor}-1"[^>]*>\[1\]</a>; 212 people <a href="#[^"]*{anchor}-2"', page)
        assert '<span class="when" style="white-space:nowrap">2025-03-11 14:02</span>' in page


def test_html_title() -> None:
    brief = sample_brief()
    assert "<title>Brief: Bridge shut</title>" in render_html(brief)
    assert "<h1>Day &amp; night</h1>" in brief.to_html(title="Day & night")


def test_a_count_that_rose_is_shown_as_a_change_in_every_format() -> None:
    from summarize.document import Conflict, ConflictValue

    brief = sample_brief()
    values = (
        ConflictValue("32 people", 32, "people", (1,), ("a#0",), latest="2025-03-10T09:00", earliest="2025-03-10T09:00"),
        ConflictValue("36 people", 36, "people", (2,), ("b#2",), latest="2025-03-12T09:00", earliest="2025-03-12T09:00"),
    )
    brief.conflicts = [Conflict("people died", "people", values, (0,), kind="rose")]
    note = "Rose as reports came in: 32 people [1] (2025-03-10), then 36 people [2] (2025-03-12)"
    assert note in render_markdown(brief).replace("\\", "")
    assert re.search(r"Rose as reports came in: 32 people <a [^>]*>\[1\]</a> \(2025-03-10\), then 36 people", render_html(brief))
    data = json.loads(render_json(brief))
    assert data["conflicts"][0]["kind"] == "rose" and data["conflicts"][0]["values"][1]["earliest"] == "2025-03-12T09:00"
    assert "Sources differ" not in render_markdown(brief)


def test_a_shortened_sentence_is_marked_in_every_format_and_html_shows_the_article_sentence() -> None:
    from summarize.document import Evidence, Flag

    original = "The bridge closed on Tuesday, police said."
    brief = sample_brief("The bridge closed.")
    brief.sentences[0] = dataclasses.replace(
        brief.sentences[0],
        flags=(Flag("trimmed", "on Tuesday, police said", f"“on Tuesday, police said” left out; the article says: {original}"),),
        evidence=(Evidence("a#0", "a", 0, original, "source", 1.0, 1),),
    )
    markdown, text = render_markdown(brief), render_text(brief)
    assert "- The bridge closed. ✂ [1][2]" in markdown and "The bridge closed. ✂ [1][2]" in text
    for page in (markdown, text, render_html(brief), brief._repr_html_()):
        assert page.count("shortened: words of the article left out") == 1  # the legend, once
    for page in (render_html(brief), brief._repr_html_()):
        assert 'class="shortened" title="Shortened. The article says: The bridge closed on Tuesday, police said."' in page
    assert json.loads(render_json(brief))["sentences"][0]["flags"][0]["kind"] == "trimmed"  # the JSON keeps it
    plain = sample_brief("The bridge closed.")
    for page in (render_markdown(plain), render_text(plain), render_html(plain), plain._repr_html_()):
        assert "✂" not in page and "shortened" not in page.lower().replace(".summarize-brief .shortened", "")
