"""Put the chosen sentences in a readable order.

The default reads like a news story told across outlets: by publication day,
then by how early the sentence comes in its article (leads first), then by
article order. ``"score"`` puts the most important sentence first.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np

from summarize.document import Document, Sentence
from summarize.errors import ConfigError

__all__ = ["ORDERS", "order_sentences"]

ORDERS = ("chronological", "score")
_UNKNOWN_DAY = _dt.date.max  # undated articles go after dated ones


def order_sentences(
    chosen: Sequence[int],
    sentences: Sequence[Sentence],
    documents: Mapping[str, Document],
    scores: np.ndarray,
    *,
    order: Literal["chronological", "score"] = "chronological",
) -> list[int]:
    """Return ``chosen`` (sentence positions) reordered."""
    if order == "score":
        return sorted(chosen, key=lambda i: (-scores[i], i))
    if order != "chronological":
        raise ConfigError(f"order must be one of {ORDERS}, got {order!r}")
    doc_rank = {doc_id: rank for rank, doc_id in enumerate(documents)}

    def key(i: int) -> tuple[_dt.date, int, int, int]:
        sentence = sentences[i]
        published = documents[sentence.doc_id].published
        day = published.date() if published else _UNKNOWN_DAY
        return (day, sentence.index, doc_rank[sentence.doc_id], i)

    return sorted(chosen, key=key)
