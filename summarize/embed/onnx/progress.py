"""A progress bar on stderr while a model is exported once: the stage, elapsed time and an estimate of the rest."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["ExportProgress", "export_estimate"]


# Shares of the export's time by stage, measured on MiniLM (2 cores: 16 s in all).
_EXPORT_STAGES: tuple[tuple[str, float], ...] = (
    ("loading torch and the model", 0.25),
    ("tracing with torch.onnx", 0.25),
    ("fusing attention and layer norms", 0.2),
    ("checking against torch", 0.05),
    ("quantising to int8", 0.2),
    ("checking the int8 model", 0.05),
)


def export_estimate(folder: Path) -> float:
    """Rough seconds an export of ``folder`` takes on 2 cores: 6 s plus 0.11 s per MB of weights (MiniLM: 16 s)."""
    weights = sum(p.stat().st_size for p in folder.glob("*") if p.suffix in (".safetensors", ".bin") and p.is_file())
    return 6.0 + 0.11 * weights / 1e6


class ExportProgress:
    """A progress bar on stderr while a model is exported: the stage, elapsed time and an estimate of the rest.

    The bar counts estimated seconds of work (:func:`export_estimate`, split
    by :data:`_EXPORT_STAGES`); a background thread moves it with the clock
    within the current stage, never past the stage's end, and each finished
    stage jumps it there. Disabled, every method does nothing.
    """

    def __init__(self, *, estimate_s: float, enabled: bool) -> None:
        self.enabled = enabled
        self.estimate_s = estimate_s
        self._bar: Any = None
        self._done = 0.0  # estimated seconds of the finished stages
        self._stage_end = 0.0
        self._stage_start = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> ExportProgress:
        if not self.enabled:
            return self
        import sys

        from tqdm import tqdm

        self._bar = tqdm(
            total=round(self.estimate_s, 1),
            desc="exporting the ONNX model (once)",
            unit="s",
            file=sys.stderr,
            leave=False,
            dynamic_ncols=True,
            smoothing=0,  # rate over the whole export: a slow machine stretches the estimate evenly
            bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed} elapsed, about {remaining} left",
        )
        self._thread = threading.Thread(target=self._tick, name="summarize-export-progress", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is None:
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._bar.close()
        self._bar = None

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Show ``name`` while the block runs; the bar then stands at the stage's estimated end."""
        if self._bar is None:
            yield
            return
        share = dict(_EXPORT_STAGES)[name]
        with self._lock:
            self._stage_start = time.monotonic()
            self._stage_end = self._done + share * self.estimate_s
            self._bar.set_description_str(f"exporting the ONNX model (once): {name}", refresh=True)
        try:
            yield
        finally:
            with self._lock:
                self._done = self._stage_end
                self._set(self._done)

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            with self._lock:
                # Within a stage, move with the clock, but stop just short of its end.
                self._set(min(self._done + time.monotonic() - self._stage_start, self._stage_end - 0.05))

    def _set(self, position: float) -> None:
        position = round(max(position, self._bar.n), 1)
        if position != self._bar.n:
            self._bar.update(position - self._bar.n)
