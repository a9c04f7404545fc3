from __future__ import annotations

import numpy as np

from summarize.concepts import concept_matrix, sentence_concepts, tokenize
from summarize.document import Sentence


def test_tokenize_stems_and_drops_punctuation() -> None:
    assert tokenize("Bridges closed, engineers said!") == ["bridg", "close", "engin", "said"]


def test_concepts_skip_stop_word_pairs() -> None:
    concepts = sentence_concepts("The bridge was closed on Tuesday")
    assert "bridg wa" in concepts and "close on" in concepts and "on tuesday" in concepts
    assert "wa close" in concepts  # "was" is a stop word but "closed" is not
    assert sentence_concepts("It was on the") == set()


def test_concept_weights_count_distinct_documents() -> None:
    sentences = [
        Sentence("a", 0, "The harbour bridge closed on Tuesday."),
        Sentence("a", 1, "The harbour bridge is old."),
        Sentence("b", 0, "Officials said the harbour bridge closed."),
        Sentence("c", 0, "Rain fell in the valley."),
    ]
    incidence, weights, concepts = concept_matrix(sentences, min_documents=2)
    incidence = incidence.toarray()
    by_name = dict(zip(concepts, weights))
    assert by_name == {"the harbour": 2.0, "harbour bridg": 2.0, "bridg close": 2.0}
    column = concepts.index("harbour bridg")
    assert incidence[:, column].tolist() == [True, True, True, False]
    assert incidence[3].sum() == 0


def test_concept_floor_shrinks_for_single_document() -> None:
    incidence, weights, concepts = concept_matrix([Sentence("a", 0, "Harbour bridge closed today.")], min_documents=3)
    assert len(concepts) == 3 and (weights == 1).all() and incidence.toarray().all()
