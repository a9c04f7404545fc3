"""Readability on real news: do the brief's sentences read as an editor would let them stand?

Run from the repository root::

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.readability                 # DUC 2004, 100 words
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.readability --duc2003       # DUC 2003 too
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.readability --duc2003 --only-duc2003 --words 250 \\
        --out /tmp/readability-250
    .venv/bin/python -m benchmarks.readability --merge-verdicts judged.jsonl    # add blind verdicts

The default :class:`summarize.Summarizer` (``--words`` words, articles dated as ``benchmarks.quality``
dates them) summarises every cluster; every brief sentence, as the reader sees it and in brief order,
goes to ``build/readability-briefs/<set>.jsonl`` and is matched to a verdict of the rubric in
``../shared/data/duc2004/judgements/README.md`` (OK, NEEDS-CONTEXT, FILLER, CLUTTER; per brief, whether
the first sentence states the main event; per sentence, whether it repeats a fact stated earlier).

Verdicts come from the shared judged set (``judgements/readability.jsonl``, DUC 2004) and from the
project's ``benchmarks/data/readability-verdicts.jsonl``, which holds SHA-1 keys only (no DUC text).
The keys, over :func:`normalise`-d text (whitespace, LDC and curly quotes, case):

- sentence: set + cluster + sentence + the *set* of earlier sentences of its brief (sorted). Whether a
  sentence needs context depends on what came before it, so "OK after A and B" is not a verdict on the
  same sentence after C; the order of the earlier sentences is not part of the key, since the rubric asks
  whether they introduce what the sentence needs, not in which order. The label and the repeat verdict of
  a sentence share this key;
- lead: set + cluster + first sentence (whether it states the cluster's main event does not depend on
  the rest of the brief);
- brief: set + cluster + all sentences in order; the shared set counts repeats per brief
  (``redundant``), so that count applies only to the very same brief.

Metrics per set, over judged sentences only (coverage shown next to each): % NEEDS-CONTEXT, % FILLER,
% CLUTTER; repeats (sentences that repeat an earlier one, as a % of the sentences of the briefs whose
repeats are all judged); lead-first count; words per brief (mean and max, counted as the reader sees
them: whitespace words of the shown sentences) against the budget.

Sentences without a verdict go to ``build/readability-unjudged/<set>.jsonl`` in a blind form: each
brief with its sentences in order, the ones to judge marked, a pointer to the rubric and one human
summary of the cluster (the rubric shows one to know the main event); nothing about how a sentence was
chosen. Fill in ``label`` and ``repeats`` ("yes"/"no") of each marked sentence and ``lead`` of a marked
brief, then merge the file with ``--merge-verdicts``.
Results go to ``benchmarks/results/readability.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.quality import environment, load_clusters, parse_sets, to_documents

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT / ".." / "shared" / "data"
SETS = {"duc2004": DATA / "duc2004" / "clusters.jsonl", "duc2003": DATA / "duc2003" / "clusters.jsonl"}
SHARED = DATA / "duc2004" / "judgements" / "readability.jsonl"
RUBRIC = "../shared/data/duc2004/judgements/README.md, section Rubric, 'Readability'"
VERDICTS = REPO_ROOT / "benchmarks" / "data" / "readability-verdicts.jsonl"
BUILD = REPO_ROOT / "build"
OUT = REPO_ROOT / "benchmarks" / "results" / "readability"
LABELS = ("OK", "NEEDS-CONTEXT", "FILLER", "CLUTTER")
YES_NO = ("yes", "no")

__all__ = [
    "LABELS", "Verdicts", "brief_key", "lead_key", "load_verdicts", "main", "merge_verdicts", "normalise",
    "score_briefs", "sentence_key", "unjudged_briefs",
]

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})


def normalise(text: str) -> str:
    """``text`` without trivial differences: Unicode form, LDC ``` `` ''``, curly quotes, spaces, case."""
    text = unicodedata.normalize("NFKC", text).replace("``", '"').replace("''", '"').translate(_QUOTES)
    return " ".join(text.split()).lower()


def _sha1(parts: Any) -> str:
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def sentence_key(set_name: str, cluster: str, text: str, earlier: Iterable[str]) -> str:
    """The key of a verdict on ``text`` read after the sentences ``earlier`` (as a set) of its brief."""
    return _sha1(["readable", set_name, cluster, normalise(text), sorted(normalise(e) for e in earlier)])


def lead_key(set_name: str, cluster: str, first: str) -> str:
    """The key of a verdict on whether ``first`` states the cluster's main event."""
    return _sha1(["lead", set_name, cluster, normalise(first)])


def brief_key(set_name: str, cluster: str, texts: Sequence[str]) -> str:
    """The key of a whole brief, sentences in order (the shared set's per-brief repeat count)."""
    return _sha1(["brief", set_name, cluster, [normalise(t) for t in texts]])


class Verdicts:
    """Every verdict we hold, by key: sentence labels and repeats, leads, and per-brief repeat counts."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.repeats: dict[str, bool] = {}
        self.leads: dict[str, bool] = {}
        self.brief_repeats: dict[str, int] = {}
        self.source_counts = {"shared": 0, "ours": 0}

    def add_shared(self, rows: Iterable[Mapping[str, Any]], set_name: str = "duc2004") -> None:
        """The shared judged briefs (``judgements/readability.jsonl``)."""
        for row in rows:
            texts = [s["text"] for s in row["sentences"]]
            for i, sentence in enumerate(row["sentences"]):
                key = sentence_key(set_name, row["cluster"], sentence["text"], texts[:i])
                self.labels.setdefault(key, sentence["label"])
                self.source_counts["shared"] += 1
            if texts and row.get("lead") in YES_NO:
                self.leads.setdefault(lead_key(set_name, row["cluster"], texts[0]), row["lead"] == "yes")
            if row.get("redundant") is not None:
                self.brief_repeats[brief_key(set_name, row["cluster"], texts)] = int(row["redundant"])

    def add_ours(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """The project's hashed verdicts: ``{"type": "sentence"|"lead", "key", ...}``; the shared ones win."""
        for row in rows:
            if row["type"] == "sentence":
                if row.get("label") in LABELS:
                    self.labels.setdefault(row["key"], row["label"])
                if row.get("repeats") in YES_NO:
                    self.repeats.setdefault(row["key"], row["repeats"] == "yes")
                self.source_counts["ours"] += 1
            elif row["type"] == "lead" and row.get("lead") in YES_NO:
                self.leads.setdefault(row["key"], row["lead"] == "yes")


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_verdicts(shared: Path = SHARED, ours: Path = VERDICTS) -> Verdicts:
    verdicts = Verdicts()
    verdicts.add_shared(load_jsonl(shared))
    verdicts.add_ours(load_jsonl(ours))
    return verdicts


# --------------------------------------------------------------------------------------
# Scoring


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def brief_repeats(set_name: str, cluster: str, texts: Sequence[str], verdicts: Verdicts) -> int | None:
    """Sentences of one brief that repeat an earlier one, or None when not all of them are judged."""
    whole = verdicts.brief_repeats.get(brief_key(set_name, cluster, texts))
    if whole is not None:
        return whole
    found = [verdicts.repeats.get(sentence_key(set_name, cluster, t, texts[:i])) for i, t in enumerate(texts)]
    if any(v is None for v in found[1:]):  # a first sentence repeats nothing
        return None
    return sum(bool(v) for v in found[1:])


def score_briefs(set_name: str, briefs: Sequence[Mapping[str, Any]], verdicts: Verdicts, max_words: int) -> dict:
    """The readability numbers of one set's briefs (``{"cluster", "sentences": [texts]}``)."""
    counts = {label: 0 for label in LABELS}
    sentences = judged = 0
    leads = judged_leads = 0
    repeated = repeat_sentences = repeat_briefs = 0
    words = []
    for brief in briefs:
        texts = list(brief["sentences"])
        cluster = brief["cluster"]
        sentences += len(texts)
        words.append(sum(len(t.split()) for t in texts))
        for i, text in enumerate(texts):
            label = verdicts.labels.get(sentence_key(set_name, cluster, text, texts[:i]))
            if label is not None:
                judged += 1
                counts[label] += 1
        if texts:
            lead = verdicts.leads.get(lead_key(set_name, cluster, texts[0]))
            if lead is not None:
                judged_leads += 1
                leads += bool(lead)
        repeats = brief_repeats(set_name, cluster, texts, verdicts)
        if repeats is not None:
            repeat_briefs += 1
            repeat_sentences += len(texts)
            repeated += repeats
    return {
        "briefs": len(briefs),
        "sentences": sentences,
        "judged": judged,
        "coverage": _ratio(judged, sentences),
        "labels": counts,
        "needs_context": _ratio(counts["NEEDS-CONTEXT"], judged),
        "filler": _ratio(counts["FILLER"], judged),
        "clutter": _ratio(counts["CLUTTER"], judged),
        "repeats": {"sentences": repeated, "of": repeat_sentences, "briefs": repeat_briefs,
                    "share": _ratio(repeated, repeat_sentences)},
        "lead": {"yes": leads, "judged": judged_leads, "briefs": len(briefs)},
        "words": {"budget": max_words, "mean": round(sum(words) / len(words), 1) if words else None,
                  "max": max(words, default=0), "over_budget": sum(w > max_words for w in words)},
    }


def unjudged_briefs(
    set_name: str, briefs: Sequence[Mapping[str, Any]], verdicts: Verdicts, main_events: Mapping[str, str]
) -> list[dict]:
    """The blind rows to judge: each brief with a sentence (label or repeat) or its lead unjudged."""
    rows = []
    for brief in briefs:
        texts = list(brief["sentences"])
        cluster = brief["cluster"]
        whole_repeats = brief_key(set_name, cluster, texts) in verdicts.brief_repeats
        marked = []
        for i, text in enumerate(texts):
            key = sentence_key(set_name, cluster, text, texts[:i])
            needs_repeat = i > 0 and not whole_repeats and key not in verdicts.repeats
            marked.append(key not in verdicts.labels or needs_repeat)
        judge_lead = bool(texts) and lead_key(set_name, cluster, texts[0]) not in verdicts.leads
        if not any(marked) and not judge_lead:
            continue
        rows.append({
            "set": set_name,
            "cluster": cluster,
            "rubric": RUBRIC,
            "main_event_reference": main_events.get(cluster),
            "sentences": [
                {"n": i + 1, "text": text, "judge": judge, **({"label": None, "repeats": None} if judge else {})}
                for i, (text, judge) in enumerate(zip(texts, marked))
            ],
            "judge_lead": judge_lead,
            **({"lead": None} if judge_lead else {}),
        })
    return rows


class MergeError(ValueError):
    """A judged file that cannot be merged; nothing was written."""


def merge_verdicts(judged_rows: Sequence[Mapping[str, Any]], verdicts_path: Path = VERDICTS) -> dict[str, int]:
    """Add the verdicts of a judged blind file to ``verdicts_path`` (keys only); returns the counts."""
    stored = {(r["type"], r["key"]): r for r in load_jsonl(verdicts_path)}
    new: dict[tuple[str, str], dict] = {}
    counts = {"added": 0, "already_stored": 0}
    for n, row in enumerate(judged_rows, start=1):
        set_name, cluster = row.get("set"), row.get("cluster")
        if set_name not in SETS or not isinstance(cluster, str):
            raise MergeError(f"row {n}: 'set' must be one of {', '.join(SETS)} and 'cluster' a cluster id")
        texts = [s["text"] for s in row["sentences"]]
        records = []
        for i, sentence in enumerate(row["sentences"]):
            if not sentence.get("judge"):
                continue
            label, repeats = sentence.get("label"), sentence.get("repeats")
            if label not in LABELS:
                raise MergeError(f"row {n} sentence {i + 1}: label must be one of {', '.join(LABELS)}, got {label!r}")
            if repeats not in YES_NO and not (i == 0 and repeats is None):
                raise MergeError(f"row {n} sentence {i + 1}: repeats must be 'yes' or 'no', got {repeats!r}")
            key = sentence_key(set_name, cluster, sentence["text"], texts[:i])
            records.append({"type": "sentence", "key": key, "set": set_name, "label": label,
                            "repeats": repeats if i else "no"})
        if row.get("judge_lead"):
            if row.get("lead") not in YES_NO:
                raise MergeError(f"row {n}: lead must be 'yes' or 'no', got {row.get('lead')!r}")
            records.append({"type": "lead", "key": lead_key(set_name, cluster, texts[0]), "set": set_name,
                            "lead": row["lead"]})
        for record in records:
            slot = (record["type"], record["key"])
            if slot in stored or slot in new:
                counts["already_stored"] += 1
            else:
                new[slot] = record
                counts["added"] += 1
    if new:
        everything = sorted([*stored.values(), *new.values()], key=lambda r: (r["type"], r["key"]))
        verdicts_path.parent.mkdir(parents=True, exist_ok=True)
        verdicts_path.write_text(
            "".join(json.dumps(r, sort_keys=True) + "\n" for r in everything), encoding="utf-8"
        )
    return counts


# --------------------------------------------------------------------------------------
# Running the summariser


def run_set(
    set_name: str, clusters: Sequence[dict], options: Mapping[str, Any], progress: Callable[[str], None]
) -> tuple[list[dict], dict]:
    """The briefs of one set as ``{"cluster", "sentences": [shown texts]}`` and run information."""
    from summarize import Summarizer

    summarizer = Summarizer(**options)
    briefs = []
    seconds = 0.0
    for n, cluster in enumerate(clusters, start=1):
        start = time.perf_counter()
        brief = summarizer.summarize(to_documents(cluster))
        seconds += time.perf_counter() - start
        briefs.append({"cluster": cluster["id"], "sentences": [s.text for s in brief.sentences]})
        if n % 10 == 0:
            progress(f"  {set_name}: {n}/{len(clusters)} clusters")
    return briefs, {"clusters": len(clusters), "seconds": round(seconds, 1), "embedder": summarizer.embedder.name}


def _write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = list(rows)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


# --------------------------------------------------------------------------------------
# Report


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _cell(share: float | None, count: int, judged: int) -> str:
    return f"{_pct(share)} ({count} of {judged})" if judged else "–"


def render_markdown(results: Mapping[str, Any]) -> str:
    env = results["environment"]
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v)
    lines = [
        "# Readability of the briefs on real news (DUC newswire)",
        "",
        f"- Command: `{results['command']}`",
        f"- Date: {results['date']}",
        f"- Git commit: {env['git_commit']}",
        f"- Machine: {env['machine'].get('cpu')}; {env['machine'].get('usable_cpus')} CPUs usable; "
        f"{env['machine']['platform']}",
        f"- Versions: {versions}",
        f"- Options: `{json.dumps(results['options'], sort_keys=True)}`",
        f"- Verdicts: shared judged set `{RUBRIC.split(',')[0].replace('README.md', 'readability.jsonl')}` "
        f"({results['verdicts']['shared']} sentences) + `benchmarks/data/readability-verdicts.jsonl` "
        f"({results['verdicts']['ours']} sentences)",
        "",
        "Every sentence of every brief is matched to a blind verdict by cluster, normalised text and the set of "
        "earlier sentences of its brief (see `benchmarks/readability.py`). Percentages are over judged "
        "sentences; **a low coverage means most sentences have no verdict yet, so the share is not a measurement "
        "of this run**. Unjudged sentences are written, blind, to `build/readability-unjudged/`.",
        "",
        "| set | briefs | sentences | judged (coverage) | needs context | filler | clutter | repeats an earlier "
        "sentence | first sentence states the main event | words per brief: mean / max (budget) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for set_name, run in results["runs"].items():
        s = run["scores"]
        labels, rep, lead, words = s["labels"], s["repeats"], s["lead"], s["words"]
        lines.append(
            f"| {set_name} | {s['briefs']} | {s['sentences']} | {s['judged']} ({_pct(s['coverage'])}) | "
            f"{_cell(s['needs_context'], labels['NEEDS-CONTEXT'], s['judged'])} | "
            f"{_cell(s['filler'], labels['FILLER'], s['judged'])} | "
            f"{_cell(s['clutter'], labels['CLUTTER'], s['judged'])} | "
            + (f"{_pct(rep['share'])} ({rep['sentences']} of {rep['of']}, {rep['briefs']} briefs judged) | "
               if rep["of"] else "– (no brief fully judged) | ")
            + f"{lead['yes']} of {lead['judged']} judged ({lead['briefs']} briefs) | "
            f"{words['mean']} / {words['max']} ({words['budget']}; {words['over_budget']} over) |"
        )
    lines += ["", "## Runs", ""]
    for set_name, run in results["runs"].items():
        lines.append(
            f"- {set_name}: embedder `{run['info']['embedder']}`, {run['info']['clusters']} clusters, "
            f"{run['info']['seconds']} s summarising; briefs `{run['briefs_file']}`; blind file "
            f"`{run['unjudged_file']}` ({run['unjudged_briefs']} briefs, {run['unjudged_sentences']} sentences "
            "to judge)"
        )
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duc2003", action="store_true", help="also make and score the DUC 2003 briefs")
    parser.add_argument("--only-duc2003", action="store_true", help="DUC 2003 alone (with --duc2003)")
    parser.add_argument("--words", type=int, default=100, help="brief budget in words (default 100)")
    parser.add_argument("--clusters", type=int, default=None, metavar="N", help="only the first N clusters")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="sets",
                        help="a Summarizer option (repeatable)")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS, help="the project's verdict file")
    parser.add_argument("--build", type=Path, default=BUILD, help="where briefs and blind files go")
    parser.add_argument("--out", type=Path, default=OUT, help="results stem: writes STEM.md and STEM.json")
    parser.add_argument("--merge-verdicts", type=Path, default=None, metavar="FILE",
                        help="add the verdicts of a judged blind file and exit")
    return parser


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> dict:
    args = build_parser().parse_args(argv)
    if args.merge_verdicts is not None:
        try:
            counts = merge_verdicts(load_jsonl(args.merge_verdicts), args.verdicts)
        except (MergeError, KeyError, TypeError) as error:
            raise SystemExit(f"nothing merged: {error}") from None
        print(f"merged {args.merge_verdicts}: {counts['added']} added, {counts['already_stored']} already stored")
        return counts
    options = {**parse_sets(args.sets), "max_words": args.words}
    names = (["duc2003"] if args.only_duc2003 else ["duc2004", "duc2003"]) if args.duc2003 else ["duc2004"]
    verdicts = load_verdicts(ours=args.verdicts)
    runs = {}
    for set_name in names:
        clusters = load_clusters(SETS[set_name], args.clusters)
        _progress(f"{set_name}: {len(clusters)} clusters at {args.words} words")
        briefs, info = run_set(set_name, clusters, options, _progress)
        suffix = "" if args.words == 100 else f"-{args.words}w"
        briefs_file = args.build / "readability-briefs" / f"{set_name}{suffix}.jsonl"
        _write_jsonl(briefs_file, ({"set": set_name, **b} for b in briefs))
        main_events = {c["id"]: (c.get("references") or [None])[0] for c in clusters}
        blind = unjudged_briefs(set_name, briefs, verdicts, main_events)
        unjudged_file = args.build / "readability-unjudged" / f"{set_name}{suffix}.jsonl"
        _write_jsonl(unjudged_file, blind)
        runs[set_name] = {
            "info": info,
            "scores": score_briefs(set_name, briefs, verdicts, args.words),
            "briefs_file": str(briefs_file.relative_to(REPO_ROOT) if briefs_file.is_relative_to(REPO_ROOT)
                               else briefs_file),
            "unjudged_file": str(unjudged_file.relative_to(REPO_ROOT) if unjudged_file.is_relative_to(REPO_ROOT)
                                 else unjudged_file),
            "unjudged_briefs": len(blind),
            "unjudged_sentences": sum(s["judge"] for row in blind for s in row["sentences"]),
        }
    results = {
        "command": "python -m benchmarks.readability " + " ".join(sys.argv[1:] if argv is None else argv),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "environment": environment(),
        "options": options,
        "verdicts": verdicts.source_counts,
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    markdown = render_markdown(results)
    args.out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return results


if __name__ == "__main__":
    main()
