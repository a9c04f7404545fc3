"""Sentence embeddings with ONNX Runtime: the fast default backend.

A sentence-transformers model (a Transformer, mean or CLS pooling, then
normalisation) is exported once with ``torch.onnx.export`` (:mod:`.export`),
its graph fused with ONNX Runtime's transformer optimiser and its weight
matrices quantised to int8 (see :data:`~.layout.Quantization`). Running the
cached model (:mod:`.runtime`, :mod:`.session`) needs only ``onnxruntime``,
``tokenizers`` and numpy: no torch import, which alone costs several seconds
at start-up.

When something on the way fails (no onnxruntime, no torch for the first
export, an export that does not reproduce the torch model), the embedder falls
back to :class:`~summarize.embed.SentenceTransformerEmbedder` with a
:class:`~summarize.embed.protocol.BackendWarning`, unless it was made with
``fallback=False``.
"""

from summarize.embed.onnx.export import export_model, model_fingerprint, prepare_model
from summarize.embed.onnx.layout import DEFAULT_QUANTIZATION, QUANTIZATIONS, Quantization, read_model_layout
from summarize.embed.onnx.runtime import OnnxEmbedder
from summarize.embed.protocol import BackendWarning, cache_dir

__all__ = [
    "BackendWarning",
    "DEFAULT_QUANTIZATION",
    "OnnxEmbedder",
    "Quantization",
    "QUANTIZATIONS",
    "cache_dir",
    "export_model",
    "model_fingerprint",
    "prepare_model",
    "read_model_layout",
]
