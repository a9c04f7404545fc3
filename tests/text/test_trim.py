from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.document import Sentence
from summarize.text.trim import removed_words, trim_attribution, trim_sentences, trim_weekdays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hun Sen on Friday rejected the demands.", "Hun Sen rejected the demands."),
        ("On Monday, the court ruled.", "The court ruled."),
        ("Last Friday, police arrested a suspect.", "Police arrested a suspect."),
        ("Rebels attacked early Sunday morning, killing a soldier.", "Rebels attacked, killing a soldier."),
        ("The ministry said Tuesday that the dam held.", "The ministry said that the dam held."),
        ("The vote on Monday was close.", "The vote was close."),
        ("The court, on Monday, ruled against him.", "The court ruled against him."),
        ("He rejected the plan, on Monday.", "He rejected the plan."),
        ("He died Sunday.", "He died."),
        ("The council met on Wednesday evening to discuss the closure.", "The council met to discuss the closure."),
        ("He said on Friday, adding that talks would go on.", "He said, adding that talks would go on."),
        ("``We meet on Monday,'' he said on Monday.", "``We meet on Monday,'' he said."),
    ],
)
def test_relative_weekdays_are_dropped(text: str, expected: str) -> None:
    assert trim_weekdays(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Talks have stalled since last Friday.",  # the day is what the sentence is about
        "Polls are open between Monday and Friday.",  # a range
        "Storms hit on Monday and Tuesday.",  # a list
        "It happened on Monday-Tuesday.",
        "Monday's vote was close.",  # a possessive
        "The parliament will vote on Monday.",  # the future: the day is the news
        "Talks are scheduled to resume on Tuesday.",
        "He plans to vote on Monday.",
        "He will testify Monday.",
        'He said: "On Monday we fight."',  # a quote stays as said
        "``They came on Sunday and took everything,'' she said.",
        "``He left on Sunday, and nobody saw him",  # an unclosed quote runs to the end
        "Sunday, June 5, was the hottest day.",  # a date, not an adjunct
        "Monday, Oct. 12, the court met.",
        "The court, on Monday ruled.",  # odd punctuation: left alone
        "Voters in Sunday elections chose a new mayor.",  # a bare weekday not after a verb
        "The storm struck the coast.",
        "The river stood at 4.1 metres on Monday morning.",  # a figure keeps its day
        "The ministry said Tuesday that dozens of people died.",
    ],
)
def test_weekdays_that_carry_meaning_stay(text: str) -> None:
    assert trim_weekdays(text) == text


def test_removed_words_names_what_was_left_out() -> None:
    assert removed_words("On Monday, the court ruled.", "The court ruled.") == "On Monday"
    assert removed_words("The court, on Monday, ruled, he said Friday.", "The court ruled, he said.") == (
        "on Monday … Friday"
    )


def test_trim_sentences_keeps_the_original_of_each_changed_sentence() -> None:
    sentences = [
        Sentence("a", 0, "The bridge closed on Monday after the storm.", 0, 44),
        Sentence("a", 1, "Engineers inspected it.", 45, 68),
    ]
    trimmed, originals = trim_sentences(sentences)
    assert [s.text for s in trimmed] == ["The bridge closed after the storm.", "Engineers inspected it."]
    assert originals == {"a#0": "The bridge closed on Monday after the storm."}
    # Position and provenance are those of the article's sentence.
    assert (trimmed[0].doc_id, trimmed[0].index, trimmed[0].start, trimmed[0].end) == ("a", 0, 0, 44)
    assert trimmed[1] is sentences[1]


_PIECES = [
    "On", "on", "Monday", "Friday,", "Sunday", "evening", "night", "last", "early", "said", "closed", "will", "until",
    "the", "bridge", "court", ",", "and", "to", "``", "''", '"', "“", "”", "Monday's", "42", "voted", "He", "—", "(AP)",
]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25), st.sampled_from(["", ".", "?", ",''"]))
@settings(max_examples=300, deadline=None)
def test_trimming_only_leaves_words_out(words: list[str], ending: str) -> None:
    text = " ".join(words) + ending
    trimmed = trim_weekdays(text)
    # Punctuation after a dropped day stays with the word before it ("said Monday,''" -> "said,''").
    remaining = iter(w.strip(",.?'").lower() for w in text.split())
    assert all(w.strip(",.?'").lower() in remaining for w in trimmed.split()), (text, trimmed)
    assert trimmed.strip() or not text.strip()
    for quoted in re.findall(r"``.*?''|\".*?\"|“.*?”", text):
        assert quoted in trimmed, (text, trimmed)
    if re.search(r"\d", text):
        assert trimmed == text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("At least 32 people were killed and floods drove 150,000 from their homes, police said.",
         "At least 32 people were killed and floods drove 150,000 from their homes."),
        ("At least 231 people have been confirmed dead in the province, the National Emergency Commission said Saturday.",
         "At least 231 people have been confirmed dead in the province."),
        ("The owner of the factory had ties to the group, according to U.S. intelligence officials.",
         "The owner of the factory had ties to the group."),
        ("The ferry service will stay suspended until the harbour is cleared, the port authority said in a statement.",
         "The ferry service will stay suspended until the harbour is cleared."),
    ],
)
def test_an_institutional_attribution_is_trimmed(sentence: str, expected: str) -> None:
    assert trim_attribution(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Mahathir viewed him as a threat, Anwar said.",  # a person's words keep their speaker
        "The suspect may have fled across the border, police said.",  # the source carries the hedge
        "``We will rebuild the bridge,'' the city council said.",  # a quote keeps its speaker
        "We have never seen water this high, rescue workers said.",  # first person
        "It was over, police said.",  # too little left
    ],
)
def test_an_attribution_that_carries_meaning_stays(sentence: str) -> None:
    assert trim_attribution(sentence) == sentence


def test_attributions_are_trimmed_only_when_asked_and_the_original_is_kept() -> None:
    sentence = Sentence(doc_id="a", index=0, text="Floods drove 3,000 people from their homes in the valley, police said.")
    unchanged, none = trim_sentences([sentence])
    assert unchanged[0].text == sentence.text and none == {}
    (trimmed,), originals = trim_sentences([sentence], attributions=True)
    assert trimmed.text == "Floods drove 3,000 people from their homes in the valley."
    assert originals == {sentence.id: sentence.text}
    assert removed_words(sentence.text, trimmed.text) == "police said"
