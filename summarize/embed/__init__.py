"""Sentence vectors: the Embedder protocol, its backends (sentence-transformers, ONNX, TF-IDF) and the cache."""

from summarize.embed.protocol import DEFAULT_MODEL, Embedder, Matrix, default_model_path
from summarize.embed.resolve import resolve_embedder
from summarize.embed.sbert import SentenceTransformerEmbedder
from summarize.embed.tfidf import TfidfEmbedder

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "Matrix",
    "SentenceTransformerEmbedder",
    "TfidfEmbedder",
    "default_model_path",
    "resolve_embedder",
]
