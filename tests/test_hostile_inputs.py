"""Hostile files (issue 17: M1, M5, M6 and the Low list): each test reproduces one attack of the audit.

The network side (H1, M2, M3) is in tests/test_fetch.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarize.errors import ConfigError, InputError
from summarize.io.files import read_documents
from summarize.stories.config import load_config
from summarize.stories.daily import daily
from tests.conftest import EXAMPLES
from tests.test_cli import run_cli

ARTICLE = (EXAMPLES / "harbour-bridge" / "01-coastline-herald.txt").read_text(encoding="utf-8")
DEEP = "[" * 100_000 + "]" * 100_000


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: error: ["), err
    return lines[0]


# ---------------------------------------------------------------- M5: deep nesting


def test_m5_deeply_nested_json_file_is_invalid_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Regression (issue 17 M5): '[' * 100000 raised RecursionError, a traceback.
    (tmp_path / "deep.json").write_text(DEEP)
    result = read_documents(tmp_path)
    assert [p.message for p in result.problems] == ["invalid JSON (nested too deeply)"]
    code, out, err = run_cli(capsys, "brief", str(tmp_path / "deep.json"), "--embedder", "tfidf")
    assert code == 1 and out == ""
    assert "[E100]" in _one_error_line(err) and "nested too deeply" in err


def test_m5_deeply_nested_jsonl_line_is_one_bad_line_with_skip_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps({"id": "a", "title": "Bridge", "text": ARTICLE})
    (tmp_path / "day.jsonl").write_text(f"{good}\n{DEEP}\n")
    code, out, err = run_cli(capsys, "brief", str(tmp_path), "--embedder", "tfidf", "--skip-bad", "-q")
    assert code == 0 and "Kestrel" in out
    code, out, err = run_cli(capsys, "daily", str(tmp_path / "day.jsonl"), "--embedder", "tfidf", "-f", "json", "--skip-bad")
    assert code == 0 and "Traceback" not in err
    assert "day.jsonl:2: invalid JSON (nested too deeply)" in err


def test_m5_deeply_nested_previous_brief_and_toml_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "previous.json").write_text(DEEP)
    with pytest.raises(InputError, match="previous brief is not valid JSON \\(nested too deeply"):
        daily(read_documents(EXAMPLES / "harbour-bridge").documents, embedder="tfidf", previous=tmp_path / "previous.json")
    (tmp_path / "feeds.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path / "feeds.toml")


@pytest.mark.parametrize(
    "stories", ['"abc"', "[1, 2]", '[{"headline": 5}]', '[{"headline": "x", "article_keys": 7}]',
                '[{"headline": "x", "article_keys": [1]}]'],
)  # fmt: skip
def test_malformed_previous_brief_is_a_coded_error_not_a_type_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stories: str
) -> None:
    # Regression (issue 17 Low): a malformed --previous gave a TypeError traceback.
    previous = tmp_path / "previous.json"
    previous.write_text('{"schema": "summarize.daily/1", "stories": ' + stories + "}")
    day = tmp_path / "day"
    shutil.copytree(EXAMPLES / "harbour-bridge", day)
    code, out, err = run_cli(capsys, "daily", str(day), "--embedder", "tfidf", "--previous", str(previous), "-q")
    assert code == 1 and out == ""
    assert "[E100]" in _one_error_line(err) and "stories are malformed" in err


# ---------------------------------------------------------------- M6: one huge article


def _long_article(sentences: int) -> str:
    return " ".join(f"The harbour crane number {n} lifted block {n * 7} into the new wall on Monday." for n in range(sentences))


def test_m6_article_over_the_sentence_cap_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Regression (issue 17 M6): one 1 MB article took 25 s and 0.6 GB; 3 MB, 4.1 GB.
    from summarize import Summarizer
    from summarize.errors import TooLargeError

    (tmp_path / "long.txt").write_text(_long_article(120))
    documents = read_documents(tmp_path).documents
    with pytest.raises(TooLargeError, match=r"article long has 120 sentences, more than the limit of 100 per article"):
        Summarizer(embedder="tfidf", max_article_sentences=100).summarize(documents)
    with pytest.raises(TooLargeError, match=r"more than 50 sentences in 1 articles.*max_input_sentences"):
        Summarizer(embedder="tfidf", max_input_sentences=50).summarize(documents)
    assert Summarizer(embedder="tfidf", max_article_sentences=200).summarize(documents).sentences


def test_m6_fifty_megabyte_article_is_refused_before_splitting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Regression (issue 17 M6): 49.9 MB (under the file cap) → "Unable to allocate 1009 GiB" from toarray.
    import time

    (tmp_path / "huge.txt").write_text(_long_article(640_000)[:49_900_000])
    started = time.monotonic()
    code, out, err = run_cli(capsys, "brief", str(tmp_path / "huge.txt"), "--embedder", "tfidf", "-q")
    assert code == 1 and out == ""
    line = _one_error_line(err)
    assert "[E103]" in line and "49.9 MB of text" in line and "max_article_sentences" in line
    assert time.monotonic() - started < 30


def test_m6_daily_leaves_out_an_oversized_article_and_goes_on(tmp_path: Path) -> None:
    from summarize.document import Document

    documents = read_documents(EXAMPLES / "harbour-bridge").documents
    documents.append(Document(id="huge", text=_long_article(400), title="Huge"))
    brief = daily(documents, embedder="tfidf", max_article_sentences=60, top=3)
    assert any("left out article huge" in w for w in brief.warnings)
    assert "huge" not in {d.id for s in brief.stories for d in s.all_documents}
    assert brief.stories and brief.stories[0].brief is not None


def test_m6_document_vectors_of_sparse_input_stay_sparse() -> None:
    import numpy as np
    import scipy.sparse

    from summarize.trust.stale import content_outliers, document_vectors

    rng = np.random.default_rng(0)
    dense = rng.random((40, 30)) * (rng.random((40, 30)) > 0.7)
    ids = [f"d{i % 8}" for i in range(40)]
    order, sparse_vectors = document_vectors(scipy.sparse.csr_matrix(dense), ids)
    _, dense_vectors = document_vectors(dense, ids)
    assert scipy.sparse.issparse(sparse_vectors)
    np.testing.assert_allclose(sparse_vectors.toarray(), dense_vectors)
    assert content_outliers(order, sparse_vectors, min_similarity=0.99, max_deviation=-10) == content_outliers(
        order, dense_vectors, min_similarity=0.99, max_deviation=-10
    )
    # A TF-IDF-sized vocabulary: the dense form would be 520,000 × 520,000.
    huge = scipy.sparse.identity(520_000, format="csr", dtype=np.float32)
    _, vectors = document_vectors(huge, ["a"] * 260_000 + ["b"] * 260_000)
    assert scipy.sparse.issparse(vectors) and vectors.shape == (2, 520_000)


# ---------------------------------------------------------------- M1: many articles


def _big_feed(entries: int) -> bytes:
    items = "".join(
        f"<item><title>Entry {n} about topic {n % 97}</title><link>https://wire.example.com/{n}</link>"
        f"<description>Report {n}: the council of town {n % 89} voted {n % 7} to {n % 5} on road plan {n}.</description></item>"
        for n in range(entries)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>{items}</channel></rss>'.encode()


def test_m1_a_feed_of_thousands_of_entries_is_cut_to_the_per_feed_cap(tmp_path: Path) -> None:
    # Regression (issue 17 M1): a 4.8 MB RSS of 26,000 entries → 8 GB, then a (26000, 26000) allocation error
    # (benchmarks/hostile.py runs the full 26,000; 2,600 keep this test fast).
    from summarize.io.fetch import FetchSettings
    from summarize.io.sources import read_feeds

    feed = tmp_path / "flood.rss"
    feed.write_bytes(_big_feed(2_600))
    result = read_feeds([str(feed)])
    assert len(result.documents) == 1_000
    assert any("2,600 entries; read the first 1,000 (max_entries_per_feed)" in w for w in result.warnings)
    with pytest.raises(InputError, match=r"\[E103\].*more than 1,500 articles.*max_articles"):
        read_feeds([str(feed), str(feed)], max_articles=1_500)
    assert len(read_feeds([str(feed)], settings=FetchSettings(max_entries_per_feed=10)).documents) == 10


def test_m1_daily_path_builds_no_n_by_n_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    import summarize.stories.dedupe
    import summarize.stories.grouping
    import summarize.stories.similarity

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a dense n×n matrix on the daily path")

    original_mask = summarize.stories.grouping.date_mask

    def small_mask(published: list[object], **options: object) -> object:
        if len(published) > 20:  # only within a candidate group, never for the whole day
            refuse()
        return original_mask(published, **options)

    monkeypatch.setattr(summarize.stories.grouping, "story_similarity_matrix", refuse)
    monkeypatch.setattr(summarize.stories.similarity, "story_similarity_matrix", refuse)
    monkeypatch.setattr(summarize.stories.dedupe, "overlap_matrix", refuse)
    monkeypatch.setattr(summarize.stories.grouping, "date_mask", small_mask)
    documents = read_documents(EXAMPLES / "daily").documents
    assert len(documents) == 30
    brief = daily(documents, embedder="tfidf", top=3, max_words=30)
    assert brief.article_count == 30 and len(brief.stories) == 3
    with pytest.raises(InputError, match=r"\[E103\] 30 articles, more than the limit of 29"):
        daily(documents, embedder="tfidf", max_articles=29)


def test_m1_story_candidate_groups_take_memory_linear_in_the_articles() -> None:
    import tracemalloc

    import numpy as np

    from summarize.stories.similarity import candidate_groups

    n = 8_000
    rng = np.random.default_rng(17)
    vectors = rng.normal(size=(n, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    stamps = np.full(n, np.nan)
    tracemalloc.start()
    try:
        groups = candidate_groups(vectors, None, 0.0, stamps, threshold=0.8, max_days_apart=3.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sorted(int(i) for g in groups for i in g) == list(range(n))
    assert peak < 64e6  # one float64 n×n matrix: 512 MB


def test_find_stories_equals_average_linkage_on_the_whole_matrix() -> None:
    import numpy as np

    from summarize.embed import TfidfEmbedder
    from summarize.stories.grouping import cluster_stories, date_mask, find_stories, story_similarity_matrix

    documents = read_documents(EXAMPLES / "daily").documents
    for threshold in (0.05, 0.09, 0.2):
        stories = find_stories(documents, embedder=TfidfEmbedder(), threshold=threshold)
        found = sorted(sorted(s.details["positions"]) for s in stories)
        similarity = story_similarity_matrix(documents, TfidfEmbedder(), lexical_weight=0.6)
        allowed = date_mask([d.published for d in documents], max_days_apart=3.0)
        labels = cluster_stories(similarity, threshold=threshold, allowed=allowed)
        expected = sorted(sorted(np.flatnonzero(labels == k).tolist()) for k in range(labels.max() + 1))
        assert found == expected


# ---------------------------------------------------------------- the Low list


def _articles(folder: Path) -> Path:
    shutil.copytree(EXAMPLES / "harbour-bridge", folder)
    return folder


def test_terminal_escapes_in_file_names_and_feed_titles_never_reach_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression (issue 17 Low): feed titles and file names with ESC reached stderr warnings.
    day = _articles(tmp_path / "day")
    (day / "bad\x1b]0;pwned\x07\x1b[2J.json").write_text("{not json")
    (day / "feed.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Evil \x1b[31m\u202eredaol\u202c</title><description></description></item>"
        f"<item><title>Good</title><description>{ARTICLE[:400]}</description></item></channel></rss>"
    )
    code, out, err = run_cli(capsys, "brief", str(day), "--embedder", "tfidf", "--skip-bad")
    assert code == 0 and "skipped" in err
    for bad in ("\x1b", "\x07", "\u202e", "\u202c"):
        assert bad not in err and bad not in out
    code, out, err = run_cli(capsys, "brief", str(day), "--embedder", "tfidf")
    assert code == 1 and "\x1b" not in err and "bad ]0;pwned" in err


def test_bidi_and_zero_width_controls_are_removed_from_articles(tmp_path: Path) -> None:
    from summarize import Summarizer
    from summarize.render.brief import render

    (tmp_path / "a.json").write_text(json.dumps({
        "title": "Ad\u200bmin \u2066notice\u2069", "source": "Wire\u202e", "url": "https://x.example/\u200b",
        "text": ARTICLE.replace("bridge", "bri\u200bdge", 3).replace("deck", "\u202edeck\u202c"),
    }))  # fmt: skip
    (document,) = read_documents(tmp_path).documents
    assert document.title == "Admin notice" and document.source == "Wire"
    brief = Summarizer(embedder="tfidf", max_words=60).summarize([document])
    for fmt in ("md", "text", "html", "json"):
        output = render(brief, fmt)
        assert not any(c in output for c in "\u200b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), fmt


def test_metadata_fields_have_a_length_cap(tmp_path: Path) -> None:
    # Regression (issue 17 Low): a 5 MB title became a 32 MB HTML page.
    (tmp_path / "a.json").write_text(json.dumps({"title": "T" * 5_000_000, "author": "A" * 100_000, "text": ARTICLE}))
    (document,) = read_documents(tmp_path).documents
    assert document.title is not None and len(document.title) == 1_000 and document.title.endswith("…")
    assert len(document.metadata["author"]) == 1_000


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>", "file:///etc/passwd"])
def test_non_web_urls_are_dropped_with_a_warning(tmp_path: Path, url: str) -> None:
    from summarize import Summarizer
    from summarize.render.brief import render

    (tmp_path / "a.json").write_text(json.dumps({"title": "T", "url": url, "text": ARTICLE}))
    result = read_documents(tmp_path)
    assert result.documents[0].url is None
    assert any("not an http(s) address; left out" in w for w in result.warnings)
    brief = Summarizer(embedder="tfidf", max_words=40).summarize(result.documents)
    assert url.strip().split(":")[0].lower() + ":" not in render(brief, "json").lower()


def test_a_pipe_or_device_given_by_name_is_read_only_up_to_the_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression (issue 17 Low): /dev/zero or a pipe given by name was read without a cap.
    code, out, err = run_cli(capsys, "brief", "/dev/zero", "--embedder", "tfidf", "--max-file-mb", "2")
    assert code == 1 and "more than 2.0 MB (the limit per file)" in _one_error_line(err)


def test_output_policy_for_links_devices_fifos_and_read_only_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import threading

    day = _articles(tmp_path / "day")
    base = ["brief", str(day), "--embedder", "tfidf", "-q", "-o"]
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    code, _, err = run_cli(capsys, *base, str(link))
    assert code == 1 and "is a symbolic link" in err
    assert link.is_symlink() and victim.read_text() == "keep me"
    read_only = tmp_path / "read-only.md"
    read_only.write_text("old")
    read_only.chmod(0o444)
    code, _, err = run_cli(capsys, *base, str(read_only))
    assert code == 1 and "is read-only" in err and read_only.read_text() == "old"
    code, _, err = run_cli(capsys, *base, "/dev/null")
    assert code == 0 and Path("/dev/null").is_char_device()  # written in place, not renamed over
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    code, _, err = run_cli(capsys, *base, str(dangling))
    assert code == 1 and "is a symbolic link" in err and not (tmp_path / "nowhere.md").exists()
    device_link = tmp_path / "null-link"
    device_link.symlink_to("/dev/null")
    assert run_cli(capsys, *base, str(device_link))[0] == 0 and device_link.is_symlink()  # like /dev/stdout
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run_cli(capsys, *base, str(fifo))
    reader.join(10)
    assert code == 0 and fifo.is_fifo() and b"Kestrel" in received[0]


def test_full_disk_error_names_the_output_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import summarize.render.output

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(summarize.render.output, "write_atomically", full)
    day = _articles(tmp_path / "day")
    code, _, err = run_cli(capsys, "brief", str(day), "--embedder", "tfidf", "-q", "-o", str(tmp_path / "b.md"))
    line = _one_error_line(err)
    assert code == 1 and "No space left on device" in line and str(tmp_path / "b.md") in line


def test_links_out_of_an_input_folder_are_skipped_unless_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression (issue 17 Low): a link in an input folder made /etc/passwd an article.
    day = _articles(tmp_path / "day")
    outside = tmp_path / "outside.txt"
    outside.write_text("Title: Secret\n\n" + ARTICLE.replace("Kestrel", "SECRETNAME"))
    (day / "passwd.txt").symlink_to(outside)
    (day / "inside.txt").symlink_to(day / "01-coastline-herald.txt")
    result = read_documents(day)
    assert "passwd" not in {d.id for d in result.documents} and "inside" in {d.id for d in result.documents}
    assert any("a link to" in w and "outside the folder; skipped" in w for w in result.warnings)
    assert "passwd" in {d.id for d in read_documents(day, follow_symlinks=True).documents}
    code, out, err = run_cli(capsys, "brief", str(day), "--embedder", "tfidf", "--keep-stale")
    assert code == 0 and "SECRETNAME" not in out and "outside the folder" in err


def test_unreadable_subfolder_is_a_problem_not_silence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    day = _articles(tmp_path / "day")
    (day / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # root reads anything, so make it fail as a user sees it
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = read_documents(day)
    assert [(Path(p.path).name, p.message) for p in result.problems] == [
        ("locked", "cannot read this folder (Permission denied)")
    ]
    assert len(result.documents) == 6


def test_a_fifo_in_the_embedding_cache_is_skipped_not_waited_on(tmp_path: Path) -> None:
    # Regression (issue 17 Low): a FIFO named *.seg in the cache hung every run.
    import os
    import time

    from summarize.embed.cache import EmbeddingCache, _model_folder_name, cached_encode
    from tests.embed.test_cache import TEXTS, CountingEmbedder

    cache = EmbeddingCache(tmp_path)
    cached_encode(CountingEmbedder(), TEXTS[:5], cache)
    folder = tmp_path / _model_folder_name("counting-fake|v1")
    os.mkfifo(folder / "zzz-trap.seg")
    started = time.monotonic()
    vectors = cached_encode(CountingEmbedder(), TEXTS[:10], EmbeddingCache(tmp_path))
    assert vectors.shape == (10, 8) and time.monotonic() - started < 5


def test_a_typo_or_hub_name_fails_at_once_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Regression (issue 17 Low): --embedder minlm went to the network and failed after 35-84 s, many lines.
    import time

    day = _articles(tmp_path / "day")
    started = time.monotonic()
    code, out, err = run_cli(capsys, "brief", str(day), "--embedder", "minlm", "-q")
    line = _one_error_line(err)
    assert code == 1 and "[E300]" in line and "did you mean 'minilm'?" in line and "--allow-download" in line
    code, out, err = run_cli(capsys, "daily", str(day), "--embedder", "someone/not-a-model", "-q")
    assert code == 1 and "not a local folder nor in the Hugging Face cache" in _one_error_line(err)
    assert time.monotonic() - started < 20


def test_a_brief_written_into_its_input_folder_is_not_read_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression (issue 17 Low): the next run summarised the last brief as a source.
    day = _articles(tmp_path / "day")
    for fmt in ("md", "text", "json", "html"):
        suffix = {"text": "txt"}.get(fmt, fmt)
        assert run_cli(capsys, "brief", str(day), "--embedder", "tfidf", "-q", "-f", fmt, "-o",
                       str(day / f"brief.{suffix}"))[0] == 0  # fmt: skip
    code, _, _ = run_cli(capsys, "daily", str(day), "--embedder", "tfidf", "-q", "-o", str(day / "daily.html"))
    assert code == 0
    assert run_cli(capsys, "daily", str(day), "--embedder", "tfidf", "-q", "-o", str(day / "daily.md"))[0] == 0
    result = read_documents(day)
    assert len(result.documents) == 6
    assert sum("a brief written by summarize, not an article; skipped" in w for w in result.warnings) == 6


# ---------------------------------------------------------------- what held up in the audit, kept

XXE = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>X</title><item><title>Entity &xxe;</title>
<description>The Kestrel bridge reopened on Monday after repairs. &xxe;</description></item></channel></rss>"""

LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>
<rss version="2.0"><channel><title>L</title><item><title>&i;</title><description>&i;</description></item></channel></rss>"""


def test_xxe_in_a_feed_never_reads_a_local_file(tmp_path: Path) -> None:
    from summarize.io.feeds import parse_feed

    try:
        documents, _ = parse_feed(XXE, origin="xxe.rss")
    except InputError:
        return  # refused outright is fine too
    assert all("root:" not in d.text and "root:" not in (d.title or "") for d in documents)


def test_billion_laughs_in_a_feed_stays_small_and_fast(tmp_path: Path) -> None:
    import time
    import tracemalloc

    from summarize.io.feeds import parse_feed

    tracemalloc.start()
    started = time.monotonic()
    try:
        try:
            documents, _ = parse_feed(LAUGHS, origin="laughs.rss")
        except InputError:
            documents = []
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10 and peak < 200e6
    assert all(len(d.text) < 1_000_000 for d in documents)


@pytest.mark.model
def test_concurrent_runs_sharing_a_cache_give_byte_identical_briefs(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from summarize.embed.onnx import prepare_model
    from tests.conftest import ROOT

    # A fresh, shared embedding cache; the ONNX export is copied in so no process exports.
    entry = prepare_model(None).parent
    shutil.copytree(entry, tmp_path / "cache" / "onnx" / entry.name)
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "SUMMARIZE_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "summarize.cli", "brief", str(EXAMPLES / "harbour-bridge"), "-f", "json", "-q"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, env=environment, cwd=ROOT) for _ in range(3)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs) and outputs[0] and len(set(outputs)) == 1
    assert list((tmp_path / "cache").rglob("*.seg"))  # they did share the embedding cache
    warm = subprocess.run(command, stdout=subprocess.PIPE, env=environment, cwd=ROOT, timeout=300, check=True)
    assert warm.stdout == outputs[0]
