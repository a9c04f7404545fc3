"""Stale and other-edition articles on real news: false alarms on DUC, recall on constructed insertions.

    python -m benchmarks.stale_dev [--duc2003 PATH] [--duc2004 PATH] [--out benchmarks/results/stale.md]

Each DUC cluster is about one event, so every article left out of one is a false alarm. Both sets are
judged twice: as they are (publication dates in the metadata) and with every date stripped (the
case the text-based tests are for). The off-event test runs on the default embedder's sentence
vectors with its own threshold (``embedder.profile.off_event_similarity``), as the pipeline does.

Recall is measured on insertions built at run time from the data (nothing is copied into the
repository): into each DUC 2003 cluster, stripped of dates, goes one undated article from the
*most similar other* cluster of DUC 2003 + 2004 (TF-IDF centroid cosine; not the same topic id,
no shared article, cosine under ``SAME_EVENT_SIMILARITY`` so not the same event), the one nearest the
host's centroid: another story of the same kind or about the same people. It should be left out.

Writes ``stale.md`` (tables, each exclusion with its reason) and ``stale.json`` (counts only: no
DUC ids or text in non-Markdown files).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from summarize._version import __version__
from summarize.document import Document
from summarize.embed import Embedder, resolve_embedder
from summarize.embed.cache import cached_encode, default_cache
from summarize.io.records import make_document
from summarize.text.segment import segment_document
from summarize.trust.editions import out_of_place
from summarize.trust.stale import StaleArticle, content_outliers, document_vectors, unshared_names

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT / ".." / "shared" / "data"
#: Cluster centroids this close are the same event under two topic ids (checked by reading a few).
SAME_EVENT_SIMILARITY = 0.6


def load(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def to_documents(cluster: dict[str, Any], *, dated: bool, prefix: str = "") -> list[Document]:
    """The cluster's articles as a user's loader makes them (clutter rules on), with or without dates."""
    return [
        make_document(doc_id=prefix + article["id"], raw_text=article["text"], title=None, source=None, url=None,
                      published=_dt.datetime.fromisoformat(article["date"]) if dated and article.get("date") else None,
                      path=None, metadata={}, clean=True)
        for article in cluster["documents"]
    ]


def judge(documents: list[Document], embedder: Embedder) -> list[StaleArticle]:
    """What the pipeline sets aside before and after embedding: by date and edition, then off-event."""
    found = out_of_place(documents)
    flagged = {f.doc_id for f in found}
    sentences = [s for d in documents if d.id not in flagged for s in segment_document(d)]
    if sentences:
        vectors = cached_encode(embedder, [s.text for s in sentences], default_cache())
        doc_ids, doc_vectors = document_vectors(vectors, [s.doc_id for s in sentences])
        found += content_outliers(doc_ids, doc_vectors, min_similarity=embedder.profile.off_event_similarity,
                                  unshared=unshared_names([d for d in documents if d.id not in flagged]))
    return found


def centroids(clusters: list[dict[str, Any]]) -> tuple[np.ndarray, list[np.ndarray], Any]:
    """One TF-IDF vector per cluster (mean of its articles) and per article, on one shared vocabulary."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a["text"] for c in clusters for a in c["documents"]]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit(texts)
    per_article = []
    means = []
    for cluster in clusters:
        rows = vectorizer.transform([a["text"] for a in cluster["documents"]]).toarray()
        per_article.append(rows)
        mean = rows.mean(axis=0)
        means.append(mean / (np.linalg.norm(mean) or 1.0))
    return np.array(means), per_article, vectorizer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duc2003", type=Path, default=DATA / "duc2003" / "clusters.jsonl")
    parser.add_argument("--duc2004", type=Path, default=DATA / "duc2004" / "clusters.jsonl")
    parser.add_argument("--embedder", default=None, help="for the off-event test (default: the library's default)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "benchmarks" / "results" / "stale.md")
    args = parser.parse_args(argv)
    started = time.time()
    sets = {"DUC 2003 (dev)": load(args.duc2003), "DUC 2004 (test)": load(args.duc2004)}
    embedder = resolve_embedder(args.embedder)
    rows: list[tuple[str, int, int, int]] = []
    listed: list[str] = []

    for name, clusters in sets.items():
        for dated in (True, False):
            setting = f"{name}, {'dates as given' if dated else 'dates stripped'}"
            articles = excluded = 0
            for cluster in clusters:
                documents = to_documents(cluster, dated=dated)
                articles += len(documents)
                for article in judge(documents, embedder):
                    excluded += 1
                    listed.append(f"- false alarm, {setting}, {cluster['id']} {article.doc_id} "
                                  f"({article.kind}): {article.reason}")
            rows.append((setting, len(clusters), articles, excluded))

    dev, test = sets["DUC 2003 (dev)"], sets["DUC 2004 (test)"]
    pool = dev + test
    means, per_article, _ = centroids(pool)
    caught = {"stale-text-date": 0, "other-edition": 0, "off-event": 0, "stale-date": 0}
    missed = 0
    for host_index, host in enumerate(dev):
        similarity = means @ means[host_index]
        host_ids = {a["id"] for a in host["documents"]}
        for index, cluster in enumerate(pool):
            # DUC 2003 and 2004 share topic ids (other articles of the same topic): never a donor, nor a
            # cluster sharing an article, nor one so close it is the same event under another topic id.
            if (cluster["id"] == host["id"] or host_ids & {a["id"] for a in cluster["documents"]}
                    or similarity[index] >= SAME_EVENT_SIMILARITY):
                similarity[index] = -1.0
        donor_index = int(np.argmax(similarity))
        donor = pool[donor_index]
        nearest = int(np.argmax(per_article[donor_index] @ means[host_index]))
        inserted = to_documents({"documents": [donor["documents"][nearest]]}, dated=False, prefix="inserted:")
        documents = to_documents(host, dated=False) + inserted
        found = {f.doc_id: f for f in judge(documents, embedder)}
        hit = found.get(inserted[0].id)
        label = (f"{host['id']} + an article of {donor['id']} (cluster similarity {similarity[donor_index]:.2f}, "
                 f"{donor['documents'][nearest]['id']})")
        if hit is None:
            missed += 1
            listed.append(f"- missed: {label}")
        else:
            caught[hit.kind] += 1
            listed.append(f"- caught: {label} ({hit.kind}): {hit.reason}")
        for other in found.values():
            if other.doc_id != inserted[0].id:
                listed.append(f"- false alarm beside an insertion, {host['id']} {other.doc_id} ({other.kind}): "
                              f"{other.reason}")
    inserted_total = len(dev)
    recall = sum(caught.values()) / inserted_total

    table = ["| set | clusters | articles | left out (false alarms) |", "|---|---|---|---|"]
    table += [f"| {setting} | {n} | {a} | {e} |" for setting, n, a, e in rows]
    recall_table = [
        "| insertions (DUC 2003 hosts, dates stripped) | caught | by date in text | by contradictions | off-event | missed |",
        "|---|---|---|---|---|---|",
        f"| {inserted_total} | {sum(caught.values())} ({recall:.0%}) | {caught['stale-text-date']} | "
        f"{caught['other-edition']} | {caught['off-event']} | {missed} |",
    ]
    command = "python -m benchmarks.stale_dev " + " ".join(argv if argv is not None else sys.argv[1:])
    header = [
        "# Stale and other-edition articles on real news",
        "",
        f"`{command.strip()}` — {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{platform.node()} ({platform.machine()}, Python {platform.python_version()}, summarize {__version__}), "
        f"{time.time() - started:.0f} s.",
        "",
        f"Every DUC cluster is one event: each article left out is a false alarm. Off-event on {embedder.name} "
        f"({embedder.backend}).",
        "",
    ]
    text = "\n".join([*header, *table, "", *recall_table, "", "## Each exclusion and each insertion", "", *listed, ""])
    print("\n".join([*table, "", *recall_table]))
    for line in listed:
        print(line[:300])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps({
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "command": command.strip(),
        "machine": platform.node(), "python": platform.python_version(), "version": __version__,
        "false_alarms": [{"set": s, "clusters": n, "articles": a, "left_out": e} for s, n, a, e in rows],
        "insertions": {"total": inserted_total, "caught": caught, "missed": missed},
    }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
