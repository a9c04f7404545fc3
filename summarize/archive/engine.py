"""Where the work runs: :class:`LocalEngine` (a plain loop) or :class:`RayEngine` (Ray Data on a local or existing cluster).

Both run the functions of :mod:`summarize.archive.work` and hand results back
tagged with their key; :func:`summarize.archive.run.archive` sorts them, so
the output is the same bytes whichever engine and however many workers ran it.
Ray is an optional extra, imported only by :class:`RayEngine`.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from summarize.archive.work import (
    FileResult,
    PeriodJob,
    PeriodResult,
    make_period,
    read_file,
    texts_to_embed,
    warm_cache,
)
from summarize.document import Document
from summarize.embed import resolve_embedder
from summarize.embed.cache import default_cache
from summarize.errors import ConfigError

__all__ = ["ENGINES", "EMBED_BATCH", "Engine", "LocalEngine", "RayEngine", "make_engine"]

ENGINES = ("local", "ray")
#: Texts per embedding batch sent to an actor.
EMBED_BATCH = 256
#: Periods per Ray Data block (a day of news is ~25 ms of CPU per article: a block is a few seconds of work).
PERIODS_PER_BLOCK = 8
# Each Ray actor asks for half a CPU: 2 actors x 1 CPU plus one read task waits for CPUs for ever on a
# 2-CPU machine (Ray Data 2.60, reproduced); fractions let the scheduler place them all.
_ACTOR_CPUS = 0.5

Progress = Callable[[int], None]


class Engine(Protocol):
    """Runs the archive's units of work; results may come in any order."""

    name: str
    workers: int

    def read(self, paths: Sequence[str], advance: Progress) -> list[FileResult]: ...

    def warm(self, documents: Sequence[Document], embedder: str | None, model: str | None) -> None: ...

    def periods(self, jobs: Sequence[PeriodJob], embedder: str | None, model: str | None) -> Iterator[PeriodResult]: ...

    def close(self) -> None: ...


class LocalEngine:
    """Everything in this process, one unit after another."""

    name = "local"
    workers = 1

    def read(self, paths: Sequence[str], advance: Progress) -> list[FileResult]:
        results = []
        for index, path in enumerate(paths):
            results.append(read_file(index, path))
            advance(len(results[-1].documents))
        return results

    def warm(self, documents: Sequence[Document], embedder: str | None, model: str | None) -> None:
        return None  # one process: daily() fills and reads the cache itself

    def periods(self, jobs: Sequence[PeriodJob], embedder: str | None, model: str | None) -> Iterator[PeriodResult]:
        resolved = resolve_embedder(embedder, model=model)
        for job in jobs:
            yield make_period(job, resolved)

    def close(self) -> None:
        return None


# --------------------------------------------------------------------------
# Ray: callables Ray Data runs on its workers (plain classes: no Ray import here)


def _read_rows(row: dict[str, Any]) -> dict[str, Any]:
    return {"index": row["index"], "payload": pickle.dumps(read_file(row["index"], row["path"]))}


class _EmbedActor:
    """Loads the embedder once per actor and fills the shared on-disk cache, batch by batch."""

    embedder_name: str | None = None
    model: str | None = None

    def __init__(self) -> None:
        self.embedder = _one_core(resolve_embedder(self.embedder_name, model=self.model))
        self.cache = default_cache()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        texts = [str(t) for t in batch["text"]]
        return {"count": [warm_cache(texts, self.embedder, self.cache)]}


class _PeriodActor:
    """Loads the embedder once per actor and makes one period's brief per row."""

    embedder_name: str | None = None
    model: str | None = None

    def __init__(self) -> None:
        self.embedder = _one_core(resolve_embedder(self.embedder_name, model=self.model))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        out = [pickle.dumps(make_period(pickle.loads(payload), self.embedder)) for payload in batch["payload"]]
        return {"payload": out}


def _one_core(embedder: Any) -> Any:
    """The embedder set to encode on one core: an actor is one unit of parallelism, and an ONNX session
    that spreads over every core of the node makes N actors fight for them (and "1 worker" use them all).
    Vectors do not change: the default ONNX embedder encodes each sentence in a run of its own."""
    from summarize.embed.onnx import OnnxEmbedder

    if isinstance(embedder, OnnxEmbedder):
        embedder.threads = 1
    return embedder


def _configured(base: type, embedder: str | None, model: str | None) -> type:
    """``base`` with the embedder named on the class: Ray warns (on stderr, from C++) about actors whose
    constructor arguments live in its object store, so the actors take none."""
    return type(base.__name__, (base,), {"embedder_name": embedder, "model": model, "__module__": base.__module__})


class _StderrToFile:
    """Point file descriptor 2 at a log file while Ray runs, and ``sys.stderr`` at the terminal.

    Ray's C++ core writes warnings straight to descriptor 2 (an ERROR line per actor pool about
    restarts, whatever the logging settings); our progress bars and messages go through ``sys.stderr``,
    which keeps the terminal.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.saved: int | None = None
        self.previous: Any = None

    def start(self) -> None:
        try:
            sys.stderr.flush()
            self.saved = os.dup(2)
        except (OSError, ValueError):
            return  # no descriptor 2 (embedded interpreter): nothing to protect
        self.path.parent.mkdir(parents=True, exist_ok=True)
        log = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.previous = sys.stderr
        if getattr(sys.stderr, "fileno", None) is not None and _fileno(sys.stderr) == 2:
            sys.stderr = os.fdopen(os.dup(self.saved), "w", buffering=1, encoding="utf-8", errors="replace")
        os.dup2(log, 2)
        os.close(log)

    def stop(self) -> None:
        if self.saved is None:
            return
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.saved = None
        if sys.stderr is not self.previous:
            sys.stderr.close()
            sys.stderr = self.previous


def _fileno(stream: Any) -> int | None:
    try:
        return int(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return None


def _quiet_ray_logs() -> None:
    for name in ("ray", "ray.data", "ray._private", "ray.util"):
        logging.getLogger(name).setLevel(logging.ERROR)


class RayEngine:
    """Ray Data stages: read and parse files in parallel, embed on an actor pool, one brief per period on another.

    ``address`` joins an existing cluster (``"auto"`` or ``ray://host:10001``)
    and ships this ``summarize`` package to its workers; without it a local
    Ray starts with ``workers`` CPUs. ``workers`` is how many actors (and
    read tasks) run at once. The input files must be readable by every worker
    (one machine, or a shared file system).
    """

    name = "ray"

    def __init__(self, *, address: str | None = None, workers: int | None = None) -> None:
        warnings.filterwarnings("ignore", module=r"ray(\.|$)")
        try:
            import ray
        except ImportError:
            raise ConfigError(
                "--engine ray needs Ray, an optional extra: pip install 'summarize[ray]' "
                "(or use --engine local)"
            ) from None
        self._ray = ray
        self.workers = workers or (os.cpu_count() or 1)
        self._started = False
        self._stderr = _StderrToFile(Path(tempfile.gettempdir()) / "summarize-ray" / f"driver-{os.getpid()}.log")
        self._stderr.start()
        try:
            _quiet_ray_logs()
            if not ray.is_initialized():
                package = str(Path(__file__).resolve().parents[1])
                runtime_env: dict[str, Any]
                if address is None:  # same machine: the workers import this very package
                    parent = str(Path(package).parent)
                    runtime_env = {"env_vars": {"PYTHONPATH": os.pathsep.join(
                        p for p in (parent, os.environ.get("PYTHONPATH", "")) if p)}}
                else:
                    runtime_env = {"py_modules": [package]}
                ray.init(
                    address=address,
                    num_cpus=self.workers if address is None else None,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                    runtime_env=runtime_env,
                    configure_logging=True,
                )
                self._started = True
            if workers is None:  # one actor per CPU of the cluster joined (or started)
                self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
            context = ray.data.DataContext.get_current()
            context.enable_progress_bars = False  # our two bars only
            context.print_on_execution_start = False
            context.execution_options.verbose_progress = False
            _quiet_ray_logs()
        except BaseException:
            self._stderr.stop()
            raise

    def read(self, paths: Sequence[str], advance: Progress) -> list[FileResult]:
        rows = [{"index": i, "path": p} for i, p in enumerate(paths)]
        dataset: Any = self._ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), 4 * self.workers)))
        dataset = dataset.map(_read_rows, concurrency=self.workers, num_cpus=_ACTOR_CPUS)
        results = []
        for row in dataset.iter_rows():
            result = pickle.loads(row["payload"])
            results.append(result)
            advance(len(result.documents))
        return sorted(results, key=lambda r: r.index)

    def warm(self, documents: Sequence[Document], embedder: str | None, model: str | None) -> None:
        """Encode the leads and sentences of ``documents`` on the actor pool into the shared cache,
        so each period's brief reads its vectors instead of loading a model per period."""
        if not documents or default_cache() is None or embedder == "tfidf":
            return  # nothing to keep: TF-IDF is fitted per call, so each period encodes its own
        texts = texts_to_embed(documents)
        blocks = max(1, min(len(texts) // EMBED_BATCH + 1, 8 * self.workers))
        dataset: Any = self._ray.data.from_items([{"text": t} for t in texts], override_num_blocks=blocks)
        dataset = dataset.map_batches(
            _configured(_EmbedActor, embedder, model),
            batch_size=EMBED_BATCH, concurrency=self.workers, num_cpus=_ACTOR_CPUS,
        )
        for _ in dataset.iter_batches(batch_size=None):
            pass

    def periods(self, jobs: Sequence[PeriodJob], embedder: str | None, model: str | None) -> Iterator[PeriodResult]:
        if not jobs:
            return
        rows = [{"payload": pickle.dumps(job)} for job in jobs]
        dataset: Any = self._ray.data.from_items(rows, override_num_blocks=_period_blocks(len(rows), self.workers))
        dataset = dataset.map_batches(
            _configured(_PeriodActor, embedder, model),
            batch_size=1, concurrency=self.workers, num_cpus=_ACTOR_CPUS,
        )
        for row in dataset.iter_rows():
            yield pickle.loads(row["payload"])

    def close(self) -> None:
        try:
            if self._started:
                self._ray.shutdown()
        finally:
            self._stderr.stop()


def _period_blocks(periods: int, workers: int) -> int:
    """How many Ray Data blocks the periods travel in: several periods per block, because each block costs
    the driver scheduling work that competes with the workers for the same cores (one period per block
    gave 2 workers 1.63x the periods of 1 on 2 cores); at least 4 blocks per worker to balance the load."""
    return max(1, min(periods, max(4 * workers, -(-periods // PERIODS_PER_BLOCK))))


def make_engine(engine: str | Engine, *, address: str | None = None, workers: int | None = None) -> Engine:
    """``"local"``, ``"ray"`` or an :class:`Engine` object."""
    if not isinstance(engine, str):
        return engine
    if engine == "local":
        return LocalEngine()
    if engine == "ray":
        return RayEngine(address=address, workers=workers)
    raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
