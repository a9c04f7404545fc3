"""Concepts: the word pairs that many articles share.

Gillick and Favre's ICSI summariser (2009) scores a summary by how many
weighted concepts it covers, a concept being a content-word bigram and its
weight the number of documents that use it. Facts repeated across outlets
surface as bigrams in many documents, so covering them complements embedding
centrality, which favours sentences that *sound* typical but may say little.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse

from summarize.document import Sentence

__all__ = ["tokenize", "sentence_concepts", "concept_matrix"]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS | {"said", "says", "say", "s", "t", "mr", "mrs", "ms"})


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def tokenize(text: str) -> list[str]:
    """Lower-cased, Porter-stemmed word tokens (numbers kept, punctuation dropped)."""
    return [_stem(w) for w in _WORD.findall(text.lower().replace("’", "'"))]


def sentence_concepts(text: str, *, unigrams: bool = False) -> set[str]:
    """Bigrams of adjacent stemmed tokens, skipping those made only of stop words.

    With ``unigrams`` the content words themselves are concepts too (kept
    apart from bigrams by having no space).
    """
    words = _WORD.findall(text.lower().replace("’", "'"))
    stop = _stop_words()
    stems = [_stem(w) for w in words]
    concepts = {
        f"{stems[i]} {stems[i + 1]}"
        for i in range(len(words) - 1)
        if not (words[i] in stop and words[i + 1] in stop)
    }
    if unigrams:
        concepts.update(stem for word, stem in zip(words, stems) if word not in stop and not word.isdigit())
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
