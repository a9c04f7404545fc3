"""An on-disk cache of sentence vectors, so re-runs skip the encoder.

Vectors are keyed by the embedder's ``cache_key`` (model, backend, export)
and the exact sentence text. Each model has its own folder of *segment*
files; a segment holds the vectors one run added, is written to a temporary
file and renamed into place (so readers see all of it or none), and carries
its length and CRC-32 checksums. A segment that is truncated, corrupted or of
another format is detected on reading, ignored (its sentences count as
misses and are encoded again) and deleted, and the fresh vectors are written
to a new segment. Many segments are merged into one; the least recently used
segments are dropped when a model's folder outgrows ``max_bytes``.

Only embedders with a ``cache_key`` are cached: a fitted-per-call embedder
(TF-IDF) or a test fake has none and is always run.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import struct
import tempfile
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from summarize.embed.protocol import Embedder, cache_dir
from summarize.embed.resolve import resolve_embedder

__all__ = ["EmbeddingCache", "cached_encode", "default_cache", "text_key"]

_MAGIC = b"SUMEMB\x00\x01"
_FORMAT = 1
_KEY_BYTES = 16
_SUFFIX = ".seg"
# Merge a model's segments into one when there are more than this many.
_MAX_SEGMENTS = 32
# Temporary files older than this (seconds) were left by a crash: remove them.
_STALE_TEMPORARY = 3600.0


def text_key(text: str) -> bytes:
    """The 16-byte key of a sentence text (BLAKE2b of its UTF-8 bytes)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_KEY_BYTES).digest()


def _open_regular(path: Path) -> Any:
    """Open ``path`` for reading only if it is a regular file, not following a link.

    A FIFO named ``*.seg`` in the cache folder would otherwise block every run
    on ``open`` (issue 17 Low); a device or link is no segment either.
    """
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise OSError(f"{path} is not a regular file")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # swapped between lstat and open
        os.close(descriptor)
        raise OSError(f"{path} is not a regular file")
    return os.fdopen(descriptor, "rb")


def _model_folder_name(model_key: str) -> str:
    return hashlib.sha256(model_key.encode("utf-8")).hexdigest()[:24]


class _Segment:
    """One segment file: header, keys, vectors (see the module docstring)."""

    def __init__(self, path: Path, model_key: str, keys: np.ndarray, dim: int, offset: int, vectors_crc: int) -> None:
        self.path = path
        self.model_key = model_key
        self.keys = keys  # (count, 16) uint8
        self.dim = dim
        self.offset = offset  # byte offset of the vectors
        self.vectors_crc = vectors_crc
        self._vectors: np.ndarray | None = None

    @classmethod
    def read_index(cls, path: Path, model_key: str) -> _Segment | None:
        """Read and check the header and keys; None when the file is not a sound segment of this model."""
        try:
            with _open_regular(path) as handle:
                data = handle.read(len(_MAGIC) + 4)
                if len(data) < len(_MAGIC) + 4 or data[: len(_MAGIC)] != _MAGIC:
                    return None
                (header_size,) = struct.unpack("<I", data[len(_MAGIC) :])
                if header_size > 1_000_000:
                    return None
                header = json.loads(handle.read(header_size).decode("utf-8"))
                count, dim = int(header["count"]), int(header["dim"])
                if header.get("format") != _FORMAT or header.get("model_key") != model_key or count < 0 or dim < 1:
                    return None
                offset = len(_MAGIC) + 4 + header_size + count * _KEY_BYTES
                if os.fstat(handle.fileno()).st_size != offset + count * dim * 4:
                    return None  # truncated, or trailing garbage
                key_bytes = handle.read(count * _KEY_BYTES)
                if len(key_bytes) != count * _KEY_BYTES or zlib.crc32(key_bytes) != int(header["keys_crc"]):
                    return None
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, struct.error, RecursionError):
            return None
        keys = np.frombuffer(key_bytes, dtype=np.uint8).reshape(count, _KEY_BYTES)
        return cls(path, model_key, keys, dim, offset, int(header["vectors_crc"]))

    def vectors(self) -> np.ndarray | None:
        """All vectors of the segment, checked against their checksum; None when unreadable or corrupted."""
        if self._vectors is None:
            count = len(self.keys)
            try:
                with _open_regular(self.path) as handle:
                    handle.seek(self.offset)
                    data = handle.read(count * self.dim * 4)
            except OSError:
                return None
            if len(data) != count * self.dim * 4 or zlib.crc32(data) != self.vectors_crc:
                return None
            self._vectors = np.frombuffer(data, dtype="<f4").reshape(count, self.dim)
        return self._vectors

    @staticmethod
    def write(folder: Path, model_key: str, keys: np.ndarray, vectors: np.ndarray) -> Path:
        """Write a new segment atomically (temporary file, then rename); return its path."""
        vectors = np.ascontiguousarray(vectors, dtype="<f4")
        key_bytes = np.ascontiguousarray(keys, dtype=np.uint8).tobytes()
        vector_bytes = vectors.tobytes()
        header = json.dumps(
            {
                "format": _FORMAT,
                "model_key": model_key,
                "count": int(vectors.shape[0]),
                "dim": int(vectors.shape[1]),
                "keys_crc": zlib.crc32(key_bytes),
                "vectors_crc": zlib.crc32(vector_bytes),
                "written": time.time(),
            }
        ).encode("utf-8")
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=_SUFFIX, dir=folder)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(_MAGIC + struct.pack("<I", len(header)) + header)
                handle.write(key_bytes)
                handle.write(vector_bytes)
            name = f"{time.time_ns():020d}-{os.getpid()}-{os.urandom(4).hex()}{_SUFFIX}"
            final = folder / name
            os.replace(temporary, final)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return final


class EmbeddingCache:
    """Sentence vectors on disk under ``directory`` (default: ``<cache_dir()>/embeddings``).

    ``max_bytes`` bounds each model's folder; the least recently used
    segments go first. The cache is safe to share between processes: writers
    never modify a file in place, and a file that disappears or fails its
    checks only turns hits into misses.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, *, max_bytes: int = 2 * 1024**3) -> None:
        if directory is None:
            directory = cache_dir() / "embeddings"
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.discarded: list[Path] = []  # segments found unsound and removed, for tests and logs

    def _folder(self, model_key: str) -> Path:
        return self.directory / _model_folder_name(model_key)

    def _segments(self, model_key: str) -> list[_Segment]:
        folder = self._folder(model_key)
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return []
        segments = []
        now = time.time()
        for name in names:
            path = folder / name
            if name.startswith(".tmp-"):
                _remove_if_older(path, now - _STALE_TEMPORARY)
                continue
            if not name.endswith(_SUFFIX):
                continue
            segment = _Segment.read_index(path, model_key)
            if segment is None:
                self._discard(path)
            else:
                segments.append(segment)
        return segments

    def _discard(self, path: Path) -> None:
        self.discarded.append(path)
        try:
            path.unlink()
        except OSError:
            pass

    def get(self, model_key: str, texts: Sequence[str]) -> tuple[np.ndarray | None, np.ndarray]:
        """Look ``texts`` up.

        Returns ``(vectors, found)``: ``found`` is a boolean mask over
        ``texts``, and ``vectors`` has one row per text (rows of misses are
        zero), or is None when nothing was found.
        """
        found = np.zeros(len(texts), dtype=bool)
        if not texts:
            return None, found
        wanted: dict[bytes, list[int]] = {}
        for position, text in enumerate(texts):
            wanted.setdefault(text_key(text), []).append(position)
        vectors: np.ndarray | None = None
        # Newest first, so a sentence re-encoded after a discard wins.
        for segment in reversed(self._segments(model_key)):
            key_bytes = segment.keys.tobytes()
            rows = [
                (row, key)
                for row in range(len(segment.keys))
                if (key := key_bytes[row * _KEY_BYTES : (row + 1) * _KEY_BYTES]) in wanted
            ]
            if not rows:
                continue
            stored = segment.vectors()
            if stored is None:
                self._discard(segment.path)
                continue
            if vectors is None:
                vectors = np.zeros((len(texts), segment.dim), dtype=np.float32)
            elif vectors.shape[1] != segment.dim:
                continue
            for row, key in rows:
                positions = wanted.pop(key, None)
                if positions is not None:
                    vectors[positions] = stored[row]
                    found[positions] = True
            _touch(segment.path)
            if not wanted:
                break
        return vectors, found

    def put(self, model_key: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one vector per text (duplicates stored once), then tidy the model's folder."""
        if not texts:
            return
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(texts):
            raise ValueError(f"need one vector per text: {len(texts)} texts, vectors of shape {vectors.shape}")
        first: dict[bytes, int] = {}
        for position, text in enumerate(texts):
            first.setdefault(text_key(text), position)
        keys = np.frombuffer(b"".join(first), dtype=np.uint8).reshape(len(first), _KEY_BYTES)
        folder = self._folder(model_key)
        _Segment.write(folder, model_key, keys, vectors[list(first.values())])
        self._tidy(model_key)

    def _tidy(self, model_key: str) -> None:
        """Merge segments when there are many; drop the least recently used beyond ``max_bytes``."""
        segments = self._segments(model_key)
        if len(segments) > _MAX_SEGMENTS:
            segments = self._merge(model_key, segments)
        sizes = []
        for segment in segments:
            try:
                info = segment.path.stat()
            except OSError:
                continue
            # Names start with the creation time, so they break ties between equal mtimes.
            sizes.append((info.st_mtime_ns, segment.path.name, info.st_size, segment.path))
        sizes.sort()
        total = sum(size for _, _, size, _ in sizes)
        for _, _, size, path in sizes[:-1]:  # the newest segment always stays
            if total <= self.max_bytes:
                break
            try:
                path.unlink()
            except OSError:
                pass
            total -= size

    def _merge(self, model_key: str, segments: list[_Segment]) -> list[_Segment]:
        keys: list[np.ndarray] = []
        vectors: list[np.ndarray] = []
        seen: set[bytes] = set()
        merged: list[_Segment] = []
        for segment in reversed(segments):  # newest first: its vector wins for a repeated key
            stored = segment.vectors()
            if stored is None or (vectors and stored.shape[1] != vectors[0].shape[1]):
                continue
            fresh = []
            for row, key in enumerate(segment.keys):
                key_bytes = key.tobytes()
                if key_bytes not in seen:
                    seen.add(key_bytes)
                    fresh.append(row)
            keys.append(segment.keys[fresh])
            vectors.append(stored[fresh])
            merged.append(segment)
        if not keys:
            return segments
        path = _Segment.write(self._folder(model_key), model_key, np.concatenate(keys), np.concatenate(vectors))
        for segment in merged:
            try:
                segment.path.unlink()
            except OSError:
                pass
        kept = _Segment.read_index(path, model_key)
        return [kept] if kept is not None else []

    def clear(self, model_key: str | None = None) -> None:
        """Delete the cached vectors of one model, or of every model."""
        import shutil

        target = self._folder(model_key) if model_key is not None else self.directory
        shutil.rmtree(target, ignore_errors=True)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _remove_if_older(path: Path, limit: float) -> None:
    try:
        if path.stat().st_mtime < limit:
            path.unlink()
    except OSError:
        pass


def default_cache() -> EmbeddingCache | None:
    """The cache the pipeline uses when not told otherwise; None when ``SUMMARIZE_EMBEDDING_CACHE`` is 0/off."""
    setting = os.environ.get("SUMMARIZE_EMBEDDING_CACHE", "").strip().lower()
    if setting in ("0", "off", "false", "no"):
        return None
    return EmbeddingCache()


def cached_encode(
    embedder: Embedder | Any, texts: Sequence[str], cache: EmbeddingCache | None, *, _retry: bool = True
) -> Any:
    """``embedder.encode(texts)``, reading and filling ``cache`` when the embedder has a ``cache_key``.

    Only the sentences missing from the cache are encoded, each distinct text
    once. Without a cache or a ``cache_key`` this is exactly ``encode``.
    """
    embedder = resolve_embedder(embedder)  # a bare object with `encode` has no cache_key: never cached
    model_key = embedder.cache_key if cache is not None else None
    if cache is None or not isinstance(model_key, str) or not texts:
        return embedder.encode(texts)
    texts = list(texts)
    vectors, found = cache.get(model_key, texts)
    if found.all():
        assert vectors is not None
        return vectors
    missing_positions = np.flatnonzero(~found)
    distinct = list(dict.fromkeys(texts[i] for i in missing_positions))
    fresh = np.asarray(embedder.encode(distinct), dtype=np.float32)
    if embedder.cache_key != model_key:
        # The embedder changed backend while encoding (ONNX failed to load, torch
        # ran): these vectors are not the ones the key names, and the cached ones
        # are not what this backend gives. Key them by the backend that encoded
        # (issue 17 M4), and encode the whole batch with it.
        return cached_encode(embedder, texts, cache, _retry=False) if _retry else embedder.encode(texts)
    try:
        cache.put(model_key, distinct, fresh)
    except OSError:
        pass  # a read-only or full disk only costs the speed-up
    if vectors is None:
        vectors = np.zeros((len(texts), fresh.shape[1]), dtype=np.float32)
    elif vectors.shape[1] != fresh.shape[1]:  # cannot happen with an honest cache_key; encode afresh
        return embedder.encode(texts)
    row_of = {text: row for row, text in enumerate(distinct)}
    rows = [row_of[texts[i]] for i in missing_positions]
    vectors[missing_positions] = fresh[rows]
    return vectors
