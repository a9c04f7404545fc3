"""summarize/select/context.py: which sentences a sentence needs before it, over one cluster of articles."""

from __future__ import annotations

from summarize.document import Sentence
from summarize.select.context import context_follows, context_needs, introduced_in_full


def article(doc_id: str, *texts: str) -> list[Sentence]:
    return [Sentence(doc_id=doc_id, index=i, text=t) for i, t in enumerate(texts)]


def test_a_pronoun_needs_the_previous_sentence_of_its_article() -> None:
    sentences = article(
        "a", "Chilean police arrested former dictator Augusto Pinochet in London.", "He was recovering from surgery."
    ) + article("b", "He denied the charges.")
    needs = context_needs(sentences)
    assert needs[1].antecedents == (0,) and needs[1].local
    assert needs[2].antecedents == ()  # the first sentence of an article has nothing before it
    assert 0 not in needs


def test_standalone_positions_need_nothing() -> None:
    sentences = article("a", "Mayor Lena Ortiz opened the bridge.", "But traffic stayed light.")
    assert context_needs(sentences, standalone={1}) == {}


def test_a_description_needs_any_sentence_that_introduces_it() -> None:
    sentences = article(
        "a", "Walt Disney Co. said its board approved a buyback of 5 billion dollars.", "Shares rose 4 percent."
    ) + article("b", "The board said the buyback would start in January.")
    needs = context_needs(sentences)
    assert needs[2].antecedents == (0,) and not needs[2].local


def test_a_surname_needs_the_full_name_only_when_the_articles_introduce_it() -> None:
    sentences = article(
        "a", "Dissident Qin Yongmin went on trial in Wuhan.", "Qin was imprisoned for eight years."
    ) + article("b", "Chinese police detained Qin Yongmin on Monday.", "Qin denied the charge.")
    assert introduced_in_full("Qin", sentences)
    needs = context_needs(sentences)
    assert needs[1].antecedents == (0, 2) and needs[3].antecedents == (0, 2)
    # "China" is used bare from the first mention: nothing to introduce.
    bare = article("c", "China said exports fell.", "China cut interest rates.") + article("d", "South China was flooded.")
    assert not introduced_in_full("China", bare)
    assert context_needs(bare) == {}


def test_follows_places_a_local_sentence_right_after_its_antecedent_and_a_description_after_an_introduction() -> None:
    sentences = article(
        "a", "Walt Disney Co. said its board approved a buyback.", "It will cost 5 billion dollars."
    ) + article("b", "The board said the buyback would start in January.", "Analysts welcomed the plan.")
    needs = context_needs(sentences)
    # The description comes first in this order: it must follow the sentence that introduces the board.
    assert context_follows([2, 3, 0, 1], needs) == {2: 0, 1: 0}
    # Already after its introduction: nothing to move.
    assert context_follows([0, 2, 1], needs) == {1: 0}


def test_a_bare_speaker_needs_a_sentence_giving_the_full_name() -> None:
    sentences = article(
        "a", "Skipper Anna Carlsson said the fleet would sail at dawn.", "``The sea is calm,'' Carlsson said."
    ) + article("b", "``We will wait for the wind,'' Carlsson said.") + article(
        "c", "Race officer Anna Carlsson postponed the start by a day."
    )
    needs = context_needs(sentences)
    assert needs[1].antecedents == (0, 3) and needs[2].antecedents == (0, 3)
