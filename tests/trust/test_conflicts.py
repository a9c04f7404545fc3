from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from summarize import Summarizer, load_documents
from summarize.document import Document, Sentence
from summarize.text.facts import extract_quantities, values_compatible
from summarize.trust.conflicts import figure_mentions, find_conflicts, same_figure
from tests.conftest import EXAMPLES


def _sentences(*items: tuple[str, str]) -> list[Sentence]:
    return [Sentence(doc_id=doc_id, index=0, text=text) for doc_id, text in items]


def _all_similar(n: int) -> np.ndarray:
    return np.ones((n, n), dtype=np.float32)


def _documents(*days: tuple[str, int]) -> dict[str, Document]:
    return {doc_id: Document(id=doc_id, text="", published=dt.datetime(2025, 5, day)) for doc_id, day in days}


def test_planted_conflict_is_reported_newest_source_first() -> None:
    sentences = _sentences(
        ("herald", "The fire service said 140 people were evacuated from the centre."),
        ("wire", "Police said 175 people were evacuated from the centre on Thursday."),
        ("daily", "More than 100 people were evacuated from the centre."),
    )
    (conflict,) = find_conflicts(
        sentences, _all_similar(3), min_similarity=0.5,
        citations={"herald": 1, "wire": 2, "daily": 3},
        documents=_documents(("herald", 2), ("wire", 4), ("daily", 3)),
    )
    assert conflict.message == "Sources differ: 175 people [2]; more than 100 people [3]; 140 people [1]"
    assert [v.latest for v in conflict.values] == ["2025-05-04T00:00", "2025-05-03T00:00", "2025-05-02T00:00"]
    assert "evacuated" in conflict.subject


def test_agreeing_figures_are_not_a_conflict() -> None:
    sentences = _sentences(
        ("a", "At least 30 people were killed when the ferry capsized."),
        ("b", "The ferry sinking killed 34 people, the coast guard said."),
        ("c", "Thirty-four people were killed in the ferry sinking."),
        ("d", "The water board put the cost of the dam repairs at 4,500,000 dollars."),
        ("e", "Repairs to the dam will cost $4.5 million, the water board said."),
    )
    assert find_conflicts(sentences, _all_similar(5), min_similarity=0.5) == []


def test_different_facts_with_the_same_unit_are_not_a_conflict() -> None:
    sentences = _sentences(
        ("a", "Police said 140 people were evacuated from the centre."),
        ("b", "Six people were injured in the rush to the exits."),
    )
    assert find_conflicts(sentences, _all_similar(2), min_similarity=0.5) == []


@pytest.mark.parametrize(
    "pair",
    [
        # Another day: an update, not a dispute.
        ("The river stood at 4.1 metres on the gauge on Monday morning.",
         "The river stood at 5.2 metres on the gauge on Tuesday evening."),
        # Far apart: the project cost and the subsidy.
        ("The factory will cost $600 million to build.", "The state will pay $80 million to build the factory."),
        # Changes, parts and reference points are not totals.
        ("The council will spend $40 million on roads, up from $32 million.",
         "The council will spend $40 million on roads this year."),
        ("The plant will create 900 jobs.", "The plant will create 900 jobs, and suppliers could add 300 more jobs."),
        # Same number, different units.
        ("The landslide buried 3 kilometres of track.", "The landslide buried the track for 5 days."),
    ],
)
def test_planted_non_conflicts(pair) -> None:
    sentences = _sentences(("a", pair[0]), ("b", pair[1]))
    assert find_conflicts(sentences, _all_similar(2), min_similarity=0.5) == []


def test_dissimilar_sentences_are_not_compared() -> None:
    sentences = _sentences(
        ("a", "The fire service said 140 people were evacuated."), ("b", "Police said 175 people were evacuated.")
    )
    mentions = figure_mentions(sentences)
    assert same_figure(mentions[0], mentions[1], 0.9, min_similarity=0.5)
    assert not same_figure(mentions[0], mentions[1], 0.2, min_similarity=0.5)


def test_compatibility_of_qualified_figures() -> None:
    (more_than_200,), (two_twelve,), (two_thirty,), (about_1300,), (jobs_1200,) = (
        extract_quantities(t)
        for t in ("more than 200 people", "212 people", "230 people", "about 1,300 jobs", "1,200 jobs")
    )
    assert values_compatible(more_than_200, two_twelve) and values_compatible(more_than_200, two_thirty)
    assert not values_compatible(two_twelve, two_thirty)
    assert not values_compatible(about_1300, jobs_1200)


def test_example_sets_report_their_disputed_figures_on_the_brief() -> None:
    expected = {
        "harbour-bridge": {212, 230, 200},
        "river-flood": {1400, 1150, 1000},
        "chip-plant": {1200, 1500, 1300},
    }
    for name, values in expected.items():
        brief = Summarizer(embedder="tfidf").summarize(load_documents(EXAMPLES / name))
        found = [c for c in brief.conflicts if {v.value for v in c.values} == values]
        assert len(found) == 1, [c.message for c in brief.conflicts]
        (conflict,) = found
        # Every source that states a value is cited for it, by its number in the brief.
        numbers = {d.id: n for n, d in enumerate(brief.sources, start=1)}
        for value in conflict.values:
            assert set(value.citations) == {numbers[sid.split("#")[0]] for sid in value.sentence_ids}
        exported = next(c for c in brief.to_dict()["conflicts"] if c["message"] == conflict.message)
        assert exported["message"].startswith("Sources differ: ")
        assert {v["value"] for v in exported["values"]} == values
        # The stale article's figures never enter a conflict.
        assert all(not sid.startswith(("06-", "dunmore")) for v in conflict.values for sid in v.sentence_ids)


def test_brief_sentence_stating_a_disputed_figure_carries_the_conflict() -> None:
    brief = Summarizer(embedder="tfidf", max_words=400).summarize(load_documents(EXAMPLES / "harbour-bridge"))
    conflict = next(c for c in brief.conflicts if {v.value for v in c.values} == {212, 230, 200})
    assert conflict.sentence_indexes
    for index in conflict.sentence_indexes:
        sentence = brief.sentences[index]
        assert any(f.kind == "disputed-figure" and f.message == conflict.message for f in sentence.flags)
        assert conflict.message.replace("[", "\\[").replace("]", "\\]") in brief.to_markdown()
        # A sentence never cites a source that gives a different figure for it.
        for evidence in sentence.evidence:
            if evidence.relation == "differs":
                assert evidence.citation not in sentence.citations
    assert conflict.message in brief.to_text()
    assert "Sources differ: 2" in brief.to_html()


def test_in_house_cases_keep_their_measured_quality() -> None:
    """The benchmark's planted conflicts and agreements (benchmarks/data/trust_cases.jsonl), model-free."""
    from benchmarks.trust import DEFAULT_CASES, load_cases, run_conflict_cases

    result = run_conflict_cases(load_cases(DEFAULT_CASES), "tfidf")
    assert result["agreement_cases_with_false_conflict"] == 0
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9


@pytest.mark.parametrize("min_shared_words", [0, 1, 2])
def test_pair_blocking_finds_the_same_links_as_comparing_every_pair(min_shared_words: int) -> None:
    """find_conflicts compares only candidate pairs; on real articles that must lose no link."""
    from summarize.text.segment import segment_document
    from summarize.trust.conflicts import _candidate_pairs

    documents = [d for name in ("harbour-bridge", "river-flood", "chip-plant") for d in load_documents(EXAMPLES / name)]
    sentences = [s for d in documents for s in segment_document(d)]
    mentions = figure_mentions(sentences)
    assert len(mentions) > 50
    rng = np.random.default_rng(0)
    similarity = rng.uniform(0.3, 1.0, size=(len(sentences), len(sentences)))

    def linked(pairs) -> set[tuple[int, int]]:
        return {
            (i, j) for i, j in pairs
            if same_figure(mentions[i], mentions[j], float(similarity[mentions[i].sentence, mentions[j].sentence]),
                           min_similarity=0.5, min_shared_words=min_shared_words)
        }

    every_pair = [(i, j) for i in range(len(mentions)) for j in range(i + 1, len(mentions))]
    expected = linked(every_pair)
    assert expected, "the example sets should link some figures"
    assert linked(_candidate_pairs(mentions, min_shared_words)) == expected
