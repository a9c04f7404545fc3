"""English stop words without importing scikit-learn.

``summarize/data/english_stop_words.txt`` is scikit-learn's
``ENGLISH_STOP_WORDS``, copied: importing ``sklearn`` imports ``scipy.stats``
(about 2 s of a cold start) for one list of 318 words. A test keeps the copy
equal to scikit-learn's list.
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["english_stop_words"]


@functools.lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (lower case)."""
    text = resources.files("summarize.data").joinpath("english_stop_words.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
