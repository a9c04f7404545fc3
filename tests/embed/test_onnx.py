"""The ONNX Runtime backend: export once, agree with torch, reuse the export, fall back safely."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

import summarize.embed.onnx.export as onnx_export
import summarize.embed.onnx.runtime as onnx_runtime
from summarize.embed import SentenceTransformerEmbedder, default_model_path, resolve_embedder
from summarize.embed.onnx import BackendWarning, OnnxEmbedder, cache_dir, prepare_model, read_model_layout
from summarize.errors import ModelError
from summarize.io.files import load_documents
from summarize.text.segment import segment_document
from tests.conftest import EXAMPLES


def shared_cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder per test session; every module's fixture exports into it, so only the first exports."""
    return tmp_path_factory.getbasetemp() / "summarize-cache"


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache root holding the default export of the packaged MiniLM (exported once per session)."""
    root = shared_cache_root(tmp_path_factory)
    prepare_model(None, root=root)
    return root


@pytest.fixture(scope="session")
def example_sentences() -> list[str]:
    texts = []
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and p.name != "daily"):
        for document in load_documents(folder):
            texts.extend(s.text for s in segment_document(document))
    assert len(texts) > 100
    return texts


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("SUMMARIZE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "summarize"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "summarize"


def test_layout_of_packaged_minilm_is_mean_pooling_256_tokens() -> None:
    layout = read_model_layout(default_model_path())
    assert (layout.pooling, layout.max_length, layout.hidden_size) == ("mean", 256, 384)


def test_layout_rejects_a_dense_head(tmp_path: Path) -> None:
    source = Path(default_model_path())
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(source / name, tmp_path / name)
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
    ]
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    with pytest.raises(ModelError, match="Dense"):
        read_model_layout(tmp_path)


def test_default_embedder_is_onnx_and_torch_can_be_forced() -> None:
    assert isinstance(resolve_embedder(None), OnnxEmbedder)
    assert isinstance(resolve_embedder("minilm"), OnnxEmbedder)
    assert isinstance(resolve_embedder("torch"), SentenceTransformerEmbedder)
    onnx_only = resolve_embedder("onnx")
    assert isinstance(onnx_only, OnnxEmbedder) and onnx_only.fallback is False
    # A model other than the packaged one stays on sentence-transformers.
    assert isinstance(resolve_embedder("minilm", model="some/model"), SentenceTransformerEmbedder)


@pytest.mark.model
def test_onnx_default_agrees_with_torch_on_example_sentences(exported: Path, example_sentences: list[str]) -> None:
    onnx_vectors = OnnxEmbedder(cache_root=exported, fallback=False).encode(example_sentences)
    torch_vectors = SentenceTransformerEmbedder().encode(example_sentences)
    assert onnx_vectors.shape == torch_vectors.shape == (len(example_sentences), 384)
    assert onnx_vectors.dtype == np.float32
    assert np.linalg.norm(onnx_vectors, axis=1) == pytest.approx(np.ones(len(example_sentences)), abs=1e-5)
    cosines = np.sum(onnx_vectors * torch_vectors, axis=1)
    # int8 except the feed-forward outputs: ≈ 0.996 on average, every sentence ≥ 0.99 (models/onnx.md).
    assert cosines.min() >= 0.99
    assert cosines.mean() >= 0.995


@pytest.mark.model
def test_onnx_vectors_do_not_depend_on_what_else_is_encoded(exported: Path, example_sentences: list[str]) -> None:
    """One sentence per run: the same text gets the same vector in any order, alone or among others."""
    embedder = OnnxEmbedder(cache_root=exported, fallback=False)
    texts = example_sentences[:40]
    forward = embedder.encode(texts)
    assert np.array_equal(embedder.encode(texts[::-1])[::-1], forward)
    assert np.array_equal(embedder.encode([texts[3]])[0], forward[3])
    assert np.array_equal(OnnxEmbedder(cache_root=exported, fallback=False, threads=1).encode(texts), forward)
    # Batches are length-sorted and put back in input order; a batch's shared
    # int8 activation range moves each vector a little.
    batched = OnnxEmbedder(cache_root=exported, fallback=False, batch_size=16).encode(texts)
    assert np.sum(batched * forward, axis=1).min() > 0.97
    assert [int(np.argmax(forward @ row)) for row in batched] == list(range(len(texts)))
    with pytest.raises(ModelError, match="batch_size"):
        OnnxEmbedder(batch_size=0)


@pytest.mark.model
def test_second_construction_reuses_the_export(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model_file = prepare_model(None, root=exported)
    before = model_file.stat().st_mtime_ns

    def no_export(*args: object, **kwargs: object) -> None:
        raise AssertionError("exported again although the cached file exists")

    monkeypatch.setattr(onnx_export, "export_model", no_export)
    first = OnnxEmbedder(cache_root=exported, fallback=False)
    second = OnnxEmbedder(cache_root=exported, fallback=False)
    assert first.encode(["One sentence."]).shape == (1, 384)
    assert second.encode(["One sentence."]).shape == (1, 384)
    assert first.model_path == second.model_path == model_file
    assert model_file.stat().st_mtime_ns == before
    assert first.backend == "onnx-int8-ffn-fp32" and first.cache_key == second.cache_key


def test_construction_does_no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onnx_runtime, "prepare_model", lambda *a, **k: pytest.fail("prepared in __init__"))
    embedder = OnnxEmbedder()
    assert embedder._model is None and embedder.model_path is None


def test_failed_export_falls_back_to_torch_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> Path:
        raise ModelError("torch.onnx.export failed")

    monkeypatch.setattr(onnx_runtime, "prepare_model", broken)
    embedder = OnnxEmbedder()
    with pytest.warns(BackendWarning, match="torch.onnx.export failed"):
        assert embedder.backend == "torch"
    assert isinstance(embedder._torch, SentenceTransformerEmbedder)
    assert embedder.cache_key.split("|")[1] == "torch"
    assert embedder.fallback_reason == "[E300] torch.onnx.export failed"


def test_failed_export_without_fallback_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onnx_runtime, "prepare_model", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(ModelError, match="disk full"):
        OnnxEmbedder(fallback=False).load()


@pytest.mark.model
def test_corrupted_cached_model_falls_back_instead_of_crashing(exported: Path, tmp_path: Path) -> None:
    entry = prepare_model(None, root=exported).parent
    copy = tmp_path / "onnx" / entry.name
    shutil.copytree(entry, copy)
    model_file = copy / "model.onnx"
    model_file.write_bytes(b"\0" * model_file.stat().st_size)  # right size, garbage inside
    embedder = OnnxEmbedder(cache_root=tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        embedder._prepare()
        assert embedder.model_path == model_file  # the sizes match, so the file is taken at first
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(SentenceTransformerEmbedder, "load", lambda self: "torch model")
            assert embedder.load() == "torch model"
    assert embedder.backend == "torch"
    assert any(issubclass(w.category, BackendWarning) for w in caught)


def test_incomplete_cache_entry_is_not_used(tmp_path: Path) -> None:
    entry = tmp_path / "entry"
    entry.mkdir()
    (entry / "model.onnx").write_bytes(b"partial")
    (entry / "manifest.json").write_text(json.dumps({"model_bytes": 1000}))
    assert onnx_export._cached_model(entry) is None
    (entry / "manifest.json").write_text("{not json")
    assert onnx_export._cached_model(entry) is None
