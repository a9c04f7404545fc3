"""Find articles that do not belong with the rest: stale or off-event.

A set of articles about one event can carry an old piece (last year's
inspection report in this year's collapse story) or one about another event.
Two tests, each with a reason a reader can check:

* **date**: the article was published more than ``max_days`` from the median
  publication date of the set. It needs at least three dated articles, and
  the median must be a date most of them agree on, or no article is judged.
* **content**: the mean of the article's sentence vectors is far less similar
  to the mean of the other articles' than is usual in this set (a robust
  z-score under ``-max_deviation``) *and* below ``min_similarity``, or, for an
  article whose most-named names the others do not name (:func:`unshared_names`:
  another story of the same kind, another country's storm), far less similar alone.

The pipeline leaves such articles out by default and lists them with the
reason; ``exclude_stale=False`` keeps them (with a warning).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from summarize.document import Document, ExcludedDocument
from summarize.text.facts import extract_facts

__all__ = [
    "StaleArticle",
    "DEFAULT_MAX_DAYS",
    "date_outliers",
    "document_vectors",
    "content_outliers",
    "unshared_names",
]

#: Days from the median publication date after which an article is stale. DUC 2004
#: clusters (one event each) keep every article within 80 days of their median.
DEFAULT_MAX_DAYS = 120


@dataclass(frozen=True)
class StaleArticle:
    """An article judged not to belong, with the measurement behind it."""

    doc_id: str
    kind: str  # "stale-date" or "off-event"
    reason: str

    def as_excluded(self) -> ExcludedDocument:
        return ExcludedDocument(self.doc_id, self.reason, kind=self.kind)


def date_outliers(documents: Sequence[Document], *, max_days: int = DEFAULT_MAX_DAYS) -> list[StaleArticle]:
    """Articles published more than ``max_days`` before or after the set's median date.

    Undated articles are never judged by date. The test needs at least three
    dated articles of which a strict majority lie within ``max_days`` of the
    median; otherwise the set has no clear date and nothing is flagged.
    """
    dated = [(d.id, d.published.date()) for d in documents if d.published is not None]
    if len(dated) < 3:
        return []
    days = sorted(day.toordinal() for _, day in dated)
    median = days[(len(days) - 1) // 2]
    near = sum(abs(day - median) <= max_days for day in days)
    if near * 2 <= len(days):
        return []
    median_day = _dt.date.fromordinal(median)
    found = []
    for doc_id, day in dated:
        distance = day.toordinal() - median
        if abs(distance) > max_days:
            direction = "before" if distance < 0 else "after"
            found.append(
                StaleArticle(
                    doc_id,
                    "stale-date",
                    f"published {day.isoformat()}, {abs(distance)} days {direction} the other articles "
                    f"(median {median_day.isoformat()}; the limit is {max_days} days)",
                )
            )
    return found


def document_vectors(sentence_vectors, doc_ids: Sequence[str]) -> tuple[list[str], Any]:
    """One L2-normalised vector per document: the mean of its sentence vectors.

    ``doc_ids`` gives each row's document. Returns the documents in first-seen
    order and their vectors: dense for dense input, sparse (CSR) for sparse
    input such as TF-IDF, whose dense form can be terabytes (issue 17 M6:
    ``toarray`` of 520,383 × 520,407).
    """
    import scipy.sparse

    order = list(dict.fromkeys(doc_ids))
    position = {doc_id: i for i, doc_id in enumerate(order)}
    rows = np.array([position[d] for d in doc_ids], dtype=np.int64)
    if scipy.sparse.issparse(sentence_vectors):
        membership = scipy.sparse.csr_matrix(
            (np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(order), len(rows))
        )
        sums = scipy.sparse.csr_matrix(membership @ sentence_vectors, dtype=np.float64)
        norms = np.sqrt(np.asarray(sums.multiply(sums).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return order, scipy.sparse.csr_matrix(scipy.sparse.diags(1.0 / norms) @ sums)
    dense = np.asarray(sentence_vectors)
    sums = np.zeros((len(order), dense.shape[1]), dtype=np.float64)
    np.add.at(sums, rows, dense)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return order, sums / norms


def unshared_names(
    documents: Sequence[Document], *, top: int = 6, min_names: int = 4, max_shared: float = 0.2
) -> dict[str, list[str]]:
    """Articles whose most-named names the others hardly name: ``{doc_id: [its names]}``.

    An article's names are the words of its capitalised names (the entity facts of :func:`extract_facts`) named at
    least twice, its ``top`` most frequent; a name is shared when at least two other articles
    contain it. An article is listed when it has ``min_names`` such names and at most
    ``max_shared`` of them are shared. On DUC (one event per set) this holds for 4 of 798
    articles, and for 9 of 30 articles from another story inserted into a set.
    """
    if len(documents) < 3:
        return {}
    lowered = [d.text.lower() for d in documents]
    found = {}
    for index, document in enumerate(documents):
        counts = Counter(w for fact in extract_facts(document.text) if fact.kind == "entity"
                         for w in fact.parts if len(w) > 2)
        # Ties go to the name read first (a fact's words are a set: its order changes with the hash seed).
        text = lowered[index]
        ranked = sorted(counts.items(), key=lambda item: (-item[1], text.find(item[0]), item[0]))
        names = [w for w, n in ranked[:top] if n >= 2]
        if len(names) < min_names:
            continue
        others = [t for j, t in enumerate(lowered) if j != index]
        shared = [w for w in names if sum(re.search(rf"\b{re.escape(w)}\b", t) is not None for t in others) >= 2]
        if len(shared) <= max_shared * len(names):
            found[document.id] = names
    return found


def content_outliers(
    doc_ids: Sequence[str],
    vectors: np.ndarray,
    *,
    min_similarity: float,
    max_deviation: float = 3.5,
    unshared: Mapping[str, Sequence[str]] | None = None,
) -> list[StaleArticle]:
    """Articles whose content is far from the others'.

    Each article's similarity is the cosine between its vector and the mean
    of the other articles' vectors. An article is off-event when that
    similarity is both below ``min_similarity`` and more than
    ``max_deviation`` robust standard deviations (1.4826 × MAD) below the
    median of the set. An article in ``unshared`` (:func:`unshared_names`)
    needs only the deviation: its names already say it is another story.
    Needs at least four articles: with fewer, the rest is too small to say
    what is usual.
    """
    import scipy.sparse

    n = len(doc_ids)
    if n < 4:
        return []
    # cos(v_i, t - v_i) with t the sum of all rows, from dot products only,
    # so sparse vectors stay sparse: |t - v|² = |t|² - 2 v·t + |v|².
    if scipy.sparse.issparse(vectors):
        rows = scipy.sparse.csr_matrix(vectors, dtype=np.float64)
        total = np.asarray(rows.sum(axis=0)).ravel()
        dot_total = np.asarray(rows @ total).ravel()
        squared = np.asarray(rows.multiply(rows).sum(axis=1)).ravel()
    else:
        vectors = np.asarray(vectors, dtype=np.float64)
        total = vectors.sum(axis=0)
        dot_total = vectors @ total
        squared = np.einsum("ij,ij->i", vectors, vectors)
    dot_others = dot_total - squared
    norm_others = np.sqrt(np.maximum(float(total @ total) - 2.0 * dot_total + squared, 0.0))
    similarity = np.zeros(n)
    np.divide(dot_others, norm_others, out=similarity, where=norm_others > 1e-12)
    median = float(np.median(similarity))
    spread = 1.4826 * float(np.median(np.abs(similarity - median)))
    spread = max(spread, 0.02)  # near-identical articles must not make every difference look huge
    found = []
    for i, doc_id in enumerate(doc_ids):
        deviation = (median - similarity[i]) / spread
        names = (unshared or {}).get(doc_id)
        if deviation > max_deviation and (similarity[i] < min_similarity or names):
            reason = (f"its content is unlike the other articles (similarity {similarity[i]:.2f} "
                      f"against a usual {median:.2f})")
            if names:
                reason += f" and the names it gives most ({', '.join(n.title() for n in names)}) are not in the others"
            found.append(StaleArticle(doc_id, "off-event", reason))
    return found
