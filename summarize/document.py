"""The records that flow through the pipeline.

They are plain dataclasses so that every stage can be called on its own from a
notebook, and so that a brief can be serialised without custom machinery.
Identifiers are strings chosen by ingest (file name, JSON ``id``); sentence ids
are ``"<doc_id>#<index>"`` so a citation can always be traced back to a
document and a position in it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "Sentence", "BriefSentence", "Brief", "ExcludedDocument"]


@dataclass(frozen=True)
class Document:
    """One article.

    ``text`` is the cleaned body the pipeline reads; ``raw_text`` keeps what was
    loaded before boilerplate removal so nothing the user gave is lost.
    ``published`` is a date or datetime when known; ordering and recency use it.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: _dt.datetime | None = None
    raw_text: str | None = None
    path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def label(self) -> str:
        """A short human name for citations: the outlet, else the title, else the id."""
        return self.source or self.title or self.id


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, with its position (0-based) in that document."""

    doc_id: str
    index: int
    text: str
    start: int = -1  # character offset in Document.text, -1 when unknown
    end: int = -1

    @property
    def id(self) -> str:
        return f"{self.doc_id}#{self.index}"

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class BriefSentence:
    """A sentence of the brief and what it rests on.

    ``source_sentence_ids`` are every sentence of its redundancy cluster (the
    same fact said elsewhere); ``citations`` are 1-based positions in
    ``Brief.sources`` for every document of that cluster, not only the one the
    text was taken from.
    """

    text: str
    score: float
    sentence_id: str
    source_sentence_ids: tuple[str, ...]
    citations: tuple[int, ...]
    cluster_id: int = -1
    generated: bool = False


@dataclass(frozen=True)
class ExcludedDocument:
    """An input article that did not take part in the brief, and why."""

    doc_id: str
    reason: str


@dataclass
class Brief:
    """The result of summarising one set of articles.

    ``sources`` is the numbered source list (position ``i`` is citation
    ``i + 1``). ``settings`` records the options that produced the brief so a
    result can be reproduced. ``details`` holds intermediate results (sentences,
    clusters, scores, selection) for inspection and plotting; it is not part of
    the serialised output.
    """

    sentences: list[BriefSentence]
    sources: list[Document]
    settings: dict[str, Any] = field(default_factory=dict)
    excluded: list[ExcludedDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    details: Any = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The brief as one paragraph without citations."""
        return " ".join(s.text for s in self.sentences)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def to_markdown(self) -> str:
        from summarize.render import render_markdown

        return render_markdown(self)

    def to_text(self) -> str:
        from summarize.render import render_text

        return render_text(self)

    def to_html(self) -> str:
        from summarize.render import render_html

        return render_html(self)

    def to_dict(self) -> dict[str, Any]:
        from summarize.render import brief_to_dict

        return brief_to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        from summarize.render import render_json

        return render_json(self, indent=indent)

    def _repr_html_(self) -> str:
        from summarize.render import render_html_fragment

        return render_html_fragment(self)
