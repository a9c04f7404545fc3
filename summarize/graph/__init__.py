"""The sentence graph: similarity, redundancy clusters, centrality."""

__all__: list[str] = []
