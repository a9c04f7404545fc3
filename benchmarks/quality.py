"""DUC 2004 task 2 quality benchmark: our summarizer next to published and live baselines.

Run from the repository root::

    .venv/bin/python -m benchmarks.quality                      # all 50 clusters, "default" config
    .venv/bin/python -m benchmarks.quality --config tfidf --config default
    .venv/bin/python -m benchmarks.quality --config default --set redundancy_threshold=0.7 \\
        --out benchmarks/results/exp-threshold07
    .venv/bin/python -m benchmarks.quality --grid grid.json --no-peers --no-live   # cross-validation

Every system is scored by the same scorer in the same run (see ``benchmarks/_rouge.py``):
ROUGE-1/2/SU4 recall (and F1) of the first 100 words against the 4 references,
as ROUGE-1.5.5 ``-n 4 -m -l 100 -f A`` does.  Three kinds of rows:

``ours``     a named configuration of :class:`summarize.Summarizer` (always ``max_words=100``);
``sumrepo``  the published summaries of the 13 SumRepo systems (Hong et al. 2014), with the
             official ROUGE-1.5.5 numbers next to ours (the calibration of our scorer);
``live``     baselines run here on the same input: Lead, sumy's LexRank/TextRank/LSA/Luhn and
             the ``lexrank`` package.

Results go to ``<out>.md`` and ``<out>.json`` (default ``benchmarks/results/duc2004``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import hashlib
import json
import math
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._rouge import LENGTH_LIMIT, METRICS, Rouge155Scorer

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "duc2004" / "clusters.jsonl"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "results" / "duc2004"
MAX_WORDS = LENGTH_LIMIT  # every system is asked for, and scored on, 100 words
BOOTSTRAP_SEED = 2004
CV_SEED = 0

#: Named Summarizer configurations (keyword arguments; max_words=100 is always added).
CONFIGS: dict[str, dict[str, Any]] = {
    "default": {},
    "tfidf": {"embedder": "tfidf"},
    # Ablations of the default: the first pipeline (LexRank + support, MMR, no
    # lead prior), and concept coverage without embedding scores.
    "lexrank-mmr": {"selection": "mmr", "position_weight": 0.0},
    "concepts-only": {"coverage_score_weight": 0.0},
    # The default before learned concept weights: document frequency alone.
    "document-frequency": {"concept_weighting": "documents", "concept_min_documents": 3},
}

#: Metrics shown in the table / accepted by cross_validate.
TABLE_METRICS = ("rouge1_r", "rouge2_r", "rougesu4_r", "rouge1_f", "rouge2_f")

# --------------------------------------------------------------------------------------
# Data


def load_clusters(path: str | os.PathLike = DEFAULT_DATA, limit: int | None = None) -> list[dict]:
    """The DUC 2004 clusters (file order), the first ``limit`` of them when given."""
    clusters = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                clusters.append(json.loads(line))
            if limit is not None and len(clusters) >= limit:
                break
    return clusters


def load_peer_summaries(peers_dir: Path) -> dict[str, dict[str, str]]:
    """``{system: {cluster_id: summary}}`` from SumRepo's ``system_summaries.jsonl``."""
    systems: dict[str, dict[str, str]] = OrderedDict()
    with open(peers_dir / "system_summaries.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                systems.setdefault(row["system"], {})[row["id"]] = row["summary"]
    return systems


def _read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    header = [h.strip().lower() if h.strip().lower() in ("system", "id") else h.strip() for h in lines[0].split("\t")]
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def load_official(peers_dir: Path) -> tuple[dict[str, dict[str, float]], dict[tuple[str, str], dict[str, float]]]:
    """Official ROUGE-1.5.5 recall: (averages per system, per (system, cluster))."""
    keys = {"ROUGE-1_R": "rouge1_r", "ROUGE-2_R": "rouge2_r", "ROUGE-4_R": "rouge4_r"}
    average: dict[str, dict[str, float]] = {}
    pertopic: dict[tuple[str, str], dict[str, float]] = {}
    avg_path, topic_path = peers_dir / "average_rouge_recall.tsv", peers_dir / "pertopic_rouge_recall.tsv"
    if avg_path.exists():
        for row in _read_tsv(avg_path):
            average[row["system"]] = {v: float(row[k]) for k, v in keys.items() if k in row}
    if topic_path.exists():
        for row in _read_tsv(topic_path):
            pertopic[(row["system"], row["id"])] = {v: float(row[k]) for k, v in keys.items() if k in row}
    return average, pertopic


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------
# Sentence and word splitting shared by the live baselines

# Punkt with no trained parameters only knows what we tell it.  These are the
# abbreviations that end in a period mid-sentence in AP/NYT copy; words that are
# also ordinary sentence-final words ("no", "ill", "miss", ...) are left out.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen sens rep reps gov gen lt col maj capt sgt adm cmdr gens
    st ft mt jr sr rev messrs msgr
    u.s u.n u.k u.s.a e.u d.c a.m p.m e.g i.e etc vs inc corp co ltd bros
    jan feb mar apr jun jul aug sep sept oct nov dec
    ala ariz ark calif colo conn fla ga kan ky md mich minn neb nev n.h n.j n.m n.y
    n.c n.d okla pa r.i s.c s.d tenn tex va vt wis wyo
    """.split()  # noqa: SIM905 - easier to read and extend than a literal
)

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

_SPLITTER = None


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` by NLTK's Punkt algorithm with no downloaded model.

    ``PunktSentenceTokenizer()`` is built without training data (NLTK's punkt
    data is not installed here); the abbreviation list above keeps "Mr." and
    "U.S." from ending sentences.  Punkt keeps the LDC closing quote ``''``
    with the sentence it closes.
    """
    global _SPLITTER
    if _SPLITTER is None:
        from nltk.tokenize.punkt import PunktSentenceTokenizer

        splitter = PunktSentenceTokenizer()
        splitter._params.abbrev_types.update(_ABBREVIATIONS)
        _SPLITTER = splitter
    return [s.strip() for s in _SPLITTER.tokenize(text) if s.strip()]


def split_words(sentence: str) -> list[str]:
    """Alphabetic words (inner apostrophes and hyphens kept); numbers and punctuation dropped."""
    return _WORD_RE.findall(sentence)


def _norm(sentence: str) -> str:
    return " ".join(sentence.lower().split())


def _fill(ranked: Iterable[str], limit: int = MAX_WORDS) -> list[str]:
    """Sentences in the given order, skipping exact repeats, until ``limit`` words are reached."""
    chosen, seen, words = [], set(), 0
    for sentence in ranked:
        key = _norm(sentence)
        if not key or key in seen:
            continue
        seen.add(key)
        chosen.append(sentence)
        words += len(sentence.split())
        if words >= limit:
            break
    return chosen


def _cluster_sentences(cluster: dict) -> list[list[str]]:
    return [split_sentences(doc["text"]) for doc in cluster["documents"]]


# --------------------------------------------------------------------------------------
# Live baselines


class SumyTokenizer:
    """The tokenizer object sumy's parsers and summarizers call (``to_sentences``, ``to_words``).

    sumy's own ``Tokenizer`` loads NLTK's punkt data, which this machine does not have.
    """

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(split_words(sentence))


class _FillCount:
    """A sumy sentence count: take the best-rated sentences until 100 words.

    sumy's ``_get_best_sentences`` sorts the sentences by rating and calls a callable
    ``sentences_count`` with that list; we keep the rank order (so the cut at 100
    words drops the least important words) and skip exact repeats (the DUC inputs
    contain duplicated articles).
    """

    def __init__(self, limit: int = MAX_WORDS):
        self.limit = limit
        self.chosen: list[str] = []

    def __call__(self, infos):
        picked, seen, words = [], set(), 0
        for info in infos:
            text = str(info.sentence)
            key = _norm(text)
            if not key or key in seen:
                continue
            seen.add(key)
            picked.append(info)
            words += len(text.split())
            if words >= self.limit:
                break
        self.chosen = [str(info.sentence) for info in picked]
        return picked


_SUMY: dict[str, Any] = {}


def _sumy_summarizer(name: str):
    if name not in _SUMY:
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.luhn import LuhnSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        cls = {
            "LexRank": LexRankSummarizer,
            "TextRank": TextRankSummarizer,
            "LSA": LsaSummarizer,
            "Luhn": LuhnSummarizer,
        }[name]
        # sumy stems every word occurrence; memoise the Snowball stemmer (same output, much faster)
        summarizer = cls(functools.lru_cache(maxsize=None)(Stemmer("english")))
        summarizer.stop_words = get_stop_words("english")
        _SUMY[name] = summarizer
    return _SUMY[name]


def _sumy_run(name: str, cluster: dict) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = SumyTokenizer()
    paragraphs = []
    for sentences in _cluster_sentences(cluster):  # one paragraph per article
        if sentences:
            paragraphs.append(Paragraph([Sentence(s, tokenizer) for s in sentences]))
    count = _FillCount(MAX_WORDS)
    _sumy_summarizer(name)(ObjectDocumentModel(paragraphs), count)
    return " ".join(count.chosen)


def _lexrank_run(cluster: dict) -> str:
    from lexrank import STOPWORDS, LexRank

    per_doc = [s for s in _cluster_sentences(cluster) if s]
    ranker = LexRank(per_doc, stopwords=STOPWORDS["en"])  # idf over the cluster's articles
    flat = [s for sentences in per_doc for s in sentences]
    scores = ranker.rank_sentences(flat, threshold=0.1)  # Erkan & Radev's threshold
    order = sorted(range(len(flat)), key=lambda i: -float(scores[i]))
    return " ".join(_fill(flat[i] for i in order))


def _newest_key(doc: dict) -> tuple:
    """Latest date first, then the DOCNO's sequence number (APW19981108.0188 -> 188) as a time proxy."""
    suffix = doc["id"].rsplit(".", 1)[-1]
    return (doc.get("date") or "", int(suffix) if suffix.isdigit() else -1, doc["id"])


def _lead_run(cluster: dict) -> str:
    newest = max(cluster["documents"], key=_newest_key)
    return " ".join(_fill(split_sentences(newest["text"])))


#: name -> function(cluster) -> summary text (~100 words or a little more; cut at scoring)
LIVE_PEERS: dict[str, Callable[[dict], str]] = OrderedDict(
    [
        ("Lead (newest article)", _lead_run),
        ("sumy LexRank", lambda c: _sumy_run("LexRank", c)),
        ("sumy TextRank", lambda c: _sumy_run("TextRank", c)),
        ("sumy LSA", lambda c: _sumy_run("LSA", c)),
        ("sumy Luhn", lambda c: _sumy_run("Luhn", c)),
        ("lexrank LexRank", _lexrank_run),
    ]
)

# --------------------------------------------------------------------------------------
# Our summarizer

_SUMMARIZERS: dict[str, Any] = {}
_SETUP_SECONDS: dict[str, float] = {}
#: (config key, cluster id) -> (summary text, seconds); lives for the whole process.
_SUMMARY_CACHE: dict[tuple[str, str], tuple[str, float]] = {}
_LIBRARY: dict[str, Any] = {}


def library_status() -> tuple[bool, str]:
    """(importable, message): whether ``from summarize import Summarizer, Document`` works."""
    if "ok" not in _LIBRARY:
        try:
            from summarize import Document, Summarizer

            _LIBRARY.update(ok=True, message="ok", Summarizer=Summarizer, Document=Document)
        except Exception as error:  # noqa: BLE001 - the library may be half-written: report, don't crash
            _LIBRARY.update(ok=False, message=f"{type(error).__name__}: {error}")
    return _LIBRARY["ok"], _LIBRARY["message"]


def summarizer_kwargs(params: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments actually passed: ``params`` with ``max_words=100`` forced."""
    kwargs = dict(params)
    if kwargs.get("max_words", MAX_WORDS) != MAX_WORDS:
        print(f"note: max_words={kwargs['max_words']!r} ignored, the benchmark uses {MAX_WORDS}", file=sys.stderr)
    kwargs["max_words"] = MAX_WORDS
    return kwargs


def config_key(params: dict[str, Any]) -> str:
    return json.dumps(summarizer_kwargs(params), sort_keys=True, default=repr)


def to_documents(cluster: dict) -> list:
    """The cluster's articles as :class:`summarize.Document` (texts untouched)."""
    ok, message = library_status()
    if not ok:
        raise RuntimeError(f"summarize is not importable: {message}")
    Document = _LIBRARY["Document"]
    documents = []
    for doc in cluster["documents"]:
        published = _dt.datetime.fromisoformat(doc["date"]) if doc.get("date") else None
        documents.append(
            Document(id=doc["id"], text=doc["text"], title=doc.get("title"), source=None, url=None, published=published)
        )
    return documents


def run_ours(params: dict[str, Any], cluster: dict) -> tuple[str, float]:
    """(summary text, seconds) of ``Summarizer(**params, max_words=100)`` on ``cluster``; cached."""
    key = config_key(params)
    cached = _SUMMARY_CACHE.get((key, cluster["id"]))
    if cached is not None:
        return cached
    ok, message = library_status()
    if not ok:
        raise RuntimeError(f"summarize is not importable: {message}")
    documents = to_documents(cluster)
    if key not in _SUMMARIZERS:
        # Build once per configuration and warm it up on this cluster (models load lazily on
        # the first call), so that the timed calls below measure summarising alone.
        start = time.perf_counter()
        summarizer = _LIBRARY["Summarizer"](**summarizer_kwargs(params))
        summarizer.summarize(documents)
        _SETUP_SECONDS[key] = time.perf_counter() - start
        _SUMMARIZERS[key] = summarizer
    start = time.perf_counter()
    brief = _SUMMARIZERS[key].summarize(documents)
    seconds = time.perf_counter() - start
    text = " ".join(s.text for s in brief.sentences)
    _SUMMARY_CACHE[(key, cluster["id"])] = (text, seconds)
    return text, seconds


# --------------------------------------------------------------------------------------
# Scoring and statistics

_SCORER: Rouge155Scorer | None = None


def default_scorer() -> Rouge155Scorer:
    global _SCORER
    if _SCORER is None:
        _SCORER = Rouge155Scorer()
    return _SCORER


def bootstrap_ci(values: np.ndarray, samples: int = 1000, seed: int = BOOTSTRAP_SEED, level: float = 0.95):
    """Percentile bootstrap interval of the mean over the first axis (clusters).

    The same seed gives the same resamples for every system, so intervals of
    different systems come from the same resampled cluster sets.
    """
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    if n == 0 or samples <= 0:
        return None
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(samples, n))
    means = values[idx].mean(axis=1)
    tail = (1 - level) / 2 * 100
    return np.percentile(means, tail, axis=0), np.percentile(means, 100 - tail, axis=0)


def _pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def _kendall_tau(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b of two score lists (rankings of systems)."""
    n = len(x)
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif dx == dy:
                concordant += 1
            else:
                discordant += 1
    denominator = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else None


def score_texts(texts: dict[str, str], clusters: Sequence[dict], scorer: Rouge155Scorer) -> dict[str, dict[str, float]]:
    """``{cluster_id: scores}``; a cluster without a text is scored as an empty summary."""
    return {c["id"]: scorer.score(texts.get(c["id"], ""), c["references"]) for c in clusters}


def summarize_scores(per_cluster: dict[str, dict[str, float]], order: Sequence[str], samples: int) -> dict:
    metrics = list(METRICS) + ["words"]
    matrix = np.array([[per_cluster[cid][m] for m in metrics] for cid in order], dtype=float)
    mean = dict(zip(metrics, matrix.mean(axis=0).tolist()))
    result = {"mean": {m: mean[m] for m in METRICS}, "mean_words_scored": mean["words"]}
    ci = bootstrap_ci(matrix[:, : len(METRICS)], samples)
    if ci is not None:
        lo, hi = ci
        result["ci95"] = {m: [float(lo[i]), float(hi[i])] for i, m in enumerate(METRICS)}
    return result


# --------------------------------------------------------------------------------------
# Cross-validation


def cross_validate(
    grid: list[dict],
    clusters: Sequence[dict],
    folds: int = 5,
    metric: str = "rouge2_r",
    *,
    scorer: Rouge155Scorer | None = None,
    runner: Callable[[dict, dict], str] | None = None,
    seed: int = CV_SEED,
    bootstrap: int = 1000,
) -> dict:
    """K-fold model selection over ``grid`` (a list of Summarizer keyword dicts).

    For each fold the grid point with the best mean ``metric`` on the other folds
    is chosen and scored on the held-out fold; ``heldout_mean`` is the mean of the
    held-out per-cluster scores over all clusters (every cluster is held out
    exactly once), the number to report next to the all-data best
    (``all_data_best["mean"]``, which is optimistically biased).  Folds are a
    seeded random partition of the clusters.  Summaries are cached per (grid
    point, cluster), so the grid is summarised once whatever the number of folds.
    ``runner(params, cluster) -> text`` replaces our Summarizer (for tests).
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose from {', '.join(METRICS)}")
    if not grid:
        raise ValueError("empty grid")
    n = len(clusters)
    folds = min(folds, n)
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 clusters and 2 folds")
    scorer = scorer or default_scorer()
    run = runner or (lambda params, cluster: run_ours(params, cluster)[0])

    table = np.zeros((len(grid), n))
    for g, params in enumerate(grid):
        for c, cluster in enumerate(clusters):
            table[g, c] = scorer.score(run(params, cluster), cluster["references"])[metric]

    rng = np.random.default_rng(seed)
    parts = np.array_split(rng.permutation(n), folds)
    heldout = np.zeros(n)
    per_fold = []
    for k, test in enumerate(parts):
        train = np.setdiff1d(np.arange(n), test)
        train_means = table[:, train].mean(axis=1)
        best = int(np.argmax(train_means))  # ties: the first grid point
        heldout[test] = table[best, test]
        per_fold.append(
            {
                "fold": k,
                "test_clusters": [clusters[i]["id"] for i in sorted(test.tolist())],
                "best_index": best,
                "best_params": grid[best],
                "train_mean": float(train_means[best]),
                "test_mean": float(table[best, test].mean()),
            }
        )
    grid_means = table.mean(axis=1)
    best_all = int(np.argmax(grid_means))
    result = {
        "metric": metric,
        "folds": folds,
        "seed": seed,
        "n_clusters": n,
        "grid": grid,
        "grid_means": grid_means.tolist(),
        "all_data_best": {"index": best_all, "params": grid[best_all], "mean": float(grid_means[best_all])},
        "per_fold": per_fold,
        "heldout_mean": float(heldout.mean()),
    }
    ci = bootstrap_ci(heldout[:, None], bootstrap)
    if ci is not None:
        result["heldout_ci95"] = [float(ci[0][0]), float(ci[1][0])]
    return result


# --------------------------------------------------------------------------------------
# Environment


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        if package == "summarize":
            try:
                import summarize

                return getattr(summarize, "__version__", "unknown") + " (not installed, imported from source)"
            except Exception:  # noqa: BLE001 - a broken import only loses the version string
                return None
        return None


def environment() -> dict:
    cpu_model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count()
    commit = None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip() or None
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "summarize", "benchmarks"],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=10, check=False,
        ).stdout.strip()
        if commit and dirty:
            commit += " (+ uncommitted changes)"
    except (OSError, subprocess.SubprocessError):
        pass
    machine = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": cpu_model or platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
    }
    if "torch" in sys.modules:
        machine["torch_threads"] = sys.modules["torch"].get_num_threads()
    packages = ["summarize", "torch", "sentence-transformers", "transformers", "rouge-score", "sumy", "lexrank", "nltk", "numpy"]
    versions = {"python": platform.python_version()}
    versions.update({p: _version(p) for p in packages})
    return {"machine": machine, "versions": versions, "git_commit": commit}


# --------------------------------------------------------------------------------------
# Reporting


def _fmt(value: float | None, digits: int = 4) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ci(system: dict, metric: str) -> str:
    ci = system.get("ci95", {}).get(metric)
    return "–" if not ci else f"{ci[0]:.4f}–{ci[1]:.4f}"


TABLE_HEADER = [
    "System", "Kind", "R-1 R", "R-2 R", "R-SU4 R", "R-1 F", "R-2 F",
    "R-1 R CI95", "R-2 R CI95", "sec/cluster", "Official R-1", "Official R-2",
]


def table_rows(systems: list[dict]) -> list[list[str]]:
    rows = []
    for s in sorted(systems, key=lambda s: -s["mean"]["rouge2_r"]):
        official = s.get("official") or {}
        rows.append(
            [
                s["name"], s["kind"],
                *(_fmt(s["mean"][m]) for m in TABLE_METRICS),
                _ci(s, "rouge1_r"), _ci(s, "rouge2_r"),
                _fmt(s.get("sec_per_cluster"), 3),
                _fmt(official.get("rouge1_r")), _fmt(official.get("rouge2_r")),
            ]
        )
    return rows


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    right = [i for i, h in enumerate(header) if i >= 2]
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


CAL_METRICS = ("rouge1_r", "rouge2_r", "rouge4_r")


def calibrate(systems: list[dict], order: Sequence[str], official_avg: dict, official_topic: dict) -> dict | None:
    """Our scores of the SumRepo systems against the official ROUGE-1.5.5 numbers.

    ``official`` is the system's line in ``average_rouge_recall.tsv`` when all 50
    clusters were run, else the mean of ``pertopic_rouge_recall.tsv`` over the
    clusters run.  The Perl script's printed average is not exactly the mean of its
    per-topic scores (it differs by 0 to +0.0005, an artefact of its resampling), so
    the offsets are also given against the per-topic mean (``diff_pertopic_*``).
    """
    rows, ours_by_metric, theirs_by_metric = [], {}, {}
    full = len(order) == 50
    for s in systems:
        if s["kind"] != "sumrepo":
            continue
        name = s["name"]
        topic = [official_topic.get((name, cid)) for cid in order]
        have_topic = all(t is not None for t in topic)
        topic_mean = {m: float(np.mean([t[m] for t in topic])) for m in CAL_METRICS} if have_topic else None
        if full and name in official_avg:
            official, source = official_avg[name], "average_rouge_recall.tsv"
        elif have_topic:
            official, source = topic_mean, "mean of pertopic_rouge_recall.tsv over the clusters run"
        else:
            continue
        s["official"] = official
        row = {"system": name, "official_source": source}
        for m in CAL_METRICS:
            ours = s["mean"][m]
            row[f"ours_{m}"] = ours
            row[f"official_{m}"] = official[m]
            row[f"diff_{m}"] = ours - official[m]
            ours_by_metric.setdefault(m, []).append(ours)
            theirs_by_metric.setdefault(m, []).append(official[m])
            if have_topic:
                ours_topic = np.array([s["per_cluster"][cid][m] for cid in order])
                theirs_topic = np.array([t[m] for t in topic])
                row[f"pertopic_mean_{m}"] = topic_mean[m]
                row[f"diff_pertopic_{m}"] = ours - topic_mean[m]
                row[f"pertopic_pearson_{m}"] = _pearson(ours_topic, theirs_topic)
                row[f"pertopic_mean_abs_diff_{m}"] = float(np.abs(ours_topic - theirs_topic).mean())
                # the official per-topic numbers are printed with 5 decimals
                row[f"pertopic_share_equal_{m}"] = float((np.abs(np.round(ours_topic, 5) - theirs_topic) < 1e-9).mean())
        rows.append(row)
    if not rows:
        return None
    summary = {}
    for m in CAL_METRICS:
        diffs = np.array([r[f"diff_{m}"] for r in rows])
        summary[m] = {
            "mean_offset": float(diffs.mean()),
            "mean_abs_offset": float(np.abs(diffs).mean()),
            "max_abs_offset": float(np.abs(diffs).max()),
            "kendall_tau_system_ranking": _kendall_tau(ours_by_metric[m], theirs_by_metric[m]),
        }
        if all(f"diff_pertopic_{m}" in r for r in rows):
            summary[m]["mean_offset_vs_pertopic_mean"] = float(np.mean([r[f"diff_pertopic_{m}"] for r in rows]))
            pearsons = [r[f"pertopic_pearson_{m}"] for r in rows]
            if all(p is not None for p in pearsons):
                summary[m]["mean_pertopic_pearson"] = float(np.mean(pearsons))
            summary[m]["mean_pertopic_abs_diff"] = float(np.mean([r[f"pertopic_mean_abs_diff_{m}"] for r in rows]))
            summary[m]["pertopic_share_equal"] = float(np.mean([r[f"pertopic_share_equal_{m}"] for r in rows]))
    return {"systems": rows, "summary": summary}


# The issue's quality targets (recall ×100): the default at these levels and above every SumRepo system,
# and the model-free TF-IDF mode this far above live sumy LexRank on R-2.
TARGET_R1, TARGET_R2, TFIDF_MARGIN_R2 = 40.5, 10.8, 1.0  # issue 16


def target_lines(systems: Sequence[dict]) -> list[str]:
    """The targets, met or not, from the systems of this run (empty when a system they need is missing)."""
    by_name = {s["name"]: s for s in systems}
    default, tfidf, lexrank = by_name.get("ours: default"), by_name.get("ours: tfidf"), by_name.get("sumy LexRank")
    sumrepo = [s for s in systems if s["kind"] == "sumrepo" and s["name"] != "Lead"]
    if default is None or not sumrepo:
        return []
    rows = []
    for metric, label, goal in (("rouge1_r", "R-1", TARGET_R1), ("rouge2_r", "R-2", TARGET_R2)):
        ours = 100 * default["mean"][metric]
        best = max(sumrepo, key=lambda s: s["mean"][metric])
        best_value = 100 * best["mean"][metric]
        above = [s["name"] for s in sumrepo if s["mean"][metric] >= default["mean"][metric]]
        rows.append([f"default {label} ≥ {goal}", f"{ours:.2f}", "yes" if ours >= goal else f"**no** ({ours - goal:+.2f})"])
        rows.append([
            f"default {label} above every SumRepo system",
            f"{ours:.2f} vs best {best['name']} {best_value:.2f}",
            "yes" if not above else f"**no** (below: {', '.join(above)})",
        ])
    if tfidf is not None and lexrank is not None:
        margin = 100 * (tfidf["mean"]["rouge2_r"] - lexrank["mean"]["rouge2_r"])
        rows.append([f"TF-IDF mode R-2 ≥ sumy LexRank + {TFIDF_MARGIN_R2:g}", f"{margin:+.2f}",
                     "yes" if margin >= TFIDF_MARGIN_R2 else "**no**"])
    return [
        "## Targets (recall ×100)",
        "",
        markdown_table(["target", "measured", "met"], rows),
        "",
        *fitted_on_lines(),
    ]


def fitted_on_lines() -> list[str]:
    """What data every fitted part of the default was fitted on, and the cross-validated row for comparison."""
    from summarize.select.concepts import ConceptModel

    lines = [
        "## What each number was fitted on",
        "",
        "- `ours` rows with learned concept weights (default, tfidf, concepts-only): the shipped concept model, "
        f"fitted on **{ConceptModel.default().trained_on}** (`python -m benchmarks.concept_model --save`); the "
        "readability rules' one threshold (`min_concept_share`) was chosen on DUC 2003 too. Nothing of the default "
        "is fitted on DUC 2004, so the `ours: default` row is the headline number.",
        "- `document-frequency` and `lexrank-mmr` fit nothing; the SumRepo rows are published summaries.",
    ]
    summary = REPO_ROOT / "benchmarks" / "results" / "concept-model.json"
    if summary.exists():
        results = json.loads(summary.read_text(encoding="utf-8"))
        for row in results.get("rows", []):
            if row.get("set") == "duc2004" and "cross-validated" in row.get("setting", ""):
                lines.append(
                    f"- For comparison, from `concept-model.md` ({str(results.get('date', '?'))[:10]}, same scorer): "
                    f"DUC 2004 {row['setting']}: R-1 {row['rouge1_r']}, R-2 {row['rouge2_r']}."
                )
    return [*lines, "", "Every experiment: `experiments-duc2004.md`.", ""]


def render_markdown(results: dict) -> str:
    env = results["environment"]
    m = env["machine"]
    lines = [
        "# DUC 2004 task 2 quality benchmark",
        "",
        f"- Command: `{results['command']}`",
        f"- Date: {results['date']}",
        f"- Git commit: {env.get('git_commit') or 'unknown'}",
        f"- Machine: {m.get('cpu') or 'unknown CPU'}; {m['cpu_count']} CPUs ({m['usable_cpus']} usable)"
        + (f", torch threads {m['torch_threads']}" if "torch_threads" in m else "")
        + f"; {m['platform']}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v),
        f"- Data: `{results['data']['path']}` ({results['data']['n_clusters']} clusters, sha256 {results['data']['sha256'][:12]}…)",
        (
            "- Scorer: ROUGE-1.5.5-style (`-n 4 -m -l 100 -f A`) via rouge-score; summaries **and references** cut "
            f"to their first {MAX_WORDS} words; references pooled (sum of hits / sum of reference n-grams); no "
            "jackknife. R-SU4 = skip-bigrams (max gap 4) + unigrams."
        ),
        (
            f"- Means over clusters; CI95 = percentile bootstrap over clusters ({results['bootstrap']['samples']} "
            f"resamples, seed {results['bootstrap']['seed']}). sec/cluster = mean wall time of one `summarize()` "
            "call after an untimed warm-up call (construction + warm-up = `setup` below, JSON `setup_s`)."
        ),
        "",
    ]
    if results.get("notes"):
        lines += [f"> {note}" for note in results["notes"]] + [""]
    lines += ["## Results (sorted by ROUGE-2 recall)", "", markdown_table(TABLE_HEADER, table_rows(results["systems"])), ""]
    lines += target_lines(results["systems"])
    lines += [
        (
            "Kinds: `ours` = summarize.Summarizer(max_words=100, **config); `sumrepo` = published summaries "
            "(Hong et al. 2014), Official = ROUGE-1.5.5 numbers shipped with them; `live` = baselines run here on "
            "the same input (see benchmarks/README.md)."
        ),
        "",
    ]
    ours = [s for s in results["systems"] if s["kind"] == "ours"]
    if ours:
        lines += ["### Our configurations", ""]
        for s in ours:
            lines.append(
                f"- `{s['name']}`: `{json.dumps(s['config'], sort_keys=True)}`; setup {s.get('setup_s') or 0:.2f} s, "
                f"{s['sec_per_cluster']:.3f} s/cluster (median {s['sec_median']:.3f}, max {s['sec_max']:.3f}); "
                f"{s['mean_words_scored']:.1f} words scored on average"
                + (f"; **{len(s['errors'])} errors** (scored as empty)" if s.get("errors") else "")
            )
        lines.append("")
    cal = results.get("calibration")
    if cal:
        lines += ["## Calibration against the official ROUGE-1.5.5 numbers (SumRepo systems)", ""]
        header = ["System", "R-1 ours", "R-1 official", "Δ R-1", "Δ R-1 vs topic mean", "R-2 ours", "R-2 official",
                  "Δ R-2", "Δ R-2 vs topic mean", "R-4 ours", "Δ R-4", "per-topic r (R-1/R-2)",
                  "topics equal (R-1/R-2/R-4)"]
        rows = []
        for r in sorted(cal["systems"], key=lambda r: -r["official_rouge2_r"]):
            pr = [r.get(f"pertopic_pearson_{k}") for k in ("rouge1_r", "rouge2_r")]
            eq = [r.get(f"pertopic_share_equal_{k}") for k in CAL_METRICS]
            dt = [r.get(f"diff_pertopic_{k}") for k in ("rouge1_r", "rouge2_r")]
            rows.append(
                [r["system"],
                 _fmt(r["ours_rouge1_r"]), _fmt(r["official_rouge1_r"]), f"{r['diff_rouge1_r']:+.4f}",
                 "–" if dt[0] is None else f"{dt[0]:+.4f}",
                 _fmt(r["ours_rouge2_r"]), _fmt(r["official_rouge2_r"]), f"{r['diff_rouge2_r']:+.4f}",
                 "–" if dt[1] is None else f"{dt[1]:+.4f}",
                 _fmt(r["ours_rouge4_r"]), f"{r['diff_rouge4_r']:+.4f}",
                 "/".join(_fmt(p, 3) for p in pr),
                 "/".join("–" if e is None else f"{e:.0%}" for e in eq)]
            )
        source = cal["systems"][0]["official_source"]
        lines += [
            (
                f"Official = {source}. \"topic mean\" = mean of the official per-topic scores over the same "
                "clusters (the Perl script's printed average differs from it by 0 to +0.0005). \"topics equal\" = "
                "share of clusters where our score rounded to 5 decimals equals the printed official one."
            ),
            "",
        ]
        lines += [markdown_table(header, rows), ""]
        for k, label in (("rouge1_r", "R-1"), ("rouge2_r", "R-2"), ("rouge4_r", "R-4")):
            s = cal["summary"][k]
            tau = s.get("kendall_tau_system_ranking")
            lines.append(
                f"- {label} recall: mean offset (ours − official) **{s['mean_offset']:+.5f}**"
                + (f" ({s['mean_offset_vs_pertopic_mean']:+.5f} vs the per-topic mean)" if "mean_offset_vs_pertopic_mean" in s else "")
                + f", mean |offset| {s['mean_abs_offset']:.5f}, max |offset| {s['max_abs_offset']:.5f}; "
                f"Kendall τ of the system ranking {_fmt(tau, 3)}"
                + (f"; mean per-topic Pearson r {s['mean_pertopic_pearson']:.4f}" if "mean_pertopic_pearson" in s else "")
                + (f", mean per-topic |diff| {s['mean_pertopic_abs_diff']:.5f}, topics equal "
                   f"{s['pertopic_share_equal']:.0%}" if "pertopic_share_equal" in s else "")
            )
        lines += [
            "",
            (
                "The remaining R-1 gap comes mostly from stemming: ROUGE-1.5.5 `-m` maps irregular forms through "
                "the WordNet 2.0 exception list before its Porter stemmer; rouge-score uses NLTK's Porter stemmer alone."
            ),
            "",
        ]
    cv = results.get("cross_validation")
    if cv:
        lines += [
            f"## Cross-validation ({cv['folds']}-fold over {cv['n_clusters']} clusters, metric {cv['metric']}, seed {cv['seed']})",
            "",
            f"- Held-out mean: **{cv['heldout_mean']:.4f}**"
            + (f" (CI95 {cv['heldout_ci95'][0]:.4f}–{cv['heldout_ci95'][1]:.4f})" if "heldout_ci95" in cv else ""),
            (
                f"- All-data best: {cv['all_data_best']['mean']:.4f} with "
                f"`{json.dumps(cv['all_data_best']['params'], sort_keys=True)}` "
                "(optimistic: chosen and scored on the same clusters)"
            ),
            "",
            markdown_table(
                ["Fold", "Chosen grid point", "train mean", "held-out mean"],
                [[str(f["fold"]), f"`{json.dumps(f['best_params'], sort_keys=True)}`", _fmt(f["train_mean"]), _fmt(f["test_mean"])]
                 for f in cv["per_fold"]],
            ),
            "",
            markdown_table(
                ["Grid point", f"all-data mean {cv['metric']}"],
                [[f"`{json.dumps(p, sort_keys=True)}`", _fmt(v)] for p, v in zip(cv["grid"], cv["grid_means"], strict=True)],
            ),
            "",
        ]
    return "\n".join(lines)


#: per-cluster scores in the JSON file: one list per cluster, in this order (6 decimals)
PER_CLUSTER_FIELDS = ("rouge1_r", "rouge2_r", "rougesu4_r", "rouge4_r", "rouge1_f", "rouge2_f", "rougesu4_f", "words")


def json_ready(results: dict) -> dict:
    """``results`` with each system's per-cluster scores as compact lists (see PER_CLUSTER_FIELDS)."""
    systems = []
    for system in results["systems"]:
        system = dict(system)
        system["per_cluster"] = {
            cid: [round(float(scores[f]), 6) for f in PER_CLUSTER_FIELDS]
            for cid, scores in system["per_cluster"].items()
        }
        systems.append(system)
    return {**results, "per_cluster_fields": list(PER_CLUSTER_FIELDS), "systems": systems}


# --------------------------------------------------------------------------------------
# Command line


def _parse_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_sets(pairs: Sequence[str]) -> dict[str, Any]:
    """``["a=1", "b=tfidf", "c=null"]`` -> ``{"a": 1, "b": "tfidf", "c": None}`` (JSON literals when they parse)."""
    overrides = {}
    for pair in pairs:
        if "=" not in pair:
            raise SystemExit(f"--set expects key=value, got {pair!r}")
        key, value = pair.split("=", 1)
        overrides[key.strip()] = _parse_value(value.strip())
    return overrides


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quality",
        description="DUC 2004 task 2 ROUGE benchmark: our configs vs SumRepo peers and live baselines.",
    )
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="clusters.jsonl (peers/ next to it)")
    parser.add_argument("--clusters", type=int, default=None, metavar="N", help="only the first N clusters")
    parser.add_argument("--config", action="append", default=None, metavar="NAME",
                        help=f"a named configuration ({', '.join(CONFIGS)}); repeatable; default: default")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="sets",
                        help="a Summarizer keyword: overrides every --config, default under every --grid point "
                        "(JSON literal if it parses)")
    parser.add_argument("--no-ours", action="store_true", help="do not run our summarizer")
    parser.add_argument("--no-peers", action="store_true", help="do not score the SumRepo summaries")
    parser.add_argument("--no-live", action="store_true", help="do not run the live baselines")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output stem: writes STEM.md and STEM.json")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for CI95 (0: none)")
    parser.add_argument("--folds", type=int, default=5, help="folds for --grid cross-validation")
    parser.add_argument("--grid", default=None, metavar="JSON_FILE",
                        help="cross-validate a list of Summarizer keyword dicts (JSON file)")
    parser.add_argument("--metric", default="rouge2_r", choices=METRICS, help="metric the grid search maximises")
    parser.add_argument("--save-summaries", action="store_true", help="also write STEM.summaries.jsonl")
    return parser


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> dict:
    """Run the benchmark; returns the results dict that is also written to ``<out>.json``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    data_path = Path(args.data)
    if not data_path.exists():
        raise SystemExit(f"data file not found: {data_path}")
    clusters = load_clusters(data_path, args.clusters)
    order = [c["id"] for c in clusters]
    peers_dir = data_path.parent / "peers"
    scorer = default_scorer()
    overrides = parse_sets(args.sets)
    notes: list[str] = []
    systems: list[dict] = []
    summaries: dict[str, dict[str, str]] = {}

    # ---- our configurations
    config_names = args.config if args.config is not None else ([] if args.grid else ["default"])
    if args.no_ours:
        config_names = []
    unknown = [n for n in config_names if n not in CONFIGS]
    if unknown:
        raise SystemExit(f"unknown --config {', '.join(unknown)}; known: {', '.join(CONFIGS)}")
    if config_names or args.grid:
        ok, message = library_status()
        if not ok:
            if args.config is not None or args.grid:
                raise SystemExit(f"summarize is not importable ({message}); cannot run --config/--grid")
            notes.append(f"Our summarizer was skipped: `from summarize import Summarizer` failed ({message}).")
            _progress("warning: " + notes[-1])
            config_names = []
    for name in config_names:
        params = {**CONFIGS[name], **overrides}
        label = name + "".join(f" {k}={json.dumps(v)}" for k, v in overrides.items())
        texts, seconds, errors = {}, [], []
        _progress(f"[ours] {label}: {len(clusters)} clusters")
        for i, cluster in enumerate(clusters, 1):
            try:
                text, sec = run_ours(params, cluster)
            except Exception as error:  # noqa: BLE001 - keep going; the row says how many failed
                errors.append({"cluster": cluster["id"], "error": f"{type(error).__name__}: {error}"})
                _progress(f"  error on {cluster['id']}: {errors[-1]['error']}")
                text, sec = "", float("nan")
            texts[cluster["id"]] = text
            seconds.append(sec)
            if i % 10 == 0:
                _progress(f"  {i}/{len(clusters)}")
        per_cluster = score_texts(texts, clusters, scorer)
        valid = [s for s in seconds if not math.isnan(s)]
        key = config_key(params)
        systems.append(
            {
                "name": f"ours: {label}",
                "kind": "ours",
                "config": summarizer_kwargs(params),
                "setup_s": _SETUP_SECONDS.get(key),
                "sec_per_cluster": float(np.mean(valid)) if valid else None,
                "sec_median": float(np.median(valid)) if valid else None,
                "sec_max": float(np.max(valid)) if valid else None,
                "sec_first_cluster": valid[0] if valid else None,
                "errors": errors,
                "per_cluster": per_cluster,
                **summarize_scores(per_cluster, order, args.bootstrap),
            }
        )
        summaries[f"ours: {label}"] = texts

    # ---- SumRepo peers
    official_avg, official_topic = {}, {}
    if not args.no_peers:
        if (peers_dir / "system_summaries.jsonl").exists():
            official_avg, official_topic = load_official(peers_dir)
            for name, by_cluster in load_peer_summaries(peers_dir).items():
                missing = [cid for cid in order if cid not in by_cluster]
                per_cluster = score_texts(by_cluster, clusters, scorer)
                systems.append(
                    {
                        "name": name,
                        "kind": "sumrepo",
                        "missing_clusters": missing,
                        "per_cluster": per_cluster,
                        **summarize_scores(per_cluster, order, args.bootstrap),
                    }
                )
            _progress(f"[sumrepo] scored {sum(s['kind'] == 'sumrepo' for s in systems)} systems")
        else:
            notes.append(f"SumRepo peers not found under {peers_dir}; skipped.")
            _progress("warning: " + notes[-1])

    # ---- live baselines
    if not args.no_live:
        for name, fn in LIVE_PEERS.items():
            texts, seconds = {}, []
            for cluster in clusters:
                start = time.perf_counter()
                texts[cluster["id"]] = fn(cluster)
                seconds.append(time.perf_counter() - start)
            per_cluster = score_texts(texts, clusters, scorer)
            systems.append(
                {
                    "name": name,
                    "kind": "live",
                    "sec_per_cluster": float(np.mean(seconds)),
                    "mean_words_produced": float(np.mean([len(t.split()) for t in texts.values()])),
                    "per_cluster": per_cluster,
                    **summarize_scores(per_cluster, order, args.bootstrap),
                }
            )
            summaries[name] = texts
            _progress(f"[live] {name}: {np.mean(seconds):.3f} s/cluster")

    calibration = calibrate(systems, order, official_avg, official_topic) if official_topic or official_avg else None

    cv = None
    if args.grid:
        grid = json.loads(Path(args.grid).read_text(encoding="utf-8"))
        if not isinstance(grid, list) or not all(isinstance(g, dict) for g in grid):
            raise SystemExit("--grid must be a JSON list of objects (Summarizer keyword arguments)")
        grid = [summarizer_kwargs({**overrides, **g}) for g in grid]  # --set is the base, the grid varies it
        _progress(f"[cv] {len(grid)} grid points x {len(clusters)} clusters, {args.folds} folds")
        cv = cross_validate(grid, clusters, folds=args.folds, metric=args.metric, scorer=scorer, bootstrap=args.bootstrap)

    results = {
        "command": "python -m benchmarks.quality" + ("" if not argv else " " + shlex.join(argv)),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "environment": environment(),
        "data": {"path": str(data_path), "n_clusters": len(clusters), "cluster_ids": order, "sha256": _sha256(data_path)},
        "scorer": scorer.describe(),
        "bootstrap": {"samples": args.bootstrap, "seed": BOOTSTRAP_SEED, "unit": "cluster", "interval": "percentile 95%"},
        "notes": notes,
        "systems": sorted(systems, key=lambda s: -s["mean"]["rouge2_r"]),
        "calibration": calibration,
        "cross_validation": cv,
    }

    out = Path(args.out)
    if out.suffix in (".md", ".json"):
        out = out.with_suffix("")
    out.parent.mkdir(parents=True, exist_ok=True)
    markdown = render_markdown(results)
    Path(f"{out}.md").write_text(markdown + "\n", encoding="utf-8")
    Path(f"{out}.json").write_text(json.dumps(json_ready(results), indent=1) + "\n", encoding="utf-8")
    if args.save_summaries:
        with open(f"{out}.summaries.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(
                json.dumps({"system": system, "id": cid, "summary": texts.get(cid, "")}) + "\n"
                for system, texts in summaries.items()
                for cid in order
            )

    print(markdown_table(TABLE_HEADER, table_rows(systems)))
    if calibration:
        for k, label in (("rouge1_r", "R-1"), ("rouge2_r", "R-2")):
            s = calibration["summary"][k]
            print(f"calibration {label} recall: mean offset ours-official {s['mean_offset']:+.5f} "
                  f"(max |offset| {s['max_abs_offset']:.5f})")
    if cv:
        print(f"cross-validated {cv['metric']}: held-out {cv['heldout_mean']:.4f}, "
              f"all-data best {cv['all_data_best']['mean']:.4f}")
    print(f"wrote {out}.md and {out}.json")
    return results


if __name__ == "__main__":
    main()
