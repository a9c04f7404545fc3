"""trust.evidence: an article is cited only when it states the sentence."""

from __future__ import annotations

import pytest

from summarize.document import Sentence
from summarize.trust.evidence import build_evidence, states, topic_words


def _sentence(doc_id: str, index: int, text: str) -> Sentence:
    return Sentence(doc_id=doc_id, index=index, text=text)


def test_evidence_marks_source_support_related_and_differing_figure() -> None:
    members = [
        _sentence("herald", 3, "The fire service said 212 people were evacuated from the bridge on Tuesday."),
        _sentence("times", 4, "Fire officials said 212 people were evacuated from the bridge on Tuesday."),
        _sentence("daily", 2, "People were evacuated from the bridge."),
        _sentence("wire", 1, "The transport authority said 230 people were evacuated from the bridge on Tuesday."),
    ]
    evidence, flags = build_evidence(
        members[0].text, "herald#3", members, [1.0, 0.9, 0.7, 0.9], {"herald": 1, "times": 2, "daily": 3, "wire": 4}
    )
    assert [(e.doc_id, e.position, e.relation, e.citation) for e in evidence] == [
        ("herald", 3, "source", 1),
        ("times", 4, "supports", 2),
        ("daily", 2, "related", 3),
        ("wire", 1, "differs", 4),
    ]
    assert [f.kind for f in flags] == ["disputed-figure"]
    assert "230 people" in flags[0].message


# Wire-style sentences written for these tests: each pair is a brief sentence and one article's sentence(s).
STATES = [
    # Paraphrase of the main claim, with the figures, names and day: stated.
    ("Rescue teams pulled 14 miners alive from the flooded Dongshan pit on Thursday, officials said.",
     ["Fourteen miners were pulled alive from the flooded Dongshan pit Thursday by rescue teams."]),
    # An aside (a relative clause) the article lacks does not matter.
    ("The rebel group Ansar Front, which has opposed the ceasefire, claimed responsibility, police said.",
     ["The Ansar Front claimed responsibility for the attack in calls to police."]),
    # Names shortened by the source; an adjective of origin the source leaves out.
    ("Prime Minister Teodora Vasquez-Lind dismissed the Peruvian finance chief on Sept. 2.",
     ["On Sept. 2, Vasquez-Lind dismissed the finance chief."]),
    # A wire credit in parentheses is no name the source must repeat.
    ("OSLO, Norway (Reuters) _ Negotiators resumed talks on the fishing quota Monday.",
     ["Negotiators resumed talks on the fishing quota in Oslo on Monday."]),
]
NOT_STATES = [
    # Same topic, another claim.
    ("Rescue teams pulled 14 miners alive from the flooded Dongshan pit on Thursday.",
     ["The Dongshan pit had been flagged for flooding risks in an inspection last year."]),
    # A figure of the sentence missing from the article (the regional total).
    ("At least 112 people died in the province, bringing the storm's toll to 340, the agency said.",
     ["At least 112 people died in the province, the agency said."]),
    # A name the article never gives.
    ("Arbitrator Helen Marsh rules Monday whether 150 players must be paid during the lockout.",
     ["An arbitrator rules Monday whether 150 players must be paid during the lockout."]),
    # The day differs: a different report.
    ("The envoy said Monday the situation was as bad as two weeks ago.",
     ["The envoy said the situation was as bad as two weeks ago."]),
    # The names and day are there, the event is not.
    ("Anna Kovac rejected the union's demand for talks abroad, accusing it of playing to foreign donors.",
     ["Anna Kovac met the union's leaders at the ministry to discuss the budget."]),
]


@pytest.mark.parametrize(("claim", "evidence"), STATES)
def test_article_states_the_sentence(claim: str, evidence: list[str]) -> None:
    article = "Teodora Vasquez-Lind has led the government since 2019. " + " ".join(evidence)
    assert states(claim, evidence, article=article)


def test_a_shortened_name_needs_the_full_name_somewhere_in_its_article() -> None:
    claim = "Prime Minister Teodora Vasquez-Lind dismissed the finance chief on Sept. 2."
    evidence = ["On Sept. 2, Vasquez-Lind dismissed the finance chief."]
    assert not states(claim, evidence, article=" ".join(evidence))  # which Vasquez-Lind? the article never says
    assert states(claim, evidence, article="Premier Teodora Vasquez-Lind spoke. " + evidence[0])


@pytest.mark.parametrize(("claim", "evidence"), NOT_STATES)
def test_article_does_not_state_the_sentence(claim: str, evidence: list[str]) -> None:
    assert not states(claim, evidence)


def test_the_number_word_used_as_a_pronoun_is_no_figure() -> None:
    assert states("Kovac was dismissed on May 4 after the two quarrelled over the budget.",
                  ["Kovac was dismissed on May 4 after quarrelling with the premier over the budget."])
    # ... but a number word that describes something is one.
    assert not states("Smoke was pouring from the two-story warehouse.", ["Smoke was pouring from the warehouse."])


def test_a_rank_must_be_given_by_the_source() -> None:
    claim = "Marta Ilves became the first woman to lead the port authority."
    assert not states(claim, ["Marta Ilves was named to lead the port authority."])
    assert states(claim, ["Marta Ilves is the first woman to lead the port authority."])
    assert not states("The cabinet is Estland's 41st government since 1990.", ["The cabinet is Estland's new government."])


def test_quoted_words_must_be_quoted_as_they_are() -> None:
    claim = "The minister called the plan ``a betrayal of the coast,'' the paper said."
    assert states(claim, ["The minister called the plan a betrayal of the coast, according to the paper."])
    assert not states(claim, ["The minister called the plan unacceptable for the coast, the paper said."])


def test_two_sentences_of_one_article_can_state_a_sentence_together() -> None:
    claim = "The league canceled the first two weeks of the season, the first time in its 51-year history."
    first = "The league on Tuesday canceled the first two weeks of the season."
    second = "It is the first time in the league's 51-year history that it loses games."
    assert not states(claim, [first]) and states(claim, [first, second])
    members = [
        _sentence("wire", 0, claim),
        _sentence("times", 3, second),
        _sentence("times", 1, first),
        _sentence("post", 5, "The league is in its 51st year."),
    ]
    evidence, _ = build_evidence(claim, "wire#0", members, [1.0, 0.6, 0.8, 0.55], {"wire": 1, "times": 2, "post": 3})
    assert [(e.doc_id, e.relation) for e in evidence] == [
        ("wire", "source"), ("times", "supports"), ("times", "supports"), ("post", "related"),
    ]


def test_empty_evidence_states_nothing() -> None:
    assert not states("The bridge closed.", [])


def test_where_a_person_comes_from_must_be_stated_not_only_the_place() -> None:
    claim = "Police said a 64-year-old woman from Garrow was missing."
    assert not states(claim, ["A 64-year-old woman was reported missing after her car was found near a ford at Garrow."])
    assert states(claim, ["Police are still searching for a 64-year-old Garrow woman whose car was found on Monday."])
    assert states(claim, ["A 64-year-old resident of Garrow, a woman, is missing, police said."])


@pytest.mark.parametrize(("claim", "evidence"), [
    # The article states the fact but not who said it (judged PARTIAL blind on a shipped example).
    ("Police said a 64-year-old woman from Garrow was missing.", ["A 64-year-old woman from Garrow remains missing."]),
    # The article gives the figure in another's mouth: the agency's total, not the company's.
    ("Velmora said the state had offered $310 million in incentives.",
     ["The figure includes $310 million in state grants and tax credits for Velmora, the Halvern Development "
      "Agency said."]),
    # Two sentences read together: the one with the figure has no speaker, the other names the company.
    ("Velmora said the state had offered $310 million in incentives.",
     ["That figure includes $310 million in state grants and tax credits.",
      "Velmora will have to meet hiring targets to receive the full package."]),
    # Newswire shape: the speaker of the brief's sentence is not the article's speaker.
    ("The European Commission's president said Friday he hoped the general would be extradited to Madrid.",
     ["Swiss prosecutors said Friday the effort to extradite the general to Madrid should come first."]),
    ("Hundreds of homes were flooded, according to the Red Cross.", ["Hundreds of homes were flooded, the army said."]),
])
def test_the_speaker_a_sentence_names_must_be_named_by_the_article(claim: str, evidence: list[str]) -> None:
    assert not states(claim, evidence, paraphrase=True)


@pytest.mark.parametrize(("claim", "evidence"), [
    # A bare role or a pronoun needs no repeating.
    ("About 1,200 homes were flooded, officials said.", ["About 1,200 homes were flooded across the valley."]),
    ("He said about 1,200 homes were flooded.", ["About 1,200 homes were flooded across the valley."]),
    # One word of the speaker will do: "the authority" for "the transit authority".
    ("The bridge was closed to traffic, the transit authority said on Tuesday.",
     ["The authority closed the bridge to traffic on Tuesday."]),
    # A described speaker may be the named one: "the company's announcement" for Velmora.
    ("Velmora said the state had offered $310 million in incentives.",
     ["The state has offered Velmora $310 million in grants and tax credits, according to the company's "
      "announcement."]),
    # The speaker named by the article in its own words.
    ("Hundreds of homes were flooded, according to the Red Cross.",
     ["Hundreds of homes were flooded, a Red Cross spokesman told reporters in Geneva."]),
    ("Police said a 64-year-old woman from Garrow was missing.",
     ["A 64-year-old woman from Garrow remains missing, police said on Monday."]),
])
def test_a_speaker_named_loosely_or_by_the_article_does_not_stop_a_citation(claim: str, evidence: list[str]) -> None:
    assert states(claim, evidence, paraphrase=True)


_WIRE_CLAIM = "A liberal lawmaker who planned to run for president was shot dead Friday in Varnograd, police said."
_WIRE_EVIDENCE = ["A liberal lawmaker who planned to run for president was killed Friday in Varnograd, a news report said."]


def test_a_speaker_described_by_a_common_noun_may_be_quoted_elsewhere_in_the_article() -> None:
    # Newswire shape (judged SUPPORTED on DUC 2004): the lead credits "a news report", police speak further down.
    article = " ".join(_WIRE_EVIDENCE + ["Her aide was wounded, and police said they had detained two suspects."])
    assert states(_WIRE_CLAIM, _WIRE_EVIDENCE, article=article, paraphrase=True)
    # An article that never mentions the police does not say the police said it.
    assert not states(_WIRE_CLAIM, _WIRE_EVIDENCE, article=" ".join(_WIRE_EVIDENCE), paraphrase=True)
    # Nor does one that gives the fact in another named speaker's mouth.
    named = ["A liberal lawmaker who planned to run for president was killed Friday in Varnograd, Tassov said."]
    assert not states(_WIRE_CLAIM, named, article=article + " " + named[0], paraphrase=True)


def test_a_named_speaker_must_be_named_where_the_fact_is() -> None:
    claim = "The Medvin news agency said her aide, Ruslan Okhtin, was also seriously injured."
    fact = "The aide, 27-year-old Ruslan Okhtin, was seriously wounded."
    # "But a detective later said" opens with a capital but names no one: the agency is named beside it.
    agency = "But a detective later said investigators had learned nothing from Okhtin, according to the Medvin news agency."
    assert states(claim, [fact, agency], paraphrase=True)
    assert not states(claim, [fact], article=f"{fact} Medvin carried the report.", paraphrase=True)


def test_a_time_of_day_is_part_of_the_date_a_source_must_give() -> None:
    claim = "The emergency office said 1,400 homes had been flooded across the valley by mid-morning."
    assert not states(claim, ["The emergency office said 1,400 homes were flooded across the valley."])
    assert states(claim, ["By midmorning 1,400 homes were flooded across the valley, the emergency office said."])
    assert not states("Troops crossed the border overnight, the ministry said.",
                      ["Troops crossed the border on Sunday morning, the ministry said."], paraphrase=True)


def test_the_word_of_the_whole_story_does_not_state_a_claim() -> None:
    story = [
        Sentence(doc_id=doc, index=k, text=text)
        for doc, k, text in [
            ("a", 0, "An amateur astronomer has found a new comet."),
            ("a", 1, "Since Saturday she has also had a comet named after her."),
            ("b", 0, "The comet will bear the name of the teacher who found it, the observatory said."),
            ("b", 1, "The comet is too faint for small telescopes."),
            ("c", 0, "The comet confirmed on Saturday last came near the Sun 4,000 years ago."),
            ("c", 1, "Observers will need a large telescope."),
        ]
    ]
    topic = topic_words(story)
    assert "comet" in topic and "telescop" not in topic
    claim = "Since Saturday she has also had a comet named after her."
    assert not states(claim, [story[4].text], topic=topic)
    assert states(claim, [story[2].text + " It was confirmed on Saturday."], topic=topic)
    assert states(claim, [story[4].text])  # without the story's words, "comet" alone was enough
    assert topic_words(story[:4]) == frozenset()  # two articles: no story words
