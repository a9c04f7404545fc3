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
from summarize.errors import ConfigError, EmptyInputError, InputError, ModelError, SummarizeError
from summarize.generate import ChatGenerator, GenerationRequest, Generator, Seq2SeqGenerator
from summarize.io.files import load_documents, read_documents
from summarize.pipeline import Summarizer, brief
from summarize.stories.daily import daily
from summarize.stories.model import DailyBrief

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
    "archive",
    "brief",
    "daily",
    "load_documents",
    "read_documents",
]

# Archives load on first use (``import summarize`` never imports them, nor Ray).
_LAZY = {"archive": "summarize.archive.run"}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'summarize' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
