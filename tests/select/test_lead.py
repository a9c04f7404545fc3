"""summarize/select/lead.py and choose.py: the main event first, no filler, no sentence said twice."""

from __future__ import annotations

import dataclasses

import numpy as np
import scipy.sparse

from summarize.config import SummarizerConfig
from summarize.document import Sentence
from summarize.select.choose import choose_sentences, repeating_pairs
from summarize.select.lead import choose_lead, informative, lead_first, names_something, sentence_value

ARTICLES = [
    ("a", 0, "A fire turned a dance hall in Gothenburg into a deathtrap, killing 60 people."),
    ("a", 1, "Times are tough for the families on the north shore."),
    ("b", 0, "Police in Sweden said the fire at the hall of the Macedonian association was set on purpose."),
    ("b", 1, "It spread within minutes."),
]


def sentences() -> list[Sentence]:
    return [Sentence(doc_id=d, index=i, text=t) for d, i, t in ARTICLES]


def test_filler_without_figure_name_or_concepts_is_not_informative() -> None:
    incidence = scipy.sparse.csr_matrix(np.array([[1, 1], [0, 0], [1, 0], [0, 1]], dtype=bool))
    ok = informative(sentences(), incidence, np.array([2.0, 1.0]), min_concept_share=0.2)
    assert ok.tolist() == [True, False, True, True]
    # A figure keeps a sentence that covers no concept ("It spread within 4 minutes.").
    with_figure = sentences()
    with_figure[1] = Sentence(doc_id="a", index=1, text="Times are tough: 300 jobs went.")
    assert informative(with_figure, scipy.sparse.csr_matrix((4, 2), dtype=bool), np.array([2.0, 1.0]),
                       min_concept_share=0.2)[1]


def test_below_the_floor_a_name_or_a_figure_does_not_save_a_sentence() -> None:
    story = sentences() + [
        Sentence(doc_id="b", index=2, text="Rep. Louise Slaughter has not been a big fan of Bill Clinton."),
        Sentence(doc_id="b", index=3, text="Mayor Anna Lind said 3 halls had closed."),
    ]
    # Shares of the best sentence's concept weight: 1.0, 0, 0.8, 0, 0 and 0.2.
    incidence = scipy.sparse.csr_matrix(np.array([[1, 1], [0, 0], [1, 0], [0, 0], [0, 0], [0, 1]], dtype=bool))
    weights = np.array([8.0, 2.0])
    assert informative(story, incidence, weights, min_concept_share=0.3).tolist() == [
        True, False, True, False, True, True]
    # With a floor of 0.1 the name no longer saves the Slaughter sentence; Lind's (0.2, a name) stays.
    assert informative(story, incidence, weights, min_concept_share=0.3, floor=0.1).tolist() == [
        True, False, True, False, False, True]


def test_a_capitalised_first_word_alone_names_nothing() -> None:
    assert not names_something("Times are tough in the oil patch.")
    assert names_something("Clinton met Netanyahu at the White House.")
    assert names_something("Prime Minister Benjamin Netanyahu resigned.")


def test_lead_is_the_best_article_opening_that_names_someone_and_stands_alone() -> None:
    value = np.array([0.5, 0.9, 0.8, 0.95])
    allowed = np.ones(4, dtype=bool)
    # 3 is not an article opening, 1 neither: 2 is worth more than 0.
    assert choose_lead(sentences(), value, allowed=allowed, needs_context=set()) == 2
    assert choose_lead(sentences(), value, allowed=allowed, needs_context={2}) == 0
    assert choose_lead(sentences(), value, allowed=allowed, needs_context=set(), among={0, 1, 3}) == 0
    assert choose_lead(sentences(), value, allowed=np.zeros(4, dtype=bool), needs_context=set()) is None
    assert lead_first([0, 1, 2], 2) == [2, 0, 1] and lead_first([0, 1], None) == [0, 1]


def test_sentence_value_adds_concept_share_and_relative_score() -> None:
    incidence = scipy.sparse.csr_matrix(np.array([[1, 0], [0, 1]], dtype=bool))
    value = sentence_value(incidence, np.array([3.0, 1.0]), np.array([1.0, 2.0]), score_weight=0.1)
    assert np.allclose(value, [0.75 + 0.05, 0.25 + 0.1])


def test_repeating_pairs_are_close_sentences_in_different_clusters() -> None:
    similarity = np.array([[1.0, 0.9, 0.2], [0.9, 1.0, 0.95], [0.2, 0.95, 1.0]])
    labels = np.array([0, 1, 1])
    assert repeating_pairs(similarity, labels, np.ones(3, dtype=bool), 0.85) == [(0, 1)]
    assert repeating_pairs(similarity, labels, np.array([True, False, True]), 0.85) == []


def test_choose_sentences_opens_with_a_lead_and_skips_the_orphan() -> None:
    found = sentences()
    similarity = np.eye(4)
    selection = choose_sentences(
        found, np.array([1.0, 0.2, 0.9, 0.8]), similarity, np.arange(4),
        config=SummarizerConfig(max_words=40, min_sentence_words=3), concept_model=None, redundancy_threshold=0.9,
    )
    assert selection.lead in (0, 2)
    assert 3 in selection.needs and selection.needs[3].antecedents == (2,)
    assert 3 not in selection.chosen or 2 in selection.chosen
    assert 1 not in selection.chosen  # filler


def test_with_compress_the_ilp_may_take_a_shortened_variant_to_fit_another_fact() -> None:
    found = [
        Sentence("a", 0, "A fire turned a dance hall in Gothenburg into a deathtrap on the weekend, the fire department said."),
        Sentence("b", 0, "Investigators in Gothenburg said the dance hall fire was set on purpose by arsonists."),
        Sentence("c", 0, "A fire turned a dance hall in Gothenburg into a deathtrap on the weekend."),
        Sentence("c", 1, "Investigators said the dance hall fire was set on purpose by arsonists, police said."),
    ]
    config = SummarizerConfig(max_words=27, min_sentence_words=3, lead_first=False, context_rule=False,
                              min_concept_share=0.0)
    args = (np.array([1.0, 0.9, 0.5, 0.4]), np.eye(4), np.array([0, 1, 0, 1]))
    plain = choose_sentences(found, *args, config=config, concept_model=None, redundancy_threshold=0.9)
    assert plain.shortened == {}
    short = choose_sentences(found, *args, config=dataclasses.replace(config, compress=True), concept_model=None,
                             redundancy_threshold=0.9)
    # Sentence 0 is 19 words, 17 without its attribution: with it, both facts fit in 27 words.
    assert sorted(short.chosen) == [0, 1] or sorted(short.chosen) == [0, 3]
    assert short.shortened.get(0) == "A fire turned a dance hall in Gothenburg into a deathtrap on the weekend."
    assert len(set(short.chosen)) == len(short.chosen)  # a sentence and its variant are never both chosen


def test_an_interviews_markers_and_an_excerpts_line_are_never_chosen() -> None:
    texts = [
        "Following are excerpts from the conversation: Q. There is a lot of focus on the antitrust aspects of the deal.",
        "Q. Earlier this month the Energy Department said oil prices would stay soft for nearly a decade.",
        "A. Let me say right off that I don't think this is a done deal at all.",
        "A. Q. Khan, the metallurgist, was questioned by investigators for a second day.",
        "Exxon agreed to buy Mobil for $75 billion, creating the largest oil company in the world.",
    ]
    found = [Sentence(doc_id="a", index=i, text=t) for i, t in enumerate(texts)]
    selection = choose_sentences(
        found, np.array([1.0, 0.9, 0.8, 0.7, 0.6]), np.eye(5), np.arange(5),
        config=SummarizerConfig(max_words=200, min_sentence_words=3, min_concept_share=0.0, lead_first=False),
        concept_model=None, redundancy_threshold=0.9,
    )
    assert sorted(selection.chosen) == [3, 4]


def test_the_ends_of_an_aside_in_brackets_and_a_sentence_announcing_a_list_are_never_chosen() -> None:
    # Newspaper-column shape: an aside opens a bracket, runs over two sentences and closes it; a report's
    # finding announced with a colon and given in the next paragraph.
    texts = [
        "(The White House kept the reporters outside this year, but encouraged them to bring their children.",
        "To soak up some of that cozy family atmosphere, no doubt.)",
        "The House Judiciary Committee approved four articles of impeachment against the president (two of them by one vote).",
        "Republican leaders said a vote of the full House would come before Christmas.",
        "In the report released on Thursday, the primary finding of the commission is that:",
    ]
    found = [Sentence(doc_id="a", index=i, text=t) for i, t in enumerate(texts)]
    selection = choose_sentences(
        found, np.array([1.0, 0.9, 0.8, 0.7, 0.95]), np.eye(5), np.arange(5),
        config=SummarizerConfig(max_words=200, min_sentence_words=3, min_concept_share=0.0, lead_first=False),
        concept_model=None, redundancy_threshold=0.9,
    )
    assert sorted(selection.chosen) == [2, 3]
