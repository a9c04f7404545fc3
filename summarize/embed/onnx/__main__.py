"""``python -m summarize.embed.onnx [MODEL_FOLDER]``: export now and print where the file is.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.embed.onnx.export import prepare_model
from summarize.embed.onnx.layout import DEFAULT_QUANTIZATION, QUANTIZATIONS
from summarize.errors import ModelError

__all__: list[str] = []


def _main(argv: Sequence[str] | None = None) -> int:
    """``python -m summarize.embed.onnx [MODEL_FOLDER]``: export now and print where the file is."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m summarize.embed.onnx", description=_main.__doc__)
    parser.add_argument("model", nargs="?", default=None, help="sentence-transformers folder (default: MiniLM)")
    parser.add_argument("--quantization", choices=QUANTIZATIONS, default=DEFAULT_QUANTIZATION)
    args = parser.parse_args(argv)
    try:
        print(prepare_model(args.model, quantization=args.quantization))
    except ModelError as error:
        print(f"summarize: error: {error}")
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
