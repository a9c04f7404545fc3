"""Model-free sentence vectors: TF-IDF fitted on the sentences being summarised."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from summarize.embed.protocol import TFIDF_PROFILE
from summarize.text.nltk_modules import porter_stem
from summarize.text.stop_words import english_stop_words

if TYPE_CHECKING:
    import scipy.sparse

__all__ = ["TfidfEmbedder"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


class TfidfEmbedder:
    """Model-free sentence vectors: TF-IDF over Porter-stemmed words.

    The vocabulary and IDF are fitted on the texts of each ``encode`` call
    (the sentences of the articles being summarised), which is what
    LexRank-style centrality expects. English stop words are dropped.
    """

    name = "tfidf"
    backend = "tfidf"
    profile = TFIDF_PROFILE
    # Fitted on each call's texts: a vector depends on its batch-mates, so it is never cached.
    cache_key: str | None = None
    fallback_reason: str | None = None

    def __init__(self, *, stem: bool = True, sublinear_tf: bool = True, stop_words: str | None = "english") -> None:
        self.stem = stem
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words

    def _analyse(self, text: str) -> list[str]:
        words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        if self.stop_words:
            stop_words = english_stop_words()
            words = [w for w in words if w not in stop_words]
        if not self.stem:
            return words
        return [porter_stem(w) for w in words]

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
