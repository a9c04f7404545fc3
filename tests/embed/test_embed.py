from __future__ import annotations

import numpy as np
import pytest

from summarize.embed import (
    DEFAULT_MODEL,
    SentenceTransformerEmbedder,
    TfidfEmbedder,
    default_model_path,
    resolve_embedder,
)
from summarize.errors import ConfigError, ModelError


def test_tfidf_rows_are_unit_length_and_share_stems() -> None:
    vectors = TfidfEmbedder().encode(["The bridges were closed.", "A bridge closes.", "Rain fell in the valley."])
    dense = vectors.toarray()
    assert np.linalg.norm(dense, axis=1) == pytest.approx(np.ones(3), abs=1e-5)
    sim = dense @ dense.T
    assert sim[0, 1] > 0.9  # bridge/bridges, closed/closes stem alike
    assert sim[0, 2] == pytest.approx(0.0)


def test_tfidf_all_stopwords_does_not_crash() -> None:
    assert TfidfEmbedder().encode(["the and of", "a the"]).shape[0] == 2


def test_resolve_embedder_choices() -> None:
    assert isinstance(resolve_embedder("tfidf"), TfidfEmbedder)
    assert resolve_embedder(None).name == DEFAULT_MODEL
    assert resolve_embedder("minilm", model="some/model").name == "some/model"
    assert resolve_embedder("my/model").name == "my/model"
    fake = TfidfEmbedder()
    assert resolve_embedder(fake) is fake
    with pytest.raises(ConfigError):
        resolve_embedder("tfidf", model="x")
    with pytest.raises(ConfigError):
        resolve_embedder(42)  # type: ignore[arg-type]


def test_missing_local_model_is_a_model_error(tmp_path) -> None:
    with pytest.raises(ModelError, match="could not load embedding model"):
        SentenceTransformerEmbedder(str(tmp_path / "no-model")).encode(["text"])


def test_packaged_default_model_is_found() -> None:
    path = default_model_path()
    assert path is not None and path.endswith("model")


@pytest.mark.model
def test_default_model_embeds_paraphrases_close() -> None:
    embedder = SentenceTransformerEmbedder()
    vectors = embedder.encode(
        ["The bridge was closed on Tuesday.", "On Tuesday the bridge was shut.", "Farmers lost their crops to the flood."]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(3), abs=1e-4)
    sim = vectors @ vectors.T
    assert sim[0, 1] > 0.8 > 0.3 > sim[0, 2]
