"""Pictures of what the pipeline saw, for notebooks and reports.

Every figure function takes a :class:`~summarize.document.Brief` (or its
``details``, a :class:`~summarize.pipeline.PipelineDetails`) and returns a
matplotlib ``Figure``; nothing is computed again, the plots read the
intermediate results the run kept. pyplot does not keep the figures, so a
notebook shows each one once (as the cell's value) and a script saves it with
``figure.savefig(path)``.

The data behind each picture is a plain function too (:func:`cluster_order`,
:func:`sentence_coordinates`, :func:`contributions_by_source`), usable without
matplotlib.

matplotlib is an optional extra: ``pip install "summarize[plot]"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from summarize.document import Brief
    from summarize.pipeline import PipelineDetails

__all__ = [
    "SourceContribution",
    "cluster_order",
    "contributions_by_source",
    "sentence_coordinates",
    "sentence_map",
    "sentence_scores",
    "similarity_heatmap",
    "source_contributions",
]

_INSTALL_HINT = 'pip install "summarize[plot]"'
# Colour-blind-friendly qualitative palette (Okabe and Ito, 2008), pale yellow
# last; black and vermilion are left out because they mark the brief's
# sentences. Clusters beyond the palette share one dark grey.
_CLUSTER_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#F0E442")
_OTHER_CLUSTER_COLOUR = "#6b6b6b"
_SINGLE_COLOUR = "#c8c8c8"
_SELECTED_COLOUR = "#D55E00"
_PLAIN_BAR_COLOUR = "#9db4cf"


def _figure(**kwargs: Any) -> Figure:
    """A new Figure, or one clear sentence when matplotlib is missing."""
    try:
        from matplotlib import pyplot
    except ImportError:
        raise ImportError(f"summarize.plot draws with matplotlib, which is not installed: {_INSTALL_HINT}") from None
    figure = pyplot.figure(layout="constrained", **kwargs)
    # Made through pyplot so the backend loads (in Jupyter that is what lets a
    # Figure display itself), then closed at once: pyplot neither shows it a
    # second time at the end of the cell nor keeps it alive after use.
    pyplot.close(figure)
    return figure


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


def _cluster_colours(details: PipelineDetails) -> dict[int, str]:
    """A colour for each repeated cluster: the largest get the palette, the rest one grey."""
    colours = {}
    for rank, cluster in enumerate(_repeated_clusters(details)):
        colours[cluster.id] = _CLUSTER_COLOURS[rank] if rank < len(_CLUSTER_COLOURS) else _OTHER_CLUSTER_COLOUR
    return colours


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
    they are rebuilt from the selection and the clusters, in input order.
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
        for doc_id in details.clusters[details.labels[position]].doc_ids:
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


def _shown_rows(details: PipelineDetails, order: np.ndarray, max_sentences: int | None) -> np.ndarray:
    """``order`` cut to at most ``max_sentences`` whole clusters: the brief's first, then in order."""
    if max_sentences is None or len(order) <= max_sentences:
        return order
    labels = [int(details.labels[p]) for p in order]
    groups: dict[int, int] = {}  # cluster -> rows, in order
    for label in labels:
        groups[label] = groups.get(label, 0) + 1
    in_brief = {int(details.labels[p]) for p in details.selected}
    kept: set[int] = set()
    rows = 0
    for wanted in (True, False):
        for label, size in groups.items():
            if (label in in_brief) == wanted and rows + size <= max_sentences:
                kept.add(label)
                rows += size
    return np.array([p for p, label in zip(order, labels) if label in kept], dtype=np.int64)


def similarity_heatmap(
    result: Brief | PipelineDetails, *, size: tuple[float, float] = (7.5, 6.5), max_sentences: int | None = 400
) -> Figure:
    """Cosine similarity of every pair of sentences, grouped by redundancy cluster.

    Rows and columns follow :func:`cluster_order`: boxed squares on the
    diagonal are the facts that several sentences repeat; the brief's
    sentences are ticked ``B1``, ``B2``... in brief order. Past
    ``max_sentences`` (a picture cannot show more) whole clusters are left
    out, never those of the brief. ``size`` is in inches.
    """
    details = _details(result)
    total = len(details.sentences)
    order = _shown_rows(details, cluster_order(details), max_sentences)
    figure = _figure(figsize=size)
    ax = figure.add_subplot()
    n = len(order)
    # Indexing works for the dense matrix and for the on-demand one of large inputs.
    matrix = np.asarray(details.similarity[np.ix_(order, order)], dtype=np.float32)
    image = ax.imshow(matrix, cmap="Greys", vmin=0.0, vmax=1.0, interpolation="nearest")
    colourbar = figure.colorbar(image, ax=ax, shrink=0.8, label="cosine similarity (negatives shown as 0)")
    threshold = _threshold(result)
    if threshold is not None:
        ticks = [t for t in np.linspace(0.0, 1.0, 6) if abs(t - threshold) > 0.07]
        colourbar.set_ticks([*ticks, threshold], labels=[f"{t:.1f}" for t in ticks] + [f"{threshold:.2f}: same fact"])
        colourbar.ax.axhline(threshold, color=_SELECTED_COLOUR, linewidth=2)

    from matplotlib.patches import Rectangle

    colours = _cluster_colours(details)
    start = 0  # rows of repeated clusters, which come first
    while start < n and int(details.labels[order[start]]) in colours:
        label = int(details.labels[order[start]])
        rows = int(np.sum(details.labels[order] == label))
        ax.add_patch(
            Rectangle((start - 0.5, start - 0.5), rows, rows, fill=False, edgecolor=colours[label], linewidth=2)
        )
        start += rows
    if 0 < start < n:
        ax.axhline(start - 0.5, color=_OTHER_CLUSTER_COLOUR, linewidth=0.8, linestyle="--")
        ax.axvline(start - 0.5, color=_OTHER_CLUSTER_COLOUR, linewidth=0.8, linestyle="--")

    numbers = _brief_numbers(details)
    rows_in_brief = [row for row, position in enumerate(order) if position in numbers]
    ax.set_xticks(rows_in_brief, [""] * len(rows_in_brief))
    ax.set_yticks(rows_in_brief, [""] * len(rows_in_brief))
    ax.tick_params(color=_SELECTED_COLOUR, length=6, width=1.5)
    # Brief sentences can sit in adjacent rows: spread their labels apart
    # (at least ~1/40 of the height) and point each at its row.
    gap = max(n / 40.0, 1.0)
    placed = -np.inf
    for row in rows_in_brief:
        placed = max(row, placed + gap)
        ax.annotate(
            f"B{numbers[order[row]]}",
            xy=(-0.5, row),
            xytext=(-0.5 - n * 0.035, placed),
            ha="right",
            va="center",
            fontsize=8,
            fontweight="bold",
            color=_SELECTED_COLOUR,
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": _SELECTED_COLOUR, "linewidth": 0.8, "shrinkA": 1, "shrinkB": 0},
        )
    boxes = len(ax.patches)
    shown = f"{n} sentences" if n == total else f"{n} of {total} sentences"
    ax.set_xlabel(f"{shown}: {start} in {boxes} repeated facts (boxed), then the rest article by article")
    ax.set_ylabel("same order; B1, B2... are the brief's sentences", labelpad=22)
    ax.set_title("Sentence similarity, grouped by redundancy cluster")
    return figure


def sentence_map(
    result: Brief | PipelineDetails, *, size: tuple[float, float] = (12.0, 6.0), annotate: bool = True
) -> Figure:
    """A 2-D map of the sentences (:func:`sentence_coordinates`).

    Sentences that repeat a fact share a colour and are joined to their
    cluster's central sentence; sentences said once are light grey; the
    brief's sentences are ringed in black and, with ``annotate``, numbered in
    brief order. ``size`` is in inches.
    """
    details = _details(result)
    coordinates, explained = sentence_coordinates(details)
    colours = _cluster_colours(details)
    figure = _figure(figsize=size)
    ax = figure.add_subplot()
    labels = np.asarray(details.labels)
    single = np.array([int(label) not in colours for label in labels], dtype=bool)
    ax.scatter(
        coordinates[single, 0], coordinates[single, 1], s=18, color=_SINGLE_COLOUR, label="said once", zorder=2
    )
    shown_other = False
    for rank, cluster in enumerate(_repeated_clusters(details)):
        colour = colours[cluster.id]
        members = list(cluster.members)
        centre = coordinates[members[0]]
        for member in members[1:]:
            ax.plot(*zip(centre, coordinates[member]), color=colour, linewidth=0.8, alpha=0.7, zorder=1)
        if rank < len(_CLUSTER_COLOURS):
            excerpt = _shorten(details.sentences[members[0]].text, 48)
            label = f"“{excerpt}” ({len(members)} sentences, {cluster.support} articles)"
        elif not shown_other:
            label, shown_other = "other repeated facts", True
        else:
            label = None
        ax.scatter(
            coordinates[members, 0],
            coordinates[members, 1],
            s=34,
            color=colour,
            edgecolor="white",
            linewidth=0.5,
            label=label,
            zorder=3,
        )
    selected = list(details.selected)
    if selected:
        ax.scatter(
            coordinates[selected, 0],
            coordinates[selected, 1],
            s=150,
            facecolor="none",
            edgecolor="black",
            linewidth=1.6,
            label="in the brief (numbered in brief order)",
            zorder=4,
        )
    if annotate:
        for number, position in enumerate(selected, start=1):
            ax.annotate(
                str(number),
                coordinates[position],
                xytext=(7, 6),
                textcoords="offset points",
                fontsize=9,
                fontweight="bold",
                zorder=5,
            )
    ax.set_xlabel(f"principal component 1 ({explained[0]:.0%} of variance)")
    ax.set_ylabel(f"principal component 2 ({explained[1]:.0%} of variance)")
    ax.set_title(f"{len(details.sentences)} sentences from {len(details.documents)} articles, by meaning")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, title="redundancy clusters")
    return figure


def _shade_articles(ax: Axes, details: PipelineDetails, names: dict[str, str], *, label: bool) -> None:
    """Alternate background bands, one per article, with its name on top."""
    start = 0
    total = max(len(details.sentences), 1)
    width_in_characters = ax.figure.get_figwidth() * 14.0  # 8-point text: ~15 characters an inch, less margins
    for band, document in enumerate(details.documents):
        count = sum(1 for s in details.sentences if s.doc_id == document.id)
        if count == 0:
            continue
        if band % 2 == 0:
            ax.axvspan(start - 0.5, start + count - 0.5, color="#f0f0f0", zorder=0)
        if label:
            # A narrow band gets a shortened name so neighbours do not overlap.
            room = int(width_in_characters * count / total)
            name = names.get(document.id, document.label())
            ax.text(
                start + count / 2 - 0.5,
                1.02,
                _shorten(name, room) if room >= 4 else "",
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=8,
            )
        start += count


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


def sentence_scores(result: Brief | PipelineDetails, *, size: tuple[float, float] | None = None) -> Figure:
    """Per sentence, in reading order: centrality, support, lead factor and the final score.

    The final score is centrality (rescaled to mean 1) times support, the
    number of articles stating the sentence's fact, times a lead factor that
    favours sentences early in their article (drawn when the brief used one).
    Bars of the brief's sentences are coloured and numbered in brief order;
    grey bands separate the articles. ``size`` is in inches.
    """
    details = _details(result)
    n = len(details.sentences)
    positions = np.arange(n)
    centrality = np.asarray(details.centrality, dtype=np.float64) * n
    panels = [
        (centrality, "centrality\n(LexRank, mean 1)"),
        (np.asarray(details.support, dtype=np.float64), "support\n(articles saying it)"),
    ]
    weights = _weights(result)
    if weights is not None and weights[1]:
        index_in_article = np.array([s.index for s in details.sentences], dtype=np.float64)
        panels.append((np.power(1.0 + index_in_article, -weights[1]), "lead\n(early in article)"))
    panels.append((np.asarray(details.scores, dtype=np.float64), "score"))
    numbers = _brief_numbers(details)
    colours = [_SELECTED_COLOUR if i in numbers else _PLAIN_BAR_COLOUR for i in positions]
    names = _source_names(result)
    figure = _figure(figsize=size or (10.0, 2.0 + 1.7 * len(panels)))
    axes = figure.subplots(len(panels), 1, sharex=True)
    for row, (ax, (values, title)) in enumerate(zip(axes, panels)):
        _shade_articles(ax, details, names, label=row == 0)
        ax.bar(positions, values, width=0.85, color=colours, zorder=2)
        ax.set_ylabel(title, fontsize=9)
        ax.set_ylim(0, max(float(values.max()) if n else 1.0, 1.0) * 1.15)
        ax.margins(x=0.005)
    support_ax = axes[1]
    support_ax.yaxis.get_major_locator().set_params(integer=True)
    score_ax = axes[-1]
    for position, number in numbers.items():
        score_ax.annotate(
            str(number),
            (position, details.scores[position]),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color=_SELECTED_COLOUR,
            fontweight="bold",
        )
    score_ax.set_xlabel("sentences in reading order, article by article; orange: in the brief (numbered)")
    figure.suptitle(f"How sentences were scored: {_score_formula(weights)}")
    return figure


def source_contributions(result: Brief | PipelineDetails, *, size: tuple[float, float] | None = None) -> Figure:
    """How much each source gave the brief (:func:`contributions_by_source`).

    A light bar counts the brief sentences that cite the source; the dark
    part of it, those whose wording was taken from it. ``size`` is in inches
    (default: grows with the number of sources).
    """
    contributions = contributions_by_source(result)
    count = len(contributions)
    figure = _figure(figsize=size or (8.0, 1.2 + 0.45 * max(count, 1)))
    ax = figure.add_subplot()
    rows = np.arange(count)
    names = [f"[{c.number}] {c.label}" if c.number is not None else c.label for c in contributions]
    brief = _brief(result)
    if brief is not None:
        dates = [_day(d) for d in brief.sources]
        names = [f"{name}, {date}" if date else name for name, date in zip(names, dates)]
    cited = np.array([c.citations for c in contributions])
    taken = np.array([c.sentences_taken for c in contributions])
    ax.barh(rows, cited, height=0.7, color=_PLAIN_BAR_COLOUR, label="cited by (states the same fact)")
    ax.barh(rows, taken, height=0.7, color="#1f4e89", label="wording taken from it")
    for row in rows:
        ax.text(cited[row] + 0.08, row, f"{taken[row]} / {cited[row]}", va="center", fontsize=8)
    ax.set_yticks(rows, names, fontsize=9)
    ax.invert_yaxis()
    total = int(taken.sum())
    ax.set_xlim(0, max(total, 1) + 0.6)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(f"brief sentences (the brief has {total}); numbers: wording taken / cited")
    ax.set_title("What each source contributed to the brief")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22 * 6 / max(count, 3)), ncols=2, fontsize=8, frameon=False)
    return figure
