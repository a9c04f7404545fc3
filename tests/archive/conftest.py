"""A small real archive (three days of DUC 1998 articles) built at test time, and a local Ray.

The DUC articles are read from ``../shared/data`` when it is there; nothing of
their text is stored in this repository.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.archive_data import DATA, write_duc_archive

DAYS = ("1998-10-16", "1998-10-17", "1998-10-18")


@pytest.fixture(scope="session")
def duc_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three days of DUC 2003/2004 articles as JSONL shards (``<month>/part-NNN.jsonl``)."""
    if not (DATA / "duc2003" / "clusters.jsonl").is_file() and not (DATA / "duc2004" / "clusters.jsonl").is_file():
        pytest.skip(f"the DUC articles are not here ({DATA}): the archive tests need ../shared/data")
    folder = tmp_path_factory.mktemp("duc-archive")
    assert write_duc_archive(folder, dates=DAYS, shard_size=20) > 30
    return folder


@pytest.fixture
def time_limit() -> Iterator[None]:
    """Fail a test that runs over 240 s instead of hanging CI (Ray Data can wait for CPUs for ever)."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError("the test ran over its 240 s limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(240)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    """A local Ray on 2 CPUs for this module's tests; shut down afterwards."""
    ray = pytest.importorskip("ray", reason="Ray is the optional extra [ray]: pip install -e '.[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()
