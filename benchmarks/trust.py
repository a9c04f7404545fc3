"""Trust benchmark: conflicting figures, stale articles, dangling references, the generation guard.

Run from the repository root::

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.trust                      # tfidf and minilm
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.trust --embedder tfidf --limit 10

Four measurements, each with the embedders side by side:

``conflicts``  precision and recall of reported conflicts on the in-house cases
               (``benchmarks/data/trust_cases.jsonl``: fictional articles with
               planted conflicts and planted agreements) and on the three
               example sets, whose disputed figures ``examples/README.md`` lists.
               A reported conflict counts as right when its set of values is
               exactly the planted set.
``stale``      which articles are left out of the example sets (each has one
               planted stale article) and of DUC 2004 (whose clusters are each
               about one event, so every exclusion there is a false alarm).
``dangling``   on DUC 2004, the share of brief sentences that open with a
               reference ("He", "However,", "That ...") whose antecedent is not
               the sentence before it in the brief, with ``fix_references`` off
               (before) and on (after); ROUGE of both, scored like
               ``benchmarks.quality``.
``guard``      on the sentences of those DUC briefs, how often
               :func:`summarize.text.facts.check_generated` rejects a copy with a
               planted error (a changed number, an invented name, another
               weekday) and keeps a faithful shortening.

DUC data is read from ``--duc`` (default ``../shared/data/duc2004/clusters.jsonl``)
and never copied into the repository. Results go to ``benchmarks/results/trust-inhouse.md``
and ``.json`` (``trust.md`` is the real-news benchmark, :mod:`benchmarks.trust_real`).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DUC = REPO_ROOT / ".." / "shared" / "data" / "duc2004" / "clusters.jsonl"
DEFAULT_CASES = REPO_ROOT / "benchmarks" / "data" / "trust_cases.jsonl"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "results" / "trust-inhouse"
EXAMPLES = REPO_ROOT / "examples"

#: The disputed figures of each example set, from examples/README.md.
EXAMPLE_CONFLICTS = {
    "harbour-bridge": [[212, 230, 200], [4_200_000, 6_000_000]],
    "river-flood": [[1400, 1150, 1000], [6.8, 7.1]],
    "chip-plant": [[1200, 1500, 1300], [450_000_000, 520_000_000]],
}
#: The planted stale article of each example set.
EXAMPLE_STALE = {
    "harbour-bridge": "06-bayside-gazette",
    "river-flood": "06-tessby-record",
    "chip-plant": "dunmore-standard-corvane-packaging-site",
}


class CachingEmbedder:
    """Wraps an embedder so a second run over the same sentences costs nothing."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", type(inner).__name__)
        self._cache: dict[tuple[str, ...], Any] = {}

    def encode(self, texts: Sequence[str]) -> Any:
        key = tuple(texts)
        if key not in self._cache:
            self._cache[key] = self.inner.encode(texts)
        return self._cache[key]


def _embedder(name: str) -> Any:
    from summarize.embed import resolve_embedder

    return CachingEmbedder(resolve_embedder(name))


def _value_key(values: Sequence[float]) -> frozenset[float]:
    return frozenset(round(float(v), 6) for v in values)


# --------------------------------------------------------------------------------------
# Conflicts


def load_cases(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _case_documents(case: dict) -> list:
    from summarize import Document

    return [
        Document(id=d["id"], text=d["text"], source=d["id"], published=_dt.datetime.fromisoformat(d["published"]))
        for d in case["documents"]
    ]


def score_conflicts(predicted: Sequence[frozenset], gold: Sequence[frozenset]) -> dict[str, int]:
    """Exact-set matches between reported and planted conflicts."""
    matched_gold = sum(1 for g in gold if g in predicted)
    right = sum(1 for p in predicted if p in gold)
    return {"predicted": len(predicted), "gold": len(gold), "right": right, "found": matched_gold}


def _ratios(counts: dict[str, int]) -> dict[str, float | None]:
    precision = counts["right"] / counts["predicted"] if counts["predicted"] else None
    recall = counts["found"] / counts["gold"] if counts["gold"] else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {"precision": precision, "recall": recall, "f1": f1}


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value


def run_conflict_cases(cases: Sequence[dict], embedder: Any) -> dict:
    from summarize import Summarizer

    summarizer = Summarizer(embedder=embedder, max_words=400, min_sentence_words=3)
    total: dict[str, int] = {}
    by_kind: dict[str, dict[str, int]] = {}
    rows = []
    for case in cases:
        brief = summarizer.summarize(_case_documents(case))
        predicted = [_value_key(v.value for v in c.values) for c in brief.conflicts]
        gold = [_value_key(values) for values in case["conflicts"]]
        counts = score_conflicts(predicted, gold)
        _add(total, counts)
        _add(by_kind.setdefault(case["planted"], {}), counts)
        rows.append(
            {
                "id": case["id"],
                "planted": case["planted"],
                **counts,
                "reported": [c.message for c in brief.conflicts],
            }
        )
    agreement = [r for r in rows if r["planted"] == "agreement"]
    return {
        "counts": total,
        **_ratios(total),
        "agreement_cases": len(agreement),
        "agreement_cases_with_false_conflict": sum(1 for r in agreement if r["predicted"]),
        "by_kind": by_kind,
        "cases": rows,
    }


def run_examples(embedder: Any) -> dict:
    from summarize import Summarizer, load_documents

    summarizer = Summarizer(embedder=embedder, max_words=120)
    total: dict[str, int] = {}
    sets = {}
    for name, planted in EXAMPLE_CONFLICTS.items():
        brief = summarizer.summarize(load_documents(EXAMPLES / name))
        predicted = [_value_key(v.value for v in c.values) for c in brief.conflicts]
        counts = score_conflicts(predicted, [_value_key(values) for values in planted])
        _add(total, counts)
        sets[name] = {
            **counts,
            "reported": [c.message for c in brief.conflicts],
            "attached_to_brief": [c.message for c in brief.conflicts if c.sentence_indexes],
            "excluded": [{"id": e.doc_id, "kind": e.kind, "reason": e.reason} for e in brief.excluded],
            "stale_found": [e.doc_id for e in brief.excluded if e.kind != "empty"] == [EXAMPLE_STALE[name]],
        }
    return {"counts": total, **_ratios(total), "sets": sets}


# --------------------------------------------------------------------------------------
# DUC 2004: stale false alarms, dangling references, ROUGE, the guard


def load_duc(path: Path, limit: int | None) -> list[dict]:
    clusters = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                clusters.append(json.loads(line))
            if limit is not None and len(clusters) >= limit:
                break
    return clusters


def _duc_documents(cluster: dict) -> list:
    from summarize import Document

    return [
        Document(
            id=d["id"],
            text=d["text"],
            title=d.get("title"),
            published=_dt.datetime.fromisoformat(d["date"]) if d.get("date") else None,
        )
        for d in cluster["documents"]
    ]


def _scorer() -> Any | None:
    try:
        from benchmarks._rouge import Rouge155Scorer
    except ImportError:
        return None
    return Rouge155Scorer()


def run_duc(clusters: Sequence[dict], embedder: Any, progress: Any) -> dict:
    from summarize import Summarizer
    from summarize.trust.coherence import dangling_positions

    scorer = _scorer()
    configs = {"before": False, "after": True}
    results: dict[str, dict] = {}
    briefs: dict[str, list] = {}
    excluded = 0
    documents = 0
    for label, fix in configs.items():
        summarizer = Summarizer(embedder=embedder, max_words=100, fix_references=fix)
        sentence_total = dangling_total = briefs_with = words = 0
        rouge: dict[str, list[float]] = {"rouge1_r": [], "rouge2_r": [], "rougesu4_r": []}
        seconds = 0.0
        actions = {"placed after its antecedent": 0, "antecedent added": 0, "rewritten": 0, "swapped": 0, "dropped": 0}
        briefs[label] = []
        for n, cluster in enumerate(clusters, start=1):
            start = time.perf_counter()
            brief = summarizer.summarize(_duc_documents(cluster))
            seconds += time.perf_counter() - start
            briefs[label].append(brief)
            texts = [s.text for s in brief.sentences]
            dangling = dangling_positions(texts, [s.sentence_id for s in brief.sentences])
            sentence_total += len(texts)
            dangling_total += len(dangling)
            briefs_with += bool(dangling)
            words += brief.word_count
            repair = getattr(brief.details, "coherence", None)
            if repair is not None:
                actions["antecedent added"] += len(repair.context_for)
                actions["placed after its antecedent"] += len(repair.follows) - len(repair.context_for)
                actions["rewritten"] += len(repair.rewritten)
                actions["swapped"] += sum(1 for _, new in repair.swapped if new is not None)
                actions["dropped"] += sum(1 for _, new in repair.swapped if new is None)
            if label == "after":
                excluded += sum(1 for e in brief.excluded if e.kind != "empty")
                documents += len(cluster["documents"])
            if scorer is not None:
                scores = scorer.score(" ".join(texts), cluster["references"])
                for key in rouge:
                    rouge[key].append(scores[key])
            if n % 10 == 0:
                progress(f"  duc {label}: {n}/{len(clusters)}")
        results[label] = {
            "sentences": sentence_total,
            "dangling_sentences": dangling_total,
            "dangling_rate": dangling_total / sentence_total if sentence_total else None,
            "briefs_with_dangling": briefs_with,
            "mean_words": words / len(clusters) if clusters else None,
            "rouge": {k: float(np.mean(v)) for k, v in rouge.items()} if scorer is not None and clusters else None,
            "seconds_per_cluster": seconds / len(clusters) if clusters else None,
            "repairs": actions,
        }
    return {
        "clusters": len(clusters),
        "dangling": results,
        "stale_false_alarms": excluded,
        "documents": documents,
        "guard": run_guard(briefs["after"], embedder),
    }


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def plant_error(text: str) -> tuple[str, str] | None:
    """A copy of ``text`` with one planted error, and its kind; ``None`` when nothing can be changed."""
    from summarize.text.facts import extract_quantities
    from summarize.text.names import extract_entities

    for quantity in extract_quantities(text):
        if quantity.number and quantity.number[0].isdigit() and not quantity.unit.startswith("vote:"):
            value = float(quantity.number.replace(",", ""))
            changed = f"{int(value * 1.17) + 3:,}" if "," in quantity.number else str(int(value * 1.17) + 3)
            return text.replace(quantity.number, changed, 1), "number"
    for day in _WEEKDAYS:
        if re.search(rf"\b{day}\b", text):
            other = _WEEKDAYS[(_WEEKDAYS.index(day) + 2) % 7]
            return re.sub(rf"\b{day}\b", other, text, count=1), "date"
    entities = extract_entities(text)
    if entities:
        last = entities[0].split()[-1]
        return re.sub(rf"\b{re.escape(last)}\b", "Varnholt", text, count=1), "name"
    return None


def faithful_shortening(text: str) -> str | None:
    """``text`` without its last comma-separated part (a subset of its facts), if that leaves a sentence."""
    head, comma, _ = text.rstrip(".").rpartition(", ")
    if not comma or len(head.split()) < 6 or head.count('"') % 2 or head.count("``") != head.count("''"):
        return None
    return head + "."


def run_guard(briefs: Sequence[Any], embedder: Any) -> dict:
    from summarize.pipeline import Summarizer
    from summarize.trust.guard import check_generated

    threshold = Summarizer(embedder=embedder)._by_embedder(
        __import__("summarize.pipeline", fromlist=["_DEFAULT_GENERATION_SIMILARITY"])._DEFAULT_GENERATION_SIMILARITY
    )
    planted = {"number": [0, 0], "date": [0, 0], "name": [0, 0]}
    faithful = [0, 0]
    reasons: dict[str, int] = {}
    for brief in briefs:
        for sentence in brief.sentences:
            evidence = [e.text for e in sentence.evidence if e.relation != "differs"] or [sentence.text]
            error = plant_error(sentence.text)
            if error is not None:
                text, kind = error
                verdict = check_generated(text, evidence, encode=embedder.encode, min_similarity=threshold)
                planted[kind][0] += not verdict.accepted
                planted[kind][1] += 1
            shorter = faithful_shortening(sentence.text)
            if shorter is not None:
                verdict = check_generated(shorter, evidence, encode=embedder.encode, min_similarity=threshold)
                faithful[0] += verdict.accepted
                faithful[1] += 1
                for reason in verdict.reasons:
                    key = re.sub(r"'.*'|\d[\d.]*", "…", reason)
                    reasons[key] = reasons.get(key, 0) + 1
    rejected = sum(v[0] for v in planted.values())
    tried = sum(v[1] for v in planted.values())
    return {
        "min_similarity": threshold,
        "planted_errors": {k: {"rejected": v[0], "of": v[1]} for k, v in planted.items()},
        "planted_rejection_rate": rejected / tried if tried else None,
        "faithful_kept": faithful[0],
        "faithful_of": faithful[1],
        "faithful_keep_rate": faithful[0] / faithful[1] if faithful[1] else None,
        "faithful_rejection_reasons": reasons,
    }


# --------------------------------------------------------------------------------------
# Report


def environment() -> dict:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "summarize", "benchmarks/trust.py"],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=10,
        ).stdout.strip()
        if commit and dirty:
            commit += " (+ uncommitted changes in the working tree)"
    except (OSError, subprocess.SubprocessError):
        commit = None
    versions = {"python": platform.python_version()}
    for package in ("torch", "transformers", "sentence-transformers", "scikit-learn", "nltk", "numpy", "rouge-score"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "processor": platform.processor() or None},
        "versions": versions,
        "git_commit": commit,
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def render_markdown(results: dict) -> str:
    lines = [
        "# Trust benchmark: in-house cases and example sets",
        "",
        f"Command: `{results['command']}`  ",
        f"Date: {results['date']}  ",
        f"Machine: {results['environment']['machine']['platform']}, {results['environment']['machine']['cpus']} CPUs  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in results["environment"]["versions"].items() if v) + "  ",
        f"Commit: {results['environment']['git_commit']}",
        "",
        "## Conflicting figures",
        "",
        "A reported conflict is right when its set of values equals the planted set. The in-house cases",
        "were written together with the detection rules (the rules were adjusted until they passed), so",
        "their scores are optimistic; the example sets, written before the rules, are the fairer test.",
        "",
        "| embedder | data | planted | reported | right | precision | recall | F1 | agreement cases with a false conflict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in results["runs"].items():
        cases = run["conflict_cases"]
        lines.append(
            f"| {name} | in-house cases ({len(cases['cases'])}) | {cases['counts']['gold']} | {cases['counts']['predicted']} "
            f"| {cases['counts']['right']} | {_num(cases['precision'], 2)} | {_num(cases['recall'], 2)} "
            f"| {_num(cases['f1'], 2)} | {cases['agreement_cases_with_false_conflict']} of {cases['agreement_cases']} |"
        )
        examples = run["examples"]
        lines.append(
            f"| {name} | example sets (3) | {examples['counts']['gold']} | {examples['counts']['predicted']} "
            f"| {examples['counts']['right']} | {_num(examples['precision'], 2)} | {_num(examples['recall'], 2)} "
            f"| {_num(examples['f1'], 2)} | – |"
        )
    for name, run in results["runs"].items():
        lines += ["", f"Reported on the example sets ({name}):", ""]
        for set_name, found in run["examples"]["sets"].items():
            for message in found["reported"]:
                lines.append(f"- {set_name}: {message}")
        missed = [
            (c["id"], c["reported"]) for c in run["conflict_cases"]["cases"] if c["right"] != c["predicted"] or c["found"] != c["gold"]
        ]
        lines += ["", f"In-house cases not exactly right ({name}):", ""]
        lines += [f"- {case_id}: {'; '.join(reported) or 'nothing reported'}" for case_id, reported in missed] or ["- none"]
    lines += [
        "",
        "## Stale and off-event articles",
        "",
        "| embedder | example sets: planted stale article left out (and nothing else) | DUC 2004: articles left out (all are on-event: false alarms) |",
        "|---|---|---:|",
    ]
    for name, run in results["runs"].items():
        found = sum(s["stale_found"] for s in run["examples"]["sets"].values())
        duc = run.get("duc")
        duc_cell = f"{duc['stale_false_alarms']} of {duc['documents']}" if duc else "not run"
        lines.append(f"| {name} | {found} of 3 | {duc_cell} |")
    lines += [
        "",
        "## Dangling references on DUC 2004 (100-word briefs)",
        "",
        "A sentence dangles when it opens with a pronoun, a demonstrative, a discourse connective or a",
        "quotation closed by \"he said\", and the sentence before it in the brief is not the previous",
        "sentence of its article.",
        "",
        "ROUGE is recall of the first 100 words against the four references, scored with",
        "`benchmarks/_rouge.py` as `benchmarks.quality` does. Seconds per cluster: the \"off\" run embeds the",
        "sentences; the \"on\" run reuses those vectors, so its time is the pipeline without embedding.",
        "",
        "| embedder | fix_references | sentences | dangling | rate | briefs with one | mean words | ROUGE-1 R | ROUGE-2 R | ROUGE-SU4 R | s/cluster |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in results["runs"].items():
        duc = run.get("duc")
        if not duc:
            continue
        for label, row in duc["dangling"].items():
            rouge = row["rouge"] or {}
            lines.append(
                f"| {name} | {'on' if label == 'after' else 'off'} | {row['sentences']} | {row['dangling_sentences']} "
                f"| {_pct(row['dangling_rate'])} | {row['briefs_with_dangling']} of {duc['clusters']} "
                f"| {_num(row['mean_words'], 1)} | {_num(rouge.get('rouge1_r'), 4)} | {_num(rouge.get('rouge2_r'), 4)} "
                f"| {_num(rouge.get('rougesu4_r'), 4)} | {_num(row['seconds_per_cluster'], 2)} |"
            )
    lines += ["", "How the dangling sentences were repaired (fix_references on):", ""]
    for name, run in results["runs"].items():
        duc = run.get("duc")
        if duc:
            repairs = duc["dangling"]["after"]["repairs"]
            lines.append(f"- {name}: " + ", ".join(f"{kind} {count}" for kind, count in repairs.items()))
    lines += [
        "",
        "## The generation guard on DUC 2004 brief sentences",
        "",
        "Each brief sentence is checked twice against its evidence, as a generated sentence would be: a",
        "copy with one planted error (a number raised by 17%, a weekday moved, a surname replaced by",
        "\"Varnholt\") must be rejected; the sentence without its last comma-separated part (a faithful",
        "shortening) should be kept.",
        "",
        "| embedder | min similarity | number errors rejected | date errors rejected | name errors rejected | all planted rejected | faithful kept |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in results["runs"].items():
        duc = run.get("duc")
        if not duc:
            continue
        guard = duc["guard"]
        cells = [f"{v['rejected']} of {v['of']}" for v in guard["planted_errors"].values()]
        lines.append(
            f"| {name} | {guard['min_similarity']} | {' | '.join(cells)} | {_pct(guard['planted_rejection_rate'])} "
            f"| {guard['faithful_kept']} of {guard['faithful_of']} ({_pct(guard['faithful_keep_rate'])}) |"
        )
    lines.append("")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duc", type=Path, default=DEFAULT_DUC, help="DUC 2004 clusters.jsonl (not copied)")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="in-house conflict cases (JSON Lines)")
    parser.add_argument("--embedder", action="append", default=None, help="tfidf, minilm (repeatable; default both)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N DUC clusters")
    parser.add_argument("--no-duc", action="store_true", help="skip the DUC 2004 measurements")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results path without suffix")
    return parser


def main(argv: Sequence[str] | None = None) -> dict:
    args = build_parser().parse_args(argv)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    cases = load_cases(args.cases)
    duc = [] if args.no_duc or not args.duc.exists() else load_duc(args.duc, args.limit)
    if not args.no_duc and not args.duc.exists():
        progress(f"note: {args.duc} not found; DUC measurements skipped")
    runs = {}
    for name in args.embedder or ["tfidf", "minilm"]:
        embedder = _embedder(name)
        progress(f"{name}: conflict cases")
        run = {"conflict_cases": run_conflict_cases(cases, embedder), "examples": run_examples(embedder)}
        if duc:
            progress(f"{name}: DUC 2004 ({len(duc)} clusters)")
            run["duc"] = run_duc(duc, embedder, progress)
        runs[name] = run
    results = {
        "command": "HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.trust " + " ".join(map(shlex.quote, argv or sys.argv[1:])),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "environment": environment(),
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown = render_markdown(results)
    args.out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return results


if __name__ == "__main__":
    main()
