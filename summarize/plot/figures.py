"""Pictures of what the pipeline saw: similarity, redundancy clusters, scores, and what each source contributed.

Each function draws one matplotlib figure from a brief (``brief.details``)
and returns it; matplotlib is an optional extra (``pip install -e ".[plot]"``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import numpy as np

from summarize.plot.data import (
    _brief,
    _brief_numbers,
    _day,
    _details,
    _repeated_clusters,
    _score_formula,
    _shorten,
    _source_names,
    _threshold,
    _weights,
    cluster_order,
    contributions_by_source,
    sentence_coordinates,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from summarize.document import Brief
    from summarize.pipeline import PipelineDetails

__all__ = ["sentence_map", "sentence_scores", "similarity_heatmap", "source_contributions"]

_INSTALL_HINT = 'pip install -e ".[plot]" (from the summarize repository root)'
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


def _cluster_colours(details: PipelineDetails) -> dict[int, str]:
    """A colour for each repeated cluster: the largest get the palette, the rest one grey."""
    colours = {}
    for rank, cluster in enumerate(_repeated_clusters(details)):
        colours[cluster.id] = _CLUSTER_COLOURS[rank] if rank < len(_CLUSTER_COLOURS) else _OTHER_CLUSTER_COLOUR
    return colours


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
    width_in_characters = cast("Figure", ax.figure).get_figwidth() * 14.0  # our axes sit on a Figure, never a SubFigure  # 8-point text: ~15 characters an inch, less margins
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
    from matplotlib.ticker import MaxNLocator

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
        ax.text(cited[row] + 0.08, float(row), f"{taken[row]} / {cited[row]}", va="center", fontsize=8)
    ax.set_yticks(rows, names, fontsize=9)
    ax.invert_yaxis()
    total = int(taken.sum())
    ax.set_xlim(0, max(total, 1) + 0.6)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"brief sentences (the brief has {total}); numbers: wording taken / cited")
    ax.set_title("What each source contributed to the brief")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22 * 6 / max(count, 3)), ncols=2, fontsize=8, frameon=False)
    return figure
