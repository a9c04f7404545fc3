"""What the pictures show, as plain numbers: cluster order, 2-D sentence coordinates, each source's share.

Pure functions over a brief's ``details``; no matplotlib, so a notebook user can
tabulate them or draw them another way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:

    from summarize.document import Brief
    from summarize.pipeline import PipelineDetails

__all__ = ["SourceContribution", "cluster_order", "contributions_by_source", "sentence_coordinates"]


def _details(result: Brief | PipelineDetails) -> PipelineDetails:
    """The pipeline details of a Brief, or the details themselves."""
    if hasattr(result, "similarity") and hasattr(result, "selected"):
        return result  # type: ignore[return-value]
    details = getattr(result, "details", None)
    if details is None:
        raise ValueError(
            "this brief carries no pipeline details (a brief read back from JSON does not); "
            "summarise the articles again to plot it"
        )
    return details


def _brief(result: Brief | PipelineDetails) -> Brief | None:
    return result if hasattr(result, "sources") and hasattr(result, "details") else None  # type: ignore[return-value]


def _threshold(result: Brief | PipelineDetails) -> float | None:
    brief = _brief(result)
    value = brief.settings.get("redundancy_threshold") if brief is not None else None
    return float(value) if isinstance(value, (int, float)) else None


def _repeated_clusters(details: PipelineDetails) -> list[Any]:
    """Clusters of two or more sentences, largest first (ties: lower id first)."""
    repeated = [c for c in details.clusters if len(c.members) > 1]
    return sorted(repeated, key=lambda c: (-len(c.members), -c.support, c.id))


def _shorten(text: str, max_characters: int) -> str:
    """``text`` cut at a word boundary to at most ``max_characters``, with an ellipsis when cut."""
    if len(text) <= max_characters:
        return text
    return text[: max_characters - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _brief_numbers(details: PipelineDetails) -> dict[int, int]:
    """Sentence position -> its 1-based place in the brief."""
    return {position: number for number, position in enumerate(details.selected, start=1)}


def cluster_order(result: Brief | PipelineDetails) -> np.ndarray:
    """Sentence positions ordered so that each redundancy cluster is contiguous.

    Clusters of two or more sentences come first, largest first, each with its
    central sentence leading; sentences said only once follow in reading order
    (article by article), so the rest of the matrix still shows articles.
    """
    details = _details(result)
    order = [m for cluster in _repeated_clusters(details) for m in cluster.members]
    repeated = set(order)
    order += [i for i in range(len(details.sentences)) if i not in repeated]
    return np.array(order, dtype=np.int64)


def sentence_coordinates(result: Brief | PipelineDetails) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence as a point in 2-D, and the share of variance each axis keeps.

    Principal component analysis of the sentence embeddings (centred, by
    SVD). Without stored embeddings the similarity matrix is used: for
    unit-length vectors its double-centred form gives the same components.
    Signs are fixed so the largest coordinate of each axis is positive,
    which makes the picture reproducible.
    """
    details = _details(result)
    n = len(details.sentences)
    if n == 0:
        return np.zeros((0, 2)), np.zeros(2)
    vectors = details.embeddings
    if vectors is not None and hasattr(vectors, "toarray"):
        vectors = vectors.toarray()
    if vectors is not None and np.ndim(vectors) == 2 and len(vectors) == n:
        centred = np.asarray(vectors, dtype=np.float64)
        centred = centred - centred.mean(axis=0)
        u, singular, _ = np.linalg.svd(centred, full_matrices=False)
        variance = singular**2
        coordinates = u * singular
    else:
        gram = np.asarray(details.similarity, dtype=np.float64)
        centring = np.eye(n) - 1.0 / n
        eigenvalues, eigenvectors = np.linalg.eigh(centring @ gram @ centring)
        descending = np.argsort(eigenvalues)[::-1]
        variance = np.clip(eigenvalues[descending], 0.0, None)
        coordinates = eigenvectors[:, descending] * np.sqrt(variance)
    coordinates = coordinates[:, :2]
    if coordinates.shape[1] < 2:
        coordinates = np.pad(coordinates, ((0, 0), (0, 2 - coordinates.shape[1])))
    signs = np.sign(coordinates[np.argmax(np.abs(coordinates), axis=0), [0, 1]])
    coordinates = coordinates * np.where(signs == 0, 1.0, signs)
    total = variance.sum()
    explained = np.zeros(2)
    if total > 0:
        explained[: min(2, len(variance))] = variance[:2] / total
    return coordinates, explained


@dataclass(frozen=True)
class SourceContribution:
    """What one article gave the brief.

    ``sentences_taken``: brief sentences whose wording comes from this article.
    ``citations``: brief sentences that cite it (it states the same fact).
    Over all sources the first sums to the number of brief sentences, the
    second to the number of citation marks in the brief.
    """

    doc_id: str
    label: str
    number: int | None
    sentences_taken: int
    citations: int


def _doc_of(sentence_id: str) -> str:
    return sentence_id.rsplit("#", 1)[0]


def contributions_by_source(result: Brief | PipelineDetails) -> list[SourceContribution]:
    """For every source, how many brief sentences it wrote and how many cite it.

    From a Brief the counts are read from its sentences and citations, in
    source-list order (``number`` is the citation number). From details alone
    they are rebuilt from the selection and what each selected sentence cites, in input order.
    """
    brief = _brief(result)
    if brief is not None:
        taken: dict[str, int] = {}
        for sentence in brief.sentences:
            taken[_doc_of(sentence.sentence_id)] = taken.get(_doc_of(sentence.sentence_id), 0) + 1
        cited = [0] * len(brief.sources)
        for sentence in brief.sentences:
            for number in sentence.citations:
                cited[number - 1] += 1
        return [
            SourceContribution(d.id, d.label(), number, taken.get(d.id, 0), cited[number - 1])
            for number, d in enumerate(brief.sources, start=1)
        ]
    details = _details(result)
    taken_by = {d.id: 0 for d in details.documents}
    cited_by = dict(taken_by)
    for position in details.selected:
        taken_by[details.sentences[position].doc_id] += 1
        cited = details.cited.get(position, details.clusters[details.labels[position]].doc_ids)
        for doc_id in cited:
            cited_by[doc_id] += 1
    return [SourceContribution(d.id, d.label(), None, taken_by[d.id], cited_by[d.id]) for d in details.documents]


def _day(document: Any) -> str | None:
    published = getattr(document, "published", None)
    return published.date().isoformat() if published is not None else None


def _source_names(result: Brief | PipelineDetails) -> dict[str, str]:
    """doc_id -> "[n] Outlet" when a Brief gives citation numbers, else the outlet."""
    brief = _brief(result)
    if brief is not None:
        return {d.id: f"[{n}] {d.label()}" for n, d in enumerate(brief.sources, start=1)}
    return {d.id: d.label() for d in _details(result).documents}


def _weights(result: Brief | PipelineDetails) -> tuple[float, float] | None:
    """(support_weight, position_weight) the brief was scored with; None from details alone."""
    brief = _brief(result)
    if brief is None or "support_weight" not in brief.settings:
        return None
    return float(brief.settings["support_weight"]), float(brief.settings.get("position_weight", 0.0))


def _score_formula(weights: tuple[float, float] | None) -> str:
    """The scoring rule in words, with the weights the brief was made with."""
    if weights is None:
        return "centrality, support and the score they make"
    support_weight, position_weight = weights
    formula = "score = centrality × support"
    if support_weight != 1.0:
        formula += f"$^{{{support_weight:g}}}$"
    if position_weight:
        formula += f" × lead, lead = (1 + position in article)$^{{-{position_weight:g}}}$"
    return formula
