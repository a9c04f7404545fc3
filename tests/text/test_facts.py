from __future__ import annotations

import numpy as np
import pytest

from summarize.text.dates import extract_dates
from summarize.text.facts import extract_quantities
from summarize.text.names import extract_entities
from summarize.trust.evidence import unsupported_facts
from summarize.trust.guard import check_generated
from tests.conftest import KeywordEmbedder

SOURCE = "The Port Veldane Fire Service said 212 people were evacuated from the bridge on Tuesday."


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("212 people were evacuated", 212, "people", "exact"),
        ("Four people were hurt", 4, "people", "exact"),
        ("repairs cost $4.2 million in all", 4_200_000, "$", "exact"),
        ("spending fell 3.5 percent this month", 3.5, "%", "exact"),
        ("spending fell 3.5% this month", 3.5, "%", "exact"),
        ("More than 200 people left", 200, "people", "above"),
        ("about 1,300 jobs", 1300, "job", "approx"),
        ("could cost as much as $6 million", 6_000_000, "$", "approx"),
        ("twenty-five homes flooded", 25, "home", "exact"),
        ("Thirty-one people were killed", 31, "people", "exact"),
        ("1,400 homes had been flooded", 1400, "home", "exact"),
        ("it crested at 6.8 metres", 6.8, "metre", "exact"),
        ("40 extra sailings a day", 40, "sailing", "exact"),
    ],
)
def test_quantities_read_value_unit_and_qualifier(text, value, unit, qualifier) -> None:
    (quantity,) = extract_quantities(text)
    assert quantity.value == pytest.approx(value)
    assert (quantity.unit, quantity.qualifier) == (unit, qualifier)


def test_years_and_times_are_dates_not_quantities() -> None:
    text = "The bridge opened in 1971 and failed at 7:40 a.m. on March 11, 2025."
    assert extract_quantities(text) == []
    parts = set().union(*(p for _, p in extract_dates(text)))
    assert {"year:1971", "time:07:40", "month:3", "day:3-11", "year:2025"} <= parts


def test_entities_skip_sentence_starters_and_keep_titled_names() -> None:
    text = "However, Dr. Samuel Okafor told the Port Veldane Transport Authority on Tuesday that it was safe."
    assert extract_entities(text) == ["Dr. Samuel Okafor", "Port Veldane Transport Authority"]
    assert extract_entities("Officials closed the road.") == []
    assert extract_entities("Bluewater added sailings.") == ["Bluewater"]


def test_supported_sentence_has_no_flags() -> None:
    paraphrase = "On Tuesday 212 people were evacuated, the Fire Service said."
    assert unsupported_facts(paraphrase, [SOURCE]) == []


def test_number_words_match_digits() -> None:
    assert unsupported_facts("Four people were hurt.", ["4 people were treated for minor injuries."]) == []


@pytest.mark.parametrize(
    ("invented", "kind"),
    [
        ("On Tuesday 320 people were evacuated, the Fire Service said.", "unsupported-number"),
        ("On Wednesday 212 people were evacuated, the Fire Service said.", "unsupported-date"),
        ("Chief Omar Delgado said 212 people were evacuated on Tuesday.", "unsupported-entity"),
        ("The evacuation of 212 people on Tuesday cost $3 million.", "unsupported-number"),
        ("On Tuesday 212 people were evacuated, 12 percent of the commuters.", "unsupported-number"),
    ],
)
def test_invented_numbers_dates_and_names_are_flagged(invented, kind) -> None:
    flags = unsupported_facts(invented, [SOURCE])
    assert [f.kind for f in flags] == [kind]


def test_same_value_with_another_unit_is_not_support() -> None:
    flags = unsupported_facts("212 homes were flooded.", ["212 people were evacuated."])
    assert [f.value for f in flags] == ["212 homes"]


def test_name_backed_by_surname_but_not_by_other_first_name() -> None:
    evidence = ["Dr. Samuel Okafor said the main span was not affected."]
    assert unsupported_facts("Okafor said the span was fine.", evidence) == []
    assert [f.value for f in unsupported_facts("John Okafor said the span was fine.", evidence)] == ["John Okafor"]




def test_guard_rejects_invented_number_and_keeps_faithful_paraphrase() -> None:
    embed = KeywordEmbedder(["evacuated", "bridge"]).encode
    kept = check_generated(
        "On Tuesday 212 people were evacuated from the bridge, the Fire Service said.",
        [SOURCE],
        encode=embed,
        min_similarity=0.5,
    )
    assert kept.accepted and kept.reasons == ()
    invented = check_generated(
        "On Tuesday 2,120 people were evacuated from the bridge.", [SOURCE], encode=embed, min_similarity=0.5
    )
    assert not invented.accepted
    assert any("2,120 people" in reason for reason in invented.reasons)


def test_guard_rejects_off_topic_repeated_and_overlong_text() -> None:
    embed = KeywordEmbedder(["evacuated", "ferry"]).encode
    off_topic = check_generated("The ferry timetable changes soon.", [SOURCE], encode=embed, min_similarity=0.5)
    assert not off_topic.accepted and "similarity 0.00" in off_topic.reasons[0]
    looping = check_generated(
        "people were evacuated people were evacuated people were evacuated.", [SOURCE], encode=embed,
        min_similarity=0.5,
    )
    assert "repeats itself" in looping.reasons
    long = check_generated("People were evacuated from the bridge.", [SOURCE], encode=embed, min_similarity=0.5,
                           max_words=3)
    assert long.reasons == ("6 words is over the 3-word budget",)


def test_guard_encodes_generated_text_with_its_evidence_in_one_call() -> None:
    calls: list[int] = []

    def encode(texts):
        calls.append(len(texts))
        return np.eye(len(texts))

    check_generated("Some 212 people left on Tuesday.", [SOURCE, SOURCE], encode=encode, min_similarity=0.1)
    assert calls == [3]


def test_year_before_a_comma_is_a_date() -> None:
    """Regression: "in 1992, ..." lost its year, so a faithful shortening was flagged."""
    assert extract_dates("prisoners held in 1992, the court said") == [("1992", frozenset({"year:1992"}))]
    assert unsupported_facts("Prisoners were held in 1992.", ["Prisoners were held in 1992, the court said."]) == []


def test_unit_after_a_number_is_read_in_any_alphabet() -> None:
    # Regression (issue 13): "1.150 Häuser" lost its unit at the umlaut ("H").
    from summarize.text.facts import extract_quantities

    (houses,) = extract_quantities("Das Hochwasser zerstörte 1.150 Häuser in der Stadt.")
    assert houses.unit == "häuser" and houses.text == "1.150 Häuser"
    (residents,) = extract_quantities("Les pompiers ont évacué 230 résidents.")
    assert residents.unit == "résident"
    assert [q.unit for q in extract_quantities("About 230 people and a 71-year-old man")] == ["people", "year"]


def test_a_remembered_reading_cannot_be_changed_by_a_caller() -> None:
    from summarize.text.dates import extract_dates
    from summarize.text.facts import extract_quantities

    text = "About 3,200 people were evacuated on March 11, 2024."
    first = extract_quantities(text)
    first.clear()
    assert [q.text for q in extract_quantities(text)] == ["About 3,200 people"]
    dates = extract_dates(text)
    dates.clear()
    assert extract_dates(text)
