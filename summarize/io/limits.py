"""What a file or folder of articles may not do to a run (issue 17): be endless, point elsewhere, be our own output.

- a pipe or device given by name has no size to check first: it is read in
  chunks and refused past the cap (:func:`read_capped`);
- a link in a folder that points outside it is skipped with a warning unless
  links are allowed, and a subfolder that cannot be read is a problem, never a
  silent gap (:func:`article_files`);
- a brief that summarize wrote (Markdown, text, JSON, HTML, a daily page) is
  not an article: written into its own input folder, it would be summarised
  as a source on the next run (:func:`looks_like_a_brief`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from summarize.errors import InputError
from summarize.io.records import IngestProblem, IngestResult

__all__ = ["article_files", "looks_like_a_brief", "read_capped"]

_OUR_JSON = re.compile(r'^\s*\{\s*"schema"\s*:\s*"summarize\.(?:brief|daily)/')
_CITED_LINE = re.compile(r"(?:\[\d+\])+\s*$", re.MULTILINE)
_SOURCES_HEADING = re.compile(r"^(?:\*\*Sources\*\*|Sources(?: \([^)\n]*\))?:|## Sources)\s*$", re.MULTILINE)


def read_capped(path: Path, max_bytes: int | None) -> bytes:
    """The bytes of ``path``, read in 1 MB chunks and refused past ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:
                raise InputError(
                    f"more than {max_bytes / 1e6:.1f} MB (the limit per file) came from it; "
                    "raise max_file_bytes to read it"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def article_files(
    folder: Path, suffixes: tuple[str, ...], result: IngestResult, *, follow_symlinks: bool = False
) -> Iterator[Path]:
    """Files with ``suffixes`` under ``folder``, sorted, hidden ones and README.md skipped.

    Unreadable subfolders become problems in ``result``; links to files
    outside ``folder`` are skipped with a warning in ``result`` unless
    ``follow_symlinks`` (``/etc/passwd`` must not become an article).
    """
    inside = folder.resolve()

    def unreadable(error: OSError) -> None:
        where = error.filename or str(folder)
        result.problems.append(IngestProblem(str(where), f"cannot read this folder ({error.strerror or error})"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(suffixes) or name == "README.md":
                continue
            file = Path(root) / name
            if not follow_symlinks and file.is_symlink():
                target = file.resolve()
                if not target.is_relative_to(inside):
                    result.warnings.append(
                        f"{file}: a link to {target}, outside the folder; skipped (follow_symlinks, "
                        "CLI --follow-symlinks, reads it)"
                    )
                    continue
            yield file


def looks_like_a_brief(data: bytes, suffix: str) -> bool:
    """True for a brief that summarize wrote (JSON, Markdown, text, HTML): not an article to read back."""
    head = data[:200_000].decode("utf-8", errors="replace")
    if suffix == ".json":
        return bool(_OUR_JSON.match(head))
    if suffix in (".html", ".htm"):
        return 'class="summarize-brief"' in head or ('<article class="story"' in head and 'class="meta"' in head)
    return bool(_SOURCES_HEADING.search(head)) and len(_CITED_LINE.findall(head)) >= 2
