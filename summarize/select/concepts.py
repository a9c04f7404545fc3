"""Concepts: the word pairs that many articles share.

Gillick and Favre's ICSI summariser (2009) scores a summary by how many
weighted concepts it covers, a concept being a content-word bigram and its
weight the number of documents that use it. Facts repeated across outlets
surface as bigrams in many documents, so covering them complements embedding
centrality, which favours sentences that *sound* typical but may say little.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse

from summarize.document import Sentence
from summarize.errors import ConfigError
from summarize.text.nltk_modules import porter_stem
from summarize.text.stop_words import english_stop_words

__all__ = [
    "tokenize",
    "sentence_concepts",
    "concept_matrix",
    "concept_rows",
    "concept_features",
    "ConceptModel",
    "learned_weights",
    "FEATURE_NAMES",
]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(english_stop_words() | {"said", "says", "say", "s", "t", "mr", "mrs", "ms"})


def tokenize(text: str) -> list[str]:
    """Lower-cased, Porter-stemmed word tokens (numbers kept, punctuation dropped)."""
    return [porter_stem(w) for w in _WORD.findall(text.lower().replace("’", "'"))]


def sentence_concepts(text: str, *, unigrams: bool = False) -> set[str]:
    """Bigrams of adjacent stemmed tokens, skipping those made only of stop words.

    With ``unigrams`` the content words themselves are concepts too (kept
    apart from bigrams by having no space).
    """
    words = _WORD.findall(text.lower().replace("’", "'"))
    stop = _stop_words()
    stems = [porter_stem(w) for w in words]
    concepts = {
        f"{stems[i]} {stems[i + 1]}"
        for i in range(len(words) - 1)
        if not (words[i] in stop and words[i + 1] in stop)
    }
    if unigrams:
        concepts.update(root for word, root in zip(words, stems) if word not in stop and not word.isdigit())
    return concepts


def concept_matrix(
    sentences: Sequence[Sentence],
    *,
    min_documents: int = 2,
    unigram_weight: float = 0.0,
    position_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """A sentence × concept incidence matrix and concept weights.

    A concept's weight is the number of distinct documents that use it; only
    concepts used by at least ``min_documents`` documents are kept (fewer
    when the input has fewer documents). With ``position_decay`` > 0 each
    document counts ``(1 + p) ** -position_decay`` instead of 1, ``p`` being
    the first sentence where it uses the concept, since news states its main
    facts early. Content-word unigrams join as concepts when
    ``unigram_weight`` > 0, their weight scaled by it. Returns
    ``(incidence, weights, concepts)``, ``incidence`` a boolean sparse
    CSR matrix (n_sentences × n_concepts).
    """
    per_sentence = [sentence_concepts(s.text, unigrams=unigram_weight > 0) for s in sentences]
    first_position: dict[str, dict[str, int]] = {}
    for sentence, concepts in zip(sentences, per_sentence):
        for concept in concepts:
            positions = first_position.setdefault(concept, {})
            if sentence.index < positions.get(sentence.doc_id, sentence.index + 1):
                positions[sentence.doc_id] = sentence.index
    n_documents = len({s.doc_id for s in sentences})
    floor = max(1, min(min_documents, n_documents))
    kept = sorted(c for c, docs in first_position.items() if len(docs) >= floor)
    index = {c: i for i, c in enumerate(kept)}
    rows: list[int] = []
    columns: list[int] = []
    for row, concepts in enumerate(per_sentence):
        found = sorted(index[c] for c in concepts if c in index)
        rows.extend([row] * len(found))
        columns.extend(found)
    # Sparse: a dense array is one byte per sentence × concept, hundreds of MB on a thousand articles.
    incidence = scipy.sparse.csr_matrix(
        (np.ones(len(rows), dtype=bool), (rows, columns)), shape=(len(sentences), len(kept))
    )
    weights = np.array(
        [
            sum((1.0 + p) ** -position_decay for p in first_position[c].values())
            * (1.0 if " " in c else unigram_weight)
            for c in kept
        ],
        dtype=np.float64,
    )
    return incidence, weights, kept


def concept_rows(texts: Sequence[str], concepts: Sequence[str], *, unigrams: bool = False) -> scipy.sparse.csr_matrix:
    """Incidence rows of ``texts`` over the ``concepts`` of a :func:`concept_matrix` (a sentence's shortened
    variant covers what is left of its concepts, with the same weights)."""
    index = {c: i for i, c in enumerate(concepts)}
    rows: list[int] = []
    columns: list[int] = []
    for row, text in enumerate(texts):
        found = sorted(index[c] for c in sentence_concepts(text, unigrams=unigrams) if c in index)
        rows.extend([row] * len(found))
        columns.extend(found)
    return scipy.sparse.csr_matrix(
        (np.ones(len(rows), dtype=bool), (rows, columns)), shape=(len(texts), len(concepts))
    )


#: What :func:`concept_features` returns per concept, in column order.
FEATURE_NAMES: tuple[str, ...] = (
    "document_share",  # documents using it / documents in the input
    "log_sentences",  # log(1 + sentences containing it)
    "mean_inverse_first_position",  # mean over its documents of 1 / (1 + first sentence using it)
    "share_in_first_three",  # share of its documents that use it within their first three sentences
    "in_some_first_sentence",  # 1 when some document uses it in its first sentence
    "has_number",  # 1 when a token is a number ("64 seat")
    "is_unigram",  # 1 for single-word concepts
    "documents",  # documents using it (a count)
)


def concept_features(sentences: Sequence[Sentence], incidence: Any, concepts: Sequence[str]) -> np.ndarray:
    """Per concept, the evidence that human summaries would state it (columns :data:`FEATURE_NAMES`).

    Document frequency alone treats a phrase every article repeats in its
    tenth paragraph like one each opens with; news puts its main facts first,
    so where the concept first appears in each document matters as much.
    """
    incidence = scipy.sparse.csr_matrix(incidence)
    n_concepts = incidence.shape[1]
    if n_concepts == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    doc_names = sorted({s.doc_id for s in sentences})
    doc_index = {name: i for i, name in enumerate(doc_names)}
    coo = incidence.tocoo()
    sentence_doc = np.array([doc_index[s.doc_id] for s in sentences], dtype=np.int64)
    sentence_position = np.array([s.index for s in sentences], dtype=np.float64)
    concept, doc, position = coo.col.astype(np.int64), sentence_doc[coo.row], sentence_position[coo.row]
    # The first position of each (concept, document) pair.
    order = np.lexsort((position, doc, concept))
    concept, doc, position = concept[order], doc[order], position[order]
    first = np.ones(len(concept), dtype=bool)
    first[1:] = (concept[1:] != concept[:-1]) | (doc[1:] != doc[:-1])
    pair_concept, pair_position = concept[first], position[first]
    documents = np.bincount(pair_concept, minlength=n_concepts).astype(np.float64)
    safe = np.maximum(documents, 1.0)
    features = np.zeros((n_concepts, len(FEATURE_NAMES)))
    features[:, 0] = documents / max(len(doc_names), 1)
    features[:, 1] = np.log1p(np.bincount(coo.col, minlength=n_concepts))
    features[:, 2] = np.bincount(pair_concept, weights=1.0 / (1.0 + pair_position), minlength=n_concepts) / safe
    features[:, 3] = np.bincount(pair_concept, weights=(pair_position < 3).astype(float), minlength=n_concepts) / safe
    features[:, 4] = np.bincount(pair_concept, weights=(pair_position == 0).astype(float), minlength=n_concepts) > 0
    features[:, 5] = [any(token.isdigit() for token in c.split()) for c in concepts]
    features[:, 6] = [" " not in c for c in concepts]
    features[:, 7] = documents
    return features


@dataclass(frozen=True)
class ConceptModel:
    """A logistic model of whether a concept appears in human summaries, from :func:`concept_features`.

    Its probability multiplies the document-frequency weight of
    :func:`concept_matrix`. The shipped model (:meth:`default`) was fitted on
    DUC 2004 by ``python -m benchmarks.concept_model``, which also reports
    its cross-validated ROUGE; inference is numpy only.
    """

    coefficients: tuple[float, ...]
    intercept: float
    feature_names: tuple[str, ...] = FEATURE_NAMES
    trained_on: str = ""

    def __post_init__(self) -> None:
        if tuple(self.feature_names) != FEATURE_NAMES or len(self.coefficients) != len(FEATURE_NAMES):
            raise ConfigError(
                f"concept model features {list(self.feature_names)} do not match this version's {list(FEATURE_NAMES)}"
            )

    def probability(self, features: np.ndarray) -> np.ndarray:
        logits = features @ np.asarray(self.coefficients, dtype=np.float64) + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature_names": list(self.feature_names),
            "coefficients": list(self.coefficients),
            "intercept": self.intercept,
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConceptModel:
        try:
            return cls(
                coefficients=tuple(float(c) for c in data["coefficients"]),
                intercept=float(data["intercept"]),
                feature_names=tuple(data["feature_names"]),
                trained_on=str(data.get("trained_on", "")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"not a concept model: {error!r}") from error

    @classmethod
    def load(cls, path: str | Path) -> ConceptModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(f"cannot read concept model {path}: {error}") from error
        return cls.from_dict(data)

    @classmethod
    def default(cls) -> ConceptModel:
        return _default_model()


_DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "data" / "concept-model.json"


@functools.lru_cache(maxsize=1)
def _default_model() -> ConceptModel:
    return ConceptModel.load(_DEFAULT_MODEL)


def learned_weights(
    sentences: Sequence[Sentence],
    incidence: Any,
    weights: np.ndarray,
    concepts: Sequence[str],
    model: ConceptModel | None = None,
) -> np.ndarray:
    """``weights`` × the model's probability that each concept belongs in a summary."""
    model = model or ConceptModel.default()
    if len(concepts) == 0:
        return weights
    return weights * model.probability(concept_features(sentences, incidence, concepts))
