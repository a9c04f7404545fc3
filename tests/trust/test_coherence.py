from __future__ import annotations

import numpy as np
import pytest

from summarize import Summarizer
from summarize.document import Sentence
from summarize.trust.coherence import (
    antecedent_position,
    arrange,
    dangling_positions,
    dangling_reference,
    repair_references,
    safe_rewrite,
)
from tests.conftest import KeywordEmbedder, make_doc


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        ("He said the cause was not yet known.", "He", "pronoun"),
        ("But she insisted the bridge was safe.", "But", "connective"),
        ("However, the mayor said the bridge would stay shut.", "However", "connective"),
        ("That report rated the bearings as fair.", "That", "demonstrative"),
        ("Two of them were treated in hospital.", "Two of them", "pronoun"),
        ('"It was calm," he said.', "he", "attribution"),
        ("It carries 88,000 vehicles a day.", "It", "pronoun"),
    ],
)
def test_dangling_openers_are_found(text, word, kind) -> None:
    assert dangling_reference(text) == (word and dangling_reference(text))
    found = dangling_reference(text)
    assert (found.word, found.kind) == (word, kind)


@pytest.mark.parametrize(
    "text",
    [
        "The bridge was closed on Tuesday.",
        "It is not clear when the bridge will reopen.",
        '"It was calm," said Lt. Marcus Hale.',
        "There were long queues at the ferry terminal.",
        "Thousands of commuters took the ferry.",
        # Openings that look like a connective but are idioms: dropping "So" left "Far, Congress has ..."
        "So far, Congress has completed work on only four of the 13 spending bills.",
        "Yet another ferry was added to the timetable on the north route.",
    ],
)
def test_self_contained_openers_are_not_dangling(text) -> None:
    assert dangling_reference(text) is None
    assert safe_rewrite(text) == text


def test_rewrite_drops_a_connective_only_when_the_rest_stands_alone() -> None:
    assert safe_rewrite("However, the mayor said the bridge would stay shut.") == "The mayor said the bridge would stay shut."
    assert safe_rewrite("But she insisted the bridge was safe.") is None  # "She" would still dangle


def test_rewrite_names_the_single_titled_person_of_the_antecedent() -> None:
    antecedent = "Dr. Samuel Okafor, the chief engineer, said the main span was not affected."
    assert safe_rewrite("He said the cause was not yet known.", antecedent) == (
        "Dr. Samuel Okafor said the cause was not yet known."
    )
    assert safe_rewrite("She said the cause was not yet known.", "Mr. Daniel Kovac said so.") is None
    assert safe_rewrite("He said so.", "Dr. Okafor and Mayor Irene Castellan spoke.") is None
    assert safe_rewrite("They said so.", antecedent) is None


def test_rewrite_never_names_a_titled_person_who_is_not_the_subject() -> None:
    # Shaped on a DUC 2004 article: "He" is the speaker, a friend of the president, not the president.
    quote = ("``If the Republicans win 60 seats, the majority leader will run the Senate,'' said Daniel Marsh, "
             "a close friend of President Clinton's.")
    assert safe_rewrite("He was referring to the Senate majority leader.", quote) is None
    assert safe_rewrite("He was referring to it.", "Aides met with Gov. Anna Pell on Monday.") is None
    assert safe_rewrite("He said so.", "The harbour master, Simon Roe, said Mayor Lind had called.") is None
    # The speaker himself, titled, is still named.
    assert safe_rewrite("He said so.", "The bridge is safe, said Mayor Simon Roe.") == "Mayor Simon Roe said so."


def _sentences(*texts: tuple[str, int, str]) -> list[Sentence]:
    return [Sentence(doc_id=doc, index=index, text=text) for doc, index, text in texts]


def _repair(sentences, chosen, scores, *, max_words=100):
    n = len(sentences)
    similarity = np.eye(n, dtype=np.float32)
    labels = np.arange(n)
    return repair_references(chosen, sentences, np.asarray(scores, dtype=float), similarity, labels,
                             max_words=max_words, redundancy_threshold=0.9)


def test_antecedent_is_added_in_front_when_it_fits() -> None:
    sentences = _sentences(
        ("a", 0, "Mayor Irene Castellan spoke to reporters at City Hall on Tuesday."),
        ("a", 1, "She said the bridge would stay closed until Friday."),
        ("b", 0, "Ferry operators added forty sailings a day."),
    )
    result = _repair(sentences, [1, 2], [0.1, 1.0, 0.5])
    assert sorted(result.chosen) == [0, 1, 2]
    assert result.context_for == {0: 1} and result.follows == {1: 0}
    assert arrange([1, 2, 0], result.follows) == [2, 0, 1]


def test_antecedent_already_chosen_is_placed_right_before() -> None:
    sentences = _sentences(
        ("a", 0, "Dr. Samuel Okafor said the main span was not affected."),
        ("a", 1, "He said the cause would not be known for weeks."),
        ("b", 0, "Ferry operators added forty sailings a day."),
    )
    result = _repair(sentences, [0, 1, 2], [0.5, 1.0, 0.6])
    assert result.follows == {1: 0} and result.context_for == {}
    assert arrange([0, 2, 1], result.follows) == [0, 1, 2]


def test_rewrite_when_the_antecedent_does_not_fit() -> None:
    sentences = _sentences(
        ("a", 0, "Dr. Samuel Okafor, chief engineer of the transport authority, spoke at length at the north ramp."),
        ("a", 1, "He said the cause would not be known for weeks."),
    )
    result = _repair(sentences, [1], [0.1, 1.0], max_words=12)
    assert result.chosen == [1]
    assert result.rewritten == {1: "Dr. Samuel Okafor said the cause would not be known for weeks."}


def test_rewrite_that_would_overrun_the_budget_is_not_made() -> None:
    # Regression (issue 13): "He" → "Dr. Samuel Okafor" added two words after
    # selection, so --max-words 100 gave a 102-word brief.
    sentences = _sentences(
        ("a", 0, "Dr. Samuel Okafor, chief engineer of the transport authority, spoke at length at the north ramp."),
        ("a", 1, "He said the cause would not be known for weeks."),
        ("b", 0, "Ferry operators added forty sailings a day."),
    )
    result = _repair(sentences, [1], [0.1, 1.0, 0.5], max_words=11)  # 9 words now, 12 rewritten
    assert result.rewritten == {}
    assert result.swapped == [(1, 2)] and result.chosen == [2]
    used = sum(len(result.rewritten.get(p, sentences[p].text).split()) for p in result.chosen)
    assert used <= 11


def test_swap_when_nothing_else_is_safe() -> None:
    sentences = _sentences(
        ("a", 0, "The inquiry into the collapse opened at City Hall on a wet morning in March."),
        ("a", 1, "It said the bearings had been rated fair."),
        ("b", 0, "Ferry operators added forty sailings a day."),
        ("c", 0, "They said the queues were long."),
    )
    result = _repair(sentences, [1], [0.1, 1.0, 0.5, 0.9], max_words=12)
    assert result.swapped == [(1, 2)] and result.chosen == [2]


def test_dangling_positions_accept_the_antecedent_just_before() -> None:
    texts = ["The mayor spoke.", "She said it was safe.", "He disagreed."]
    ids = ["a#0", "a#1", "b#3"]
    assert dangling_positions(texts, ids) == [2]
    assert antecedent_position(1, _sentences(("a", 0, "x"), ("a", 1, "y"))) == 0


def test_brief_never_opens_a_sentence_with_an_unsupported_reference() -> None:
    """A dangling pronoun is never the first word unless its antecedent precedes it."""
    docs = [
        make_doc("herald", "Mayor Irene Castellan met engineers at the bridge on Tuesday. "
                 "She said the bridge would stay closed until Friday. "
                 "Ferry operators added forty sailings a day.", day=11),
        make_doc("wire", "Ferries were packed with commuters on Tuesday morning. "
                 "However, the closure caused long queues at the terminal. "
                 "He said the delays would last for weeks.", day=11),
        make_doc("times", "They warned that the queues would grow. "
                 "The bridge carries eighty thousand vehicles a day.", day=12),
    ]
    topics = ["closed", "ferr", "queues", "delays", "vehicles", "engineers"]
    for max_words in (12, 20, 30, 60):
        for fix in (True, False):
            brief = Summarizer(embedder=KeywordEmbedder(topics), min_sentence_words=3, max_words=max_words,
                               fix_references=fix).summarize(docs)
            texts = [s.text for s in brief.sentences]
            dangling = dangling_positions(texts, [s.sentence_id for s in brief.sentences])
            if fix:
                assert dangling == [], (max_words, texts)
                assert brief.word_count <= max_words
            for i, sentence in enumerate(brief.sentences):
                if sentence.text.startswith("She said") and fix:
                    assert brief.sentences[i - 1].sentence_id == "herald#0"
                if sentence.context_for is not None:
                    assert sentence.context_for == i + 1
                    assert any(f.kind == "context" for f in sentence.flags)
                    assert brief.to_dict()["sentences"][i]["context_for"] == i + 1


def test_needed_sentence_is_added_as_context_and_recorded() -> None:
    # The antecedent is too short for selection (min_sentence_words=6) but is added as context.
    docs = [
        make_doc("herald", "Mayor Irene Castellan spoke. She said the bridge would stay closed until Friday.", day=11),
        make_doc("wire", "Ferries were packed with commuters on the first morning.", day=11),
    ]
    summarizer = Summarizer(embedder=KeywordEmbedder(["closed", "ferries"]), max_words=40)
    brief = summarizer.summarize(docs)
    ids = [s.sentence_id for s in brief.sentences]
    assert ids.index("herald#0") + 1 == ids.index("herald#1")
    context = brief.sentences[ids.index("herald#0")]
    assert context.context_for == ids.index("herald#1")
    assert [f.kind for f in context.flags] == ["context"]
    assert brief.details.coherence.actions == ["herald#1: added herald#0 before it for its 'She'"]
    plain = Summarizer(embedder=KeywordEmbedder(["closed", "ferries"]), max_words=40, fix_references=False)
    assert "herald#0" not in [s.sentence_id for s in plain.summarize(docs).sentences]
