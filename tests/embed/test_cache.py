"""The on-disk embedding cache: identical vectors back, misses only encoded, damaged files survived."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import summarize.embed.cache as cache_module
from summarize.embed.cache import EmbeddingCache, cached_encode, default_cache, text_key


class CountingEmbedder:
    """Deterministic pseudo-random unit vectors per text; records every text it encodes."""

    name = "counting-fake"

    def __init__(self, cache_key: str | None = "counting-fake|v1", dim: int = 8) -> None:
        if cache_key is not None:
            self.cache_key = cache_key
        self.dim = dim
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(text_key(text)[:8], "little")
            row = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            rows.append(row / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)


TEXTS = [f"Sentence number {i} about the harbour bridge." for i in range(50)]


def segments(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.seg"))


def test_second_run_returns_identical_vectors_without_encoding(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    embedder = CountingEmbedder()
    first = cached_encode(embedder, TEXTS, cache)
    assert embedder.encoded == TEXTS
    embedder.encoded.clear()
    second = cached_encode(embedder, TEXTS, EmbeddingCache(tmp_path))  # a new process, as it were
    assert embedder.encoded == []
    assert second.dtype == np.float32 and np.array_equal(first, second)
    assert np.array_equal(first, CountingEmbedder().encode(TEXTS))


def test_only_missing_sentences_are_encoded_each_once(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    embedder = CountingEmbedder()
    cached_encode(embedder, TEXTS[:30], cache)
    embedder.encoded.clear()
    texts = TEXTS[20:40] + ["A new sentence.", "A new sentence.", TEXTS[0]]
    vectors = cached_encode(embedder, texts, cache)
    assert embedder.encoded == TEXTS[30:40] + ["A new sentence."]
    assert np.array_equal(vectors, CountingEmbedder().encode(texts))


def test_models_do_not_share_vectors(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    cached_encode(CountingEmbedder("model-a"), TEXTS, cache)
    other = CountingEmbedder("model-b", dim=4)
    vectors = cached_encode(other, TEXTS, cache)
    assert other.encoded == TEXTS and vectors.shape == (len(TEXTS), 4)


def test_embedder_without_cache_key_is_never_cached(tmp_path: Path) -> None:
    embedder = CountingEmbedder(cache_key=None)
    cached_encode(embedder, TEXTS, EmbeddingCache(tmp_path))
    cached_encode(embedder, TEXTS, EmbeddingCache(tmp_path))
    assert embedder.encoded == TEXTS + TEXTS
    assert segments(tmp_path) == []


def _damage_and_rerun(tmp_path: Path, damage) -> None:
    cache = EmbeddingCache(tmp_path)
    expected = cached_encode(CountingEmbedder(), TEXTS, cache)
    (segment,) = segments(tmp_path)
    damage(segment)
    embedder = CountingEmbedder()
    reader = EmbeddingCache(tmp_path)
    vectors = cached_encode(embedder, TEXTS, reader)
    assert np.array_equal(vectors, expected)
    assert embedder.encoded == TEXTS  # the damaged file was ignored: everything encoded again
    assert segment in reader.discarded and not segment.exists()
    # ... and rewritten: a third run hits the cache again.
    third = CountingEmbedder()
    assert np.array_equal(cached_encode(third, TEXTS, EmbeddingCache(tmp_path)), expected)
    assert third.encoded == []


def test_truncated_segment_is_detected_ignored_and_rewritten(tmp_path: Path) -> None:
    def truncate(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) - 100])

    _damage_and_rerun(tmp_path, truncate)


def test_corrupted_vectors_are_detected_ignored_and_rewritten(tmp_path: Path) -> None:
    def flip_last_bytes(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[-7:] = bytes(b ^ 0xFF for b in data[-7:])  # same length, so only the checksum can tell
        path.write_bytes(bytes(data))

    _damage_and_rerun(tmp_path, flip_last_bytes)


def test_corrupted_header_is_detected_ignored_and_rewritten(tmp_path: Path) -> None:
    def scramble_header(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[12:40] = b"x" * 28
        path.write_bytes(bytes(data))

    _damage_and_rerun(tmp_path, scramble_header)


def test_empty_and_foreign_files_are_ignored(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    expected = cached_encode(CountingEmbedder(), TEXTS, cache)
    folder = segments(tmp_path)[0].parent
    (folder / "0-empty.seg").write_bytes(b"")
    (folder / "1-foreign.seg").write_bytes(b"not a segment at all" * 10)
    (folder / ".tmp-left-by-a-crash.seg").write_bytes(b"partial")
    (folder / "notes.txt").write_text("not ours")
    embedder = CountingEmbedder()
    assert np.array_equal(cached_encode(embedder, TEXTS, EmbeddingCache(tmp_path)), expected)
    assert embedder.encoded == []


def test_write_failure_only_costs_the_speed_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object, **kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module._Segment, "write", staticmethod(full_disk))
    embedder = CountingEmbedder()
    vectors = cached_encode(embedder, TEXTS, EmbeddingCache(tmp_path))
    assert np.array_equal(vectors, CountingEmbedder().encode(TEXTS))


def test_many_segments_are_merged_and_stay_readable(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    for start in range(0, 40):
        cached_encode(CountingEmbedder(), TEXTS[start : start + 2], cache)
    assert len(segments(tmp_path)) <= cache_module._MAX_SEGMENTS
    embedder = CountingEmbedder()
    vectors = cached_encode(embedder, TEXTS[:41], EmbeddingCache(tmp_path))
    assert embedder.encoded == []
    assert np.array_equal(vectors, CountingEmbedder().encode(TEXTS[:41]))


def test_least_recently_used_segments_go_when_over_the_size_limit(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path, max_bytes=1000)
    cached_encode(CountingEmbedder(), TEXTS[:10], cache)  # ≈ 0.7 kB: fits
    assert len(segments(tmp_path)) == 1
    cached_encode(CountingEmbedder(), TEXTS[10:20], cache)  # over the limit: the older segment goes
    assert len(segments(tmp_path)) == 1
    embedder = CountingEmbedder()
    cached_encode(embedder, TEXTS[:20], EmbeddingCache(tmp_path))
    assert embedder.encoded == TEXTS[:10]


def test_a_run_larger_than_the_limit_still_keeps_its_own_segment(tmp_path: Path) -> None:
    cached_encode(CountingEmbedder(), TEXTS, EmbeddingCache(tmp_path, max_bytes=10))
    embedder = CountingEmbedder()
    cached_encode(embedder, TEXTS, EmbeddingCache(tmp_path, max_bytes=10))
    assert embedder.encoded == []


def test_environment_switches_the_default_cache_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SUMMARIZE_EMBEDDING_CACHE", "off")
    assert default_cache() is None
    monkeypatch.delenv("SUMMARIZE_EMBEDDING_CACHE")
    cache = default_cache()
    assert cache is not None and cache.directory == tmp_path / "embeddings"


def test_unicode_and_empty_texts_round_trip(tmp_path: Path) -> None:
    texts = ["Zürich – „Brücke“ geschlossen.", "", "\ud800 lone surrogate", "日本語の文。"]
    expected = cached_encode(CountingEmbedder(), texts, EmbeddingCache(tmp_path))
    embedder = CountingEmbedder()
    assert np.array_equal(cached_encode(embedder, texts, EmbeddingCache(tmp_path)), expected)
    assert embedder.encoded == []


def test_pipeline_reads_the_cache_on_a_second_run(tmp_path: Path) -> None:
    from summarize.pipeline import Summarizer
    from tests.conftest import make_doc

    documents = [
        make_doc("a", "The harbour bridge was closed on Tuesday after a crack was found. Divers inspected the pier."),
        make_doc("b", "A crack closed the harbour bridge on Tuesday, officials said. Traffic was diverted."),
    ]
    embedder = CountingEmbedder()
    first = Summarizer(embedder=embedder, cache=tmp_path, max_words=40).summarize(documents)
    assert embedder.encoded
    embedder.encoded.clear()
    second = Summarizer(embedder=embedder, cache=tmp_path, max_words=40).summarize(documents)
    assert embedder.encoded == []
    assert second.text == first.text
    np.testing.assert_array_equal(second.details.embeddings, first.details.embeddings)
    embedder.encoded.clear()
    Summarizer(embedder=embedder, cache=False, max_words=40).summarize(documents)
    assert embedder.encoded  # cache=False always encodes
class FallingBackEmbedder(CountingEmbedder):
    """Claims the ONNX key until its first encode, when it 'falls back' to another backend, as OnnxEmbedder does."""

    def __init__(self) -> None:
        super().__init__(cache_key="minilm|onnx-int8|abc|single")
        self.fell_back = False

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not self.fell_back:
            self.fell_back = True
            self.cache_key = "minilm|torch|folder"
        return super().encode(texts) * -1.0  # the other backend's vectors differ


def test_vectors_of_a_fallback_backend_are_keyed_by_that_backend(tmp_path: Path) -> None:
    # Regression (issue 17 M4): torch vectors were stored under the ONNX key, so a warm run with a healthy
    # ONNX model gave another brief than a cold one.
    healthy = CountingEmbedder(cache_key="minilm|onnx-int8|abc|single")
    cached_encode(healthy, TEXTS[:10], EmbeddingCache(tmp_path))  # some ONNX vectors are cached already
    falling = FallingBackEmbedder()
    mixed = cached_encode(falling, TEXTS[:20], EmbeddingCache(tmp_path))
    assert np.array_equal(mixed, -CountingEmbedder().encode(TEXTS[:20]))  # all from the backend that ran
    onnx_vectors, found = EmbeddingCache(tmp_path).get("minilm|onnx-int8|abc|single", TEXTS[:20])
    assert found.sum() == 10  # nothing added under the ONNX key
    assert onnx_vectors is not None and np.array_equal(onnx_vectors[:10], CountingEmbedder().encode(TEXTS[:10]))
    torch_vectors, found = EmbeddingCache(tmp_path).get("minilm|torch|folder", TEXTS[:20])
    assert found.all() and torch_vectors is not None and np.array_equal(torch_vectors, mixed)
    healthy_again = CountingEmbedder(cache_key="minilm|onnx-int8|abc|single")
    warm = cached_encode(healthy_again, TEXTS[:20], EmbeddingCache(tmp_path))
    assert np.array_equal(warm, CountingEmbedder().encode(TEXTS[:20]))  # warm == cold with a healthy model
