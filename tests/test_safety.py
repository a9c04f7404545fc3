"""Safety: article content never becomes live HTML, models never run remote code, writes are atomic.

The fetcher's refusals (non-http(s) schemes, oversized bodies) are tested in
tests/test_feeds.py (``test_only_http_and_https_are_fetched``,
``test_each_failed_feed_gives_one_clear_problem_and_the_run_goes_on``).
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

import summarize
from summarize import Document, Summarizer
from summarize.cli import write_atomically

PACKAGE = Path(summarize.__file__).resolve().parent

EVIL_TEXT = (
    'Crowds <script>alert("text")</script> gathered near the harbour bridge on Monday morning. '
    '<img src=x onerror="alert(2)"> The bridge was closed after engineers found a crack in the deck. '
    '<a href="javascript:alert(3)" onclick="alert(4)">Click</a> Traffic was diverted through the tunnel all week. '
    "<iframe src=\"javascript:alert(5)\"></iframe> The council said repairs would take until Friday."
)


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text outside script/style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _evil_documents() -> list[Document]:
    return [
        Document(
            id=f"evil-{i}",
            text=EVIL_TEXT,
            title=f'<script>alert("title {i}")</script>Bridge <b onmouseover="alert(6)">closed</b>',
            source=f'Outlet {i} <img src=x onerror="alert(7)">',
            url="javascript:alert(8)" if i == 0 else f"https://example.com/{i}?q=<script>",
            published=dt.datetime(2025, 3, 1 + i),
        )
        for i in range(3)
    ]


def _assert_inert(page: str) -> None:
    parser = _Collector()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in {"img", "iframe", "object", "embed"}, tag
        assert not [name for name in attrs if name.lower().startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, name, value)
    # Our own scripts (if any) must not carry article content.
    assert not any("alert" in script for script in parser.scripts)


def test_brief_html_and_notebook_html_are_inert() -> None:
    brief = Summarizer(embedder="tfidf", max_words=80).summarize(_evil_documents())
    assert brief.sentences
    _assert_inert(brief.to_html())
    _assert_inert(brief._repr_html_())
    assert "&lt;script&gt;" in brief.to_html()  # shown as text, not dropped


def test_daily_html_is_inert() -> None:
    result = summarize.daily(_evil_documents(), embedder="tfidf", top=3, max_words=60)
    assert result.stories
    _assert_inert(result.to_html())
    _assert_inert(result._repr_html_())


def _keyword_values(name: str) -> list[ast.AST]:
    values = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == name:
                values.append(node.value)
            if isinstance(node, ast.Dict):
                values.extend(v for k, v in zip(node.keys, node.values)
                              if isinstance(k, ast.Constant) and k.value == name)
    return values


def test_no_model_loading_runs_remote_code() -> None:
    values = _keyword_values("trust_remote_code")
    assert len(values) >= 3  # the embedder, the generator and its tokenizer
    assert all(isinstance(v, ast.Constant) and v.value is False for v in values)


def test_embedder_load_passes_trust_remote_code_false(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sentence_transformers

    from summarize.embed import SentenceTransformerEmbedder

    seen: dict[str, object] = {}

    class Spy:
        def __init__(self, location: str, **kwargs: object) -> None:
            seen.update(kwargs, location=location)

    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", Spy)
    SentenceTransformerEmbedder(str(tmp_path)).load()
    assert seen["trust_remote_code"] is False and seen["local_files_only"] is True


def test_generator_tries_safetensors_first() -> None:
    source = (PACKAGE / "generate.py").read_text(encoding="utf-8")
    first, second = source.index("use_safetensors=True"), source.index("use_safetensors=False")
    assert first < second  # weights in .bin (pickle) only as the fallback


def test_packaged_embedding_model_ships_safetensors() -> None:
    from summarize.embed import default_model_path

    folder = default_model_path()
    if folder is None:
        pytest.skip("the packaged model is not installed")
    assert list(Path(folder).rglob("*.safetensors"))


def test_interrupted_write_leaves_the_old_file_and_no_temporary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("the old brief\n")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "the new brief, half-written\n" * 1000)
    assert target.read_text() == "the old brief\n"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_written_files_get_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "new.md"
        write_atomically(fresh, "x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not mkstemp's private 0600
        kept = tmp_path / "shared.md"
        kept.write_text("old")
        kept.chmod(0o664)
        write_atomically(kept, "new")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o664 and kept.read_text() == "new"
    finally:
        os.umask(umask)
