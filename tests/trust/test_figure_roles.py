"""What a figure measures, read from real-news shapes: the rules that keep unrelated figures out of one note.

Each case is the shape of a false alarm found on DUC 2003/2004 newswire (names and numbers changed).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from summarize.document import Document, Sentence
from summarize.text.words import stem
from summarize.trust.conflicts import find_conflicts
from summarize.trust.figures import figure_mentions


def _sentences(*texts: str) -> list[Sentence]:
    return [Sentence(doc_id=f"d{k}", index=0, text=text) for k, text in enumerate(texts)]


def _conflicts(*texts: str) -> list[str]:
    sentences = _sentences(*texts)
    similarity = np.ones((len(texts), len(texts)), dtype=np.float32)
    return [c.message for c in find_conflicts(sentences, similarity, min_similarity=0.3)]


def test_two_durations_of_one_night_with_no_word_next_to_both_are_two_measures() -> None:
    # How long a call took to understand, and how long until the trucks arrived.
    messages = _conflicts(
        "A dispatcher said the call was so hard to follow that it took three minutes for staff to work out "
        "where to send fire engines.",
        "The first fire engines and ambulances reached the scene six minutes after the call came in, the chief said.",
        "Fire crews were alerted at 9:12 p.m. and had an engine at the scene four minutes later, officials said.",
    )
    assert messages == ["Sources differ: four minutes; six minutes"]


def test_within_a_time_agrees_with_any_shorter_time() -> None:
    assert _conflicts(
        "Fire crews were alerted at 9:12 p.m. and had a fire truck at the scene four minutes later, rescue workers said.",
        "Although many at the party believe the firemen were slow, authorities said the first fire trucks were on "
        "the scene within five minutes of getting the alarm.",
    ) == []


def test_a_count_in_one_city_of_a_list_is_not_the_total() -> None:
    # "Elsewhere ... 1,000 rallied in Bonn; and 100 in Vienna declared a hunger strike" against the main count.
    assert _conflicts(
        "Some 45 Tamils declared a hunger strike on Monday to protest the arrest.",
        "Elsewhere in Europe, 2,000 Tamils rallied in Oslo, some waving flags; and 120 Tamils in Zurich set up "
        "tents outside Parliament and declared a hunger strike.",
    ) == []


def test_a_change_verb_alone_does_not_say_what_changed() -> None:
    assert _conflicts(
        "Ardent's rose 14 percent.",
        "Shares of Ardent, the second-largest refiner, rose $6.50, or 8.2 percent, to $85.",
    ) == []


def test_the_reporting_agency_is_not_what_a_figure_measures() -> None:
    # Both sentences name the agency; one figure is a permitted capacity, the other a count of the injured.
    messages = _conflicts(
        "About 170 people were taken to hospitals with injuries.",
        "The national news agency NTB said the club had permission to hold only 150 people in the hall.",
        "The national news agency NTB reported 190 people were taken to hospitals with injuries.",
    )
    assert messages and all("150" not in m for m in messages)
    assert any("170" in m and "190" in m for m in messages)


def test_in_a_list_of_shares_each_share_keeps_its_own_measure() -> None:
    mentions = figure_mentions(_sentences(
        "A survey of children under 5 found that 58 percent are stunted and 14 percent suffer from acute malnutrition."
    ))
    stunted, acute = (m for m in mentions if m.dimension == "%")
    assert "stunt" in stunted.context and "acut" not in stunted.context
    assert "acut" in acute.context and "stunt" not in acute.context


def test_shares_of_differently_narrowed_groups_are_not_compared() -> None:
    assert _conflicts(
        "The teams found that 14 percent of children were suffering from acute malnutrition.",
        "The data indicate that 28 percent of children under age 2 are acutely malnourished.",
        "A recent survey found 45 percent of Laotian children under age 5 are stunted and 19 percent suffer from "
        "acute malnutrition.",
        "Children in the three largest cities were better off, with 9 percent acutely malnourished.",
    ) == []


def test_shares_of_one_group_that_differ_are_a_conflict() -> None:
    messages = _conflicts(
        "Researchers found that 58 percent of children under 7 years old suffer from stunted growth.",
        "A similar survey of children under 7 found that 63 percent are stunted.",
    )
    assert len(messages) == 1 and "58 percent" in messages[0] and "63 percent" in messages[0]


def test_the_light_stemmer_folds_a_silent_e() -> None:
    assert stem("name") == stem("named") == stem("names")
    assert stem("agree") == stem("agreed") == stem("agrees")
    assert stem("charge") == stem("charged") == stem("charging")


def test_one_measure_said_in_other_words_is_compared() -> None:
    # "killed", "died", "the death toll", "fatalities": one measure; so are "injured" and "wounded".
    messages = _conflicts(
        "Police said 31 people were killed.",
        "Officials said 38 people died.",
    )
    assert messages == ["Sources differ: 31 people; 38 people"]
    assert _conflicts(
        "The blast injured 45 people near the station.",
        "Police said 45 people were wounded near the station.",
    ) == []


def test_a_figure_of_a_past_year_is_not_this_events() -> None:
    sentences = [
        Sentence(doc_id="a", index=0, text="The fire at the dance hall killed 63 people, the worst in the country."),
        Sentence(doc_id="b", index=0, text="In 1978, 21 people died in a fire at a hotel in the town of Varby."),
        Sentence(doc_id="c", index=0, text="The dance hall fire killed 60 people, police said."),
    ]
    documents = {d: Document(id=d, text="", published=dt.datetime(2003, 11, 1)) for d in "abc"}
    similarity = np.ones((3, 3), dtype=np.float32)
    (conflict,) = find_conflicts(sentences, similarity, min_similarity=0.3, documents=documents)
    assert {v.text for v in conflict.values} == {"60 people", "63 people"}  # not the 21 of 1978
