"""Writing a brief to ``--output``: atomically for a file, in place for a device or FIFO, never through a link.

Apart from the command so that the policy can be read (and tested) alone.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from summarize.errors import OutputError

__all__ = ["write_atomically", "write_output"]


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` is either the old file or the whole new one.

    The new file gets the old file's permissions, or, for a new file, the
    usual ones under the umask (``mkstemp`` alone would make it private).
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_output(path: Path, text: str) -> None:
    """Write ``--output`` by a stated policy: a link to a file (or to nothing) is refused, a device or FIFO
    (``/dev/stdout``) is written in place, a read-only file is refused, anything else is replaced atomically."""
    path = Path(path)
    if path.is_symlink() and (path.is_file() or not path.exists()):
        raise OutputError(f"--output {path} is a symbolic link; give the path of the file itself")
    try:
        if path.exists() and not path.is_file():
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            return
        if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
            raise OutputError(f"--output {path} is read-only; make it writable or choose another file")
        write_atomically(path, text)
    except OSError as error:
        if error.filename is None:
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise
