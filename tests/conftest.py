"""Shared test fixtures: hand-built documents and a fake embedder with known vectors."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from summarize.document import Document

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


class KeywordEmbedder:
    """Embeds a sentence by which topic keywords it contains.

    Sentences sharing a keyword get cosine 1; sharing none, 0. It lets tests
    state exactly which sentences are paraphrases.
    """

    name = "keyword-fake"

    def __init__(self, topics: Sequence[str]) -> None:
        self.topics = [t.lower() for t in topics]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), len(self.topics) + 1), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = text.lower()
            hits = [i for i, topic in enumerate(self.topics) if topic in lowered]
            for i in hits:
                vectors[row, i] = 1.0
            if not hits:
                vectors[row, -1] = 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def make_doc(doc_id: str, text: str, *, day: int = 1, source: str | None = None, title: str | None = None) -> Document:
    return Document(
        id=doc_id,
        text=text,
        title=title,
        source=source or doc_id,
        url=f"https://example.com/{doc_id}",
        published=dt.datetime(2025, 3, day),
    )


@pytest.fixture
def keyword_embedder() -> type[KeywordEmbedder]:
    return KeywordEmbedder
