"""The daily brief: from a day of articles to stories, rendered as HTML, Markdown and JSON; config; CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from summarize import DailyBrief, daily
from summarize.cli import main
from summarize.document import Document
from summarize.errors import ConfigError, EmptyInputError, InputError
from summarize.io.sources import read_feeds
from summarize.stories.config import load_config
from summarize.stories.daily import build_daily, filter_by_date
from summarize.stories.render import render_daily
from tests.conftest import EXAMPLES

DAY = EXAMPLES / "daily"
CONFIG = DAY / "feeds.toml"


@pytest.fixture(scope="module")
def day_documents() -> list[Document]:
    return read_feeds([str(DAY)]).documents


@pytest.fixture(scope="module")
def day_brief(day_documents: list[Document]) -> DailyBrief:
    return daily(day_documents, top=4, date="2024-05-04", embedder="tfidf", max_words=60)


# ---------------------------------------------------------------- the brief


def test_daily_ranks_stories_and_summarises_the_top_ones(day_brief: DailyBrief) -> None:
    assert day_brief.date == dt.date(2024, 5, 4)
    assert day_brief.article_count == 29  # the timetable article is from 2024-04-28
    assert day_brief.duplicate_count == 3
    assert day_brief.story_count == 6  # five events and the allotment prize
    assert len(day_brief.stories) == 4
    first = day_brief.stories[0]
    assert first.source_count == 7 and "ferry" in first.headline.lower()
    assert [s.source_count for s in day_brief.stories] == sorted((s.source_count for s in day_brief.stories), reverse=True)
    for story in day_brief.stories:
        assert story.brief is not None and story.brief.sentences
        assert story.brief.word_count <= 60
        for sentence in story.brief.sentences:
            assert sentence.citations and max(sentence.citations) <= len(story.brief.sources)


def test_daily_records_its_settings(day_brief: DailyBrief) -> None:
    settings = day_brief.settings
    assert settings["embedder"] == "tfidf" and settings["max_words"] == 60 and settings["top"] == 4
    assert settings["date"] == "2024-05-04" and settings["story_threshold"] > 0


def test_filter_by_date_keeps_undated_and_warns() -> None:
    documents = [
        Document(id="a", text="x", published=dt.datetime(2024, 5, 4, 9)),
        Document(id="b", text="x", published=dt.datetime(2024, 5, 3, 23)),
        Document(id="c", text="x"),
    ]
    kept, warnings = filter_by_date(documents, dt.date(2024, 5, 4))
    assert [d.id for d in kept] == ["a", "c"]
    assert warnings == ["1 article has no date; kept in the 2024-05-04 brief"]


def test_a_date_without_articles_names_the_dates_there_are(day_documents: list[Document]) -> None:
    with pytest.raises(EmptyInputError, match=r"no articles dated 2024-06-01 \(the articles run from 2024-04-28 to 2024-05-04\)"):
        daily(day_documents, date="2024-06-01", embedder="tfidf")


def test_bad_options_are_config_errors(day_documents: list[Document]) -> None:
    with pytest.raises(ConfigError, match="date must look like"):
        daily(day_documents, date="4 May", embedder="tfidf")
    with pytest.raises(ConfigError, match="top must be"):
        daily(day_documents, top=0, embedder="tfidf")
    with pytest.raises(EmptyInputError):
        daily([], embedder="tfidf")


def test_previous_brief_marks_new_and_continuing_stories(day_documents: list[Document], tmp_path: Path) -> None:
    no_comet = [d for d in day_documents if "comet" not in (d.title or "").lower() + d.text.lower()]
    yesterday = daily(no_comet, top=10, date="2024-05-04", embedder="tfidf", max_words=40)
    path = tmp_path / "yesterday.json"
    path.write_text(yesterday.to_json(), encoding="utf-8")
    today = daily(day_documents, top=10, date="2024-05-04", embedder="tfidf", max_words=40, previous=path)
    marks = {s.headline: s.is_new for s in today.stories}
    assert [h for h, new in marks.items() if new] == [s.headline for s in today.stories if "omet" in s.headline]
    assert sum(1 for new in marks.values() if new is False) == len(today.stories) - 1


def test_a_story_with_new_articles_but_a_close_headline_is_continuing() -> None:
    from tests.conftest import KeywordEmbedder

    articles = [
        Document(id=f"{topic}-{n}", title=f"{topic.title()} news {n}", source=f"Outlet {n}",
                 url=f"https://example.com/{topic}/{n}", published=dt.datetime(2024, 5, 5, 9 + n),
                 text=f"The {topic} story went on today with more details about the {topic} and the people in it.")
        for topic in ("ferry", "library") for n in range(2)
    ]  # fmt: skip
    previous = {"schema": "summarize.daily/1", "stories": [{"headline": "Ferry fire in the Sound", "article_keys": []}]}
    brief = daily(articles, embedder=KeywordEmbedder(["ferry", "library"]), previous=previous, lexical_weight=0.0,
                  story_threshold=0.5)  # fmt: skip
    marks = {s.headline.split()[0]: s.is_new for s in brief.stories}
    assert marks == {"Ferry": False, "Library": True}


def test_previous_brief_must_be_daily_json(day_documents: list[Document], tmp_path: Path) -> None:
    (tmp_path / "other.json").write_text('{"schema": "summarize.brief/1"}', encoding="utf-8")
    with pytest.raises(InputError, match="not a daily brief"):
        daily(day_documents, embedder="tfidf", previous=tmp_path / "other.json")


# ---------------------------------------------------------------- HTML


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[str] = []
        self.sources_per_story: dict[str, int] = {}
        self._story: str | None = None
        self._in_sources = False
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if values.get("src") or (tag == "link" and values.get("rel") == "stylesheet"):
            self.resources.append(values.get("src") or values.get("href") or "")
        if tag == "article" and "story" in (values.get("class") or ""):
            self._story = values["id"]
            self.sources_per_story[self._story or ""] = 0
        if tag == "ol" and values.get("class") == "sources":
            self._in_sources = True
        if tag == "li" and self._in_sources and self._story:
            self.sources_per_story[self._story] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self._in_sources = False
        if tag == "article":
            self._story = None


def _parse(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    return parser


def test_html_page_is_self_contained_with_working_contents(day_brief: DailyBrief) -> None:
    page = day_brief.to_html()
    parsed = _parse(page)
    assert "script" not in parsed.tags
    assert parsed.resources == []  # no images, scripts or stylesheets to fetch
    assert "default-src 'none'" in page
    internal = [link[1:] for link in parsed.links if link.startswith("#")]
    assert internal and all(target in parsed.ids for target in internal)  # TOC, citations, back links resolve
    toc = [link for link in parsed.links if link.startswith("#story-") and "-src-" not in link]
    assert {f"#story-{n}" for n in range(1, 5)} <= set(toc)
    assert set(parsed.sources_per_story) == {f"story-{n}" for n in range(1, 5)}
    assert all(count >= 1 for count in parsed.sources_per_story.values())
    external = [link for link in parsed.links if not link.startswith("#")]
    assert external and all(link.startswith("https://") for link in external)


def test_html_names_every_outlet_of_a_syndicated_story(day_brief: DailyBrief) -> None:
    page = day_brief.to_html()
    ferry = page.split('id="story-1"')[1].split("</article>")[0]
    for outlet in ("Northern Wire", "The Daily Lantern", "Brennick Evening Post", "Skerrin Islander"):
        assert outlet in ferry
    assert "also carried by" in ferry


def test_html_escapes_hostile_article_content() -> None:
    hostile = [
        Document(id=f"h{n}", title="<script>alert(1)</script> Bridge", source="<b>Evil</b>",
                 url="javascript:alert(1)", published=dt.datetime(2024, 5, 4, 9 + n),
                 text="The bridge <img src=x onerror=alert(1)> reopened on Monday after repairs to its bearings.")
        for n in range(2)
    ]  # fmt: skip
    page = daily(hostile, embedder="tfidf").to_html()
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert "javascript:" not in " ".join(parsed.links)
    assert "&lt;script&gt;" in page


# ---------------------------------------------------------------- Markdown and JSON


def test_markdown_source_urls_and_titles_stay_inert() -> None:
    """Regression: a ``>`` in a source URL closed its Markdown autolink (the rest became raw HTML),
    and a newline or ESC in a title reached the Markdown (a new block, a terminal escape)."""
    markdown_it = pytest.importorskip("markdown_it")
    hostile = [
        Document(id=f"h{n}", title="Bridge\x1b]0;pwned\x07 reopens\n# HEADING", source="Wire",
                 url='https://example.com/"><script>alert(1)</script>', published=dt.datetime(2024, 5, 4, 9 + n),
                 text="The bridge reopened on Monday after repairs to its bearings and deck joints.")
        for n in range(2)
    ]  # fmt: skip
    text = daily(hostile, embedder="tfidf").to_markdown()
    assert "\x1b" not in text and "\n# HEADING" not in text
    renderer = markdown_it.MarkdownIt("commonmark")
    renderer.validateLink = lambda link: True
    rendered = renderer.render(text)
    assert "<script>" not in rendered and "%3Cscript%3E" in rendered


def test_markdown_has_contents_stories_and_sources(day_brief: DailyBrief) -> None:
    text = day_brief.to_markdown()
    assert text.startswith("# Daily brief — 2024-05-04\n")
    assert "## Contents" in text and "1. [" in text
    assert text.count('<a id="story-') == 4
    assert "also carried by" in text
    assert render_daily(day_brief, "markdown") == text


def test_json_is_documented_shape_with_every_outlet(day_brief: DailyBrief) -> None:
    data = json.loads(day_brief.to_json())
    assert data["schema"] == "summarize.daily/1"
    assert data["date"] == "2024-05-04" and data["story_count"] == 6
    story = data["stories"][0]
    assert story["rank"] == 1 and story["source_count"] == 7
    assert story["brief"]["schema"] == "summarize.brief/1"
    carried = [c["source"] for s in story["brief"]["sources"] for c in s["also_carried_by"]]
    assert sorted(carried) == ["Northern Wire", "The Daily Lantern"]
    assert len(story["articles"]) == story["article_count"] == 7
    assert any(k.startswith("url:") for k in story["article_keys"])


# ---------------------------------------------------------------- feeds.toml


def test_example_config_loads_with_paths_relative_to_it() -> None:
    config = load_config(CONFIG)
    assert config.title == "North Coast daily brief" and config.top == 5 and config.format == "html"
    assert [Path(f.location).name for f in config.feeds] == [
        "northern-wire.rss", "daily-lantern.atom", "pages", "more-articles.jsonl"]  # fmt: skip
    assert all(Path(f.location).exists() for f in config.feeds)
    assert config.output is not None and config.output.name == "daily-briefs"
    assert config.fetch.timeout == 15.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('titel = "x"\n[[feeds]]\npath = "a"', "unknown setting 'titel'"),
        ("top = 5", "no feeds"),
        ('[[feeds]]\npath = "a"\nurl = "https://x.example.com"', "exactly one of url or path"),
        ('[[feeds]]\nurl = "ftp://x.example.com/feed"', "http:// or https://"),
        ('top = "ten"\n[[feeds]]\npath = "a"', "top must be a whole number"),
        ('top = 0\n[[feeds]]\npath = "a"', "top must be at least 1"),
        ('format = "pdf"\n[[feeds]]\npath = "a"', "format must be one of"),
        ('[fetch]\ntimeout = -1\n[[feeds]]\npath = "a"', "timeout must be a positive"),
        ('[fetch]\nretries = 2\n[[feeds]]\npath = "a"', "unknown [fetch] setting 'retries'"),
        ("top = [", "not valid TOML"),
    ],
)
def test_config_mistakes_are_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_build_daily_lists_a_failed_feed_and_goes_on(tmp_path: Path) -> None:
    config = dataclasses.replace(load_config(CONFIG), feeds=(*load_config(CONFIG).feeds,))
    brief = build_daily([str(tmp_path / "gone.rss")], config=config, date="2024-05-04", top=2, embedder="tfidf")
    assert len(brief.stories) == 2
    assert len(brief.problems) == 1 and "gone.rss" in brief.problems[0]
    assert "gone.rss" in brief.to_html() and "could not be read" in brief.to_html()


def test_build_daily_with_nothing_readable_is_an_empty_input_error(tmp_path: Path) -> None:
    with pytest.raises(EmptyInputError, match="no articles could be read: .*gone.rss"):
        build_daily([str(tmp_path / "gone.rss")], embedder="tfidf")


# ---------------------------------------------------------------- CLI


def test_cli_writes_html_chosen_by_the_output_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "brief-2024-05-04.html"
    code = main(["daily", str(CONFIG), "--date", "2024-05-04", "--top", "3", "--embedder", "tfidf",
                 "--output", str(target), "--quiet"])  # fmt: skip
    assert code == 0
    parsed = _parse(target.read_text(encoding="utf-8"))
    assert set(parsed.sources_per_story) == {"story-1", "story-2", "story-3"}
    assert capsys.readouterr().out == ""
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left nothing behind


def test_cli_folder_to_markdown_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["daily", str(DAY), "--format", "md", "--embedder", "tfidf", "--top", "2", "--max-words", "40"])
    captured = capsys.readouterr()
    assert code == 0
    # No --date: the page covers every article, and its title says so (issue 13).
    assert captured.out.startswith("# Daily brief — 2024-04-28 to 2024-05-04\n")
    assert captured.out.count("\n## ") == 4  # contents, two stories, and the notes that name the range
    assert "the articles run from 2024-04-28 to 2024-05-04" in captured.out
    assert "found 7 stories" in captured.err  # progress goes to stderr


def test_cli_config_output_folder_gets_a_dated_file(tmp_path: Path) -> None:
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'output = "out"\nformat = "json"\ntop = 2\n[[feeds]]\npath = "{(DAY / "northern-wire.rss").as_posix()}"\n'
        f'[[feeds]]\npath = "{(DAY / "daily-lantern.atom").as_posix()}"\n',
        encoding="utf-8",
    )
    assert main(["daily", str(config), "--embedder", "tfidf", "--quiet"]) == 0
    written = tmp_path / "out" / "brief-2024-05-04.json"
    assert json.loads(written.read_text(encoding="utf-8"))["schema"] == "summarize.daily/1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["daily", "no/such/folder"], "no articles could be read: no/such/folder: no such file or folder"),
        (["daily", str(DAY), "--date", "2024-13-01"], "date must look like 2024-05-04"),
        (["daily", str(DAY), "--date", "2023-01-01"], "no articles dated 2023-01-01"),
        (["daily", "missing.toml"], "missing.toml: no such file"),
        (["daily", "ftp://example.com/feed"], "only http:// and https://"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*args, "--embedder", "tfidf", "--quiet"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith("summarize: error: ") and message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


@pytest.mark.slow
@pytest.mark.model
def test_cli_end_to_end_with_the_default_model(tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    assert main(["daily", str(CONFIG), "--date", "2024-05-04", "--top", "5", "--output", str(target), "--quiet"]) == 0
    parsed = _parse(target.read_text(encoding="utf-8"))
    assert set(parsed.sources_per_story) == {f"story-{n}" for n in range(1, 6)}
    assert "Ferry" in target.read_text(encoding="utf-8").split('id="story-1"')[1].split("</h2>")[0]


def _chromium() -> str | None:
    return next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)


def test_html_renders_in_headless_chromium_without_console_errors(day_brief: DailyBrief, tmp_path: Path) -> None:
    if _chromium() is None:
        # `make test` installs it as root; CI (.ci/run) sets SUMMARIZE_REQUIRE_BROWSER so that it never skips.
        message = "chromium is not installed (make test installs it as root: apt-get install chromium)"
        if os.environ.get("SUMMARIZE_REQUIRE_BROWSER"):
            pytest.fail(message + "; SUMMARIZE_REQUIRE_BROWSER is set")
        pytest.skip(message)
    page = tmp_path / "brief.html"
    page.write_text(day_brief.to_html(), encoding="utf-8")
    screenshot = tmp_path / "brief.png"
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [_chromium() or "", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--window-size=1200,2000",
             f"--screenshot={screenshot}", page.as_uri()],
            capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": profile},
        )  # fmt: skip
    assert screenshot.exists() and screenshot.stat().st_size > 10_000, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []


# Issue 13, item 7: daily has the text format, --skip-bad and --keep-stale that brief has.


def test_daily_text_format(day_brief: DailyBrief, capsys) -> None:
    text = day_brief.to_text()
    assert text == render_daily(day_brief, "text") == render_daily(day_brief, "txt")
    first = day_brief.stories[0]
    assert text.startswith(day_brief.title) and f"1. {first.headline}" in text
    assert "<" not in text.replace("<https", "") and "**" not in text  # no markup
    cited = first.brief.sentences[0]
    assert f"{cited.text} {''.join(f'[{n}]' for n in cited.citations)}" in text
    assert main(["daily", str(CONFIG), "--date", "2024-05-04", "--embedder", "tfidf", "-f", "text", "-o", "-", "-q"]) == 0
    assert capsys.readouterr().out.startswith("North Coast daily brief — 2024-05-04\n")


def test_daily_skip_bad_as_in_brief(tmp_path: Path, capsys) -> None:
    shutil.copytree(DAY / "pages", tmp_path / "pages")
    (tmp_path / "pages" / "broken.json").write_text("{broken", encoding="utf-8")
    code = main(["daily", str(tmp_path / "pages"), "--embedder", "tfidf", "-q"])
    err = capsys.readouterr().err
    assert code == 1 and "broken.json:1: invalid JSON" in err and "--skip-bad skips it" in err
    code = main(["daily", str(tmp_path / "pages"), "--embedder", "tfidf", "--skip-bad"])
    captured = capsys.readouterr()
    assert code == 0 and captured.out.startswith("# ") and "warning: skipped" in captured.err and "broken.json" in captured.err


def test_daily_keep_stale_reaches_every_story_brief(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import importlib

    daily_module = importlib.import_module("summarize.stories.daily")
    seen: list[object] = []
    original = daily_module.daily

    def recording(*args, **kwargs):
        seen.append(kwargs.get("exclude_stale"))
        return original(*args, **kwargs)

    monkeypatch.setattr(daily_module, "daily", recording)
    for extra, expected in (([], True), (["--keep-stale"], False)):
        assert main(["daily", str(DAY / "pages"), "--embedder", "tfidf", "-q", "-f", "json", *extra]) == 0
        assert seen.pop() is expected
        capsys.readouterr()


def test_readme_offline_daily_example_prints_the_brief(capsys) -> None:
    # Regression: the README's offline example printed nothing (feeds.toml sends it to build/daily-briefs/).
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    (line,) = [text for text in readme.splitlines() if "the offline example, printed" in text]
    command = line.split("#")[0].split()
    assert command[:2] == ["summarize", "daily"]
    arguments = [str(EXAMPLES.parent / a) if a.endswith(".toml") else a for a in command[1:]]
    assert main([*arguments, "--embedder", "tfidf", "-q"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# North Coast daily brief — 2024-05-04") and "## 1. " in out


def test_readme_install_commands_work_from_a_clone() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert 'summarize[plot]' not in readme and 'pip install -e ".[plot]"' in readme
    assert '\nplot = [' in (EXAMPLES.parent / "pyproject.toml").read_text(encoding="utf-8")


# Issue 13, item 6: the daily page a reader sees.


def test_daily_of_several_days_says_so_in_its_title(day_documents: list[Document]) -> None:
    # Regression: a page titled "1998-12-21" covered 9 Oct–21 Dec without a word.
    brief = daily(day_documents, top=2, embedder="tfidf", max_words=40)
    assert brief.first_date == dt.date(2024, 4, 28) and brief.date == dt.date(2024, 5, 4)
    assert "<title>Daily brief — 2024-04-28 to 2024-05-04</title>" in brief.to_html()
    assert "Sunday 28 April 2024 – Saturday 4 May 2024" in brief.to_html()
    assert any("run from 2024-04-28 to 2024-05-04" in w for w in brief.warnings)
    assert json.loads(brief.to_json())["first_date"] == "2024-04-28"
    one_day = daily(day_documents, top=2, date="2024-05-04", embedder="tfidf", max_words=40)
    assert one_day.first_date is None and "<title>Daily brief — 2024-05-04</title>" in one_day.to_html()


def test_daily_counts_outlets_and_articles_with_their_labels(day_brief: DailyBrief) -> None:
    # Regression: "2 sources · 10 articles" above 8 numbered sources mixed outlets with articles.
    story = day_brief.stories[0]
    markdown = day_brief.to_markdown()
    meta = f"*{story.source_count} outlets · {story.article_count} articles"
    assert meta in markdown and " sources ·" not in markdown
    listed = len(story.brief.sources)
    from summarize.stories.dedupe import outlets

    copies = sum(len(outlets(d)) - 1 for d in story.brief.sources)
    heading = f"Sources ({listed} articles" + (f", {copies} syndicated cop" if copies else "")
    assert heading in markdown and heading in day_brief.to_html() and heading in day_brief.to_text()


def test_daily_repr_is_short(day_brief: DailyBrief) -> None:
    # Regression: repr() of a daily brief was a 247 KB dataclass dump.
    text = repr(day_brief)
    assert len(text) < 1500 and text.count("\n") <= 11
    assert text.startswith("<DailyBrief 'Daily brief — 2024-05-04': 4 of ") and day_brief.stories[0].headline[:40] in text


def test_daily_html_citation_hover_shows_the_supporting_sentence(day_brief: DailyBrief) -> None:
    page = day_brief.to_html()
    sentence = day_brief.stories[0].brief.sentences[0]
    said = next(e.text for e in sentence.evidence if e.citation == sentence.citations[0])
    assert f": “{said[:40]}".replace('"', "&quot;").replace("'", "&#x27;") in page


def test_short_stories_do_not_warn_about_their_word_budget(day_documents: list[Document]) -> None:
    # `summarize brief --max-words 100000` warns that the input is shorter; a small story in a daily brief must not.
    brief = daily(day_documents, top=10, embedder="tfidf", max_words=200)
    assert not any("more than the input holds" in w for w in brief.warnings), brief.warnings


def test_shortened_sentences_are_marked_in_the_daily_page_and_markdown(day_brief: DailyBrief) -> None:
    sentences = [s for story in day_brief.stories if story.brief for s in story.brief.sentences]
    cut = [s for s in sentences if any(f.kind == "trimmed" for f in s.flags)]
    assert cut, "the example day's articles say 'on Saturday'"
    page, markdown = render_daily(day_brief, "html"), render_daily(day_brief, "md")
    assert page.count('class="shortened"') == len(cut) and markdown.count(" ✂ [") == len(cut)
    assert "shortened, words of the article left out" in page and "shortened: words of the article left out" in markdown
    own = next(e.text for e in cut[0].evidence if e.relation == "source")
    assert html.escape(f"Shortened. The article says: {own}") in page
