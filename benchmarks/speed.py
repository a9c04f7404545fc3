"""Speed benchmark: embedding backends, pipeline stages, CLI start-up, scaling, peers.

Run from the repository root (all sections, ≈ 18 min on 2 cores; ``--quick`` ≈ 5 min)::

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.speed
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.speed --sections embed,cli   # a subset
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.speed --sections scale --sizes 10,100
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.speed --sections cold   # ≈ 1 min

Sections:

- ``embed``: sentences/s of each backend and batch size on the sentences of
  DUC 2004 clusters, and the cosine of each to sentence-transformers fp32 on
  torch; the one-off cost of the ONNX export.
- ``stages``: wall time of each stage on DUC clusters and the example sets;
  the whole pipeline against its embedding time.
- ``cli``: ``summarize brief examples/harbour-bridge/`` in a fresh process.
- ``cold`` (≈ 1 min): the same command (``python -m summarize`` in this checkout, with a cache
  of its own) against ``python -c "import numpy, scipy.sparse"``, in
  interleaved pairs of fresh processes, as a ratio of medians; and which slow
  modules (nltk's package ``__init__``, scipy.stats, scipy.optimize,
  scikit-learn, torch) the brief path imports, from ``python -X importtime``.
- ``scale``: 10 to 2,000 articles pooled from DUC 2004, cold (empty
  embedding cache; the exported model already cached) and warm (second run),
  each in a fresh process, with its peak RSS; the one-brief path and
  ``summarize.daily``.
- ``peers``: our TF-IDF and default modes against sumy's LexRank and the
  ``lexrank`` package on the same inputs.
- ``rouge``: DUC 2004 ROUGE of the ONNX (default) and torch backends.

The machine is shared with other work, so every timing is the best of
``--rounds`` interleaved repetitions (configurations alternate, so a busy
moment does not favour one), and the load average is recorded. Results go to
``benchmarks/results/speed.md`` and ``.json``. A run of some sections
replaces those sections there and keeps the others (``--no-merge`` starts
afresh); the report says when, on which CPU (with its flags) and at which
commit each section was measured.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "duc2004" / "clusters.jsonl"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "results" / "speed"
SECTIONS = ("embed", "stages", "cli", "cold", "scale", "peers", "rouge")
DEFAULT_SIZES = (10, 100, 500, 1000, 2000)
EXAMPLE = REPO_ROOT / "examples" / "harbour-bridge"

TARGETS = {
    "embedding_sentences_per_s": 300.0,
    "embedding_cosine": 0.99,
    "pipeline_over_embedding": 1.3,
    "cli_cold_s": 2.5,
    "cold_over_numpy_scipy": 3.0,
    "cold_median_s": 1.5,
    "articles_1000_cold_s": 180.0,
    "articles_1000_warm_s": 20.0,
    "articles_1000_rss_mb": 2048.0,
    "rouge_difference": 0.2,
}


# --------------------------------------------------------------------------------------
# Inputs


def load_clusters(path: str | os.PathLike[str] = DEFAULT_DATA) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# Copies beyond the 500 DUC articles change the letter case of the whole
# text: the (uncased) model sees the same tokens, so the work per sentence is
# the same, but no text repeats, so neither the embedding cache nor the
# removal of repeated sentences can skip it.
_VARIANTS: tuple[Callable[[str], str], ...] = (lambda t: t, str.upper, str.swapcase, str.title)


def pooled_articles(clusters: Sequence[dict], count: int) -> list[dict]:
    """``count`` articles: the DUC clusters in order, then case-changed copies (see ``_VARIANTS``)."""
    # Eleven DOCNOs appear in two clusters: the cluster id keeps the ids unique.
    articles = [{**doc, "id": f"{cluster['id']}/{doc['id']}"} for cluster in clusters for doc in cluster["documents"]]
    if count > len(articles) * len(_VARIANTS):
        raise SystemExit(f"at most {len(articles) * len(_VARIANTS)} articles can be pooled, not {count}")
    pooled = []
    for position in range(count):
        copy, index = divmod(position, len(articles))
        doc = articles[index]
        pooled.append({**doc, "id": f"{doc['id']}~{copy}", "text": _VARIANTS[copy](doc["text"])})
    return pooled


def to_documents(articles: Sequence[dict]) -> list:
    from summarize import Document

    return [
        Document(
            id=a["id"],
            text=a["text"],
            title=a.get("title"),
            source=a["id"].rsplit("/", 1)[-1][:3],
            url=None,
            published=_dt.datetime.fromisoformat(a["date"]) if a.get("date") else None,
        )
        for a in articles
    ]


def sentence_texts(documents: Sequence) -> list[str]:
    from summarize.text.segment import segment_document

    return [s.text for d in documents for s in segment_document(d)]


# --------------------------------------------------------------------------------------
# Machine and timing helpers


def _version(package: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    memory_gb = None
    try:
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1)
    except (ValueError, OSError, AttributeError):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO_ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "summarize"], capture_output=True, text=True, cwd=REPO_ROOT)
    packages = ("numpy", "scipy", "onnxruntime", "onnx", "tokenizers", "torch", "transformers",
                "sentence-transformers", "scikit-learn", "nltk", "sumy", "lexrank")
    return {
        "cpu": cpu,
        "cpu_flags": cpu_flags(),
        "cpus_usable": usable,
        "memory_gb": memory_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {name: _version(name) for name in packages},
        "commit": commit.stdout.strip() + ("+dirty" if dirty.stdout.strip() else ""),
    }


# The instruction sets that decide which kernels numpy and ONNX Runtime use
# (int8 speed and accuracy differ between AVX2-only and AVX-512 VNNI CPUs).
NOTABLE_CPU_FLAGS = ("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
                     "avx_vnni", "avx512_bf16", "amx_tile", "amx_int8", "amx_bf16")


def cpu_flags() -> list[str]:
    """The notable CPU flags of this machine (from /proc/cpuinfo), in a fixed order."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                present = set(line.split(":", 1)[1].split())
                return [flag for flag in NOTABLE_CPU_FLAGS if flag in present]
    except OSError:
        pass
    return []


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def best_of(rounds: int, runs: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """Best wall time (s) of each callable over ``rounds`` rounds, the callables interleaved."""
    best = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# Section: embedding throughput and agreement


def section_embed(clusters: Sequence[dict], args: argparse.Namespace) -> dict[str, Any]:
    from summarize.embed import SentenceTransformerEmbedder
    from summarize.embed.onnx import DEFAULT_QUANTIZATION, OnnxEmbedder, prepare_model

    documents = to_documents([d for c in clusters[: args.embed_clusters] for d in c["documents"]])
    texts = sentence_texts(documents)
    _say(f"embed: {len(texts)} sentences from {args.embed_clusters} DUC clusters")

    export: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="summarize-export-") as root:
        start = time.perf_counter()
        prepare_model(None, root=root)
        export["export_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        prepare_model(None, root=root)
        export["reuse_s"] = round(time.perf_counter() - start, 3)
    _say(f"embed: export {export}")

    configs: dict[str, Any] = {
        "torch fp32, batch 32": SentenceTransformerEmbedder(batch_size=32),
        "torch fp32, batch 64": SentenceTransformerEmbedder(batch_size=64),
        "onnx fp32, batch 32": OnnxEmbedder(quantization="fp32", batch_size=32, fallback=False),
    }
    default_batch = OnnxEmbedder().batch_size
    for batch in (1, 8, 16, 32, 64):
        label = f"onnx {DEFAULT_QUANTIZATION}, batch {batch}" + (" (default)" if batch == default_batch else "")
        configs[label] = OnnxEmbedder(batch_size=batch, fallback=False)
    for batch in (16, 32):
        configs[f"onnx int8, batch {batch}"] = OnnxEmbedder(quantization="int8", batch_size=batch, fallback=False)
    vectors = {name: embedder.encode(texts[:64]) for name, embedder in configs.items()}  # load and warm up
    cpu_seconds: dict[str, float] = {}

    def timed(name: str, embedder: Any) -> Callable[[], None]:
        def run() -> None:
            cpu = time.process_time()
            vectors[name] = embedder.encode(texts)
            cpu_seconds[name] = min(cpu_seconds.get(name, float("inf")), time.process_time() - cpu)

        return run

    load_before = load_average()
    best = best_of(args.rounds, {name: timed(name, e) for name, e in configs.items()})
    reference = vectors["torch fp32, batch 32"]
    rows = []
    for name in configs:
        cosines = np.sum(vectors[name] * reference, axis=1)
        rows.append(
            {
                "backend": name,
                "sentences_per_s": round(len(texts) / best[name], 1),
                "best_s": round(best[name], 2),
                "cpu_s": round(cpu_seconds[name], 2),
                "cosine_mean": round(float(cosines.mean()), 4),
                "cosine_min": round(float(cosines.min()), 4),
                "cosine_p1": round(float(np.percentile(cosines, 1)), 4),
            }
        )
        _say(f"embed: {rows[-1]}")
    return {"sentences": len(texts), "export": export, "rows": rows, "load_before": load_before,
            "load_after": load_average()}


# --------------------------------------------------------------------------------------
# Section: stages of the pipeline


def section_stages(clusters: Sequence[dict], args: argparse.Namespace) -> dict[str, Any]:
    from summarize import Summarizer, load_documents
    from summarize.graph.similarity import centrality_scores, cluster_sentences, sentence_similarity
    from summarize.text.segment import segment_document

    inputs: list[tuple[str, list]] = [(c["id"], to_documents(c["documents"])) for c in clusters[: args.stage_clusters]]
    for folder in sorted(p for p in (REPO_ROOT / "examples").iterdir() if p.is_dir() and p.name != "daily"):
        inputs.append((f"examples/{folder.name}", load_documents(folder)))
    summarizer = Summarizer(cache=False)
    embedder = summarizer.embedder
    summarizer.summarize(inputs[0][1])  # load the model
    rows = []
    for name, documents in inputs:
        sentences = [s for d in documents for s in segment_document(d)]
        texts = [s.text for s in sentences]
        vectors = embedder.encode(texts)
        threshold = summarizer._redundancy_threshold()
        parts = best_of(
            args.rounds,
            {
                "segment": lambda: [segment_document(d) for d in documents],
                "embed": lambda: embedder.encode(texts),
                "similarity": lambda: sentence_similarity(vectors),
                "clusters": lambda: cluster_sentences(sentence_similarity(vectors), sentences, threshold=threshold),
                "centrality": lambda: centrality_scores(sentence_similarity(vectors)),
                "pipeline": lambda: summarizer.summarize(documents),
            },
        )
        row = {"input": name, "articles": len(documents), "sentences": len(texts)}
        row.update({f"{k}_s": round(v, 3) for k, v in parts.items()})
        row["rest_s"] = round(parts["pipeline"] - sum(v for k, v in parts.items() if k != "pipeline"), 3)
        row["pipeline_over_embedding"] = round(parts["pipeline"] / parts["embed"], 2)
        rows.append(row)
        _say(f"stages: {row}")
    duc = [r["pipeline_over_embedding"] for r in rows if not r["input"].startswith("examples/")]
    return {
        "rows": rows,
        "duc_median_ratio": round(statistics.median(duc), 2) if duc else None,
        "load_after": load_average(),
    }


# --------------------------------------------------------------------------------------
# Section: the CLI from a cold process


def _cli_command(*extra: str) -> list[str]:
    # ``python -m summarize`` run in REPO_ROOT: the checkout being measured. The
    # environment's ``summarize`` script imports whichever checkout was installed.
    return [sys.executable, "-m", "summarize", "brief", str(EXAMPLE.relative_to(REPO_ROOT)), "-q", *extra]


def _wall(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=600)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {completed.stderr[-500:]}")
    return seconds


def section_cli(args: argparse.Namespace) -> dict[str, Any]:
    from summarize.embed.onnx import prepare_model

    prepare_model(None)  # the model cache is warm in every case below
    base = {**os.environ, "HF_HUB_OFFLINE": "1"}
    no_embedding_cache = {**base, "SUMMARIZE_EMBEDDING_CACHE": "off"}
    with tempfile.TemporaryDirectory(prefix="summarize-cli-") as scratch:
        warm_root = Path(scratch)
        real_onnx = prepare_model(None).parent
        (warm_root / "onnx").mkdir()
        os.symlink(real_onnx, warm_root / "onnx" / real_onnx.name)
        warm_embeddings = {**base, "SUMMARIZE_CACHE_DIR": str(warm_root)}
        _wall(_cli_command(), warm_embeddings)  # fills the embedding cache
        cases = {
            "python -c pass": ([sys.executable, "-c", "pass"], base),
            "import summarize.cli + nltk punkt": (
                [sys.executable, "-c", "import summarize.cli, nltk.tokenize.punkt"], base),
            "default (ONNX int8), embedding cache off": (_cli_command(), no_embedding_cache),
            "default (ONNX int8), embedding cache warm": (_cli_command(), warm_embeddings),
            "--embedder tfidf": (_cli_command("--embedder", "tfidf"), no_embedding_cache),
            "--embedder torch, embedding cache off": (_cli_command("--embedder", "torch"), no_embedding_cache),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for round_index in range(args.cli_runs):
            for name, (command, env) in cases.items():
                if "torch" in name and round_index >= 2:
                    continue  # slow and not a target: two runs are enough
                times[name].append(_wall(command, env))
            _say(f"cli: round {round_index + 1}/{args.cli_runs}")
    rows = [
        {"case": name, "median_s": round(statistics.median(t), 2), "best_s": round(min(t), 2), "runs": len(t)}
        for name, t in times.items()
    ]
    return {"command": " ".join(_cli_command()), "rows": rows, "load_after": load_average()}


# --------------------------------------------------------------------------------------
# Section: cold start against numpy + scipy.sparse


BASELINE_IMPORT = "import numpy, scipy.sparse"
# Imports that do not belong on the brief path: nltk's package __init__
# (which imports nltk.metrics → scipy.stats), scipy.stats, scipy.optimize (its __init__ imports every
# optimiser; the selection loads only the HiGHS extension), scikit-learn, torch.
SLOW_IMPORTS = ("nltk", "nltk.metrics", "scipy.stats", "scipy.optimize", "sklearn", "torch", "transformers",
                "sentence_transformers")


def _imported(command: Sequence[str], env: dict[str, str]) -> set[str]:
    """Module names a fresh ``python -X importtime`` run of ``command`` imports."""
    completed = subprocess.run([command[0], "-X", "importtime", *command[1:]], capture_output=True, text=True,
                               env=env, cwd=REPO_ROOT, timeout=600)
    return {line.rsplit("|", 1)[1].strip() for line in completed.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


def section_cold(args: argparse.Namespace) -> dict[str, Any]:
    """Cold ``summarize brief`` ÷ ``python -c "import numpy, scipy.sparse"``, paired fresh processes."""
    from summarize.embed.onnx import prepare_model

    real_onnx = prepare_model(None).parent  # the exported model is cached, as after a user's first run
    base = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory(prefix="summarize-cold-") as scratch:
        # A cache of this run's own (the export linked in): the vectors read are this example's, not
        # whatever other runs on the machine have added to the user's cache meanwhile.
        (Path(scratch) / "onnx").mkdir()
        os.symlink(real_onnx, Path(scratch) / "onnx" / real_onnx.name)
        cache = {**base, "SUMMARIZE_CACHE_DIR": scratch}
        cases = {
            "embedding cache warm (a user's second run)": cache,
            "embedding cache off (new articles)": {**cache, "SUMMARIZE_EMBEDDING_CACHE": "off"},
        }
        baseline_command = [sys.executable, "-c", BASELINE_IMPORT]
        for env in cases.values():  # one unmeasured run each: fills the embedding cache, warms the disk cache
            _wall(_cli_command(), env)
        _wall(baseline_command, base)
        times: dict[str, list[float]] = {BASELINE_IMPORT: [], **{name: [] for name in cases}}
        for round_index in range(args.cold_runs):
            # Interleaved: baseline, brief, brief, baseline, ... so a busy moment hits both.
            order = [(BASELINE_IMPORT, baseline_command, base)] + [(n, _cli_command(), e) for n, e in cases.items()]
            for name, command, env in order if round_index % 2 == 0 else reversed(order):
                times[name].append(_wall(command, env))
            _say(f"cold: round {round_index + 1}/{args.cold_runs}")
        slow = sorted(set(SLOW_IMPORTS) & _imported(_cli_command(), cache))
    baseline = statistics.median(times[BASELINE_IMPORT])
    rows = [{"case": f"`python -c \"{BASELINE_IMPORT}\"`", "median_s": round(baseline, 3),
             "best_s": round(min(times[BASELINE_IMPORT]), 3), "ratio_of_medians": 1.0, "median_pair_ratio": 1.0,
             "runs": len(times[BASELINE_IMPORT])}]
    for name in cases:
        pairs = [t / b for t, b in zip(times[name], times[BASELINE_IMPORT])]
        rows.append({"case": f"`summarize {' '.join(_cli_command()[-3:])}`, {name}", "median_s": round(statistics.median(times[name]), 3),
                     "best_s": round(min(times[name]), 3),
                     "ratio_of_medians": round(statistics.median(times[name]) / baseline, 2),
                     "median_pair_ratio": round(statistics.median(pairs), 2), "runs": len(times[name])})
    return {"command": "summarize " + " ".join(_cli_command()[-3:]), "baseline": BASELINE_IMPORT, "rows": rows,
            "slow_imports": slow, "load_after": load_average()}


# --------------------------------------------------------------------------------------
# Section: scaling (each run in a fresh process)


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started (MB).

    From ``VmHWM`` where Linux has it: ``ru_maxrss`` of a process started by
    a big parent can report the parent's peak, kept across fork and exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child_scale(args: argparse.Namespace) -> None:
    """Runs in a child process: one brief (or daily brief) of ``--size`` pooled articles; prints JSON."""
    started = time.perf_counter()
    articles = pooled_articles(load_clusters(args.data), args.size)
    documents = to_documents(articles)
    import summarize

    prepared = time.perf_counter()
    if args.path == "daily":
        result = summarize.daily(documents, top=10, max_words=80)
        stories = len(result.stories)
    else:
        result = summarize.Summarizer(max_words=100).summarize(documents)
        stories = None
    done = time.perf_counter()
    sentences = sentence_texts(documents) if args.path == "one" else []
    print(
        json.dumps(
            {
                "call_s": round(done - prepared, 2),
                "in_process_s": round(done - started, 2),
                "sentences": len(sentences) or None,
                "unique_sentences": len(set(sentences)) or None,
                "stories": stories,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


def section_scale(args: argparse.Namespace) -> dict[str, Any]:
    from summarize.embed.onnx import prepare_model

    real_onnx = prepare_model(None).parent
    paths = ["one"] + (["daily"] if args.daily else [])
    rows = []
    for path in paths:
        for size in args.sizes:
            with tempfile.TemporaryDirectory(prefix="summarize-scale-") as scratch:
                root = Path(scratch)
                (root / "onnx").mkdir()
                os.symlink(real_onnx, root / "onnx" / real_onnx.name)
                env = {**os.environ, "HF_HUB_OFFLINE": "1", "SUMMARIZE_CACHE_DIR": str(root)}
                env.pop("SUMMARIZE_EMBEDDING_CACHE", None)
                command = [sys.executable, "-m", "benchmarks.speed", "--child-scale", "--size", str(size),
                           "--path", path, "--data", str(args.data)]
                for state in ("cold", "warm") if size <= args.warm_max else ("cold",):
                    start = time.perf_counter()
                    try:
                        completed = subprocess.run(command, capture_output=True, text=True, env=env,
                                                   cwd=REPO_ROOT, timeout=args.scale_timeout)
                    except subprocess.TimeoutExpired:
                        rows.append({"path": path, "articles": size, "state": state,
                                     "error": f"over {args.scale_timeout} s"})
                        _say(f"scale: {rows[-1]}")
                        break
                    wall = time.perf_counter() - start
                    if completed.returncode != 0:
                        rows.append({"path": path, "articles": size, "state": state,
                                     "error": completed.stderr.strip().splitlines()[-1][:200]})
                        _say(f"scale: {rows[-1]}")
                        break
                    row = {"path": path, "articles": size, "state": state, "process_s": round(wall, 2)}
                    row.update(json.loads(completed.stdout.strip().splitlines()[-1]))
                    row["load"] = load_average()[0] if load_average() else None
                    rows.append(row)
                    _say(f"scale: {row}")
    return {"rows": rows, "variants": "articles beyond 500 are case-changed copies (upper, swapcase, title)"}


# --------------------------------------------------------------------------------------
# Section: peers on the same inputs


class PunktSumyTokenizer:
    """The object sumy's parsers call (``to_sentences``, ``to_words``), on our Punkt splitter.

    sumy's own ``Tokenizer`` loads NLTK's punkt data, which is not installed here.
    """

    language = "english"
    _word = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

    def __init__(self) -> None:
        from summarize.text.segment import punkt_tokenizer

        self.punkt = punkt_tokenizer()

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(self.punkt.tokenize(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(self._word.findall(sentence))


def _sumy_lexrank(texts: Sequence[str], words: int = 100) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = PunktSumyTokenizer()
    paragraphs = [Paragraph([Sentence(s, tokenizer) for s in tokenizer.to_sentences(t)]) for t in texts]
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    chosen = summarizer(ObjectDocumentModel(paragraphs), 5)
    return " ".join(str(s) for s in chosen)


def _lexrank_package(texts: Sequence[str]) -> str:
    from lexrank import STOPWORDS, LexRank

    tokenizer = PunktSumyTokenizer()
    per_document = [list(tokenizer.to_sentences(t)) for t in texts]
    ranker = LexRank(per_document, stopwords=STOPWORDS["en"])
    flat = [s for sentences in per_document for s in sentences]
    return " ".join(ranker.get_summary(flat, summary_size=5, threshold=0.1))


def section_peers(clusters: Sequence[dict], args: argparse.Namespace) -> dict[str, Any]:
    from summarize import Summarizer

    tfidf = Summarizer(embedder="tfidf", max_words=100, cache=False)
    default = Summarizer(max_words=100, cache=False)
    inputs = [(f"DUC {c['id']} (10 articles)", c["documents"]) for c in clusters[: args.peer_clusters]]
    inputs += [(f"{n} pooled articles", pooled_articles(clusters, n)) for n in args.sizes if n <= args.peer_max_articles]
    default.summarize(to_documents(clusters[0]["documents"]))  # load the model once
    rows = []
    for name, articles in inputs:
        documents = to_documents(articles)
        texts = [a["text"] for a in articles]
        runs = {
            "ours tfidf": lambda: tfidf.summarize(documents),
            "ours default (ONNX int8)": lambda: default.summarize(documents),
            "sumy LexRank": lambda: _sumy_lexrank(texts),
            "lexrank package": lambda: _lexrank_package(texts),
        }
        best = best_of(1 if len(articles) > 10 else args.rounds, runs)
        row = {"input": name, **{f"{k}_s": round(v, 3) for k, v in best.items()}}
        row["sumy_over_ours_tfidf"] = round(best["sumy LexRank"] / best["ours tfidf"], 2)
        row["lexrank_over_ours_tfidf"] = round(best["lexrank package"] / best["ours tfidf"], 2)
        rows.append(row)
        _say(f"peers: {row}")
    return {"rows": rows, "load_after": load_average()}


# --------------------------------------------------------------------------------------
# Section: ROUGE of the ONNX and torch backends


def section_rouge(clusters: Sequence[dict], args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.quality import MAX_WORDS, default_scorer, score_texts
    from summarize import Summarizer

    chosen = clusters[: args.rouge_clusters]
    scorer = default_scorer()
    results: dict[str, Any] = {}
    texts: dict[str, dict[str, str]] = {}
    from summarize.embed.onnx import DEFAULT_QUANTIZATION, OnnxEmbedder

    backends = (
        (f"onnx {DEFAULT_QUANTIZATION} (default)", "minilm"),
        ("onnx int8", OnnxEmbedder(quantization="int8", fallback=False)),
        ("torch fp32", "torch"),
    )
    for name, embedder in backends:
        summarizer = Summarizer(embedder=embedder, max_words=MAX_WORDS, cache=False)
        start = time.perf_counter()
        texts[name] = {
            c["id"]: " ".join(s.text for s in summarizer.summarize(to_documents(c["documents"])).sentences)
            for c in chosen
        }
        seconds = time.perf_counter() - start
        scores = score_texts(texts[name], chosen, scorer)
        recall = [m for m in sorted(next(iter(scores.values()))) if m.endswith("_r")]
        results[name] = {m: round(100 * float(np.mean([s[m] for s in scores.values()])), 2) for m in recall}
        results[name]["seconds"] = round(seconds, 1)
        _say(f"rouge: {name} {results[name]}")
    default = backends[0][0]
    same = {name: sum(texts[name][c["id"]] == texts["torch fp32"][c["id"]] for c in chosen) for name, _ in backends[:2]}
    return {"clusters": len(chosen), "scores": results, "identical_to_torch": same, "default": default}


# --------------------------------------------------------------------------------------
# Report


def _later_runs(results: dict[str, Any]) -> list[str]:
    """Header lines for the sections measured by a later run than the one above."""
    lines = []
    for section, run in results.get("section_runs", {}).items():
        if run.get("date") != results["date"] and section in results:
            flags = ", ".join(run.get("cpu_flags") or []) or "not recorded"
            lines += ["", f"Section `{section}` re-measured {run['date']} by `{run['command']}` on {run['cpu']} "
                      f"(CPU flags: {flags}) at commit {run['commit']}; load average after: {run.get('load_end')}."]
    return lines


def _table(rows: Sequence[dict], columns: Sequence[str]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join("" if row.get(c) is None else str(row.get(c)) for c in columns) + " |")
    return lines


def targets_summary(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured value and whether it is met."""
    out: list[dict[str, Any]] = []

    def add(target: str, goal: str, value: Any, met: bool | None, note: str = "") -> None:
        out.append({"target": target, "goal": goal, "measured": value, "met": met, "note": note})

    embed = results.get("embed")
    if embed:
        default = next(r for r in embed["rows"] if r["backend"].endswith("(default)"))
        quantization = default["backend"].split(",")[0]
        best = max((r for r in embed["rows"] if r["backend"].startswith(quantization + ",")), key=lambda r: r["sentences_per_s"])
        add(f"embedding throughput ({default['backend']})", "≥ 300 sentences/s", default["sentences_per_s"],
            default["sentences_per_s"] >= TARGETS["embedding_sentences_per_s"],
            f"best batch: {best['backend']} {best['sentences_per_s']}/s")
        add("cosine of the default backend to torch fp32 (mean / worst sentence)", "≥ 0.99",
            f"{default['cosine_mean']} / {default['cosine_min']}", default["cosine_mean"] >= TARGETS["embedding_cosine"])
    stages = results.get("stages")
    if stages and stages.get("duc_median_ratio") is not None:
        ratio = stages["duc_median_ratio"]
        add("whole pipeline / embedding time (DUC cluster, median)", "≤ 1.3", ratio,
            ratio <= TARGETS["pipeline_over_embedding"])
    cli = results.get("cli")
    if cli:
        row = next(r for r in cli["rows"] if r["case"] == "default (ONNX int8), embedding cache off")
        add("`summarize brief examples/harbour-bridge/`, cold process, warm model cache", "< 2.5 s",
            f"{row['median_s']} (best {row['best_s']})", row["median_s"] < TARGETS["cli_cold_s"])
    cold = results.get("cold")
    if cold:
        row = cold["rows"][1]  # embedding cache warm: what a user's repeated command meets
        add(f"cold `summarize brief` ÷ `python -c \"{cold['baseline']}\"` (median of {row['runs']} pairs)", "≤ 3",
            f"{row['ratio_of_medians']} (per pair {row['median_pair_ratio']})",
            row["ratio_of_medians"] <= TARGETS["cold_over_numpy_scipy"], row["case"].split(", ", 1)[1])
        add("cold `summarize brief examples/harbour-bridge/ -q`, median", "< 1.5 s", row["median_s"],
            row["median_s"] < TARGETS["cold_median_s"])
        add("slow modules imported on the brief path (nltk __init__, scipy.stats, scipy.optimize, sklearn, torch)", "none",
            ", ".join(cold["slow_imports"]) or "none", not cold["slow_imports"])
    scale = results.get("scale")
    if scale:
        for state, key, goal in (("cold", "articles_1000_cold_s", "< 180 s"), ("warm", "articles_1000_warm_s", "< 20 s")):
            row = next((r for r in scale["rows"] if r["path"] == "one" and r["articles"] == 1000 and r["state"] == state), None)
            if row is not None:
                value = row.get("process_s", row.get("error"))
                add(f"1,000 articles, one brief, {state}", goal, value,
                    "process_s" in row and row["process_s"] < TARGETS[key])
        rss = [r.get("peak_rss_mb") for r in scale["rows"] if r["path"] == "one" and r["articles"] == 1000 and "peak_rss_mb" in r]
        if rss:
            add("1,000 articles, peak RSS", "< 2048 MB", max(rss), max(rss) < TARGETS["articles_1000_rss_mb"])
    peers = results.get("peers")
    if peers:
        ratios = [r["sumy_over_ours_tfidf"] for r in peers["rows"]]
        add("TF-IDF mode faster than sumy LexRank (sumy time / ours, per input)", "> 1",
            ", ".join(map(str, ratios)), all(r > 1 for r in ratios))
    rouge = results.get("rouge")
    if rouge:
        scores = rouge["scores"]
        onnx, torch_ = scores[rouge["default"]], scores["torch fp32"]
        diffs = {m: round(onnx[m] - torch_[m], 2) for m in onnx if m.startswith("rouge") and m in torch_}
        worst = max(abs(v) for v in diffs.values()) if diffs else None
        add("DUC 2004 ROUGE recall, default ONNX minus torch (×100)", "within ±0.2",
            ", ".join(f"{k} {v:+.2f}" for k, v in diffs.items()), worst is not None and worst <= TARGETS["rouge_difference"])
    return out


def merge_results(path: Path, results: dict[str, Any], sections: Sequence[str]) -> dict[str, Any]:
    """The earlier results at ``path`` with ``sections`` replaced by this run's; the earlier header stays.

    Each section keeps, in ``section_runs``, the date, command, CPU (and its
    flags) and commit it was measured with.
    """
    try:
        earlier = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return results
    earlier_run = {"date": earlier.get("date"), "command": earlier.get("command"),
                   "cpu": earlier.get("machine", {}).get("cpu"),
                   "cpu_flags": earlier.get("machine", {}).get("cpu_flags"),
                   "commit": earlier.get("machine", {}).get("commit")}
    runs = {name: earlier_run for name in SECTIONS if name in earlier}
    runs.update(earlier.get("section_runs", {}))
    merged = {key: value for key, value in earlier.items() if key != "targets"}
    for section in sections:
        merged[section] = results[section]
        runs[section] = results["section_runs"][section]
    merged["section_runs"] = runs
    merged["notes"] = list(dict.fromkeys([*earlier.get("notes", []), *results.get("notes", [])]))
    return merged


def write_report(results: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    results["targets"] = targets_summary(results)
    out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    info = results["machine"]
    lines = [
        "# Speed benchmark",
        "",
        f"Command: `{results['command']}`  ",
        f"Date: {results['date']}  ",
        f"Machine: {info['cpu']}, {info['cpus_usable']} usable CPUs, {info['memory_gb']} GB; {info['platform']}; "
        f"Python {info['python']}; commit {info['commit']}  ",
        "CPU flags: " + (", ".join(info.get("cpu_flags") or []) or "not recorded by this run") + "  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items() if v) + "  ",
        f"Load average at start / end: {results['load_start']} / {results['load_end']} "
        "(the machine is shared; timings are the best of interleaved rounds)",
        *_later_runs(results),
        "",
        "## Targets",
        "",
        *_table(
            [{**t, "met": {True: "yes", False: "**no**", None: "?"}[t["met"]]} for t in results["targets"]],
            ["target", "goal", "measured", "met", "note"],
        ),
    ]
    if "embed" in results:
        embed = results["embed"]
        lines += ["", f"## Embedding ({embed['sentences']} DUC 2004 sentences; cosine to sentence-transformers fp32 on torch)", "",
                  *_table(embed["rows"], ["backend", "sentences_per_s", "best_s", "cpu_s", "cosine_mean", "cosine_min", "cosine_p1"]),
                  "", f"One-off ONNX export + quantisation: {embed['export']['export_s']} s; "
                  f"finding the cached file afterwards: {embed['export']['reuse_s']} s."]
    if "stages" in results:
        lines += ["", "## Pipeline stages (seconds, best of rounds; embedding cache off)", "",
                  *_table(results["stages"]["rows"], ["input", "articles", "sentences", "segment_s", "embed_s", "similarity_s",
                                                      "clusters_s", "centrality_s", "rest_s", "pipeline_s",
                                                      "pipeline_over_embedding"]),
                  "", "`rest` = the whole pipeline minus the stages timed alone: concepts and selection, "
                  "ordering, the trust checks (stale articles, conflicting figures, evidence)."]
    if "cli" in results:
        lines += ["", f"## CLI from a fresh process (`{results['cli']['command']}`)", "",
                  *_table(results["cli"]["rows"], ["case", "median_s", "best_s", "runs"])]
    if "cold" in results:
        cold = results["cold"]
        lines += ["", "## Cold start against numpy + scipy.sparse (fresh processes, interleaved pairs)", "",
                  *_table(cold["rows"], ["case", "median_s", "best_s", "ratio_of_medians", "median_pair_ratio", "runs"]),
                  "", "`python -m summarize` in this checkout, with a cache folder of its own: the exported ONNX model "
                  "linked in (cached in both cases), the embedding cache filled by one unmeasured run. Slow modules "
                  f"imported on the brief path (`python -X importtime`): {', '.join(cold['slow_imports']) or 'none'}."]
    if "scale" in results:
        lines += ["", "## Scaling (fresh process per run; cold = empty embedding cache, model export cached)", "",
                  f"Inputs: DUC 2004 articles pooled in cluster order; {results['scale']['variants']}.", "",
                  *_table(results["scale"]["rows"], ["path", "articles", "state", "process_s", "call_s", "sentences",
                                                     "unique_sentences", "stories", "peak_rss_mb", "load", "error"])]
    if "peers" in results:
        lines += ["", "## Peers on the same inputs (seconds per brief)", "",
                  *_table(results["peers"]["rows"], ["input", "ours tfidf_s", "ours default (ONNX int8)_s", "sumy LexRank_s",
                                                     "lexrank package_s", "sumy_over_ours_tfidf", "lexrank_over_ours_tfidf"])]
    if "rouge" in results:
        rouge = results["rouge"]
        rows = [{"backend": k, **v} for k, v in rouge["scores"].items()]
        lines += ["", f"## DUC 2004 ROUGE by backend ({rouge['clusters']} clusters, recall ×100, 100 words)", "",
                  *_table(rows, list(rows[0].keys())),
                  "", "Summaries identical to the torch backend's: "
                  + ", ".join(f"{k} {v} of {rouge['clusters']}" for k, v in rouge["identical_to_torch"].items()) + "."]
    if results.get("notes"):
        lines += ["", "## Notes", "", *[f"- {n}" for n in results["notes"]]]
    out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="DUC 2004 clusters.jsonl")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="article counts for scale/peers")
    parser.add_argument("--no-daily", dest="daily", action="store_false", help="scale: skip summarize.daily")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved repetitions; the best counts")
    parser.add_argument("--embed-clusters", type=int, default=4)
    parser.add_argument("--stage-clusters", type=int, default=10)
    parser.add_argument("--peer-clusters", type=int, default=5)
    parser.add_argument("--peer-max-articles", type=int, default=100, help="peers: largest pooled input")
    parser.add_argument("--rouge-clusters", type=int, default=50)
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=9, help="cold: interleaved pairs (at least 7)")
    parser.add_argument("--scale-timeout", type=int, default=420, help="seconds per scale run")
    parser.add_argument("--warm-max", type=int, default=1000, help="scale: warm runs only up to this many articles")
    parser.add_argument("--quick", action="store_true",
                        help="≈ 5 min: sizes 10,100,500, 2 rounds, 3 CLI runs, 10 ROUGE clusters")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="writes OUT.md and OUT.json")
    parser.add_argument("--no-merge", dest="merge", action="store_false",
                        help="do not keep the sections of OUT.json that this run does not measure")
    parser.add_argument("--note", action="append", default=[], help="a line for the report's notes")
    parser.add_argument("--child-scale", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--path", choices=["one", "daily"], default="one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.rounds, args.cli_runs, args.rouge_clusters = "10,100,500", 2, 3, 10
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s]
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.child_scale:
        _child_scale(args)
        return 0
    needs_duc = {"embed", "stages", "peers", "rouge"} & set(args.sections)
    clusters = load_clusters(args.data) if needs_duc else []
    results: dict[str, Any] = {
        "command": "python -m benchmarks.speed " + " ".join(sys.argv[1:] if argv is None else argv),
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_start": load_average(),
        "notes": list(args.note),
    }
    started = time.perf_counter()
    for section in args.sections:
        _say(f"section {section}")
        if section == "embed":
            results["embed"] = section_embed(clusters, args)
        elif section == "stages":
            results["stages"] = section_stages(clusters, args)
        elif section == "cli":
            results["cli"] = section_cli(args)
        elif section == "cold":
            results["cold"] = section_cold(args)
        elif section == "scale":
            results["scale"] = section_scale(args)
        elif section == "peers":
            results["peers"] = section_peers(clusters, args)
        elif section == "rouge":
            results["rouge"] = section_rouge(clusters, args)
    results["load_end"] = load_average()
    results["total_s"] = round(time.perf_counter() - started, 1)
    info = results["machine"]
    run = {"date": results["date"], "command": results["command"], "cpu": info["cpu"],
           "cpu_flags": info["cpu_flags"], "commit": info["commit"], "load_end": results["load_end"]}
    results["section_runs"] = {section: run for section in args.sections}
    if args.merge and set(args.sections) != set(SECTIONS):
        results = merge_results(args.out.with_suffix(".json"), results, args.sections)
    write_report(results, args.out)
    print(args.out.with_suffix(".md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
