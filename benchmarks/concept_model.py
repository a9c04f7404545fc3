"""Fit the concept-weight model on DUC 2003 and measure it on DUC 2004 (and by cross-validation).

The ILP selection covers weighted bigram concepts. Weighting a concept by the
number of documents using it (Gillick and Favre, 2009) ignores *where* the
documents use it; a logistic model over a few such features
(:func:`summarize.select.concepts.concept_features`) predicts whether a human
summary states the concept, and its probability scales the weight.

The model is fitted on the development set (``--data``, DUC 2003 by default,
the field's usual development set for DUC 2004) and scored on the test set
(``--test-data``, DUC 2004), which it never saw. Both sets also get a K-fold
cross-validated row, where each cluster is summarised by a model fitted
without it on the other clusters of the same set, and the document-frequency
baseline; every row is scored in the same run.

    python -m benchmarks.concept_model --save          # fit on DUC 2003, score DUC 2003 and 2004, ship it
    python -m benchmarks.concept_model --limit 4 --test-limit 4 --folds 2 --out /tmp/x   # smoke run
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.quality import DEFAULT_DATA as TEST_DATA
from benchmarks.quality import _sha256, default_scorer, load_clusters, score_texts, to_documents

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = REPO_ROOT / "summarize" / "data" / "concept-model.json"
RESULTS = REPO_ROOT / "benchmarks" / "results" / "concept-model"
DEV_DATA = REPO_ROOT / ".." / "shared" / "data" / "duc2003" / "clusters.jsonl"
METRICS = ("rouge1_r", "rouge2_r", "rougesu4_r")


def training_rows(
    cluster: dict, min_documents: int, unigram_weight: float = 0.0, target: str = "any"
) -> tuple[np.ndarray, np.ndarray]:
    """Features of every concept of ``cluster`` and whether a reference summary contains it.

    ``target="any"``: one row per concept, 1 when some reference contains it.
    ``target="each"``: one row per concept and reference, 1 when that reference
    contains it, so the model's probability is the expected share of references
    stating the concept, which is what multi-reference ROUGE-2 counts.
    """
    from summarize.select.concepts import concept_features, concept_matrix, sentence_concepts
    from summarize.text.segment import segment_document
    from summarize.text.trim import trim_sentences

    sentences = [s for d in to_documents(cluster) for s in segment_document(d)]
    sentences, _ = trim_sentences(sentences)  # what the pipeline's concepts see by default
    incidence, _, concepts = concept_matrix(sentences, min_documents=min_documents, unigram_weight=unigram_weight)
    unigrams = unigram_weight > 0
    features = concept_features(sentences, incidence, concepts)
    per_reference = [sentence_concepts(r, unigrams=unigrams) for r in cluster["references"]]
    if target == "each":
        labels = np.concatenate([[c in found for c in concepts] for found in per_reference]).astype(int)
        return np.tile(features, (len(per_reference), 1)), labels
    in_references = set().union(*per_reference)
    return features, np.array([c in in_references for c in concepts], dtype=int)


def fit(rows: Sequence[tuple[np.ndarray, np.ndarray]], trained_on: str, regularisation: float):
    from sklearn.linear_model import LogisticRegression

    from summarize.select.concepts import ConceptModel

    features = np.vstack([f for f, _ in rows])
    labels = np.concatenate([y for _, y in rows])
    model = LogisticRegression(C=regularisation, max_iter=2000).fit(features, labels)
    return ConceptModel(
        coefficients=tuple(round(float(c), 6) for c in model.coef_[0]),
        intercept=round(float(model.intercept_[0]), 6),
        trained_on=trained_on,
    )


def summarise(clusters: Sequence[dict], model_for: dict[str, Any], options: dict[str, Any]) -> dict[str, str]:
    from summarize import Summarizer

    texts = {}
    summarizers: dict[int, Summarizer] = {}
    for cluster in clusters:
        model = model_for.get(cluster["id"])
        key = id(model)
        if key not in summarizers:
            summarizers[key] = Summarizer(max_words=100, concept_model=model, **options)
        brief = summarizers[key].summarize(to_documents(cluster))
        texts[cluster["id"]] = " ".join(s.text for s in brief.sentences)
    return texts


def mean_scores(texts: dict[str, str], clusters: Sequence[dict]) -> dict[str, float]:
    per_cluster = score_texts(texts, clusters, default_scorer())
    return {m: round(100 * float(np.mean([per_cluster[c["id"]][m] for c in clusters])), 2) for m in METRICS}


def auc(model, rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> float | None:
    from sklearn.metrics import roc_auc_score

    labels = np.concatenate([y for _, y in rows])
    if labels.min() == labels.max():
        return None
    return round(float(roc_auc_score(labels, model.probability(np.vstack([f for f, _ in rows])))), 4)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEV_DATA, help="the set to fit on (DUC 2003 clusters.jsonl)")
    parser.add_argument("--test-data", type=Path, default=TEST_DATA,
                        help="the set to report on (DUC 2004 clusters.jsonl); 'none' for none")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters (smoke runs)")
    parser.add_argument("--test-limit", type=int, default=None, help="only the first N test clusters")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--min-documents", type=int, default=2, help="concepts used by fewer documents are dropped")
    parser.add_argument("--unigram-weight", type=float, default=0.0, help="content words as concepts too (0: off)")
    parser.add_argument("--target", choices=("any", "each"), default="any",
                        help="label: in any reference (any) or one row per reference (each)")
    parser.add_argument("--regularisation", type=float, default=1.0, help="logistic regression C")
    parser.add_argument("--embedder", default=None, help="embedder for the briefs (default: the library's)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results prefix (.md and .json are added)")
    parser.add_argument("--save", action="store_true", help=f"write the all-data model to {MODEL_PATH}")
    args = parser.parse_args(argv)
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    return args


def _set_name(path: Path) -> str:
    """``duc2003`` for ``.../duc2003/clusters.jsonl``."""
    return path.resolve().parent.name


def cross_validated(
    clusters: Sequence[dict], folds: int, args: argparse.Namespace, data_note: str
) -> tuple[dict[str, Any], list[float | None], Any]:
    """(per-cluster models fitted without the cluster's fold, held-out AUC per fold, the all-cluster model)."""
    rows = {c["id"]: training_rows(c, args.min_documents, args.unigram_weight, args.target) for c in clusters}
    ids = [c["id"] for c in clusters]
    fold_models: dict[str, Any] = {}
    fold_auc = []
    for k in range(folds):
        test = ids[k::folds]
        train_rows = [rows[i] for i in ids if i not in test]
        model = fit(train_rows, f"{data_note}, fold {k + 1} of {folds} left out", args.regularisation)
        fold_auc.append(auc(model, [rows[i] for i in test]))
        fold_models.update({i: model for i in test})
    return fold_models, fold_auc, fit(list(rows.values()), data_note, args.regularisation)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    clusters = load_clusters(args.data, args.limit)
    if len(clusters) < args.folds:
        raise SystemExit(f"{len(clusters)} clusters cannot be split into {args.folds} folds")
    dev = _set_name(args.data)
    data_note = f"{dev} {args.data.name} sha256 {_sha256(args.data)[:12]}, {len(clusters)} clusters"
    fold_models, fold_auc, full = cross_validated(clusters, args.folds, args, data_note)

    options: dict[str, Any] = {"concept_min_documents": args.min_documents,
                               "concept_unigram_weight": args.unigram_weight}
    if args.embedder:
        options["embedder"] = args.embedder
    frequency = {**options, "concept_weighting": "documents", "concept_min_documents": 3}
    cv_name = f"learned, {args.folds}-fold cross-validated on {{set}} (each cluster by a model fitted without it)"
    table = [
        (dev, "document frequency (concept_weighting='documents', min documents 3)",
         mean_scores(summarise(clusters, {}, frequency), clusters)),
        (dev, cv_name.format(set=dev), mean_scores(summarise(clusters, fold_models, options), clusters)),
        (dev, f"learned, fitted on all of {dev} (the shipped model; a training score here)",
         mean_scores(summarise(clusters, {c["id"]: full for c in clusters}, options), clusters)),
    ]
    test_note = None
    if str(args.test_data) != "none":
        test = _set_name(args.test_data)
        test_clusters = load_clusters(args.test_data, args.test_limit)
        test_note = f"{test} {args.test_data.name} sha256 {_sha256(args.test_data)[:12]}, {len(test_clusters)} clusters"
        test_folds, _, _ = cross_validated(test_clusters, args.folds, args, test_note)
        table += [
            (test, "document frequency (concept_weighting='documents', min documents 3)",
             mean_scores(summarise(test_clusters, {}, frequency), test_clusters)),
            (test, f"learned, fitted on all of {dev} (the shipped model; the headline number)",
             mean_scores(summarise(test_clusters, {c["id"]: full for c in test_clusters}, options), test_clusters)),
            (test, cv_name.format(set=test),
             mean_scores(summarise(test_clusters, test_folds, options), test_clusters)),
        ]
    results = {
        "command": "python -m benchmarks.concept_model " + " ".join(sys.argv[1:] if argv is None else argv),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.platform()}, Python {platform.python_version()}",
        "data": data_note,
        "test_data": test_note,
        "folds": args.folds,
        "min_documents": args.min_documents,
        "fold_auc": fold_auc,
        "model": full.to_dict(),
        "rows": [{"set": set_name, "setting": name, **scores} for set_name, name, scores in table],
        "seconds": round(time.perf_counter() - started, 1),
    }
    lines = [
        f"# Learned concept weights, fitted on {dev} (100 words, recall ×100)",
        "",
        f"Command: `{results['command']}`  ",
        f"Date: {results['date']}; {results['machine']}; {results['seconds']} s  ",
        f"Fitted on: {data_note}. Held-out AUC per fold (is the concept in a reference summary): {fold_auc}  ",
        f"Reported on: {test_note or 'none'}",
        "",
        "| set | setting | R-1 | R-2 | R-SU4 |",
        "|---|---|---:|---:|---:|",
        *[f"| {set_name} | {name} | {s['rouge1_r']} | {s['rouge2_r']} | {s['rougesu4_r']} |"
          for set_name, name, s in table],
        "",
        f"Model (all of {dev}): "
        + ", ".join(f"{n} {c:+.3f}" for n, c in zip(full.feature_names, full.coefficients))
        + f", intercept {full.intercept:+.3f}.",
    ]
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.save:
        MODEL_PATH.write_text(json.dumps(full.to_dict(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
