"""Pictures of what the pipeline saw (similarity, clusters, centrality, sources), and the numbers behind them.

``from summarize import plot``; then ``plot.similarity_heatmap(brief)`` and the
others each draw one matplotlib figure (``pip install -e ".[plot]"``).
"""

from summarize.plot.data import SourceContribution, cluster_order, contributions_by_source, sentence_coordinates
from summarize.plot.figures import sentence_map, sentence_scores, similarity_heatmap, source_contributions

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
