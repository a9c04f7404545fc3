"""How well cheap signals tell a brief sentence that repeats an earlier one from one that does not.

Run from the repository root, after ``benchmarks.readability`` has written the briefs::

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.repeat_signals build/readability-briefs/duc2003.jsonl \\
        build/readability-briefs/duc2003-250w.jsonl build/readability-briefs/duc2004.jsonl

Every sentence after the first whose repeat verdict is judged (blind, from the brief alone: "repeats a fact
stated earlier in the brief", ``benchmarks/readability.py``) is scored against the sentences before it:

- ``cosine``: the highest cosine to an earlier sentence (the default embedder, as the selector sees it);
- ``words, one earlier``: the largest share of its content words found in one earlier sentence;
- ``words, all earlier``: the share of its content words found anywhere earlier;
- ``names, all earlier``: the share of its names and numbers found anywhere earlier.

The area under the ROC curve says how well each signal ranks repeats above the rest (0.5: no better than
chance); the threshold table says what a "never both" rule on the cosine would cost: repeats it would keep
out against sentences judged new that it would keep out too. Tune on DUC 2003; DUC 2004 is the test.
Results go to ``benchmarks/results/repeat-signals.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.readability import REPO_ROOT, Verdicts, load_jsonl, load_verdicts, sentence_key
from summarize.text.words import content_words

DEFAULT_OUT = REPO_ROOT / "benchmarks" / "results" / "repeat-signals"
SIGNALS = ("cosine", "words, one earlier", "words, all earlier", "names, all earlier")
COSINE_THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7)

_NAME_OR_NUMBER = re.compile(r"[A-Z][\w'’-]+|\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class Judged:
    """One judged sentence of a brief, the sentences before it, and whether it repeats one of them."""

    text: str
    earlier: tuple[str, ...]
    repeats: bool


def judged_sentences(briefs: Sequence[dict], verdicts: Verdicts) -> list[Judged]:
    """The sentences (never the first of a brief) whose repeat verdict is known for what came before them."""
    found = []
    for brief in briefs:
        texts = brief["sentences"]
        for i in range(1, len(texts)):
            verdict = verdicts.repeats.get(sentence_key(brief["set"], brief["cluster"], texts[i], texts[:i]))
            if verdict is not None:
                found.append(Judged(texts[i], tuple(texts[:i]), verdict))
    return found


def names(text: str) -> set[str]:
    """Capitalised words and numbers, without a capitalised word that only opens the sentence."""
    found = [w.rstrip(".,") for w in _NAME_OR_NUMBER.findall(text)]
    opener = re.match(r"\W*([A-Z][\w'’-]+)", text)
    if opener is not None and found.count(opener.group(1)) == 1:
        found.remove(opener.group(1))
    return set(found)


def _share(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def signals(sentence: Judged, encode: Callable[[Sequence[str]], Any]) -> dict[str, float]:
    """Every signal of one sentence against the sentences before it."""
    vectors = np.asarray(encode([sentence.text, *sentence.earlier]), dtype=np.float64)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    words = content_words(sentence.text)
    earlier_words = [content_words(t) for t in sentence.earlier]
    return {
        "cosine": float((vectors[1:] @ vectors[0]).max()),
        "words, one earlier": max(_share(words, w) for w in earlier_words),
        "words, all earlier": _share(words, set().union(*earlier_words)),
        "names, all earlier": _share(names(sentence.text), set().union(*(names(t) for t in sentence.earlier))),
    }


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """The chance that a random positive scores above a random negative (ties count half); None without both."""
    if not positives or not negatives:
        return None
    pos, neg = np.asarray(positives)[:, None], np.asarray(negatives)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def score(sentences: Sequence[Judged], encode: Callable[[Sequence[str]], Any]) -> dict[str, Any]:
    """AUC per signal, and what a cosine rule at each threshold keeps out."""
    rows = [(s.repeats, signals(s, encode)) for s in sentences]
    repeats = [values for is_repeat, values in rows if is_repeat]
    others = [values for is_repeat, values in rows if not is_repeat]
    return {
        "sentences": len(rows),
        "repeats": len(repeats),
        "auc": {name: auc([v[name] for v in repeats], [v[name] for v in others]) for name in SIGNALS},
        "cosine_rule": [
            {"threshold": t, "repeats_out": sum(v["cosine"] >= t for v in repeats),
             "others_out": sum(v["cosine"] >= t for v in others)}
            for t in COSINE_THRESHOLDS
        ],
    }


def render_markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Signals of a repeated sentence (judged blind)", "",
        f"- Command: `{results['command']}`", f"- Date: {results['date']}", "",
        "Area under the ROC curve of each signal (1.0 separates repeats from the rest; 0.5 is chance):", "",
        "| briefs | judged sentences | repeats | " + " | ".join(SIGNALS) + " |",
        "|---|---:|---:|" + "---:|" * len(SIGNALS),
    ]
    for name, run in results["runs"].items():
        cells = " | ".join("–" if run["auc"][s] is None else f"{run['auc'][s]:.3f}" for s in SIGNALS)
        lines.append(f"| {name} | {run['sentences']} | {run['repeats']} | {cells} |")
    lines += ["", "A cosine rule (never both sentences at or above the threshold): repeats kept out / sentences "
              "judged new kept out too:", "",
              "| briefs | " + " | ".join(f"≥ {t}" for t in COSINE_THRESHOLDS) + " |",
              "|---|" + "---:|" * len(COSINE_THRESHOLDS)]
    for name, run in results["runs"].items():
        cells = " | ".join(f"{r['repeats_out']} / {r['others_out']}" for r in run["cosine_rule"])
        lines.append(f"| {name} | {cells} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("briefs", nargs="+", type=Path, help="briefs files written by benchmarks.readability")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results stem: writes STEM.md and STEM.json")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.briefs if not path.is_file()]
    if missing:
        raise SystemExit(f"no briefs file {', '.join(missing)}: run `python -m benchmarks.readability` first")
    from summarize import Summarizer

    encode = Summarizer().embedder.encode
    verdicts = load_verdicts()
    runs = {path.stem: score(judged_sentences(load_jsonl(path), verdicts), encode) for path in args.briefs}
    results = {
        "command": "python -m benchmarks.repeat_signals " + " ".join(sys.argv[1:] if argv is None else argv),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
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
