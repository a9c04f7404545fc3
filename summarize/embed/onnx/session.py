"""Running an exported model with ONNX Runtime: tokenising, padding, pooling. No torch.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from summarize.embed.onnx.layout import ModelLayout

__all__ = []


class _Tokenizer:
    """The model's fast tokenizer, truncating to its max length, padding per batch only."""

    def __init__(self, layout: ModelLayout) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(layout.folder / "tokenizer.json"))
        # tokenizer.json may carry a fixed padding length; we pad each batch to its longest.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=layout.max_length)

    def encode(self, texts: list[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self.tokenizer.encode_batch(texts)]

    def batch(self, texts: list[str]) -> dict[str, np.ndarray]:
        return _pad(self.encode(texts))


def _pad(token_ids: Sequence[Sequence[int]]) -> dict[str, np.ndarray]:
    longest = max(len(ids) for ids in token_ids)
    input_ids = np.zeros((len(token_ids), longest), dtype=np.int64)
    attention_mask = np.zeros((len(token_ids), longest), dtype=np.int64)
    for row, ids in enumerate(token_ids):
        input_ids[row, : len(ids)] = ids
        attention_mask[row, : len(ids)] = 1
    return {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": np.zeros_like(input_ids)}


def _pool(hidden: np.ndarray, attention_mask: np.ndarray, pooling: str) -> np.ndarray:
    """Sentence vectors from token vectors: masked mean (or [CLS]), then L2 normalisation."""
    if pooling == "cls":
        pooled = hidden[:, 0, :].astype(np.float32)
    else:
        mask = attention_mask.astype(np.float32)
        summed = np.einsum("bld,bl->bd", hidden, mask, dtype=np.float32)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def _default_threads() -> int:
    """The CPUs this process may use (cgroup/affinity aware where the OS tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def _session(model_path: Path, *, threads: int | None) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # Each inference's matrix products spread over ``threads`` cores.
    options.intra_op_num_threads = threads or _default_threads()
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])


def _run(session: Any, feeds: dict[str, np.ndarray], pooling: str) -> np.ndarray:
    wanted = {graph_input.name for graph_input in session.get_inputs()}
    hidden = session.run(None, {name: value for name, value in feeds.items() if name in wanted})[0]
    return _pool(hidden, feeds["attention_mask"], pooling)
