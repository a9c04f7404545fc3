"""The Ray engine gives the local engine's bytes, with 1 and 2 workers; the embedding cache survives many writers.

Ray runs on 2 CPUs here (``local_ray``); every test has a time limit, since a
starved Ray Data pipeline waits for ever instead of failing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from summarize.archive.engine import RayEngine
from summarize.archive.run import archive
from summarize.embed.cache import EmbeddingCache, cached_encode
from tests.archive.conftest import DAYS
from tests.embed.test_cache import CountingEmbedder


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name.startswith(("brief-", "index."))}


@pytest.mark.slow
def test_ray_with_one_and_two_workers_writes_the_local_bytes(
    duc_archive: Path, tmp_path: Path, local_ray: Any, time_limit: None
) -> None:
    local = archive(duc_archive, tmp_path / "local", embedder="tfidf")
    one = archive(duc_archive, tmp_path / "ray1", embedder="tfidf", engine="ray", workers=1)
    two = archive(duc_archive, tmp_path / "ray2", embedder="tfidf", engine="ray", workers=2)
    assert local.written == one.written == two.written == list(DAYS)
    expected = _outputs(tmp_path / "local")
    assert len(expected) == 3 * len(DAYS) + 2
    assert _outputs(tmp_path / "ray1") == expected
    assert _outputs(tmp_path / "ray2") == expected


def test_ray_read_stage_returns_every_file_in_input_order(duc_archive: Path, local_ray: Any, time_limit: None) -> None:
    paths = [str(p) for p in sorted(duc_archive.rglob("*.jsonl"))]
    engine = RayEngine(workers=2)
    try:
        counted: list[int] = []
        results = engine.read(paths, counted.append)
    finally:
        engine.close()
    assert [r.index for r in results] == list(range(len(paths)))
    assert sum(counted) == sum(len(r.documents) for r in results) > 30
    assert local_ray.is_initialized()  # the engine leaves a Ray it did not start running


def _encode_in_worker(directory: str, texts: list[str]) -> int:
    embedder = CountingEmbedder()
    cached_encode(embedder, texts, EmbeddingCache(directory))
    return len(embedder.encoded)


def test_embedding_cache_with_many_ray_writers_is_not_corrupted(
    tmp_path: Path, local_ray: Any, time_limit: None
) -> None:
    # Eight tasks write overlapping texts into one cache folder at once; afterwards every vector reads
    # back exactly and no segment was found damaged.
    texts = [f"Sentence {i} about the harbour bridge and its tolls." for i in range(400)]
    encode = local_ray.remote(num_cpus=0.25)(_encode_in_worker)
    parts = [texts[start : start + 150] for start in range(0, 400, 50)]
    assert sum(local_ray.get([encode.remote(str(tmp_path), part) for part in parts])) >= len(texts)
    cache = EmbeddingCache(tmp_path)
    vectors, found = cache.get("counting-fake|v1", texts)
    assert found.all() and cache.discarded == []
    assert vectors is not None
    np.testing.assert_array_equal(vectors, CountingEmbedder().encode(texts))


def test_periods_travel_several_to_a_block_with_at_least_four_blocks_per_worker() -> None:
    from summarize.archive.engine import PERIODS_PER_BLOCK, _period_blocks

    assert _period_blocks(1246, 2) == -(-1246 // PERIODS_PER_BLOCK)
    assert _period_blocks(20, 2) == 8  # few periods: spread for balance, not packed
    assert _period_blocks(3, 2) == 3 and _period_blocks(0, 2) == 1
