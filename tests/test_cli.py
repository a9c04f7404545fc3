from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.cli import main, write_atomically
from summarize.render.shortened import SHORTENED_MARK
from tests.conftest import EXAMPLES, ROOT

BODY = "The bridge was closed on Tuesday after a section of deck dropped near the ramp.\n"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_brief_tfidf_markdown_to_stdout(capsys) -> None:
    code, out, err = run_cli(capsys, "brief", str(EXAMPLES / "harbour-bridge"), "--embedder", "tfidf", "--max-words", "80")
    assert code == 0
    # The sentence bullets come first; "Left out" lists the stale article further down.
    bullets = [line for line in out.split("\n\n")[0].splitlines() if line.startswith("- ")]
    assert bullets and all(line.rstrip().endswith("]") for line in bullets)
    assert "06-bayside-gazette: published 2024-06-18" in out
    # The budget counts the article's words a reader sees; the ✂ mark after a shortened sentence is not one.
    words = [w for b in bullets for w in b[2:].rsplit(" [", 1)[0].split() if w != SHORTENED_MARK]
    assert len(words) <= 80
    assert "**Sources**" in out
    assert "read 6 articles" in err


def test_brief_keep_weekdays_leaves_sentences_as_written(tmp_path: Path, capsys) -> None:
    arguments = ["brief", str(EXAMPLES / "harbour-bridge"), "--embedder", "tfidf", "-f", "json", "-q"]
    flags = {}
    for extra in ([], ["--keep-weekdays"]):
        code, out, _ = run_cli(capsys, *arguments, *extra)
        assert code == 0
        flags[bool(extra)] = [f["kind"] for s in json.loads(out)["sentences"] for f in s["flags"]]
    assert "trimmed" in flags[False] and "trimmed" not in flags[True]
    daily = ["daily", str(EXAMPLES), "--embedder", "tfidf", "-f", "json", "-q"]
    for extra in ([], ["--keep-weekdays"]):
        code, out, _ = run_cli(capsys, *daily, *extra)
        assert code == 0
        stories = json.loads(out)["stories"]
        flags[bool(extra)] = [f["kind"] for story in stories for s in story["brief"]["sentences"] for f in s["flags"]]
    assert "trimmed" in flags[False] and "trimmed" not in flags[True]


def test_brief_json_to_file(tmp_path: Path, capsys) -> None:
    out_file = tmp_path / "brief.json"
    code, out, _ = run_cli(
        capsys, "brief", str(EXAMPLES / "chip-plant"), "--embedder", "tfidf", "-f", "json", "-o", str(out_file), "-q"
    )
    assert code == 0 and out == ""
    data = json.loads(out_file.read_text())
    assert data["schema"] == "summarize.brief/1" and data["sentences"]
    assert not list(tmp_path.glob(".brief.json.*"))  # no temporary file left behind


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.txt", "no such file or folder"),
        (lambda d: _write(d / "empty.txt", ""), "file is empty"),
        (lambda d: _write(d / "bad.json", '{"text": 5'), "invalid JSON"),
        (lambda d: _write(d / "notext.json", '{"title": "x"}'), "no article text"),
        (lambda d: _write(d / "frag.txt", "Photo gallery\n\nAdvertisement\n"), "no sentences"),
        (lambda d: (d / "folder").mkdir() or d / "folder", "folder has no articles"),
    ],
)
def test_cli_error_paths_give_one_line_and_exit_1(tmp_path: Path, capsys, setup, message: str) -> None:
    path = setup(tmp_path)
    code, out, err = run_cli(capsys, "brief", str(path), "--embedder", "tfidf", "-q")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: error:") and message in lines[0]
    assert "Traceback" not in err


def test_cli_skip_bad_keeps_good_files(tmp_path: Path, capsys) -> None:
    for name in ("a", "b"):
        _write(tmp_path / f"{name}.txt", (EXAMPLES / "harbour-bridge" / "01-coastline-herald.txt").read_text())
    _write(tmp_path / "c.json", "{broken")
    code, _, err = run_cli(capsys, "brief", str(tmp_path), "--embedder", "tfidf")
    assert code == 1 and "c.json:1: invalid JSON" in err
    code, out, err = run_cli(capsys, "brief", str(tmp_path), "--embedder", "tfidf", "--skip-bad")
    assert code == 0 and out.startswith("- ")
    assert "warning: skipped" in err and "c.json" in err


def test_cli_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["brief", "x", "--max-words", "0"])
    assert exit_info.value.code == 2
    assert main([]) == 2


def test_cli_output_is_a_folder(tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(capsys, "brief", str(EXAMPLES / "harbour-bridge"), "--embedder", "tfidf", "-o", str(tmp_path))
    assert code == 1 and "is a folder" in err


def test_write_atomically_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")
    write_atomically(target, "new contents")
    assert target.read_text() == "new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


@pytest.mark.model
def test_console_script_default_model_end_to_end(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "summarize", "brief", str(EXAMPLES / "river-flood"), "--max-words", "100", "-f", "text"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "Sources:" in result.stdout and "[1]" in result.stdout
    assert "Traceback" not in result.stderr


RUN_PROBE = """
import gc, sys
import summarize.cli as cli
frozen = []
cli.main = lambda argv=None: frozen.append(gc.get_freeze_count()) or 3
try:
    cli.run()
except SystemExit as stop:
    print(stop.code, frozen[0] > 10_000)
"""


def test_the_command_freezes_the_heap_of_its_imports_and_exits_with_mains_code() -> None:
    # Issue 13: the collector walked the imports' objects again in each full
    # collection and at exit, 0.07 s of a cold brief.
    completed = subprocess.run([sys.executable, "-c", RUN_PROBE], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert completed.stdout.split() == ["3", "True"], completed.stderr[-2000:]
    missing = subprocess.run([sys.executable, "-m", "summarize", "brief", "/no/such/folder", "-q"],
                             capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert missing.returncode == 1 and "error" in missing.stderr


def test_main_called_in_process_freezes_nothing(capsys) -> None:
    import gc

    before = gc.get_freeze_count()
    code, _, _ = run_cli(capsys, "brief", "/no/such/folder", "-q")
    assert code == 1 and gc.get_freeze_count() == before


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# Issue 13, item 5: the rough edges of a first run.

HARBOUR = str(EXAMPLES / "harbour-bridge")


def test_output_dash_means_stdout_for_brief_and_daily(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "brief", HARBOUR, "--embedder", "tfidf", "-o", "-", "-q")
    assert code == 0 and out.startswith("- ") and "**Sources**" in out
    code, out, _ = run_cli(capsys, "daily", str(EXAMPLES / "daily" / "feeds.toml"), "--date", "2024-05-04",
                           "--embedder", "tfidf", "-o", "-", "-f", "md", "-q")
    assert code == 0 and out.startswith("# ")
    assert list(tmp_path.iterdir()) == []  # no file named "-", nothing in the feeds.toml's output folder


@pytest.mark.parametrize(("name", "starts"), [("b.html", "<!DOCTYPE html>"), ("b.json", "{"), ("b.txt", "Port Veldane"),
                                              ("b.md", "- "), ("b.out", "- ")])
def test_brief_takes_the_format_from_the_output_suffix(tmp_path: Path, capsys, name: str, starts: str) -> None:
    code, _, _ = run_cli(capsys, "brief", HARBOUR, "--embedder", "tfidf", "-o", str(tmp_path / name), "-q")
    assert code == 0 and (tmp_path / name).read_text().startswith(starts)


def test_format_contradicting_the_output_suffix_is_refused(tmp_path: Path, capsys) -> None:
    for command in (["brief", HARBOUR], ["daily", str(EXAMPLES / "daily" / "feeds.toml")]):
        code, out, err = run_cli(capsys, *command, "--embedder", "tfidf", "-f", "md", "-o", str(tmp_path / "x.html"))
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "[E201] --format md contradicts --output" in err and "x.html" in err
    assert list(tmp_path.iterdir()) == []


def test_html_title_option(tmp_path: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, "brief", HARBOUR, "--embedder", "tfidf", "-f", "html", "--title", "Bridge <day 2>", "-q")
    assert code == 0 and "<title>Bridge &lt;day 2&gt;</title>" in out and "<h1>Bridge &lt;day 2&gt;</h1>" in out
    code, out, _ = run_cli(capsys, "brief", HARBOUR, "--embedder", "tfidf", "-f", "html", "-q")
    assert "<title>Brief: " in out  # the default names the story, not just "Brief"


def test_output_into_a_missing_folder_is_one_coded_line_naming_it(tmp_path: Path, capsys) -> None:
    # Regression: "No such file or directory: …/.brief.md.yis08ane.tmp", no code.
    target = tmp_path / "missing" / "brief.md"
    code, out, err = run_cli(capsys, "brief", HARBOUR, "--embedder", "tfidf", "-o", str(target))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "[E400]" in err and f"{tmp_path / 'missing'} does not exist" in err
    assert ".tmp" not in err


def test_url_given_to_brief_points_to_daily(capsys) -> None:
    code, _, err = run_cli(capsys, "brief", "https://example.com/news/bridge", "--embedder", "tfidf")
    assert code == 1
    assert "[E100] https://example.com/news/bridge is a URL" in err and "summarize daily" in err


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nBT /F1 12 Tf (The bridge was closed on Tuesday night.) Tj ET\n"


def test_pdf_given_by_name_is_refused_not_read_as_text(tmp_path: Path, capsys) -> None:
    # Regression: an uncompressed PDF was "summarised" as PDF operators, exit 0.
    _write(tmp_path / "report.pdf", PDF.decode())
    _write(tmp_path / "renamed.txt", PDF.decode())  # the bytes decide, not the name
    for name in ("report.pdf", "renamed.txt"):
        code, out, err = run_cli(capsys, "brief", str(tmp_path / name), "--embedder", "tfidf")
        assert code == 1 and out == "" and "PDF is not supported: convert it to text" in err and "[E100]" in err


def test_pdf_and_docx_in_a_folder_are_named_not_passed_over(tmp_path: Path, capsys) -> None:
    for name in ("01-coastline-herald.txt", "02-metro-wire.txt"):
        _write(tmp_path / name, (EXAMPLES / "harbour-bridge" / name).read_text())
    _write(tmp_path / "scan.pdf", PDF.decode())
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    code, out, err = run_cli(capsys, "brief", str(tmp_path), "--embedder", "tfidf")
    assert code == 0 and out.startswith("- ")
    assert "scan.pdf: PDF is not supported" in err and "notes.docx: Word (.docx) is not supported" in err


def test_budget_larger_than_the_input_says_so(capsys) -> None:
    # Regression: --max-words 100000 silently gave a 1,240-word brief.
    code, _, err = run_cli(capsys, "brief", HARBOUR, "--embedder", "tfidf", "--max-words", "100000", "-f", "json")
    assert code == 0 and "warning: the budget of 100,000 words is more than the input holds" in err
    _, _, err = run_cli(capsys, "brief", HARBOUR, "--embedder", "tfidf", "--max-words", "100")
    assert "more than the input holds" not in err


def test_chinese_input_says_which_languages_are_read(tmp_path: Path, capsys) -> None:
    for name in ("a", "b"):
        _write(tmp_path / f"{name}.txt", "港湾大桥周二因发现裂缝而关闭。工程师检查了桥面。交通改道经过隧道。\n")
    code, _, err = run_cli(capsys, "brief", str(tmp_path), "--embedder", "tfidf", "-q")
    assert code == 1 and "[E101] no sentences found" in err
    assert "Chinese or Japanese (CJK ideographs) script" in err and "spaces between words" in err
