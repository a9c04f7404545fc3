"""The CLI's fast path: with the ONNX export cached, a brief never imports torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.embed.onnx import prepare_model
from tests.conftest import EXAMPLES, ROOT
from tests.embed.test_onnx import shared_cache_root

HEAVY = ("torch", "transformers", "sentence_transformers")

# Runs the real entry point, then reports which of the heavy packages (and
# onnxruntime) ended up imported.
PROBE = """
import json, sys
from summarize.cli import main
code = main(sys.argv[2:])
loaded = sorted(name for name in ("torch", "transformers", "sentence_transformers", "onnxruntime") if name in sys.modules)
with open(sys.argv[1], "w") as handle:
    json.dump({"code": code, "loaded": loaded}, handle)
"""


@pytest.fixture(scope="module")
def warm_model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache root holding the default export (shared with tests/test_onnx.py: exported once per session)."""
    root = shared_cache_root(tmp_path_factory)
    prepare_model(None, root=root)
    return root


def run_cli(cache_root: Path, report: Path, *args: str) -> tuple[dict, subprocess.CompletedProcess]:
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(cache_root), "HF_HUB_OFFLINE": "1"}
    env.pop("SUMMARIZE_EMBEDDING_CACHE", None)
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(report.read_text()), completed


@pytest.mark.model
def test_brief_with_cached_onnx_model_does_not_import_torch(warm_model_cache: Path, tmp_path: Path) -> None:
    cache_root = tmp_path / "cache"
    (cache_root / "onnx").mkdir(parents=True)
    for entry in (warm_model_cache / "onnx").iterdir():  # the model, but an empty embedding cache
        if entry.is_dir():
            os.symlink(entry, cache_root / "onnx" / entry.name)
    args = ("brief", str(EXAMPLES / "harbour-bridge"), "--max-words", "100", "-f", "text", "-q")

    first, completed = run_cli(cache_root, tmp_path / "first.json", *args)
    assert first["code"] == 0
    assert not set(HEAVY) & set(first["loaded"]), first["loaded"]
    assert "onnxruntime" in first["loaded"]  # the ONNX backend did the encoding
    assert "Sources:" in completed.stdout and "warning" not in completed.stderr

    # Second run: every sentence comes from the embedding cache, so not even onnxruntime is loaded.
    second, again = run_cli(cache_root, tmp_path / "second.json", *args)
    assert second["code"] == 0 and second["loaded"] == []
    assert again.stdout == completed.stdout


# Modules whose import on the brief path costs seconds (issue 13): nltk's
# package __init__ (nltk.metrics → scipy.stats), scipy.stats, scikit-learn, torch;
# and scipy.optimize, whose __init__ imports every SciPy optimiser (0.2 s) where
# the selection needs only the HiGHS extension (summarize/select/highs.py).
SLOW_IMPORTS = ("nltk", "nltk.metrics", "scipy.stats", "scipy.optimize", "sklearn", "torch", "transformers",
                "sentence_transformers")


def imported_modules(importtime_stderr: str) -> set[str]:
    """Module names from ``python -X importtime`` output."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in importtime_stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2 and "imported package" not in line
    }


def run_with_importtime(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "summarize", *args],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1", **env}, cwd=ROOT,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed


def test_brief_path_does_not_run_nltks_package_init(tmp_path: Path) -> None:
    # Regression (issue 13): `import nltk` just to reach Punkt and the Porter
    # stemmer cost 3.7 s of a 4 s cold start. (The TF-IDF embedder needs
    # scikit-learn, so scipy.stats is checked on the default path below.)
    completed = run_with_importtime(
        {"SUMMARIZE_CACHE_DIR": str(tmp_path / "cache")},
        "brief", str(EXAMPLES / "harbour-bridge"), "--embedder", "tfidf", "-q",
    )  # fmt: skip
    loaded = imported_modules(completed.stderr)
    # NLTK's own Punkt and Porter code still run (importlib.import_module is
    # not timed by -X importtime, the imports inside those modules are).
    assert "nltk.tokenize.api" in loaded and "nltk.stem.api" in loaded
    assert not {"nltk", "nltk.metrics", "torch"} & loaded, sorted({"nltk", "nltk.metrics", "torch"} & loaded)
    assert not {"summarize.stories.daily", "summarize.plot"} & loaded  # loaded lazily
    assert "Sources" in completed.stdout


@pytest.mark.model
def test_brief_with_cached_onnx_model_imports_no_slow_module(warm_model_cache: Path) -> None:
    # The default path: neither nltk's __init__, scipy.stats (via nltk or
    # scikit-learn), scipy.optimize nor torch.
    completed = run_with_importtime(
        {"SUMMARIZE_CACHE_DIR": str(warm_model_cache)}, "brief", str(EXAMPLES / "harbour-bridge"), "-q"
    )
    loaded = imported_modules(completed.stderr)
    assert not set(SLOW_IMPORTS) & loaded, sorted(set(SLOW_IMPORTS) & loaded)


NLTK_AFTER_BRIEF = """
import sys
from summarize import Summarizer, load_documents
from summarize.text.segment import punkt_tokenizer
brief = Summarizer(embedder="tfidf", max_words=60).summarize(load_documents(sys.argv[1]))
assert "nltk" not in sys.modules and not any(name.startswith("nltk.") for name in sys.modules), "left in sys.modules"
import nltk
from nltk.tokenize import sent_tokenize, PunktTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer
from nltk.stem.porter import PorterStemmer
assert nltk.FreqDist("aab")["a"] == 2 and nltk.__version__
assert nltk.tokenize.punkt.PunktSentenceTokenizer is PunktSentenceTokenizer
assert PorterStemmer().stem("running") == "run"
assert "nltk.metrics" in sys.modules  # the real package __init__ ran
# And the pipeline goes on working with the user's nltk in place.
again = Summarizer(embedder="tfidf", max_words=60).summarize(load_documents(sys.argv[1]))
assert again.to_json() == brief.to_json()
print("ok")
"""


def test_user_can_import_nltk_normally_after_a_brief() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", NLTK_AFTER_BRIEF, str(EXAMPLES / "harbour-bridge")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"}, cwd=ROOT,
    )  # fmt: skip
    assert completed.returncode == 0 and completed.stdout.strip() == "ok", completed.stderr[-3000:]


def test_nltk_imported_first_is_used_as_is() -> None:
    script = (
        "import nltk, sys\n"
        "from summarize.text.segment import punkt_tokenizer\n"
        "from summarize.text.nltk_modules import porter_stemmer\n"
        "import nltk.tokenize.punkt as punkt\n"
        "assert isinstance(punkt_tokenizer(), punkt.PunktSentenceTokenizer)\n"
        "assert type(porter_stemmer()) is nltk.stem.porter.PorterStemmer\n"
        "print('ok')\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert completed.returncode == 0 and completed.stdout.strip() == "ok", completed.stderr[-3000:]


def test_daily_and_plot_load_on_first_use() -> None:
    script = (
        "import sys, summarize\n"
        "assert 'summarize.stories.daily' not in sys.modules and 'summarize.plot' not in sys.modules\n"
        "assert callable(summarize.daily) and summarize.DailyBrief.__name__ == 'DailyBrief'\n"
        "import summarize.stories.daily\n"
        "assert callable(summarize.daily) and summarize.daily.__module__ == 'summarize.stories.daily'\n"
        "assert 'daily' in dir(summarize) and 'plot' in dir(summarize)\n"
        "print('ok')\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert completed.returncode == 0 and completed.stdout.strip() == "ok", completed.stderr[-3000:]
