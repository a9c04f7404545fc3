"""What the ONNX backend needs to know about a sentence-transformers folder, and the quantisation recipes it offers.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from summarize.errors import ModelError

__all__ = ["DEFAULT_QUANTIZATION", "ModelLayout", "QUANTIZATIONS", "Quantization", "read_model_layout"]

Quantization = Literal["int8", "int8-ffn-fp32", "fp32"]
# int8-ffn-fp32 (default): every weight matrix int8 (7-bit values, one scale
#   per output channel), except the feed-forward output projections, which
#   stay fp32: their input (after GELU) has outliers that per-tensor dynamic
#   activation quantisation handles poorly. Every sentence stays ≥ 0.99
#   cosine to fp32 on CPUs with and without VNNI (models/onnx.md); ≈ 2.5×
#   torch's speed on 2 cores.
# int8: all weight matrices int8 (faster, but cosine ≈ 0.983 at worst and
#   DUC 2004 ROUGE-1/2 ≈ 0.3 below torch).
# fp32: the exported graph as is.
QUANTIZATIONS: tuple[str, ...] = ("int8-ffn-fp32", "int8", "fp32")
DEFAULT_QUANTIZATION: Quantization = "int8-ffn-fp32"


@dataclass(frozen=True)
class ModelLayout:
    """What the ONNX backend needs to know about a sentence-transformers folder."""

    folder: Path
    pooling: Literal["mean", "cls"]
    max_length: int  # in tokens, [CLS] and [SEP] included
    model_type: str
    num_heads: int
    hidden_size: int


def read_model_layout(folder: str | os.PathLike[str]) -> ModelLayout:
    """Check that ``folder`` holds a model this backend reproduces exactly.

    Supported: a Hugging Face encoder with ``tokenizer.json``, followed by mean
    or CLS pooling and optionally Normalize (anything else, such as a Dense
    layer, raises :class:`ModelError`).
    """
    root = Path(folder)
    config_path = root / "config.json"
    if not config_path.is_file() or not (root / "tokenizer.json").is_file():
        raise ModelError(f"{root} is not a local model folder with config.json and tokenizer.json")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    pooling: Literal["mean", "cls"] = "mean"
    modules_path = root / "modules.json"
    if modules_path.is_file():
        modules = json.loads(modules_path.read_text(encoding="utf-8"))
        kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
        if not kinds or kinds[0] != "Transformer" or any(k not in ("Pooling", "Normalize") for k in kinds[1:]):
            raise ModelError(f"the ONNX backend supports Transformer + Pooling (+ Normalize) models, not {kinds}")
        for module in modules:
            if str(module.get("type", "")).endswith("Pooling"):
                pooling = _pooling_mode(root / module.get("path", ""))
    settings_path = root / "sentence_bert_config.json"
    settings = json.loads(settings_path.read_text(encoding="utf-8")) if settings_path.is_file() else {}
    positions = int(config.get("max_position_embeddings", 512))
    max_length = min(int(settings.get("max_seq_length") or positions), positions)
    return ModelLayout(
        folder=root,
        pooling=pooling,
        max_length=max_length,
        model_type=str(config.get("model_type", "")),
        num_heads=int(config.get("num_attention_heads", 0)),
        hidden_size=int(config.get("hidden_size", 0)),
    )


def _pooling_mode(folder: Path) -> Literal["mean", "cls"]:
    config_path = folder / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
    modes = [key for key, value in config.items() if key.startswith("pooling_mode") and value is True]
    if modes in ([], ["pooling_mode_mean_tokens"]):
        return "mean"
    if modes == ["pooling_mode_cls_token"]:
        return "cls"
    raise ModelError(f"the ONNX backend supports mean or CLS pooling, not {modes}")
