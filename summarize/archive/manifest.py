"""What each period was made from, so a re-run redoes only what changed.

``manifest.json`` in the output folder maps each period to the hash of its
inputs (its articles, the settings that shape a brief, and the previous
period's hash, since new/continuing marks depend on it) and the files it
wrote. A period is skipped when the hash is the same and every file exists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from summarize.archive.write import write_text
from summarize.document import Document
from summarize.render.escape import date_text

__all__ = ["MANIFEST_NAME", "Manifest", "input_hash"]

MANIFEST_NAME = "manifest.json"
_SCHEMA = "summarize.archive-manifest/1"


def input_hash(documents: Sequence[Document], settings: Mapping[str, Any], previous_hash: str | None) -> str:
    """SHA-256 over the articles (in order), the brief settings and the previous period's hash."""
    digest = hashlib.sha256()
    digest.update(json.dumps(dict(settings), sort_keys=True, default=str).encode())
    digest.update(b"\0" + (previous_hash or "").encode())
    for document in documents:
        record = [document.id, document.title, document.source, document.url, date_text(document.published),
                  document.text]
        digest.update(b"\0" + json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class Manifest:
    """The manifest of one output folder: read at start, saved as periods are written and at the end."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / MANIFEST_NAME
        self.periods: dict[str, dict[str, Any]] = {}
        try:
            value = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no manifest (or a broken one): every period is made
        if isinstance(value, dict) and value.get("schema") == _SCHEMA and isinstance(value.get("periods"), dict):
            self.periods = value["periods"]

    def is_current(self, key: str, inputs: str) -> bool:
        """Whether ``key`` was made from ``inputs`` and all its files are still there."""
        entry = self.periods.get(key)
        if not isinstance(entry, dict) or entry.get("inputs") != inputs:
            return False
        files = entry.get("files") or []
        return bool(files) and all((self.path.parent / name).is_file() for name in files)

    def record(self, key: str, inputs: str, files: Sequence[str], summary: Mapping[str, Any]) -> None:
        self.periods[key] = {"inputs": inputs, "files": list(files), **summary}

    def forget(self, key: str) -> None:
        self.periods.pop(key, None)

    def save(self) -> None:
        text = json.dumps({"schema": _SCHEMA, "periods": dict(sorted(self.periods.items()))}, indent=2) + "\n"
        write_text(self.path, text)
