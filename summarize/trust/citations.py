"""Which articles a brief sentence cites, and the numbered source list.

A citation means "this article states this sentence": the article's own best
matching sentences (one, or two read together) must hold every figure, date
and name of the sentence and most of the words of its main clause. An article
that is only about the same thing is related, never cited; the article the
words were taken from is always cited.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from summarize.document import Brief, BriefSentence, Document, Sentence
from summarize.graph.clusters import RedundancyCluster

__all__ = ["assemble_brief", "renumber_sources", "sources_of"]


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


def sources_of(citations: Sequence[int], brief: Brief) -> list[Document]:
    """The source documents behind 1-based citation numbers."""
    return [brief.sources[n - 1] for n in citations if 0 < n <= len(brief.sources)]


def renumber_sources(brief: Brief, cited: Sequence[Sequence[str]]) -> dict[str, int]:
    """Number the sources by first citation, given each sentence's cited document ids; returns id -> number.

    Sentences cite what ``cited`` says; evidence keeps the new number of its
    article (0 for an article that is not listed). Articles cited nowhere
    follow in their earlier order, so the list still shows every input.
    """
    order: dict[str, int] = {}
    for doc_ids in cited:
        for doc_id in doc_ids:
            order.setdefault(doc_id, len(order) + 1)
    for document in brief.sources:
        order.setdefault(document.id, len(order) + 1)
    by_id = {d.id: d for d in brief.sources}
    brief.sources = [by_id[doc_id] for doc_id in order]
    for i, (sentence, doc_ids) in enumerate(zip(brief.sentences, cited, strict=True)):
        evidence = tuple(dataclasses.replace(e, citation=order.get(e.doc_id, 0)) for e in sentence.evidence)
        brief.sentences[i] = dataclasses.replace(
            sentence, evidence=evidence, citations=tuple(sorted(order[d] for d in doc_ids))
        )
    return order
