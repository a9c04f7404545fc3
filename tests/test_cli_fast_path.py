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
