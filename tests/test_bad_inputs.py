"""The bad inputs of docs/bad-inputs.md that no other test file covers.

Each test states the behaviour the table promises: a clear one-line message,
the exit code, and that the good articles are still used.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest

from summarize import Summarizer, load_documents
from summarize.errors import EmptyInputError, InputError
from summarize.io.files import read_documents
from tests.conftest import EXAMPLES, make_doc
from tests.test_cli import run_cli

ARTICLE = (EXAMPLES / "harbour-bridge" / "01-coastline-herald.txt").read_text(encoding="utf-8")


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: error:"), err
    assert "Traceback" not in err
    return lines[0]


def test_whitespace_only_file_is_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "blank.txt").write_text(" \n\t\n  \n")
    code, out, err = run_cli(capsys, "brief", str(tmp_path / "blank.txt"), "--embedder", "tfidf")
    assert code == 1 and out == ""
    assert "empty" in _one_error_line(err)


def test_file_over_the_size_cap_is_reported_and_the_rest_kept(tmp_path: Path, capsys) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "good2.txt").write_text(ARTICLE.replace("Herald", "Gazette"))
    # 2 MB against a 1 MB cap stands for the 50 MB article against the 50 MB default.
    (tmp_path / "huge.txt").write_text("The bridge is long. " * 100_000)
    code, _, err = run_cli(capsys, "brief", str(tmp_path), "--embedder", "tfidf", "--max-file-mb", "1")
    assert code == 1 and "over the limit of 1.0 MB" in _one_error_line(err) and "huge.txt" in err
    code, out, err = run_cli(capsys, "brief", str(tmp_path), "--embedder", "tfidf", "--max-file-mb", "1", "--skip-bad")
    assert code == 0 and out.startswith("- ") and "skipped" in err and "huge.txt" in err


def test_fifty_megabyte_article_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 50 MB + 1 byte on disk costs nothing
        handle.seek(50_000_000)
        handle.write(b".")
    result = read_documents(big)
    assert not result.documents
    assert "over the limit of 50.0 MB" in result.problems[0].message


def test_more_articles_than_the_cap_stop_with_a_clear_error(tmp_path: Path, capsys) -> None:
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(ARTICLE)
    with pytest.raises(InputError, match=r"more than 3 articles .*max_articles"):
        read_documents(tmp_path, max_articles=3)
    assert len(read_documents(tmp_path, max_articles=4).documents) == 4
    code, _, err = run_cli(capsys, "brief", str(tmp_path), "--embedder", "tfidf", "--max-articles", "2")
    assert code == 1 and "--max-articles" in _one_error_line(err)


def test_five_thousand_small_files_load(tmp_path: Path) -> None:
    for i in range(5_000):
        (tmp_path / f"{i:04d}.txt").write_text(f"Story {i}\n\nThe council met on day {i} to discuss the bridge repairs.\n")
    documents = load_documents(tmp_path)
    assert len(documents) == 5_000 and len({d.id for d in documents}) == 5_000


def test_malformed_html_still_gives_its_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Bridge closed</title><body><p>The harbour bridge was closed on Tuesday after "
        "a crack was found in the deck by engineers.<p>Traffic was diverted through the tunnel for the rest "
        "of the week, the council said.<div><span>unclosed <b>tags everywhere"
    )
    (tmp_path / "page.html").write_text(page)
    documents = load_documents(tmp_path)
    assert "crack was found in the deck" in documents[0].text


def test_single_article_gives_a_brief_citing_it() -> None:
    brief = Summarizer(embedder="tfidf", max_words=60).summarize(load_documents(EXAMPLES / "harbour-bridge")[:1])
    assert brief.sentences and all(s.citations == (1,) for s in brief.sentences)


def test_identical_articles_give_one_copy_of_each_fact_cited_to_all() -> None:
    documents = [make_doc(f"d{i}", ARTICLE.split("\n\n", 1)[1], source=f"outlet {i}") for i in range(4)]
    brief = Summarizer(embedder="tfidf", max_words=80).summarize(documents)
    texts = [s.text for s in brief.sentences]
    assert len(texts) == len(set(texts)) > 0
    assert all(len(s.citations) == 4 for s in brief.sentences)


def test_unrelated_articles_still_give_a_sourced_brief() -> None:
    documents = [
        make_doc("bridge", ARTICLE.split("\n\n", 1)[1]),
        make_doc("cake", "The village bake sale raised money for the school roof. Lemon cakes sold out by noon. "
                         "Volunteers plan another sale in the spring."),
        make_doc("chess", "A twelve-year-old won the regional chess title on Sunday. She beat three adults in a row. "
                          "Her coach said she trains every evening."),
    ]
    brief = Summarizer(embedder="tfidf", max_words=80).summarize(documents)
    assert brief.sentences and all(s.citations for s in brief.sentences)


@pytest.mark.parametrize(
    "text",
    [
        "Le pont du port a été fermé mardi après la découverte d'une fissure. Les ingénieurs ont inspecté le tablier. "
        "La circulation a été déviée par le tunnel pendant toute la semaine.",
        "Мост в гавани закрыли во вторник после того, как инженеры нашли трещину. Движение направили через тоннель. "
        "Ремонт продлится до пятницы.",
    ],
)
def test_non_english_articles_give_text_from_the_input(text: str) -> None:
    documents = [make_doc("a", text), make_doc("b", text.replace("  ", " "))]
    brief = Summarizer(embedder="tfidf", max_words=80).summarize(documents)
    joined = re.sub(r"\s+", " ", text)
    assert all(s.text in joined for s in brief.sentences)


def test_scripts_without_spaces_are_refused_clearly_not_garbled() -> None:
    """Chinese and Japanese are not segmented yet (no spaces between words): a clear error, not noise."""
    text = "港湾大桥周二因发现裂缝而关闭。工程师检查了桥面。交通改道经过隧道。"
    with pytest.raises(EmptyInputError, match="no sentences found"):
        Summarizer(embedder="tfidf").summarize([make_doc("a", text), make_doc("b", text)])


def test_articles_without_dates_are_summarised_and_not_called_stale(tmp_path: Path) -> None:
    for name in ("01-coastline-herald", "02-metro-daily", "03-newswire"):
        source = EXAMPLES / "harbour-bridge" / f"{name}.txt"
        if source.exists():
            body = source.read_text().split("\n\n", 1)[1]
            (tmp_path / f"{name}.txt").write_text(body)
    documents = load_documents(tmp_path)
    assert all(d.published is None for d in documents)
    brief = Summarizer(embedder="tfidf", max_words=60).summarize(documents)
    assert brief.sentences and not brief.excluded


def test_directory_with_only_unsupported_files_is_empty_input(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    with pytest.raises(EmptyInputError, match="no articles"):
        load_documents(tmp_path)


@pytest.mark.parametrize("content", [b"\x01", b"\x00\x00 \x07\n", "Advertisement\n\nShare this article\n".encode()])
def test_file_with_no_text_left_is_a_problem_not_an_empty_article(tmp_path: Path, content: bytes) -> None:
    """Found by tests/test_properties.py: a file of control characters became a document with empty text."""
    (tmp_path / "odd.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(ARTICLE)
    result = read_documents(tmp_path)
    assert [d.id for d in result.documents] == ["good"]
    assert len(result.problems) == 1 and "odd.txt" in str(result.problems[0])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_in_a_folder_is_reported_not_waited_on(tmp_path: Path) -> None:
    """Regression: a FIFO named like an article made reading the folder block forever; now it is a
    problem naming it (skipped with --skip-bad) and the articles are read."""
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(ARTICLE)

    def hung(*args: object) -> None:
        raise TimeoutError("reading the folder waited on the pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        result = read_documents(tmp_path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [d.id for d in result.documents] == ["good"]
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'pipe.txt'}: not a regular file (a named pipe, socket or device)"]
