from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.document import Document
from summarize.text.segment import is_sentence, punkt_tokenizer, segment_document, split_sentences
from tests.conftest import ROOT


def texts(text: str) -> list[str]:
    return [s for _, _, s in split_sentences(text)]


@pytest.fixture(scope="module", params=["shipped", "official-if-installed"])
def splitter(request):
    # The shipped parameters must work on their own; when NLTK's data is
    # installed the official model is used and must pass the same cases.
    return punkt_tokenizer(prefer_official=request.param != "shipped")


def split_with(splitter, text: str) -> list[str]:
    return [s for _, _, s in split_sentences(text, splitter=splitter)]


def test_segment_keeps_titles_with_names(splitter) -> None:
    text = "Mr. Smith met Dr. Jones and Mrs. Lee on Friday. They talked for an hour."
    assert split_with(splitter, text) == [
        "Mr. Smith met Dr. Jones and Mrs. Lee on Friday.",
        "They talked for an hour.",
    ]


def test_segment_keeps_us_and_times_inside_sentences(splitter) -> None:
    text = "The U.S. Army arrived at 3 p.m. on Friday with supplies. Crews worked until 9 a.m. Tuesday at the site."
    assert split_with(splitter, text) == [
        "The U.S. Army arrived at 3 p.m. on Friday with supplies.",
        "Crews worked until 9 a.m. Tuesday at the site.",
    ]


def test_segment_splits_after_time_abbreviation_when_new_sentence_starts() -> None:
    text = "Officials said 230 people were evacuated before 7:45 a.m. Four people suffered minor injuries."
    assert texts(text) == [
        "Officials said 230 people were evacuated before 7:45 a.m.",
        "Four people suffered minor injuries.",
    ]


def test_segment_keeps_large_numbers_and_decimals(splitter) -> None:
    text = "The census counted 1,088,000 people in the region. Prices rose 3.5 percent to $4.2 million this year."
    assert split_with(splitter, text) == [
        "The census counted 1,088,000 people in the region.",
        "Prices rose 3.5 percent to $4.2 million this year.",
    ]


def test_segment_keeps_quoted_question_with_attribution(splitter) -> None:
    text = '"Is the bridge safe now?" he asked the engineers. "We do not know yet," she replied calmly.'
    assert split_with(splitter, text) == [
        '"Is the bridge safe now?" he asked the engineers.',
        '"We do not know yet," she replied calmly.',
    ]


def test_segment_keeps_multi_sentence_quotation_together() -> None:
    text = '"We looked at four states. This town had the land," said Dr. Vasquez on Tuesday. The plant opens in 2028.'
    assert texts(text) == [
        '"We looked at four states. This town had the land," said Dr. Vasquez on Tuesday.',
        "The plant opens in 2028.",
    ]


def test_segment_handles_ldc_quotes() -> None:
    text = "``We will rebuild the road,'' the mayor said on Monday. ``It is our duty,'' she added later that day."
    assert texts(text) == [
        "``We will rebuild the road,'' the mayor said on Monday.",
        "``It is our duty,'' she added later that day.",
    ]


def test_segment_does_not_glue_caption_line_to_sentence() -> None:
    text = "Crews at the north ramp\nThe bridge was closed on Tuesday after the deck dropped."
    assert texts(text) == ["The bridge was closed on Tuesday after the deck dropped."]


def test_segment_joins_hard_wrapped_prose() -> None:
    text = (
        "This is a long line of ordinary prose that was wrapped by an editor at\n"
        "seventy columns and continues here until it ends."
    )
    assert texts(text) == [
        "This is a long line of ordinary prose that was wrapped by an editor at "
        "seventy columns and continues here until it ends."
    ]


def test_segment_drops_fragments() -> None:
    assert texts("Updated 10:32. Photo gallery\n\n2025\n\nThe council met on Monday to vote.") == [
        "The council met on Monday to vote."
    ]


def test_is_sentence_accepts_long_unpunctuated_text() -> None:
    assert is_sentence("the river rose through the night and the town was flooded by dawn")
    assert not is_sentence("Photo gallery of the flood")
    assert not is_sentence("12 34 56 78 90")


def test_segment_offsets_point_into_text() -> None:
    doc = Document(id="d", text="First sentence is here today.\n\nSecond one follows right after it.")
    sentences = segment_document(doc)
    assert [s.index for s in sentences] == [0, 1]
    for sentence in sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text
    assert sentences[1].id == "d#1"


OFFICIAL_DATA_PROBE = """
import sys
from summarize.text.segment import punkt_tokenizer
tokenizer = punkt_tokenizer()
assert type(tokenizer).__name__ == "PunktTokenizer", type(tokenizer)
# "Qzx." is an abbreviation only in the data made by the test: a sentence does not end there.
assert tokenizer.tokenize("He met Qzx. Barlow at noon. Then he left.") == ["He met Qzx. Barlow at noon.", "Then he left."]
assert "nltk.grammar" not in sys.modules and "nltk" not in sys.modules
import nltk.grammar  # the user's own import gets the real module, not the placeholder
assert hasattr(nltk.grammar, "CFG")
print("ok")
"""


def test_official_punkt_data_is_found_and_used_without_nltks_grammar_modules(tmp_path: Path) -> None:
    # nltk.data imports nltk.grammar and nltk.sem (30 ms) for formats the
    # pipeline never loads; placeholders stand in for them (nltk_modules.py),
    # and finding and reading punkt_tab must still work with them.
    english = tmp_path / "tokenizers" / "punkt_tab" / "english"
    english.mkdir(parents=True)
    (english / "abbrev_types.txt").write_text("qzx\n", encoding="utf-8")
    (english / "collocations.tab").write_text("", encoding="utf-8")
    (english / "sent_starters.txt").write_text("then\n", encoding="utf-8")
    (english / "ortho_context.tab").write_text("", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", OFFICIAL_DATA_PROBE], capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "NLTK_DATA": str(tmp_path)},
    )  # fmt: skip
    assert completed.returncode == 0 and completed.stdout.strip() == "ok", completed.stderr[-3000:]


def test_a_names_initials_do_not_end_a_sentence() -> None:
    text = ("Several Asian leaders, including Indonesian President B.J. Habibie, have spoken out against his "
            "treatment. The talks were held in the U.S. The president of the council attended all of them.")
    assert [s for _, _, s in split_sentences(text)] == [
        "Several Asian leaders, including Indonesian President B.J. Habibie, have spoken out against his treatment.",
        "The talks were held in the U.S.",
        "The president of the council attended all of them.",
    ]


def test_initials_before_a_lower_case_word_do_not_end_a_sentence() -> None:
    text = ("The panel said it will not implicate the last apartheid president, F.W. de Klerk, in the abuses. "
            "In 1986, the South African Defense Forces (S.A.D.F.) conspired with Inkatha to provide arms.")
    assert [s for _, _, s in split_sentences(text)] == [
        "The panel said it will not implicate the last apartheid president, F.W. de Klerk, in the abuses.",
        "In 1986, the South African Defense Forces (S.A.D.F.) conspired with Inkatha to provide arms.",
    ]


def test_a_piece_opening_with_a_name_and_said_continues_the_sentence() -> None:
    text = ("Adam Sieminski, an oil analyst for BT Alex. Brown, said that the companies would probably make cuts. "
            "Analysts agreed with him on that point.")
    assert [s for _, _, s in split_sentences(text)][0] == (
        "Adam Sieminski, an oil analyst for BT Alex. Brown, said that the companies would probably make cuts."
    )


def test_a_spaced_ellipsis_inside_a_sentence_does_not_end_it() -> None:
    # A report quoted with words left out (DUC 2004 shape): Punkt cut it after "Ms. Okoye ." with no verb.
    text = ("The commission finds that those who opposed the club were branded as informers and killed. "
            "The commission finds that Ms. Okoye . . . is accountable, politically and morally, for the abuses. "
            "The vote was close . . . Then the count began again in every ward of the city.")
    assert [s for _, _, s in split_sentences(text)] == [
        "The commission finds that those who opposed the club were branded as informers and killed.",
        "The commission finds that Ms. Okoye . . . is accountable, politically and morally, for the abuses.",
        "The vote was close . . .",
        "Then the count began again in every ward of the city.",
    ]
