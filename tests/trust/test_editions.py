"""Another edition of the event, undated: last cycle's mayoral race in this cycle's set.

The articles are written for these tests in the style of wire and local web copy; none has a date
in its metadata, as when a user pastes text or loads files without headers.
"""

from __future__ import annotations

from summarize.document import Document
from summarize.io.records import make_document
from summarize.text.reftime import reference_time
from summarize.trust.editions import edition_outliers, figures, out_of_place, role_names


def _article(doc_id: str, text: str) -> Document:
    return make_document(doc_id=doc_id, raw_text=text, title=None, source=None, url=None, published=None,
                         path=None, metadata={}, clean=True)


THIS_RACE = {
    "wire": (
        "LINDHAM (National Press Wire) - Mayor Ana Ruiz won a second term on Tuesday, defeating challenger "
        "Lisa Park in the 2024 election by about 6,000 votes.\n\n"
        "Ruiz took 55.1 percent of the vote to Park's 44.9 percent, according to unofficial results from the "
        "Lindham elections office. Turnout was 58 percent.\n\n"
        "Park, a former school board chair, conceded shortly after midnight and urged her supporters to "
        "work with the mayor on the harbour plan."
    ),
    "herald": (
        "Ana Ruiz will serve a second term as mayor of Lindham after beating Lisa Park on Tuesday.\n\n"
        "Ruiz won 55.1 percent of the vote in the 2024 election, the elections office said, and Park took "
        "44.9 percent. Turnout was 58 percent, up from the last race.\n\n"
        "Supporters cheer as results come in at the Lindham civic hall on Tuesday night. AP\n\n"
        "Ruiz told supporters the harbour plan would go ahead next spring."
    ),
    "radio": (
        "Mayor Ana Ruiz has been re-elected in Lindham. Ruiz, 51, beat challenger Lisa Park with 55.1 percent "
        "of the vote in Tuesday's election, the first 2024 race in the county to be called.\n\n"
        "Park said she had called the mayor to congratulate her. Turnout was 58 percent.\n\n"
        "Breaking News Emails Get breaking news alerts and special reports. The news and stories that matter, "
        "delivered weekday mornings."
    ),
    "weekly": (
        "Voters in Lindham returned Mayor Ana Ruiz to City Hall on Tuesday, choosing her over challenger "
        "Lisa Park in the 2024 election.\n\n"
        "Ruiz won with 55.1 percent of the vote. Park, who ran on a promise to cut parking fees, took "
        "44.9 percent.\n\n"
        "(Reporting by Jane Doe; Editing by Mark Potter)"
    ),
}

LAST_RACE = (
    "LINDHAM, Nov. 2 (National Press Wire) - Ana Ruiz, a city councillor, was elected mayor of Lindham on "
    "Tuesday, defeating challenger Tom Beck in the 2021 election.\n\n"
    "Ruiz took 52.4 percent of the vote to Beck's 47.6 percent, according to unofficial results from the "
    "Lindham elections office. Turnout was 49 percent.\n\n"
    "Beck, a two-term councillor, said he would not seek a recount.\n\n"
    "Ruiz greets voters outside a polling station in Lindham, Tuesday, Nov. 2. Jane Doe/National Press Wire"
)


def _race(last: str = LAST_RACE) -> list[Document]:
    return [_article(name, text) for name, text in THIS_RACE.items()] + [_article("last-race", last)]


def test_undated_article_about_the_previous_election_is_left_out_with_checkable_evidence() -> None:
    (found,) = out_of_place(_race())
    assert found.doc_id == "last-race"
    # The caption's weekday and date fit 2021, the latest year it mentions; the others say 2024.
    assert found.kind == "stale-text-date"
    assert found.reason.startswith("dated 2021 by its text (")
    assert "Tuesday, Nov. 2" in found.reason and found.reason.endswith("the others 2024")


def test_without_any_date_its_contradictions_leave_it_out() -> None:
    # No dateline date, no caption: only what the story says differs from the others.
    bare = LAST_RACE.replace("LINDHAM, Nov. 2 (National Press Wire) - ", "").rsplit("\n\n", 1)[0]
    (found,) = edition_outliers(_race(bare))
    assert (found.doc_id, found.kind) == ("last-race", "other-edition")
    assert found.reason.startswith("contradicts the other articles on ")
    for evidence in ("challenger Beck where 3 others have Park", "'2021 election' where the others have the 2024",
                     "52.4 percent for Ruiz where the others have 55.1 percent",
                     "49 percent for Turnout where the others have 58 percent"):
        assert evidence in found.reason


def test_articles_of_the_same_race_are_all_kept() -> None:
    assert out_of_place(_race()[:4]) == []


def test_updated_figures_alone_do_not_make_another_edition() -> None:
    # A later count (totals moved, same candidates, same year) is an update, not last cycle's story.
    update = ("Mayor Ana Ruiz's lead over challenger Lisa Park narrowed as mail ballots were counted in the 2024 "
              "election. Ruiz now has 53.8 percent of the vote to Park's 46.2 percent. Turnout rose to 61 percent.")
    assert edition_outliers(_race(update)) == []


def test_history_in_a_story_is_not_another_edition() -> None:
    # Mentions the previous race as background, and the new one: it belongs.
    background = ("Mayor Ana Ruiz, who first won in the 2021 election by beating Tom Beck, won again on Tuesday, "
                  "defeating challenger Lisa Park in the 2024 election with 55.1 percent of the vote.")
    assert edition_outliers(_race(background)) == []


def test_metadata_dated_articles_are_judged_by_their_dates_not_their_words() -> None:
    import dataclasses

    docs = [dataclasses.replace(d, published="2024-11-06") for d in _race()]
    assert edition_outliers(docs) == []


def test_reference_time_reads_caption_stamp_dateline_and_weekday() -> None:
    stamped = _article("s", "Ruiz won the 2021 election.\n\nRuiz votes in Lindham, Nov. 2, 2021. (Photo: Jane Doe/Reuters)")
    assert (reference_time(stamped).year, reference_time(stamped).how) == (2021, "caption")
    dated = _article("d", "LINDHAM, Nov. 2, 2021 (National Press Wire) - Ruiz won.")
    assert (reference_time(dated).year, reference_time(dated).how) == (2021, "dateline")
    weekday = _article("w", "Voters went to the polls on Tuesday, Nov. 2, in the 2021 election.")
    assert (reference_time(weekday).year, reference_time(weekday).how) == (2021, "weekday")
    wrong_weekday = _article("x", "Voters went to the polls on Monday, Nov. 2, in the 2021 election.")
    assert reference_time(wrong_weekday).year is None and reference_time(wrong_weekday).latest_year == 2021
    relative = _article("r", "Beck first won in 2018, three years ago, and lost on Tuesday.")
    assert reference_time(relative).year == 2021
    plans = _article("p", "The harbour plan was approved in 2021 and will be finished by 2030.")
    assert reference_time(plans).latest_year == 2021


def test_role_names_and_figures_read_who_holds_what() -> None:
    text = "Mayor Ana Ruiz defeated challenger Lisa Park. Ruiz won 55.1 percent to Park's 44.9 percent."
    roles = role_names(text)
    assert roles["mayor"] == {"ruiz"} and roles["challenger"] == {"park"}
    assert role_names("Ruiz beat Lisa Park on Tuesday.") == {"defeated": {"park"}}
    assert role_names("Illinois Gov. Jim Edgar and Gov. George Voinovich of Ohio spoke.") == {
        "illinois governor": {"edgar"}, "ohio governor": {"voinovich"}}
    keyed = figures(text)
    assert [q.value for q in keyed[("ruiz", "%")]] == [55.1] and [q.value for q in keyed[("park", "%")]] == [44.9]
    assert "former governor" not in role_names("Former Gov. Jim Edgar spoke.")


def test_summarizer_leaves_the_previous_election_out_of_the_brief() -> None:
    from summarize import Summarizer

    brief = Summarizer(embedder="tfidf").summarize(_race())
    assert [(e.doc_id, e.kind) for e in brief.excluded] == [("last-race", "stale-text-date")]
    assert "last-race" not in {d.id for d in brief.sources}
    assert "Beck" not in brief.text and "52.4" not in brief.text
    assert all("2021" not in c.message for c in brief.conflicts)
