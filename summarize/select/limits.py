"""Which sentences may enter a brief at all, by length (in whitespace-separated words)."""

from __future__ import annotations

import numpy as np

__all__ = ["length_ok"]


def length_ok(
    words: np.ndarray, min_words: int, max_words: int | None, max_sentence_words: int | None
) -> np.ndarray:
    """Sentences long enough to say something and short enough to fit."""
    ok = words >= min_words
    if max_sentence_words is not None:
        ok &= words <= max_sentence_words
    if max_words is not None:
        ok &= words <= max_words
    return ok
