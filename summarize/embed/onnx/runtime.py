"""The ONNX embedder: finds (or has exported) the int8 model, runs it one sentence at a time, falls back to torch."""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from summarize.embed.onnx.export import _model_folder, exported_model, prepare_model
from summarize.embed.onnx.layout import DEFAULT_QUANTIZATION, ModelLayout, Quantization, read_model_layout
from summarize.embed.onnx.session import _default_threads, _pad, _run, _session, _Tokenizer
from summarize.embed.protocol import (
    DEFAULT_MODEL,
    DENSE_PROFILE,
    BackendWarning,
)
from summarize.embed.sbert import SentenceTransformerEmbedder
from summarize.errors import ModelError

__all__ = ["OnnxEmbedder"]


class OnnxEmbedder:
    """Sentence embeddings from an exported, int8-quantised model on ONNX Runtime.

    ``model`` is a local sentence-transformers folder (None: the packaged
    all-MiniLM-L6-v2). ``threads`` is how many cores to use (None: the CPUs
    this process may use).

    By default (``batch_size=1``) every sentence is run on its own, by
    ``threads`` single-threaded workers sharing one session. Dynamic int8
    quantisation scales the activations of a whole batch at once, so in a
    batch a sentence's vector depends on its batch-mates (cosine ≈ 0.99 to
    itself): briefs would change with what else was encoded, and vectors from
    the embedding cache would not match fresh ones. One sentence per run
    makes every vector the same whatever else is encoded, and on two cores it
    is as fast as batching (``benchmarks/results/speed.md``). ``batch_size``
    > 1 sorts sentences by token length and runs batches on one session of
    ``threads`` threads.

    With ``fallback`` (default), any failure to produce or run the ONNX
    model switches to the torch backend with a :class:`BackendWarning`;
    without it, a :class:`ModelError` is raised. ``cache_root`` overrides
    :func:`cache_dir`. Nothing is loaded until the first ``encode``.
    """

    profile = DENSE_PROFILE

    def __init__(
        self,
        model: str | None = None,
        *,
        quantization: Quantization = DEFAULT_QUANTIZATION,
        batch_size: int = 1,
        threads: int | None = None,
        fallback: bool = True,
        cache_root: str | os.PathLike[str] | None = None,
    ) -> None:
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ModelError(f"batch_size must be a positive whole number, got {batch_size!r}")
        self.model = model
        self.quantization = quantization
        self.batch_size = batch_size
        self.threads = threads
        self.fallback = fallback
        self.cache_root = cache_root
        self.name = DEFAULT_MODEL if model in (None, "", "minilm", "all-MiniLM-L6-v2", DEFAULT_MODEL) else str(model)
        self.model_path: Path | None = None
        # Whether model_path's contents were checked against the export's manifest (prepare_model).
        self._checked = False
        self.fallback_reason: str | None = None
        self._layout: ModelLayout | None = None
        self._model: Any = None
        self._tokenizer: _Tokenizer | None = None
        self._torch: SentenceTransformerEmbedder | None = None

    @property
    def backend(self) -> str:
        """``onnx-<quantization>``, or ``torch`` after a fallback (resolves the model files)."""
        self._prepare()
        return "torch" if self._torch is not None else f"onnx-{self.quantization}"

    @property
    def cache_key(self) -> str:
        """Identifies the vectors this embedder produces, for the embedding cache."""
        self._prepare()
        if self._torch is not None:
            return self._torch.cache_key
        assert self.model_path is not None
        # Batched int8 vectors depend on the batch: only one-by-one vectors are a function of the text.
        mode = "single" if self.batch_size == 1 else f"batch-{self.batch_size}"
        return f"{self.name}|onnx-{self.quantization}|{self.model_path.parent.name}|{mode}"

    def _prepare(self) -> None:
        """Find or export the ONNX file (not yet loading it); fall back on failure."""
        if self.model_path is not None or self._torch is not None:
            return
        try:
            import importlib.util

            if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("tokenizers") is None:
                raise ModelError("onnxruntime and tokenizers are not installed")
            folder = _model_folder(self.model)
            self._layout = read_model_layout(folder)
            # The cache key needs the export's name only; its 33 MB are read
            # (checked, and exported again if damaged) when it loads.
            self.model_path = exported_model(folder, quantization=self.quantization, root=self.cache_root)
            if self.model_path is None:
                self.model_path = self._checked_model_path()
        except Exception as error:  # noqa: BLE001 - any failure here means: use torch
            self._fall_back(error)

    def _checked_model_path(self) -> Path:
        """:func:`prepare_model`: the cached file after its SHA-256 check, exported (again) if needed."""
        path = prepare_model(_model_folder(self.model), quantization=self.quantization, root=self.cache_root)
        self._checked = True
        return path

    def _fall_back(self, error: Exception) -> None:
        if not self.fallback:
            if isinstance(error, ModelError):
                raise error
            raise ModelError(f"the ONNX backend failed: {error}") from None
        self.fallback_reason = str(error)
        self.model_path = None
        self._model = None
        self._torch = SentenceTransformerEmbedder(self.model)
        warnings.warn(
            f"the fast ONNX backend is unavailable ({error}); using the slower torch backend",
            BackendWarning,
            stacklevel=3,
        )

    def load(self) -> Any:
        """Load the model now (the first ``encode`` does this anyway)."""
        self._prepare()
        if self._torch is not None:
            return self._torch.load()
        if self._model is None:
            assert self.model_path is not None and self._layout is not None
            try:
                if not self._checked:
                    self.model_path = self._checked_model_path()
                self._tokenizer = _Tokenizer(self._layout)
                self._model = _session(self.model_path, threads=1 if self.batch_size == 1 else self.threads)
            except Exception as error:  # noqa: BLE001 - a broken cached file or runtime: use torch
                self._fall_back(error)
                return self._torch.load() if self._torch is not None else None
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 rows, one per text, in input order."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        self.load()
        if self._torch is not None:
            return self._torch.encode(texts)
        assert self._tokenizer is not None and self._layout is not None
        token_ids = self._tokenizer.encode(list(texts))
        if self.batch_size == 1:
            return self._encode_one_by_one(token_ids)
        order = np.argsort([len(ids) for ids in token_ids], kind="stable")
        vectors: np.ndarray | None = None
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            batch = _run(self._model, _pad([token_ids[i] for i in rows]), self._layout.pooling)
            if vectors is None:
                vectors = np.empty((len(texts), batch.shape[1]), dtype=np.float32)
            vectors[rows] = batch
        assert vectors is not None
        return vectors

    def _encode_one_by_one(self, token_ids: list[list[int]]) -> np.ndarray:
        """One sentence per run, on ``threads`` workers sharing the session (ONNX Runtime releases the GIL)."""
        assert self._layout is not None
        pooling = self._layout.pooling

        def one(ids: list[int]) -> np.ndarray:
            return _run(self._model, _pad([ids]), pooling)[0]

        workers = min(self.threads or _default_threads(), len(token_ids))
        if workers <= 1:
            return np.stack([one(ids) for ids in token_ids]).astype(np.float32, copy=False)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="summarize-onnx") as pool:
            return np.stack(list(pool.map(one, token_ids))).astype(np.float32, copy=False)

