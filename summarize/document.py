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

from summarize.errors import InputError
from summarize.render.brief import brief_to_dict, render_html, render_json, render_markdown, render_text
from summarize.render.notebook import render_notebook_html, render_repr
from summarize.timestamps import parse_date

__all__ = [
    "Document",
    "Sentence",
    "Evidence",
    "Flag",
    "ConflictValue",
    "CONFLICT_KINDS",
    "Conflict",
    "RejectedGeneration",
    "BriefSentence",
    "Brief",
    "ExcludedDocument",
]


@dataclass(frozen=True)
class Document:
    """One article.

    ``text`` is the cleaned body the pipeline reads; ``raw_text`` keeps what was
    loaded before boilerplate removal so nothing the user gave is lost.
    ``published`` is a datetime, a date or an ISO 8601 string when known; it is stored as a naive
    datetime in UTC (an aware one is converted), which ordering and recency use.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: _dt.datetime | None = None  # a date or an ISO 8601 string is converted on construction
    raw_text: str | None = None
    path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        # A user reading JSON passes "1998-10-16"; every stage compares naive UTC datetimes.
        if self.published is None or (isinstance(self.published, _dt.datetime) and self.published.tzinfo is None):
            return
        parsed = parse_date(self.published)
        if parsed is None:
            raise InputError(
                f"document {self.id!r}: published must be a datetime, a date or an ISO 8601 string "
                f"such as '2025-03-11' or '2025-03-11T10:15:00Z', got {self.published!r}"
            )
        object.__setattr__(self, "published", parsed)

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
class Evidence:
    """A source sentence that a brief sentence rests on.

    ``position`` is the sentence's 0-based index in its document (the number
    after ``#`` in ``sentence_id``); ``citation`` is its document's number in
    ``Brief.sources`` (0 when the document is not listed). ``relation`` says
    how it relates to the brief sentence: ``"source"`` (the sentence the text
    was taken from), ``"supports"`` (its article states the sentence: every
    figure, date and name, and the main clause; the article is cited),
    ``"related"`` (about the same thing without stating it: shown, never
    cited) or ``"differs"`` (gives a different figure, so its document is not
    cited for it).
    ``similarity`` is the embedding cosine to the brief sentence.
    """

    sentence_id: str
    doc_id: str
    position: int
    text: str
    relation: str = "supports"
    similarity: float = 1.0
    citation: int = 0


@dataclass(frozen=True)
class Flag:
    """Something a reader should know about a brief sentence.

    ``kind`` is a short code (``"unsupported-number"``, ``"unsupported-entity"``,
    ``"unsupported-date"``, ``"disputed-figure"``, ``"changed-figure"``, ``"rewritten"``,
    ``"trimmed"``, ``"context"``); ``value`` the words concerned; ``message``
    one readable sentence.
    """

    kind: str
    value: str
    message: str


@dataclass(frozen=True)
class ConflictValue:
    """One of the values sources give for a disputed figure.

    ``text`` is the figure as written ("more than 200 people"); ``value`` and
    ``unit`` its normalised reading; ``citations`` the numbers of the sources
    stating it; ``latest`` the newest publication date among them (ISO, or
    ``None`` when no source is dated).
    """

    text: str
    value: float
    unit: str
    citations: tuple[int, ...]
    sentence_ids: tuple[str, ...]
    latest: str | None = None
    earliest: str | None = None


#: The kinds of :class:`Conflict`: outlets disagree, or one count rose or fell as reports came in.
CONFLICT_KINDS = ("differ", "rose", "fell")


@dataclass(frozen=True)
class Conflict:
    """Sources that give different figures for the same thing.

    ``kind`` is ``"differ"`` when outlets disagree, and ``"rose"`` or
    ``"fell"`` when a count (the dead, the evacuated) changed as reports came
    in: every source of each value is newer than every source of the
    previous one. ``values`` are ordered newest source first (undated last)
    for a disagreement, oldest first for a change. ``subject`` is the words
    around the figure that the sources share ("people evacuated bridge");
    ``sentence_indexes`` are the brief sentences (0-based) that state or
    concern one of the values.
    """

    subject: str
    unit: str
    values: tuple[ConflictValue, ...]
    sentence_indexes: tuple[int, ...] = ()
    kind: str = "differ"

    @property
    def message(self) -> str:
        """"Sources differ: 230 people [2]; 212 people [1]; more than 200 people [3]", or
        "Rose as reports came in: 32 people [1] (1998-12-01), then 36 people [2] (1998-12-03)"."""
        parts = [f"{v.text} {''.join(f'[{n}]' for n in v.citations)}".rstrip() for v in self.values]
        if self.kind in ("rose", "fell"):
            dated = [f"{part} ({v.earliest[:10]})" if v.earliest else part for part, v in zip(parts, self.values)]
            return f"{self.kind.capitalize()} as reports came in: " + ", then ".join(dated)
        return "Sources differ: " + "; ".join(parts)


@dataclass(frozen=True)
class RejectedGeneration:
    """A generated sentence that failed the evidence check, and why.

    The extractive sentence ``kept_sentence_id`` stands in the brief instead.
    """

    text: str
    reasons: tuple[str, ...]
    kept_sentence_id: str
    cluster_id: int = -1


@dataclass(frozen=True)
class BriefSentence:
    """A sentence of the brief and what it rests on.

    ``source_sentence_ids`` are every sentence of its redundancy cluster (the
    same fact said elsewhere); ``citations`` are 1-based positions in
    ``Brief.sources`` for every document of that cluster that does not give a
    different figure, not only the one the text was taken from.
    ``evidence`` lists those sentences with their relation to the text;
    ``flags`` what a reader should know (unsupported facts, disputed figures).
    A ``generated`` sentence was written by the abstractive step and passed
    the evidence check; ``extractive_text`` is then the sentence it replaced.
    ``context_for`` is the position in the brief of the sentence this one was
    added to introduce (a "He said ..." needs the sentence naming him).
    """

    text: str
    score: float
    sentence_id: str
    source_sentence_ids: tuple[str, ...]
    citations: tuple[int, ...]
    cluster_id: int = -1
    generated: bool = False
    evidence: tuple[Evidence, ...] = ()
    flags: tuple[Flag, ...] = ()
    extractive_text: str | None = None
    context_for: int | None = None

    @property
    def supported(self) -> bool:
        """Whether every checked fact of the text is found in its evidence."""
        return not any(f.kind.startswith("unsupported") for f in self.flags)


@dataclass(frozen=True)
class ExcludedDocument:
    """An input article that did not take part in the brief, and why.

    ``kind`` is a short code: ``"empty"`` (no sentences), ``"stale-date"``
    (published far from the rest), ``"stale-text-date"`` (undated, but its own
    text dates it before the rest), ``"other-edition"`` (undated, and its facts
    contradict the others' on several points), ``"off-event"`` (about something else).
    """

    doc_id: str
    reason: str
    kind: str = "empty"


@dataclass
class Brief:
    """The result of summarising one set of articles.

    ``sources`` is the numbered source list (position ``i`` is citation
    ``i + 1``). ``settings`` records the options that produced the brief so a
    result can be reproduced. ``conflicts`` are figures the sources disagree
    on; ``rejected`` the generated sentences that failed the evidence check.
    ``details`` (a :class:`summarize.pipeline.PipelineDetails`) keeps what the
    run saw, so nothing has to run again to inspect or plot it
    (:mod:`summarize.plot`); positions index ``details.sentences``:
    ``similarity`` (cosines), ``clusters`` and ``labels`` (redundancy clusters,
    each sentence's cluster id), ``centrality``, ``support``, ``scores``,
    ``selected`` (the brief's sentences, in brief order) and ``embeddings``.
    It is not part of the serialised output.
    """

    sentences: list[BriefSentence]
    sources: list[Document]
    settings: dict[str, Any] = field(default_factory=dict)
    excluded: list[ExcludedDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[RejectedGeneration] = field(default_factory=list)
    details: Any = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The brief as one paragraph without citations."""
        return " ".join(s.text for s in self.sentences)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def to_markdown(self) -> str:
        return render_markdown(self)

    def to_text(self) -> str:
        return render_text(self)

    def to_html(self, *, title: str | None = None) -> str:
        """A self-contained HTML page; ``title`` defaults to "Brief: <headline of source 1>"."""
        return render_html(self, title=title)

    def to_dict(self) -> dict[str, Any]:
        return brief_to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        return render_json(self, indent=indent)

    def __repr__(self) -> str:
        return render_repr(self)

    def _repr_html_(self) -> str:
        return render_notebook_html(self)
