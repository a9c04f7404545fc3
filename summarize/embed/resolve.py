"""One place that turns a user's choice of embedder (a name, a folder or an object) into an Embedder."""

from __future__ import annotations

from summarize.embed.protocol import DEFAULT_ALIASES, Embedder
from summarize.embed.sbert import SentenceTransformerEmbedder
from summarize.embed.tfidf import TfidfEmbedder
from summarize.errors import ConfigError

__all__ = ["resolve_embedder"]


def resolve_embedder(embedder: str | Embedder | None = None, *, model: str | None = None) -> Embedder:
    """Turn a user's choice into an :class:`Embedder`.

    ``"minilm"``/``None`` gives the default model (or ``model`` when given):
    for the packaged all-MiniLM-L6-v2 that is the int8 ONNX Runtime backend
    (:class:`summarize.embed.onnx.OnnxEmbedder`, which falls back to torch with a
    warning when it cannot run), for other models sentence-transformers on
    torch. ``"torch"`` forces sentence-transformers on torch, ``"onnx"`` the
    ONNX backend without fallback. ``"tfidf"`` gives the model-free embedder,
    any other string a sentence-transformers model of that name or path, and
    an object with an ``encode`` method is used as is.
    """
    if embedder is None or embedder == "minilm":
        if model in DEFAULT_ALIASES and _onnx_available():
            from summarize.embed.onnx import OnnxEmbedder

            return OnnxEmbedder(model)
        return SentenceTransformerEmbedder(model)
    if embedder in ("torch", "sentence-transformers", "st"):
        return SentenceTransformerEmbedder(model)
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
        return SentenceTransformerEmbedder(embedder)
    if hasattr(embedder, "encode"):
        return embedder
    raise ConfigError(f"embedder must be 'minilm', 'tfidf', a model name or an Embedder, got {embedder!r}")


def _onnx_available() -> bool:
    """Whether the ONNX backend's packages are installed (checked without importing them)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "tokenizers"))
