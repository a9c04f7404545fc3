"""Options in, the same summariser out: get_params, settings, from_settings, and embedder profiles."""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pytest

from summarize import Document, Summarizer, SummarizerConfig
from summarize.embed import TfidfEmbedder, resolve_embedder
from summarize.embed.onnx import OnnxEmbedder
from summarize.embed.protocol import DENSE_PROFILE, TFIDF_PROFILE, EmbedderProfile
from summarize.embed.resolve import AdaptedEmbedder
from summarize.embed.sbert import SentenceTransformerEmbedder
from summarize.errors import InputError
from tests.conftest import KeywordEmbedder, make_doc


def test_get_params_returns_the_constructor_arguments_exactly() -> None:
    cache = object()
    summarizer = Summarizer(embedder="tfidf", cache=cache, max_words=80, order="score")
    params = summarizer.get_params()
    assert params["embedder"] == "tfidf" and params["model"] is None and params["cache"] is cache
    assert params["max_words"] == 80 and params["order"] == "score"
    assert set(params) >= {"embedder", "model", "progress", "cache", "generator", "generator_options", "concept_model"}
    assert Summarizer(**params).get_params() == params


def test_default_round_trip_keeps_the_onnx_backend() -> None:
    # The bug: get_params gave the model's name, which resolves to sentence-transformers on torch.
    again = Summarizer(**Summarizer().get_params())
    assert type(again.embedder) is type(Summarizer().embedder)
    if isinstance(Summarizer().embedder, OnnxEmbedder):
        assert isinstance(again.embedder, OnnxEmbedder)


def test_settings_record_the_backend_and_from_settings_rebuilds_it() -> None:
    docs = [make_doc(f"d{i}", "The bridge closed on Tuesday after a crack was found. Engineers inspected the deck.")
            for i in range(3)]
    brief = Summarizer(embedder="tfidf", max_words=40).summarize(docs)
    assert brief.settings["backend"] == "tfidf" and brief.settings["embedder"] == "tfidf"
    rebuilt = Summarizer.from_settings(brief.settings)
    assert isinstance(rebuilt.embedder, TfidfEmbedder)
    assert rebuilt.summarize(docs).to_json() == brief.to_json()


@pytest.mark.parametrize(
    ("backend", "expected"),
    [("onnx-int8-ffn-fp32", OnnxEmbedder), ("torch", SentenceTransformerEmbedder), ("tfidf", TfidfEmbedder)],
)
def test_from_settings_chooses_the_backend_that_ran(backend: str, expected: type) -> None:
    settings = {"embedder": "sentence-transformers/all-MiniLM-L6-v2" if backend != "tfidf" else "tfidf",
                "backend": backend, "max_words": 55, "version": "0.1.0", "generator": None}
    rebuilt = Summarizer.from_settings(settings)
    assert type(rebuilt.embedder) is expected and rebuilt.config.max_words == 55


def test_thresholds_travel_with_the_embedder() -> None:
    assert Summarizer(embedder="tfidf").redundancy_threshold == TFIDF_PROFILE.redundancy
    assert Summarizer(embedder=KeywordEmbedder(["x"])).redundancy_threshold == DENSE_PROFILE.redundancy
    assert Summarizer(embedder="tfidf", redundancy_threshold=0.9).redundancy_threshold == 0.9

    class Tuned(KeywordEmbedder):
        profile = EmbedderProfile(0.31, 0.2, 0.2, 0.5, 0.1, 0.5, 0.5, 0.85)

    assert Summarizer(embedder=Tuned(["x"])).redundancy_threshold == 0.31


def test_a_bare_encoder_is_adapted_and_never_cached() -> None:
    fake = KeywordEmbedder(["bridge"])
    adapted = resolve_embedder(fake)
    assert isinstance(adapted, AdaptedEmbedder) and adapted.inner is fake
    assert adapted.name == "keyword-fake" and adapted.backend == "keyword-fake"
    assert adapted.cache_key is None and adapted.fallback_reason is None and adapted.profile is DENSE_PROFILE
    np.testing.assert_array_equal(adapted.encode(["the bridge"]), fake.encode(["the bridge"]))
    full = TfidfEmbedder()
    assert resolve_embedder(full) is full


def test_config_is_one_checked_record() -> None:
    assert Summarizer(max_words=90).config == SummarizerConfig(max_words=90)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("1998-10-16", _dt.datetime(1998, 10, 16)),
        ("2025-03-11T10:15:00Z", _dt.datetime(2025, 3, 11, 10, 15)),
        ("2025-03-11T10:15:00-05:00", _dt.datetime(2025, 3, 11, 15, 15)),
        (_dt.date(2020, 1, 2), _dt.datetime(2020, 1, 2)),
        (_dt.datetime(2020, 1, 2, 3, 4, tzinfo=_dt.timezone.utc), _dt.datetime(2020, 1, 2, 3, 4)),
        (_dt.datetime(2020, 1, 2, 3, 4), _dt.datetime(2020, 1, 2, 3, 4)),
    ],
)
def test_document_takes_published_as_a_user_would_pass_it(given: object, stored: _dt.datetime) -> None:
    assert Document(id="a", text="x", published=given).published == stored  # type: ignore[arg-type]


def test_document_with_a_date_string_summarises() -> None:
    # The bug: a string date failed deep inside with AttributeError: 'str' object has no attribute 'date'.
    docs = [Document(id=f"d{i}", text="The bridge closed on Tuesday after a crack was found in the deck.",
                     published="1998-10-16") for i in range(3)]
    brief = Summarizer(embedder="tfidf", max_words=40).summarize(docs)
    assert brief.sentences and brief.sources[0].published == _dt.datetime(1998, 10, 16)


@pytest.mark.parametrize("given", ["next tuesday", "16/10/98 maybe", 3.5j])
def test_document_refuses_a_published_value_it_cannot_read(given: object) -> None:
    with pytest.raises(InputError, match="published must be a datetime, a date or an ISO 8601 string"):
        Document(id="a", text="x", published=given)  # type: ignore[arg-type]


def test_a_bad_option_is_a_coded_error_and_a_value_error() -> None:
    from summarize.errors import ConfigError
    from summarize.io.files import load_documents
    from summarize.render.brief import render
    from summarize.select.order import order_sentences

    with pytest.raises(ConfigError, match=r"\[E200\] format must be one of"):
        render(Summarizer(embedder="tfidf").summarize([make_doc("a", "The bridge closed after a crack was found.")]), "pdf")
    with pytest.raises(ConfigError, match="order must be one of"):
        order_sentences([], [], {}, np.zeros(0), order="alphabetical")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="on_error must be 'raise' or 'skip'"):
        load_documents([], on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError):  # scikit-learn's contract: a bad parameter is a ValueError too
        Summarizer(max_words=0)
