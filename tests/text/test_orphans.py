"""summarize/text/orphans.py: sentences that cannot be read first, shaped like the wire copy they come from."""

from __future__ import annotations

import pytest

from summarize.text.orphans import Orphan, introduces, orphan_opening
from summarize.text.words import stem


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("He said the talks would resume on Monday.", "pronoun"),
        ("They study far away, in harsh desert lands.", "pronoun"),
        ("This is a familiar theme among Democrats.", "demonstrative"),
        ("That meeting is central to the government's case.", "demonstrative"),
        ("But the company said it would not sell the unit.", "connective"),
        ("However, the agency said repairs would take a week.", "connective"),
        ("Also Friday, masked men shot and killed a soldier in his home.", "connective"),
        ("If the companies were to merge, they would control 40 percent of the market.", "conditional"),
        ("Another 19 states have sued the maker.", "another"),
        ("Both men were taken to hospital.", "another"),
        ("The rest were released on bail.", "another"),
        ("The talks would resume next week, he said.", "speech"),
        ("``It is not true that I am anti-labor,'' he said.", "speech"),
        ("``As far as we know now, we did everything correctly.''", "quote"),
        ("“We will rebuild,” she told reporters.", "speech"),
        ("A third leading advocate of the party, Wang Youcai, was accused of subversion.", "another"),
        ("In the other, the press secretary stood in the White House driveway.", "another"),
        ("In other words, let the Senate do the heavy lifting.", "connective"),
        ("Stock markets also fell in Portugal and Spain.", "connective"),
        ("Given the interference, his wife assumes he will be convicted.", "definite"),
        ("Despite the conditions, the race director said the race would go on.", "definite"),
        ("``Those were difficult moments,'' said Juan Antonio Samaranch.", "demonstrative"),
        ("``But none of those reasons apply to this deal,'' said analyst Tom Hill.", "connective"),
        ("I think we are going to see low oil prices for six months to a year.", "quote"),
        ("The party's leader, Fausto Bertinotti, seems to have no such compunctions.", "demonstrative"),
    ],
)
def test_orphan_opening_names_what_the_sentence_leans_on(text: str, kind: str) -> None:
    found = orphan_opening(text)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "Cambodian leader Hun Sen rejected opposition parties' demands for talks outside the country.",
        "It was unclear whether the talks were continuing.",  # an expletive "it" points at nothing
        "``There are differences between them,'' said Norman Adler, the political consultant.",
        "``I am warning the world,'' the Anatolia news agency quoted President Suleyman Demirel as saying.",
        "``We need help,'' Mayor Lena Ortiz said on Tuesday.",
        "The cause of the fire had not been determined as of Friday evening.",  # "of the fire" says which
        "The obstetrician, Dr. Barnett Slepian, was killed by a sniper at his home.",  # apposition names him
        "The Yugoslav war crimes tribunal acquitted a Muslim military commander.",  # a name, not a description
        "The government raised fuel prices by 20 percent.",  # every reader places "the government"
        "At least 231 people have been confirmed dead in Honduras from former-hurricane Mitch.",
        "So far, the agency has spent $40 million on repairs to the dam.",  # an idiom, not a connective
        "Despite the weather, thousands marched in the capital.",  # every reader places "the weather"
        "Also known as the Tigers, the rebels fought on for two decades.",
        "I. M. Pei designed the new wing of the museum in Paris.",
        "Storms such as this one are rare in the region, forecasters said.",
    ],
)
def test_sentences_that_stand_alone_are_not_orphans(text: str) -> None:
    assert orphan_opening(text) is None


def test_a_definite_description_needs_its_head_noun() -> None:
    found = orphan_opening("The board said it would meet again on Thursday.")
    assert found == Orphan("definite", "The board", needs="board")
    grown = orphan_opening("The fast-spreading fire completely gutted the building.")
    assert grown is not None and grown.kind == "definite" and grown.needs == stem("fire")


def test_a_description_is_introduced_by_a_sentence_that_mentions_its_head_noun() -> None:
    orphan = orphan_opening("The tugs towed the tanker out of the harbour.")
    assert orphan is not None and orphan.needs == "tug"
    assert introduces("Three tugs were sent from the naval base to the stricken tanker.", orphan)
    assert not introduces("The tanker ran aground near the harbour mouth.", orphan)
    # A sentence that itself opens with "The tugs" does not introduce them.
    assert not introduces("The tugs returned to port on Monday.", orphan)


def test_a_bare_surname_is_introduced_by_the_full_name_or_a_title() -> None:
    orphan = orphan_opening("Qin was imprisoned for eight years.")
    assert orphan == Orphan("surname", "Qin", needs="Qin")
    assert introduces("Dissident Qin Yongmin went on trial in Wuhan on Thursday.", orphan)
    assert introduces("Police detained Mr. Qin at his home.", orphan)
    assert not introduces("Qin had written an open letter.", orphan)
    assert not introduces("In Qin's home town, police were everywhere.", orphan)  # "In" is not a first name


def test_an_attribution_to_it_is_not_a_pronoun_speaker() -> None:
    # "it said" of an agency reads as attributed; the bare name is the only thing left to introduce.
    found = orphan_opening("Linkov was seriously injured, it said.")
    assert found is not None and found.kind == "surname"


def test_a_company_name_with_its_suffix_is_not_a_full_personal_name() -> None:
    orphan = orphan_opening("Microsoft will attempt to cast doubt on the government's allegations.")
    assert orphan is not None and orphan.kind == "surname"
    assert not introduces("Microsoft Corp. shares fell 3 percent.", orphan)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("``Maybe about half the savings is real,'' Fleischer said.", "Fleischer"),
        ("``He promised to be the education governor,'' said Ms. Boyle.", "Boyle"),
        ("The Macedonian Association had rented the hall out for the dance, Carlsson said.", "Carlsson"),
        ("On the dock, Campbell said it was unlikely the race would be called off.", "Campbell"),
    ],
)
def test_a_speaker_given_by_a_bare_name_needs_the_name_introduced(text: str, name: str) -> None:
    assert orphan_opening(text) == Orphan("surname", name, needs=name)


@pytest.mark.parametrize(
    "text",
    [
        "``There are differences between them,'' said Norman Adler, the political consultant.",
        "Police said a 40-year-old man was found frozen to death in central Poland.",
        "The storm lost strength over land, the weather service said Monday.",
        "``We need help,'' Mayor Lena Ortiz said on Tuesday.",
    ],
)
def test_a_speaker_named_in_full_or_an_institution_needs_no_introduction(text: str) -> None:
    found = orphan_opening(text)
    assert found is None or found.kind != "surname"
