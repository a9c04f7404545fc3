from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from summarize.errors import EmptyInputError, InputError
from summarize.io.clean import clean_text
from summarize.io.files import load_documents, read_documents
from summarize.io.records import parse_date
from tests.conftest import EXAMPLES

BODY = "The bridge was closed on Tuesday after a section of deck dropped.\n\nEngineers inspected it overnight."


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ---- boilerplate rules ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Photo: Emergency crews at the north ramp on Tuesday. (Jane Ortiz/Coastline Herald)", "caption"),
        ("*Photo: A sagging section of the deck. (Northshore Daily)*", "caption"),
        ("Image credit: Port Veldane Transport Authority", "caption"),
        ("Workers clear debris. (AP Photo/John Doe)", "caption_credit"),
        ("Read more: Why the bridge was due for repairs", "read_more"),
        ("Most read: Council votes | Storm warning", "read_more"),
        ("## Most read", "read_more"),
        ("By Sam Keller, Transport Reporter", "byline"),
        ("Reporting by Ana Li; Editing by Tom Fox", "credits"),
        ("Share this article", "share"),
        ("Follow us on Facebook for updates on road closures.", "share"),
        ("Sign up for our newsletter", "newsletter"),
        ("Advertisement", "share"),
        ("© 2025 Coastline Herald. All rights reserved.", "share"),
        ("Copyright 2025 Metro Wire. All rights reserved.", "share"),
    ],
)
def test_clean_text_removes_boilerplate_line(line: str, rule: str) -> None:
    cleaned, removed = clean_text(f"{line}\nThe bridge was closed on Tuesday.")
    assert cleaned == "The bridge was closed on Tuesday."
    assert removed == [(rule, line)]


@pytest.mark.parametrize(
    "sentence",
    [
        "By noon the river had risen by two metres, officials said.",
        "By Monday the council had voted to close the road.",
        "Photographs taken on Tuesday show the deck sagging.",
        "Readers shared their stories of the flood with the paper.",
        "Watchdogs said the repair contract should be published.",
    ],
)
def test_clean_text_keeps_real_sentences(sentence: str) -> None:
    cleaned, removed = clean_text(sentence)
    assert cleaned == sentence and removed == []


def test_clean_text_removes_link_list_after_most_read_heading() -> None:
    text = "Body sentence one is here.\n\nMost read\n\nSchool vote delayed\nRoadworks finish early\n\nLast sentence stays."
    cleaned, removed = clean_text(text)
    assert cleaned == "Body sentence one is here.\n\nLast sentence stays."
    assert [line for _, line in removed] == ["Most read", "School vote delayed", "Roadworks finish early"]


def test_clean_text_keeps_paragraph_after_list() -> None:
    text = "## Most read\n\n1. Ferry queues stretch\n2. Sports day cancelled\n\nThe mayor spoke on Friday about the plan."
    cleaned, _ = clean_text(text)
    assert cleaned == "The mayor spoke on Friday about the plan."


# ---- text files ----------------------------------------------------------


def test_load_text_file_reads_header(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.txt",
        "title: Bridge shut\nsource: Coastline Herald\ndate: 2025-03-11T10:15:00\nurl: https://example.com/a\n\n" + BODY,
    )
    [doc] = load_documents(path)
    assert doc.id == "a"
    assert doc.title == "Bridge shut"
    assert doc.source == "Coastline Herald"
    assert doc.published == dt.datetime(2025, 3, 11, 10, 15)
    assert doc.url == "https://example.com/a"
    assert doc.text == BODY
    assert doc.path == str(path)


def test_load_text_without_header_keeps_first_line(tmp_path: Path) -> None:
    text = "Update: the bridge stays shut until Friday, officials said.\n\n" + BODY
    [doc] = load_documents(write(tmp_path / "b.txt", text))
    assert doc.title is None
    assert doc.text.startswith("Update: the bridge stays shut")


def test_load_markdown_front_matter_and_heading(tmp_path: Path) -> None:
    text = "---\nsource: Metro Wire\ndate: 2025-03-12\n---\n# Bridge closed\n\n" + BODY
    [doc] = load_documents(write(tmp_path / "c.md", text))
    assert doc.source == "Metro Wire"
    assert doc.title == "Bridge closed"
    assert doc.published == dt.datetime(2025, 3, 12)
    assert doc.text == BODY


def test_raw_text_keeps_removed_boilerplate(tmp_path: Path) -> None:
    [doc] = load_documents(write(tmp_path / "d.txt", "Advertisement\n" + BODY))
    assert "Advertisement" not in doc.text
    assert "Advertisement" in doc.raw_text
    assert doc.metadata["removed"] == [("share", "Advertisement")]


def test_latin1_file_loads_with_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "e.txt", "The café in São Paulo reopened on Monday morning.".encode("latin-1"))
    with pytest.warns(UserWarning, match="not valid UTF-8"):
        [doc] = load_documents(path)
    assert "café" in doc.text


# ---- JSON ---------------------------------------------------------------


def test_load_json_list_with_metadata(tmp_path: Path) -> None:
    records = [
        {"id": "x1", "text": BODY, "title": "T1", "source": {"name": "Wire"}, "published": "2025-03-11T08:00:00Z"},
        {"id": "x2", "body": BODY, "date": "Tue, 11 Mar 2025 09:00:00 +0100", "tags": ["bridge"]},
    ]
    docs = load_documents(write(tmp_path / "f.json", json.dumps(records)))
    assert [d.id for d in docs] == ["x1", "x2"]
    assert docs[0].source == "Wire"
    assert docs[0].published == dt.datetime(2025, 3, 11, 8, 0)
    assert docs[1].published == dt.datetime(2025, 3, 11, 8, 0)
    assert docs[1].metadata["tags"] == ["bridge"]


def test_jsonl_bad_line_is_reported_and_good_lines_kept(tmp_path: Path) -> None:
    good = json.dumps({"id": "g", "text": BODY})
    path = write(tmp_path / "g.jsonl", f"{good}\n{{not json\n\n" + json.dumps({"id": "h", "text": BODY}) + "\n")
    result = read_documents(path)
    assert [d.id for d in result.documents] == ["g", "h"]
    assert len(result.problems) == 1
    assert result.problems[0].line == 2
    assert str(result.problems[0]).startswith(f"{path}:2: invalid JSON")
    with pytest.raises(InputError, match=r"g\.jsonl:2: invalid JSON"):
        load_documents(path)
    with pytest.warns(UserWarning, match="invalid JSON"):
        assert len(load_documents(path, on_error="skip")) == 2


def test_json_record_without_text_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "h.jsonl", json.dumps({"id": "z", "title": "no body"}) + "\n")
    with pytest.raises(InputError, match="no article text"):
        load_documents(path)


def test_metadata_fields_are_one_line_without_control_characters(tmp_path: Path) -> None:
    """Regression (found by tests/test_properties.py): an ESC, BEL or C1 character or a newline in a
    JSON title, outlet or id reached the brief's Markdown and text (terminal escapes, new blocks)."""
    record = {"id": " a\x1b[2J\n1 ", "title": "Bridge\x1b]0;pwned\x07 closed\n# HEADING",
              "source": "Outlet\u009b31m", "url": "https://example.com/a\n", "text": BODY + " \x1b[31m\u009b red."}  # fmt: skip
    [doc] = load_documents(write(tmp_path / "j.json", json.dumps(record)))
    assert (doc.id, doc.title, doc.source, doc.url) == (
        "a [2J 1", "Bridge ]0;pwned closed # HEADING", "Outlet 31m", "https://example.com/a"
    )
    assert "\x1b" not in doc.text and "\u009b" not in doc.text and doc.text.endswith("[31m  red.")


def test_unparseable_date_warns_and_is_unknown(tmp_path: Path) -> None:
    path = write(tmp_path / "i.json", json.dumps({"text": BODY, "date": "sometime soon"}))
    with pytest.warns(UserWarning, match="could not parse date"):
        [doc] = load_documents(path)
    assert doc.published is None


# ---- paths and errors ---------------------------------------------------


def test_missing_path_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        load_documents(tmp_path / "nope")


def test_empty_file_raises_empty_input_error(tmp_path: Path) -> None:
    with pytest.raises(EmptyInputError, match="file is empty"):
        load_documents(write(tmp_path / "j.txt", "  \n\n"))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary"):
        load_documents(write(tmp_path / "k.txt", b"\x89PNG\x00\x00\x01\x02"))


def test_folder_without_articles_is_empty_input(tmp_path: Path) -> None:
    write(tmp_path / "notes.csv", "a,b\n")
    with pytest.raises(EmptyInputError, match="no articles"):
        load_documents(tmp_path)


def test_unreadable_file_reports_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "l.txt", BODY)
    path.chmod(0)
    if os.name != "posix" or os.geteuid() == 0:
        # Root (CI) reads anything: make opening this file answer as it would for anyone else.
        import builtins
        import io

        real_open = io.open

        def refusing(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(file, (str, os.PathLike)) and os.fspath(file) == str(path):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(io, "open", refusing)
        monkeypatch.setattr(builtins, "open", refusing)
    with pytest.raises(InputError, match="permission denied"):
        load_documents(path)


def test_duplicate_ids_are_made_unique(tmp_path: Path) -> None:
    write(tmp_path / "one" / "a.txt", BODY)
    write(tmp_path / "two" / "a.txt", BODY)
    assert [d.id for d in load_documents(tmp_path)] == ["a", "a~2"]


def test_examples_load_with_metadata() -> None:
    docs = load_documents(EXAMPLES / "harbour-bridge")
    assert len(docs) == 6
    assert all(d.source and d.published and d.title for d in docs)
    assert all("©" not in d.text and "Advertisement" not in d.text for d in docs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-11", dt.datetime(2025, 3, 11)),
        ("2025-03-11T10:15:00+02:00", dt.datetime(2025, 3, 11, 8, 15)),
        ("March 11, 2025", dt.datetime(2025, 3, 11)),
        ("11 March 2025", dt.datetime(2025, 3, 11)),
        ("Tue, 11 Mar 2025 10:00:00 GMT", dt.datetime(2025, 3, 11, 10, 0)),
        ("not a date", None),
        (None, None),
        # Regression (found by tests/test_properties.py): past the datetime range once in UTC,
        # these raised OverflowError, a traceback from `summarize brief` on a JSON or RSS date.
        ("9999-12-31T23:00:00-05:00", None),
        ("0001-01-01T00:30:00+05:00", None),
        ("Fri, 31 Dec 9999 23:00:00 -0500", None),
    ],
)
def test_parse_date(value, expected) -> None:
    assert parse_date(value) == expected


def test_date_out_of_range_in_utc_is_unknown_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "k.json", json.dumps({"text": BODY, "published": "9999-12-31T23:00:00-05:00"}))
    with pytest.warns(UserWarning, match="could not parse date '9999-12-31T23:00:00-05:00'"):
        [doc] = load_documents(path)
    assert doc.published is None
