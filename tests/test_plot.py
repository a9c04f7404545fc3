"""summarize.plot: each picture must show what the pipeline kept, not merely draw.

The briefs come from hand-built articles and a keyword embedder, so the
redundancy clusters are known: three articles say the bridge closed, two that
people were evacuated, and every other sentence is said once.
"""

from __future__ import annotations

import dataclasses
import sys

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from summarize import (  # noqa: E402
    Summarizer,
    TfidfEmbedder,
    plot,  # noqa: E402
)
from tests.conftest import KeywordEmbedder, make_doc  # noqa: E402

TOPICS = ["bridge closed", "evacuated", "weather", "traffic", "mayor", "ferry", "inspection", "union"]


def _documents():
    return [
        make_doc(
            "herald",
            "The bridge closed on Tuesday after part of the deck fell. "
            "Some 212 people were evacuated from the stranded deck. "
            "The weather was mild and sunny for the whole morning.",
            day=11,
            source="Herald",
        ),
        make_doc(
            "wire",
            "Officials said the bridge closed early on Tuesday morning. "
            "About 230 people were evacuated by the fire service crews. "
            "Traffic backed up for miles along the coast road all day.",
            day=11,
            source="Wire",
        ),
        make_doc(
            "times",
            "The bridge closed to all vehicles on Tuesday after the failure. "
            "The mayor promised a full public inquiry into the failure. "
            "Extra ferry services will run between the two shores this week. "
            "The last inspection of the bearings took place in June.",
            day=12,
            source="Times",
        ),
        make_doc(
            "gazette",
            "The dock union said its members would help clear the wreckage soon.",
            day=12,
            source="Gazette",
        ),
    ]


@pytest.fixture(scope="module")
def brief():
    return Summarizer(embedder=KeywordEmbedder(TOPICS), max_words=40).summarize(_documents())


@pytest.fixture(scope="module")
def details(brief):
    return brief.details


def _cluster_of(details, position):
    return details.clusters[details.labels[position]]


def test_fixture_has_the_planned_clusters(details) -> None:
    sizes = sorted((len(c.members) for c in details.clusters), reverse=True)
    assert sizes[:2] == [3, 2] and set(sizes[2:]) == {1}
    assert len(details.selected) >= 2


def test_cluster_order_is_a_permutation_with_contiguous_clusters(details) -> None:
    order = plot.cluster_order(details)
    assert sorted(order.tolist()) == list(range(len(details.sentences)))
    row_of = {position: row for row, position in enumerate(order)}
    for cluster in details.clusters:
        rows = sorted(row_of[m] for m in cluster.members)
        assert rows == list(range(rows[0], rows[0] + len(rows))), f"cluster {cluster.id} is split"
    # Largest repeated cluster first, its central sentence leading; singletons in reading order after.
    biggest = max(details.clusters, key=lambda c: len(c.members))
    assert order[0] == biggest.members[0]
    singles = [p for p in order if len(_cluster_of(details, p).members) == 1]
    assert singles == sorted(singles) and order[-len(singles) :].tolist() == singles


def test_heatmap_shows_the_reordered_similarity_with_boxed_clusters(details) -> None:
    figure = plot.similarity_heatmap(details)
    ax = figure.axes[0]
    order = plot.cluster_order(details)
    shown = np.asarray(ax.images[0].get_array())
    np.testing.assert_allclose(shown, details.similarity[np.ix_(order, order)])
    boxes = sorted(
        (round(p.get_x() + 0.5), round(p.get_width())) for p in ax.patches if isinstance(p, Rectangle)
    )
    assert boxes == [(0, 3), (3, 2)]  # the 3-article fact, then the 2-article fact, on the diagonal
    for start, size in boxes:
        members = order[start : start + size]
        assert len({int(details.labels[m]) for m in members}) == 1


def test_heatmap_labels_point_at_the_brief_sentences(details) -> None:
    ax = plot.similarity_heatmap(details).axes[0]
    order = plot.cluster_order(details).tolist()
    expected = {f"B{number}": order.index(position) for number, position in enumerate(details.selected, start=1)}
    pointed = {a.get_text(): a.xy[1] for a in ax.texts if a.get_text().startswith("B")}
    assert pointed == expected
    assert sorted(ax.get_yticks().tolist()) == sorted(expected.values())


class _OnDemand:
    """Answers similarity[np.ix_(rows, cols)] only, like the on-demand matrix of large inputs."""

    def __init__(self, dense: np.ndarray) -> None:
        self.dense, self.shape = dense, dense.shape

    def __getitem__(self, index):
        return self.dense[index]

    def __array__(self, *args, **kwargs):
        raise AssertionError("the heatmap built the whole n×n matrix")


def test_heatmap_of_a_large_input_shows_whole_clusters_and_every_brief_sentence(details) -> None:
    limit = len(details.selected) + 3
    large = dataclasses.replace(details, similarity=_OnDemand(details.similarity))
    ax = plot.similarity_heatmap(large, max_sentences=limit).axes[0]
    shown_rows = ax.images[0].get_array().shape[0]
    assert len(details.selected) <= shown_rows <= limit < len(details.sentences)
    pointed = {a.get_text() for a in ax.texts if a.get_text().startswith("B")}
    assert pointed == {f"B{number}" for number in range(1, len(details.selected) + 1)}
    assert f"{shown_rows} of {len(details.sentences)} sentences" in ax.get_xlabel()
    for box in (p for p in ax.patches if isinstance(p, Rectangle)):  # a boxed cluster is shown whole
        start, size = round(box.get_x() + 0.5), round(box.get_width())
        cluster_sizes = {len(c.members) for c in details.clusters if len(c.members) > 1}
        assert size in cluster_sizes and start + size <= shown_rows


def test_heatmap_marks_the_threshold_when_given_a_brief(brief) -> None:
    figure = plot.similarity_heatmap(brief)
    colourbar = figure.axes[1]
    labels = [t.get_text() for t in colourbar.get_yticklabels()]
    threshold = brief.settings["redundancy_threshold"]
    assert f"{threshold:.2f}: same fact" in labels


def test_sentence_map_rings_exactly_the_selected_sentences(details) -> None:
    figure = plot.sentence_map(details)
    ax = figure.axes[0]
    coordinates, _ = plot.sentence_coordinates(details)
    rings = [c for c in ax.collections if isinstance(c, PathCollection) and c.get_label().startswith("in the brief")]
    assert len(rings) == 1
    np.testing.assert_allclose(rings[0].get_offsets(), coordinates[details.selected])
    numbers = {a.get_text(): tuple(a.xy) for a in ax.texts}
    for number, position in enumerate(details.selected, start=1):
        assert numbers[str(number)] == pytest.approx(tuple(coordinates[position]))


def test_sentence_map_gives_each_repeated_fact_its_own_colour(details) -> None:
    ax = plot.sentence_map(details).axes[0]
    coordinates, _ = plot.sentence_coordinates(details)
    colour_of_point = {}
    for collection in ax.collections:
        if collection.get_label().startswith("in the brief"):
            continue
        colours = collection.get_facecolors()
        for row, point in enumerate(collection.get_offsets()):
            colour_of_point[tuple(np.round(point, 9))] = to_hex(colours[min(row, len(colours) - 1)])
    colour_by_cluster = {}
    for position, label in enumerate(details.labels):
        colour = colour_of_point[tuple(np.round(coordinates[position], 9))]
        colour_by_cluster.setdefault(int(label), set()).add(colour)
    repeated = [c.id for c in details.clusters if len(c.members) > 1]
    singles = [c.id for c in details.clusters if len(c.members) == 1]
    assert all(len(colour_by_cluster[c]) == 1 for c in repeated)
    repeated_colours = [next(iter(colour_by_cluster[c])) for c in repeated]
    assert len(set(repeated_colours)) == len(repeated)
    single_colours = set().union(*(colour_by_cluster[c] for c in singles))
    assert len(single_colours) == 1 and not single_colours & set(repeated_colours)


def test_sentence_coordinates_are_the_principal_components(details) -> None:
    coordinates, explained = plot.sentence_coordinates(details)
    vectors = np.asarray(details.embeddings, dtype=np.float64)
    centred = vectors - vectors.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    expected = centred @ components[:2].T
    np.testing.assert_allclose(np.abs(coordinates), np.abs(expected), atol=1e-6)
    np.testing.assert_allclose(explained, singular[:2] ** 2 / (singular**2).sum())
    # Without embeddings the similarity matrix gives the same picture.
    from_similarity, _ = plot.sentence_coordinates(dataclasses.replace(details, embeddings=None))
    np.testing.assert_allclose(from_similarity, coordinates, atol=1e-5)


def test_sentence_map_works_with_sparse_tfidf_vectors() -> None:
    tfidf_brief = Summarizer(embedder=TfidfEmbedder(), max_words=40).summarize(_documents())
    coordinates, explained = plot.sentence_coordinates(tfidf_brief)
    assert coordinates.shape == (len(tfidf_brief.details.sentences), 2)
    assert 0 < explained[1] <= explained[0] < 1
    plot.sentence_map(tfidf_brief)


def test_contributions_add_up_to_the_brief(brief) -> None:
    contributions = plot.contributions_by_source(brief)
    assert [c.number for c in contributions] == list(range(1, len(brief.sources) + 1))
    assert sum(c.sentences_taken for c in contributions) == len(brief.sentences)
    assert sum(c.citations for c in contributions) == sum(len(s.citations) for s in brief.sentences)
    for contribution in contributions:
        cited = [s for s in brief.sentences if contribution.number in s.citations]
        written = [s for s in brief.sentences if s.sentence_id.rsplit("#", 1)[0] == contribution.doc_id]
        assert (contribution.citations, contribution.sentences_taken) == (len(cited), len(written))


def test_contributions_from_details_agree_with_the_brief(brief) -> None:
    from_brief = {c.doc_id: (c.sentences_taken, c.citations) for c in plot.contributions_by_source(brief)}
    from_details = {c.doc_id: (c.sentences_taken, c.citations) for c in plot.contributions_by_source(brief.details)}
    assert from_details == from_brief


def test_contribution_bars_have_the_counted_lengths(brief) -> None:
    ax = plot.source_contributions(brief).axes[0]
    contributions = plot.contributions_by_source(brief)
    cited_bars, taken_bars = ax.containers
    assert [bar.get_width() for bar in cited_bars] == [c.citations for c in contributions]
    assert [bar.get_width() for bar in taken_bars] == [c.sentences_taken for c in contributions]
    names = [label.get_text() for label in ax.get_yticklabels()]
    assert names[0].startswith(f"[1] {brief.sources[0].label()}")


def test_score_panels_plot_centrality_support_and_score(details) -> None:
    figure = plot.sentence_scores(details)  # details alone: the weights are unknown, no lead panel
    centrality_ax, support_ax, score_ax = figure.axes
    n = len(details.sentences)
    heights = [[bar.get_height() for bar in ax.containers[0]] for ax in (centrality_ax, support_ax, score_ax)]
    np.testing.assert_allclose(heights[0], details.centrality * n)
    np.testing.assert_allclose(heights[1], details.support)
    np.testing.assert_allclose(heights[2], details.scores)
    highlighted = [i for i, bar in enumerate(score_ax.containers[0]) if to_hex(bar.get_facecolor()) == "#d55e00"]
    assert highlighted == sorted(details.selected)
    numbered = {int(a.get_text()): a.xy[0] for a in score_ax.texts if a.get_text().isdigit()}
    assert numbered == {number: position for number, position in enumerate(details.selected, start=1)}


def test_score_panels_multiply_to_the_score_with_the_brief_weights(brief) -> None:
    weighted = dataclasses.replace(brief, settings={**brief.settings, "support_weight": 1.0, "position_weight": 1.0})
    figure = plot.sentence_scores(weighted)
    assert "(1 + position in article)$^{-1}$" in figure.get_suptitle()
    centrality, support, lead, _ = ([bar.get_height() for bar in ax.containers[0]] for ax in figure.axes)
    indexes = np.array([s.index for s in brief.details.sentences])
    np.testing.assert_allclose(lead, 1.0 / (1.0 + indexes))
    # The panels are the factors the pipeline multiplies, so with its weights they give its scores.
    rescored = Summarizer(embedder=KeywordEmbedder(TOPICS), max_words=40, position_weight=1.0).summarize(_documents())
    np.testing.assert_allclose(np.multiply(np.multiply(centrality, support), lead), rescored.details.scores)


def test_figures_are_not_left_open_in_pyplot(details) -> None:
    from matplotlib import pyplot

    before = pyplot.get_fignums()
    plot.similarity_heatmap(details)
    plot.source_contributions(details)
    assert pyplot.get_fignums() == before  # else Jupyter would draw each twice, and loops would leak


def test_plotting_a_brief_without_details_says_why(brief) -> None:
    bare = dataclasses.replace(brief, details=None)
    with pytest.raises(ValueError, match="no pipeline details"):
        plot.similarity_heatmap(bare)


def test_missing_matplotlib_gives_the_install_hint(details, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import now fails
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install -e "\.\[plot\]"'):  # the package is not on PyPI
        plot.sentence_scores(details)
    # The data functions do not need matplotlib.
    assert len(plot.contributions_by_source(details)) == len(details.documents)
