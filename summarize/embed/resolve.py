"""One place that turns a user's choice of embedder (a name, a folder or an object) into an Embedder."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

from summarize.embed.protocol import DEFAULT_ALIASES, DENSE_PROFILE, Embedder, EmbedderProfile, Matrix
from summarize.embed.sbert import SentenceTransformerEmbedder
from summarize.embed.tfidf import TfidfEmbedder
from summarize.errors import ConfigError

__all__ = ["AdaptedEmbedder", "resolve_embedder"]


class AdaptedEmbedder:
    """A user's object with an ``encode`` method, given what the pipeline asks of every embedder.

    Its vectors are taken to be on a sentence model's scale (the dense
    profile) unless it carries a ``profile``; they are cached only when it
    names a ``cache_key`` itself, since nothing else says two of its vectors
    for one text are equal.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name: str = str(getattr(inner, "name", type(inner).__name__))
        self.profile: EmbedderProfile = getattr(inner, "profile", DENSE_PROFILE)
        self.backend: str = str(getattr(inner, "backend", self.name))

    @property
    def cache_key(self) -> str | None:
        key = getattr(self.inner, "cache_key", None)
        return None if key is None else str(key)

    @property
    def fallback_reason(self) -> str | None:
        reason = getattr(self.inner, "fallback_reason", None)
        return None if reason is None else str(reason)

    def encode(self, texts: Sequence[str]) -> Matrix:
        return self.inner.encode(texts)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"AdaptedEmbedder({self.inner!r})"


def resolve_embedder(
    embedder: str | Embedder | Any | None = None, *, model: str | None = None, allow_download: bool = False
) -> Embedder:
    """Turn a user's choice into an :class:`Embedder`.

    ``"minilm"``/``None`` gives the default model (or ``model`` when given):
    for the packaged all-MiniLM-L6-v2 that is the int8 ONNX Runtime backend
    (:class:`summarize.embed.onnx.OnnxEmbedder`, which falls back to torch with a
    warning when it cannot run), for other models sentence-transformers on
    torch. ``"torch"`` forces sentence-transformers on torch, ``"onnx"`` the
    ONNX backend without fallback. ``"tfidf"`` gives the model-free embedder,
    any other string a sentence-transformers model of that name or path, and
    an object with an ``encode`` method is used as is. Hub names are fetched
    only with ``allow_download``.
    """
    if embedder is None or embedder == "minilm":
        if model in DEFAULT_ALIASES and _onnx_available():
            from summarize.embed.onnx import OnnxEmbedder

            return OnnxEmbedder(model)
        return SentenceTransformerEmbedder(model, allow_download=allow_download)
    if embedder in ("torch", "sentence-transformers", "st"):
        return SentenceTransformerEmbedder(model, allow_download=allow_download)
    if embedder == "onnx":
        from summarize.embed.onnx import OnnxEmbedder

        return OnnxEmbedder(model, fallback=False)
    if embedder == "tfidf":
        if model is not None:
            raise ConfigError("the tfidf embedder takes no model; drop --model or choose another embedder")
        return TfidfEmbedder()
    if isinstance(embedder, str):
        if model is not None:
            raise ConfigError(f"give the model either as embedder={embedder!r} or as model={model!r}, not both")
        return SentenceTransformerEmbedder(embedder, allow_download=allow_download)
    if hasattr(embedder, "encode"):
        return embedder if _declares_everything(embedder) else AdaptedEmbedder(embedder)
    raise ConfigError(f"embedder must be 'minilm', 'tfidf', a model name or an Embedder, got {embedder!r}")


_MEMBERS = ("name", "profile", "backend", "cache_key", "fallback_reason", "encode")
_ABSENT = object()


def _declares_everything(embedder: Any) -> bool:
    """Whether ``embedder`` has every member of :class:`Embedder`, looked up without running a property.

    ``isinstance`` on the protocol would read properties, and reading an ONNX
    embedder's ``cache_key`` exports the model.
    """
    return all(inspect.getattr_static(embedder, member, _ABSENT) is not _ABSENT for member in _MEMBERS)


def _onnx_available() -> bool:
    """Whether the ONNX backend's packages are installed (checked without importing them)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "tokenizers"))
