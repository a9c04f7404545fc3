from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from summarize.document import Document, Sentence
from summarize.select.order import order_sentences


def test_chronological_puts_earlier_days_and_leads_first() -> None:
    documents = {
        "late": Document("late", "x", published=dt.datetime(2025, 3, 12, 9)),
        "early": Document("early", "x", published=dt.datetime(2025, 3, 11, 18)),
        "undated": Document("undated", "x"),
    }
    sentences = [
        Sentence("late", 0, "a"),
        Sentence("early", 3, "b"),
        Sentence("early", 0, "c"),
        Sentence("undated", 0, "d"),
        Sentence("late", 2, "e"),
    ]
    ordered = order_sentences([0, 1, 2, 3, 4], sentences, documents, np.zeros(5))
    assert [sentences[i].text for i in ordered] == ["c", "b", "a", "e", "d"]


def test_order_by_score() -> None:
    documents = {"a": Document("a", "x")}
    sentences = [Sentence("a", i, str(i)) for i in range(3)]
    assert order_sentences([0, 1, 2], sentences, documents, np.array([0.1, 0.9, 0.5]), order="score") == [1, 2, 0]


def test_unknown_order_is_refused() -> None:
    with pytest.raises(ValueError):
        order_sentences([], [], {}, np.zeros(0), order="random")  # type: ignore[arg-type]
