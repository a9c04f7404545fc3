"""Dev harness for "a disagreement is about one quantity" (issue 15, item 2).

Run from the repository root::

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.conflicts_dev                 # judged claims only
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.conflicts_dev --pipeline duc2003 --limit 10

Two measurements:

``judged``    every "sources differ" claim the library made on DUC 2004 at commit
              c7eed39, judged by a fact-checker (``../shared/data/duc2004/judgements/``).
              The claim's quoted sentences are rebuilt as :class:`Sentence` records
              (one document per distinct sentence: the claims do not say which
              article each sentence came from) and run through
              :func:`summarize.trust.conflicts.find_conflicts` with the default
              embedder's similarities. A false alarm is "still raised" when any
              conflict comes back (for a flag: any conflict involving the flagged
              brief sentence). A genuine disagreement is "found" when one conflict
              holds both of its differing values (``GENUINE`` below, by number).
``pipeline``  the full default pipeline on the clusters of ``--pipeline``
              (``duc2003``, the dev set, or ``duc2004``), every conflict printed
              with its sentences to read, and the notes per disagreement counted
              (a conflict plus any ``disputed-figure`` flag whose message is not
              that conflict's).

DUC text never enters the repository: the table holds counts and claim numbers.
Results go to ``benchmarks/results/conflicts-dev.md``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarize.document import Conflict, Sentence
from summarize.graph.clusters import similarity_matrix
from summarize.text.facts import extract_quantities
from summarize.trust.conflicts import find_conflicts

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT / ".." / "shared" / "data"
DEFAULT_CLAIMS = SHARED / "duc2004" / "judgements" / "conflict-claims.jsonl"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "results" / "conflicts-dev.md"

#: The judged genuine (or partly genuine) claims, by line number in ``conflict-claims.jsonl``:
#: the disagreement they are about, and the values that differ (any of the first set against any of
#: the second, as the figures are written). Several claims can be one disagreement.
GENUINE: dict[int, tuple[str, frozenset[float], frozenset[float]]] = {
    8: ("storm toll, region", frozenset({10000}), frozenset({9000})),
    11: ("killed under a regime", frozenset({3000}), frozenset({4299})),
    29: ("population", frozenset({23e6}), frozenset({22e6})),
    30: ("children stunted", frozenset({62}), frozenset({65, 67})),
    33: ("children stunted, as a fraction", frozenset({200 / 3}), frozenset({62})),
    42: ("yacht length", frozenset({9, 30}), frozenset({13})),
    44: ("yachts missing", frozenset({3}), frozenset({2})),
    45: ("sailors winched", frozenset({50}), frozenset({56})),
    46: ("yachts missing", frozenset({3}), frozenset({2})),
    47: ("yachts missing", frozenset({3}), frozenset({2})),
    48: ("yachts missing", frozenset({3}), frozenset({2})),
    50: ("launch window", frozenset({5}), frozenset({10})),
    51: ("station length", frozenset({77}), frozenset({63})),
    54: ("module mass", frozenset({44000}), frozenset({40000})),
}


def load_claims(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def claim_sentences(claim: dict, claims: Sequence[dict]) -> tuple[list[Sentence], str | None]:
    """The claim's sentences as records (one document per distinct text), and the flagged brief sentence's id."""
    texts: list[str] = []
    flagged = None
    if claim["kind"] == "flag":
        flagged = claim["values"][0]["sentences"][0]
        texts.append(flagged)
        others = [s for v in claim["values"][1:] for s in v["sentences"]]
        if not others:  # the flag pointed at a conflict of the same cluster: its sentences
            source = next(
                (c for c in claims if c["kind"] == "conflict" and c["cluster"] == claim["cluster"]
                 and c["message"] == claim["message"]),
                None,
            )
            others = [s for v in source["values"] for s in v["sentences"]] if source else []
        texts.extend(others)
    else:
        texts = [s for v in claim["values"] for s in v["sentences"]]
    distinct = list(dict.fromkeys(texts))
    sentences = [Sentence(doc_id=f"s{k}", index=0, text=text) for k, text in enumerate(distinct)]
    flagged_id = sentences[distinct.index(flagged)].id if flagged is not None else None
    return sentences, flagged_id


def _holds(conflict: Conflict, first: frozenset[float], second: frozenset[float]) -> bool:
    values = {round(v.value, 6) for v in conflict.values}
    return bool(values & {round(x, 6) for x in first}) and bool(values & {round(x, 6) for x in second})


def _claim_values(claim: dict) -> set[float] | None:
    """The numbers a conflict claim listed (``None`` for a flag: any conflict on its sentence counts)."""
    if claim["kind"] != "conflict":
        return None
    return {round(q.value, 6) for v in claim["values"] for q in extract_quantities(v["text"])}


def run_judged(claims: Sequence[dict], embedder: Any) -> dict:
    min_similarity = embedder.profile.conflict_similarity
    rows = []
    for number, claim in enumerate(claims):
        sentences, flagged = claim_sentences(claim, claims)
        similarity = similarity_matrix(embedder.encode([s.text for s in sentences]))
        conflicts = find_conflicts(sentences, similarity, min_similarity=min_similarity)
        if flagged is not None:
            conflicts = [c for c in conflicts if any(flagged in v.sentence_ids for v in c.values)]
        genuine = GENUINE.get(number)
        claimed = _claim_values(claim)
        again = [c for c in conflicts if claimed is None or len({round(v.value, 6) for v in c.values} & claimed) >= 2]
        rows.append({
            "claim": number,
            "cluster": claim["cluster"],
            "kind": claim["kind"],
            "verdict": claim["verdict"],
            "category": claim["reason"].split("]")[0].lstrip("[") if claim["reason"].startswith("[") else "",
            "raised": len(again),
            "any": len(conflicts),
            "found": bool(genuine) and any(_holds(c, genuine[1], genuine[2]) for c in conflicts),
            "disagreement": genuine[0] if genuine else None,
            "messages": [c.message for c in conflicts],
        })
    false_alarms = [r for r in rows if r["verdict"] == "false alarm"]
    disagreements: dict[str, bool] = {}
    for row in rows:
        if row["disagreement"]:
            disagreements[row["disagreement"]] = disagreements.get(row["disagreement"], False) or row["found"]
    by_category: dict[str, list[int]] = {}
    for row in false_alarms:
        counts = by_category.setdefault(row["category"], [0, 0])
        counts[0] += 1
        counts[1] += bool(row["raised"])
    return {
        "rows": rows,
        "false_alarms": len(false_alarms),
        "false_alarms_raised": sum(1 for r in false_alarms if r["raised"]),
        "false_alarms_any": sum(1 for r in false_alarms if r["any"]),
        "by_category": by_category,
        "disagreements": len(disagreements),
        "disagreements_found": sum(disagreements.values()),
        "missed": sorted(name for name, found in disagreements.items() if not found),
    }


def run_pipeline(path: Path, limit: int | None, embedder_name: str | None) -> dict:
    from summarize import Document, Summarizer
    from summarize.text.segment import segment_document

    clusters = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                clusters.append(json.loads(line))
    clusters = clusters[:limit] if limit else clusters
    summarizer = Summarizer() if embedder_name is None else Summarizer(embedder=embedder_name)
    results = []
    for cluster in clusters:
        documents = [
            Document(id=d["id"], text=d["text"], title=d.get("title"),
                     published=_dt.datetime.fromisoformat(d["date"]) if d.get("date") else None)
            for d in cluster["documents"]
        ]
        brief = summarizer.summarize(documents)
        texts = {s.id: s.text for d in documents for s in segment_document(d)}
        messages = {c.message for c in brief.conflicts}
        stray_flags = [
            f.message for s in brief.sentences for f in s.flags
            if f.kind == "disputed-figure" and f.message not in messages
        ]
        results.append({
            "cluster": cluster["id"],
            "conflicts": [
                {
                    "message": c.message,
                    "sentences": sorted({texts.get(sid, sid) for v in c.values
                                         for sid in v.sentence_ids}),
                    "attached": list(c.sentence_indexes),
                }
                for c in brief.conflicts
            ],
            "stray_flags": stray_flags,
        })
        print(f"{cluster['id']}: {len(brief.conflicts)} conflicts, {len(stray_flags)} other disputed-figure flags",
              flush=True)
    return {"clusters": results}


def render(judged: dict, command: str, embedder: str) -> str:
    lines = [
        "# Conflicts dev harness (issue 15, item 2)",
        "",
        f"`{command}` — {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC, embedder {embedder}.",
        "",
        "Judged DUC 2004 claims (commit c7eed39), each rebuilt from its quoted sentences and decided again.",
        "",
        "| measure | count |",
        "|---|---|",
        f"| judged false alarms still raised | {judged['false_alarms_raised']} of {judged['false_alarms']} |",
        f"| judged false alarms whose sentences raise any conflict | {judged['false_alarms_any']} of {judged['false_alarms']} |",
        f"| genuine disagreements still found | {judged['disagreements_found']} of {judged['disagreements']} |",
        "",
        "| false-alarm category | claims | still raised |",
        "|---|---|---|",
    ]
    for category, (total, raised) in sorted(judged["by_category"].items()):
        lines.append(f"| {category} | {total} | {raised} |")
    lines += ["", f"Missed disagreements: {', '.join(judged['missed']) or 'none'}.", "",
              "| claim | cluster | kind | verdict | raised again | any conflict | genuine found |",
              "|---|---|---|---|---|---|---|"]
    for row in judged["rows"]:
        found = "yes" if row["found"] else ("no" if row["disagreement"] else "")
        lines.append(f"| {row['claim']} | {row['cluster']} | {row['kind']} | {row['verdict']} | {row['raised']} | {row['any']} | {found} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS)
    parser.add_argument("--embedder", default=None, help="default: the library's default embedder")
    parser.add_argument("--pipeline", choices=("duc2003", "duc2004"), help="also run the pipeline on these clusters")
    parser.add_argument("--limit", type=int, default=None, help="first N clusters of --pipeline")
    parser.add_argument("--dump", type=Path, default=None, help="write the pipeline's conflicts (with DUC text) here")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--verbose", action="store_true", help="print what each judged claim raises now")
    args = parser.parse_args(argv)
    from summarize.embed import resolve_embedder

    embedder = resolve_embedder(args.embedder)
    started = time.time()
    judged = run_judged(load_claims(args.claims), embedder)
    command = "python -m benchmarks.conflicts_dev" + (f" --embedder {args.embedder}" if args.embedder else "")
    report = render(judged, command, type(embedder).__name__)
    print(report)
    if args.verbose:
        for row in judged["rows"]:
            if row["any"] and row["verdict"] == "false alarm" or row["disagreement"] and not row["found"]:
                print(row["claim"], row["verdict"], row["category"], row["messages"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    result: dict = {"judged": judged, "seconds": round(time.time() - started, 1)}
    if args.pipeline:
        result["pipeline"] = run_pipeline(SHARED / args.pipeline / "clusters.jsonl", args.limit, args.embedder)
        if args.dump:
            args.dump.write_text(json.dumps(result["pipeline"], indent=1, ensure_ascii=False), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
