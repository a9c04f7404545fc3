"""Every option of the pipeline in one frozen record, checked once, with the defaults we measured best."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from summarize.errors import ConfigError
from summarize.select.lead import DEFAULT_MIN_CONCEPT_FLOOR, DEFAULT_MIN_CONCEPT_SHARE
from summarize.select.order import ORDERS
from summarize.trust.stale import DEFAULT_MAX_DAYS

__all__ = ["SummarizerConfig"]


@dataclass(frozen=True)
class SummarizerConfig:
    """Every option of the pipeline, with the defaults we measured best.

    Lengths are in whitespace-separated words. ``redundancy_threshold`` None
    means the embedder's own default.
    """

    max_words: int | None = 120
    max_sentences: int | None = None
    redundancy_threshold: float | None = None
    damping: float = 0.85
    edge_threshold: float = 0.0
    support_weight: float = 1.0
    position_weight: float = 1.0
    mmr_lambda: float = 0.7
    selection: Literal["ilp", "coverage", "mmr"] = "ilp"
    concept_min_documents: int = 2
    concept_weighting: Literal["learned", "documents"] = "learned"
    concept_unigram_weight: float = 0.0
    concept_position_decay: float = 0.0
    coverage_score_weight: float = 0.1
    length_exponent: float = 1.0
    min_sentence_words: int = 6
    skip_quotations: bool = False
    max_sentence_position: int | None = None
    max_sentence_words: int | None = 60
    trim_weekdays: bool = True
    trim_attributions: bool = False  # "..., police said." dropped from statements of fact (issue 16)
    # The ILP may choose a sentence's shortened variant: attribution, parenthetical, opener left out (issue 16).
    compress: bool = False
    order: Literal["chronological", "score"] = "chronological"
    exclude_stale: bool = True
    stale_after_days: int = DEFAULT_MAX_DAYS
    fix_references: bool = True
    # Readability (issue 16): sentences chosen only with their context, the main event first, no filler.
    context_rule: bool = True
    lead_first: bool = True
    min_concept_share: float = DEFAULT_MIN_CONCEPT_SHARE
    min_concept_floor: float = DEFAULT_MIN_CONCEPT_FLOOR
    detect_conflicts: bool = True
    generation_mode: Literal["cluster", "selection"] = "cluster"
    generation_min_similarity: float | None = None
    # Input caps (issue 17 M6; see summarize.text.limits).
    max_article_sentences: int = 5_000
    max_input_sentences: int = 200_000

    def __post_init__(self) -> None:
        if self.max_words is None and self.max_sentences is None:
            raise ConfigError("set max_words or max_sentences: a brief needs a length limit")
        caps = ("max_sentence_words", "max_article_sentences", "max_input_sentences")
        for name in ("max_words", "max_sentences", *caps):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ConfigError(f"{name} must be a positive whole number, got {value!r}")
        if self.redundancy_threshold is not None and not 0.0 < self.redundancy_threshold <= 1.0:
            raise ConfigError(f"redundancy_threshold must be in (0, 1], got {self.redundancy_threshold!r}")
        if not 0.0 <= self.damping < 1.0:
            raise ConfigError(f"damping must be in [0, 1), got {self.damping!r}")
        for name in ("min_concept_share", "min_concept_floor"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(f"{name} must be in [0, 1], got {getattr(self, name)!r}")
        if not 0.0 <= self.mmr_lambda <= 1.0:
            raise ConfigError(f"mmr_lambda must be in [0, 1], got {self.mmr_lambda!r}")
        if self.min_sentence_words < 1:
            raise ConfigError(f"min_sentence_words must be at least 1, got {self.min_sentence_words!r}")
        if self.concept_weighting not in ("learned", "documents"):
            raise ConfigError(f"concept_weighting must be 'learned' or 'documents', got {self.concept_weighting!r}")
        if self.selection not in ("ilp", "coverage", "mmr"):
            raise ConfigError(f"selection must be 'ilp', 'coverage' or 'mmr', got {self.selection!r}")
        if self.order not in ORDERS:
            raise ConfigError(f"order must be one of {', '.join(ORDERS)}, got {self.order!r}")
        if not isinstance(self.stale_after_days, int) or self.stale_after_days < 1:
            raise ConfigError(f"stale_after_days must be a positive whole number, got {self.stale_after_days!r}")
        if self.generation_mode not in ("cluster", "selection"):
            raise ConfigError(f"generation_mode must be 'cluster' or 'selection', got {self.generation_mode!r}")
        if self.generation_min_similarity is not None and not -1.0 <= self.generation_min_similarity <= 1.0:
            raise ConfigError(f"generation_min_similarity must be in [-1, 1], got {self.generation_min_similarity!r}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
