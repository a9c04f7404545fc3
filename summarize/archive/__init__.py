"""Archives: many days of articles → one daily brief per period, an index, resumable, locally or on Ray.

``archive(inputs, out)`` (:mod:`summarize.archive.run`) is the entry point;
``engine="ray"`` runs the work on Ray Data (an optional extra).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from summarize.archive.run import ArchiveResult, archive

__all__ = ["ArchiveResult", "archive"]


class _CallableModule(types.ModuleType):
    """``summarize.archive`` is both this package and the function: importing the package sets the
    package root's attribute to the module, so the module calls :func:`archive` when called."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return archive(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
