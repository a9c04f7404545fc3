"""summarize: one short, deduplicated, cited brief from many overlapping news articles.

>>> from summarize import Summarizer, load_documents
>>> brief = Summarizer(max_words=120).summarize(load_documents("examples/harbour-bridge/"))
>>> print(brief.to_markdown())

Importing the package loads no model; the first ``summarize`` call does.
"""

from __future__ import annotations

import importlib
from typing import Any

from summarize._version import __version__
from summarize.config import SummarizerConfig
from summarize.document import (
    Brief,
    BriefSentence,
    Conflict,
    ConflictValue,
    Document,
    Evidence,
    ExcludedDocument,
    Flag,
    RejectedGeneration,
    Sentence,
)
from summarize.embed import Embedder, SentenceTransformerEmbedder, TfidfEmbedder
from summarize.errors import (
    ConfigError,
    EmptyInputError,
    FetchRefused,
    InputError,
    ModelError,
    SummarizeError,
    TooLargeError,
)
from summarize.generate import ChatGenerator, GenerationRequest, Generator, Seq2SeqGenerator
from summarize.io.files import load_documents, read_documents
from summarize.pipeline import Summarizer, brief

__all__ = [
    "__version__",
    "Brief",
    "BriefSentence",
    "ChatGenerator",
    "ConfigError",
    "Conflict",
    "ConflictValue",
    "DailyBrief",
    "Document",
    "Embedder",
    "EmptyInputError",
    "Evidence",
    "ExcludedDocument",
    "FetchRefused",
    "Flag",
    "GenerationRequest",
    "Generator",
    "InputError",
    "ModelError",
    "RejectedGeneration",
    "Sentence",
    "Seq2SeqGenerator",
    "SentenceTransformerEmbedder",
    "Summarizer",
    "SummarizerConfig",
    "SummarizeError",
    "TfidfEmbedder",
    "TooLargeError",
    "archive",
    "brief",
    "daily",
    "load_documents",
    "read_documents",
]

# The daily brief (feeds, story grouping), archives (never Ray itself) and the pictures (matplotlib) load on
# first use, so that ``summarize brief`` and ``import summarize`` stay fast.
_LAZY = {
    "daily": "summarize.stories.daily",
    "DailyBrief": "summarize.stories.model",
    "archive": "summarize.archive.run",
    "plot": "summarize.plot",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'summarize' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if name == "plot" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
