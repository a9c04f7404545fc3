"""Which articles a brief sentence cites, and the numbered source list."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from summarize.document import Brief, BriefSentence, Document, Sentence
from summarize.graph.clusters import RedundancyCluster

__all__ = ["assemble_brief"]


def assemble_brief(
    ordered: Sequence[int],
    sentences: Sequence[Sentence],
    clusters: Sequence[RedundancyCluster],
    labels: np.ndarray,
    scores: np.ndarray,
    kept: Sequence[Document],
    documents: Sequence[Document],
) -> Brief:
    """Number the sources by first citation and attach citations to sentences.

    A sentence cites every document of its redundancy cluster. Articles never
    cited follow in input order so the source list shows every input.
    """
    numbers: dict[str, int] = {}
    for i in ordered:
        for doc_id in clusters[labels[i]].doc_ids:
            numbers.setdefault(doc_id, len(numbers) + 1)
    for document in kept:
        numbers.setdefault(document.id, len(numbers) + 1)
    by_id = {d.id: d for d in documents}
    sources = [by_id[doc_id] for doc_id in numbers]
    brief_sentences = []
    for i in ordered:
        cluster = clusters[labels[i]]
        brief_sentences.append(
            BriefSentence(
                text=sentences[i].text,
                score=float(scores[i]),
                sentence_id=sentences[i].id,
                source_sentence_ids=tuple(sentences[m].id for m in sorted(cluster.members)),
                citations=tuple(sorted(numbers[d] for d in cluster.doc_ids)),
                cluster_id=cluster.id,
            )
        )
    return Brief(sentences=brief_sentences, sources=sources)
