from __future__ import annotations

import numpy as np
import pytest

from summarize.document import Sentence
from summarize.select.concepts import concept_matrix, sentence_concepts, tokenize


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


def test_concept_features_record_where_documents_first_use_a_concept() -> None:
    from summarize.select.concepts import FEATURE_NAMES, concept_features

    sentences = [
        Sentence("a", 0, "The harbour bridge closed on Monday."),
        Sentence("a", 1, "Engineers inspected the harbour bridge again."),
        Sentence("b", 0, "Rain fell across the city."),
        Sentence("b", 4, "Later the harbour bridge reopened to 300 cars."),
        Sentence("c", 0, "Traffic moved slowly."),
    ]
    incidence, _, concepts = concept_matrix(sentences, min_documents=1)
    features = dict(zip(concepts, concept_features(sentences, incidence, concepts)))
    bridge = dict(zip(FEATURE_NAMES, features["harbour bridg"]))
    # Used by a (first at 0) and b (first at 4), in three sentences of three documents.
    assert bridge["documents"] == 2 and bridge["document_share"] == pytest.approx(2 / 3)
    assert bridge["log_sentences"] == pytest.approx(np.log1p(3))
    assert bridge["mean_inverse_first_position"] == pytest.approx((1 / 1 + 1 / 5) / 2)
    assert bridge["share_in_first_three"] == pytest.approx(0.5)
    assert bridge["in_some_first_sentence"] == 1 and bridge["has_number"] == 0
    assert dict(zip(FEATURE_NAMES, features["300 car"]))["has_number"] == 1
    later = dict(zip(FEATURE_NAMES, features["later the"]))
    assert later["in_some_first_sentence"] == 0 and later["share_in_first_three"] == 0


def test_concept_model_scales_weights_by_its_probability(tmp_path) -> None:
    import json

    from summarize.errors import ConfigError
    from summarize.select.concepts import FEATURE_NAMES, ConceptModel, learned_weights

    sentences = [Sentence("a", 0, "The harbour bridge closed."), Sentence("b", 3, "The harbour bridge closed.")]
    incidence, weights, concepts = concept_matrix(sentences, min_documents=1)
    neutral = ConceptModel(coefficients=(0.0,) * len(FEATURE_NAMES), intercept=0.0)
    assert np.allclose(learned_weights(sentences, incidence, weights, concepts, neutral), weights * 0.5)
    # The shipped model prefers concepts that open articles.
    model = ConceptModel.default()
    assert model.coefficients[FEATURE_NAMES.index("in_some_first_sentence")] > 0
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_dict()))
    assert ConceptModel.load(path) == model
    path.write_text(json.dumps({**model.to_dict(), "feature_names": ["other"]}))
    with pytest.raises(ConfigError, match="do not match"):
        ConceptModel.load(path)
    with pytest.raises(ConfigError, match="cannot read"):
        ConceptModel.load(tmp_path / "missing.json")


def test_shipped_stop_words_equal_scikit_learns() -> None:
    # The copy in summarize/data keeps sklearn (and scipy.stats) off the brief path (issue 13).
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from summarize.text.stop_words import english_stop_words

    assert english_stop_words() == ENGLISH_STOP_WORDS
