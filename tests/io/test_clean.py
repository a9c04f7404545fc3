"""Clutter rules on real-world-shaped wire and web copy (written for these tests, in the style of each outlet)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.io.clean import clean_text, parse_dateline
from summarize.io.files import load_documents

BODY = "The council will certify the result on Friday."


@pytest.mark.parametrize(
    ("story", "dateline", "kept"),
    [
        ("LINDHAM (National Press Wire) - Mayor Ana Ruiz won a second term on Tuesday, beating Lisa Park.",
         "LINDHAM (National Press Wire) -", "Mayor Ana Ruiz won a second term on Tuesday, beating Lisa Park."),
        ("BRUSSELS, Belgium (AP) _ NATO defense ministers agreed Thursday to extend the air patrols.",
         "BRUSSELS, Belgium (AP) _", "NATO defense ministers agreed Thursday to extend the air patrols."),
        ("WASHINGTON (Reuters) - The Senate voted 52-48 on Friday to confirm the nominee.",
         "WASHINGTON (Reuters) -", "The Senate voted 52-48 on Friday to confirm the nominee."),
        ("NEW YORK _ Shares of the carmaker fell 4 percent in early trading.",
         "NEW YORK _", "Shares of the carmaker fell 4 percent in early trading."),
        ("LONDON, Nov 5 (Reuters) - Britain's main share index rose on Tuesday.",
         "LONDON, Nov 5 (Reuters) -", "Britain's main share index rose on Tuesday."),
    ],
)
def test_dateline_words_are_removed_and_the_sentence_kept(story: str, dateline: str, kept: str) -> None:
    cleaned, removed = clean_text(f"{story}\n\n{BODY}")
    assert cleaned == f"{kept}\n\n{BODY}"
    assert removed == [("dateline", dateline)]


@pytest.mark.parametrize(
    "story",
    [
        "US - China talks resumed in Geneva on Monday.",
        "UPDATE 2 - Shares rose after the vote.",
        "NATO - the alliance said - will meet again.",
        "A. Philip Randolph led the march on Washington.",
    ],
)
def test_sentence_openings_that_are_not_datelines_are_kept(story: str) -> None:
    assert clean_text(story) == (story, [])


def test_dateline_is_only_read_at_the_start_of_a_story() -> None:
    text = f"{BODY}\n\nMore text here.\n\nAnother line.\n\nPARIS (AP) _ A later paragraph quoting a wire story."
    cleaned, removed = clean_text(text)
    assert removed == [] and cleaned == text


def test_parse_dateline_gives_place_date_and_agency() -> None:
    assert parse_dateline("BRUSSELS, Belgium, Nov. 5 (AP) _ NATO met.") == {
        "text": "BRUSSELS, Belgium, Nov. 5 (AP) _", "place": "Brussels, Belgium", "date": "Nov. 5", "agency": "AP",
    }
    assert parse_dateline("The mayor said so.") is None


def test_loaded_article_keeps_its_dateline_in_metadata(tmp_path: Path) -> None:
    path = tmp_path / "ruiz.txt"
    path.write_text("LINDHAM, Nov. 2 (National Press Wire) - Mayor Ana Ruiz won a second term.\n\n" + BODY)
    [doc] = load_documents(path)
    assert doc.text.startswith("Mayor Ana Ruiz won")
    assert doc.metadata["dateline"] == {"text": "LINDHAM, Nov. 2 (National Press Wire) -", "place": "Lindham",
                                        "date": "Nov. 2", "agency": "National Press Wire"}
    assert ("dateline", "LINDHAM, Nov. 2 (National Press Wire) -") in doc.metadata["removed"]


@pytest.mark.parametrize(
    "caption",
    [
        "Supporters cheer as results come in at the Lindham civic hall on Tuesday night. AP",
        "Mayor Ana Ruiz greets voters outside a polling station in Lindham, Nov. 5, 2024. (Photo: Jane Doe/Reuters)",
        "Ruiz speaks to supporters after the vote. Jane Doe/National Press Wire",
        "Flood water surrounds homes in the lower town on Sunday. (AP Photo/Evan Marsh)",
        "Rescue workers search the rubble, Oct. 30, 1998. Getty Images",
    ],
)
def test_caption_with_a_credit_is_removed(caption: str) -> None:
    cleaned, removed = clean_text(f"{BODY}\n\n{caption}\n\nThe turnout was 61 percent.")
    assert cleaned == f"{BODY}\n\nThe turnout was 61 percent."
    assert removed == [("caption_credit", caption)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor told the AP.",
        "Ruiz thanked her staff, her family and the voters of Lindham after the count. She said nothing else.",
        "The newsletter said the cabin heat reached 600 degrees.",
    ],
)
def test_sentences_that_mention_an_agency_or_a_newsletter_are_kept(sentence: str) -> None:
    assert clean_text(sentence) == (sentence, [])


def test_qa_markers_are_removed_and_the_words_kept() -> None:
    text = ("Q. (italics) Why did you run for a second term? (end italics)\n"
            "A. Because the work on the harbour is not finished.\n"
            "Q: What comes first?\nA: The budget.")
    cleaned, removed = clean_text(text)
    assert cleaned == ("Why did you run for a second term?\nBecause the work on the harbour is not finished.\n"
                       "What comes first?\nThe budget.")
    assert [rule for rule, _ in removed] == ["qa_marker"] * 5
    assert ("qa_marker", "Q. (italics)") in removed and ("qa_marker", "(end italics)") in removed


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("Breaking News Emails\nGet breaking news alerts and special reports. The news and stories that matter, "
         "delivered weekday mornings.", None),
        ("Sign up for our newsletter", None),
        ("Subscribe to the Morning Briefing newsletter for the day's top stories.", None),
        (f"{BODY} Breaking News Emails Get breaking news alerts and special reports. The news and stories that "
         "matter, delivered weekday mornings.", BODY),
    ],
)
def test_newsletter_prompts_are_removed(text: str, prompt: str | None) -> None:
    cleaned, removed = clean_text(f"{text}\n\nThe turnout was 61 percent.")
    assert cleaned == (f"{prompt}\n\n" if prompt else "") + "The turnout was 61 percent."
    assert removed and all(rule == "newsletter" for rule, _ in removed)


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        (f"{BODY} (Reporting by Jane Doe in Lindham; Additional reporting by Tom Roe; Editing by Mark Potter)",
         "(Reporting by Jane Doe in Lindham; Additional reporting by Tom Roe; Editing by Mark Potter)"),
        (f"{BODY}\n\n(Reporting By Ana Li; Editing by Tom Fox)", "(Reporting By Ana Li; Editing by Tom Fox)"),
        (f"{BODY}\n\nAdditional reporting by Tom Roe in Brussels and Ana Li in Lindham; writing by Jane Doe",
         "Additional reporting by Tom Roe in Brussels and Ana Li in Lindham; writing by Jane Doe"),
        (f"{BODY}\n\nAssociated Press writers Tom Roe in Lindham and Ana Li in Brussels contributed to this report.",
         "Associated Press writers Tom Roe in Lindham and Ana Li in Brussels contributed to this report."),
    ],
)
def test_reporting_and_editing_credits_are_removed(text: str, credit: str) -> None:
    cleaned, removed = clean_text(text)
    assert cleaned == BODY
    assert removed == [("credits", credit)]


def test_a_document_built_in_code_is_cleaned_once_and_keeps_what_was_given() -> None:
    import dataclasses

    from summarize.document import Document
    from summarize.io.clean import clean_document

    wire = Document(id="w", text="OSLO, Norway (NTB) _ Ferries were cancelled on Monday. (Reporting by A. Dahl; Editing by B. Lie)")
    cleaned = clean_document(wire)
    assert cleaned.text == "Ferries were cancelled on Monday."
    assert cleaned.raw_text == wire.text and [r for r, _ in cleaned.metadata["removed"]] == ["dateline", "credits"]
    assert cleaned.metadata["dateline"]["place"] == "Oslo, Norway"
    assert clean_document(cleaned) is cleaned  # cleaned already
    loaded_raw = dataclasses.replace(wire, raw_text=wire.text)  # a loader chose not to clean: left as is
    assert clean_document(loaded_raw) is loaded_raw
    plain = Document(id="p", text="Ferries were cancelled on Monday.")
    assert clean_document(plain) is plain


def test_the_brief_of_documents_built_in_code_has_no_dateline() -> None:
    from summarize import Summarizer
    from summarize.document import Document

    documents = [
        Document(id=f"d{k}", text=f"LINDHAM (National Press Wire) _ The River Marrow burst its banks overnight, forcing "
                                  f"{3000 + k} people from their homes. Police said a man was missing.")
        for k in range(3)
    ]
    brief = Summarizer(embedder="tfidf", max_words=40).summarize(documents)
    assert brief.sentences and not any("National Press Wire" in s.text or "LINDHAM" in s.text for s in brief.sentences)


def test_a_document_built_in_code_loses_control_characters_and_link_lists_as_loaded_files_do() -> None:
    from summarize import Summarizer
    from summarize.document import Document
    from summarize.io.clean import clean_document

    text = "\x07 The harbour stayed shut on Tuesday after the storm.\x1b[31m\nRead more: Storm latest\nCrews cleared the quay."
    cleaned = clean_document(Document(id="c", text=text))
    assert "\x07" not in cleaned.text and "\x1b" not in cleaned.text and "Read more" not in cleaned.text
    assert cleaned.raw_text == text
    documents = [Document(id=f"d{k}", text=text.replace("quay", f"quay {k}")) for k in range(3)]
    brief = Summarizer(embedder="tfidf", max_words=40).summarize(documents)
    assert brief.sentences and not any(ch in s.text for s in brief.sentences for ch in "\x07\x1b")
