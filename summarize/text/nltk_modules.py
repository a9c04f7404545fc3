"""NLTK's Punkt and Porter code without NLTK's package ``__init__``.

``import nltk`` runs ``nltk/__init__.py``, which imports nearly all of NLTK
(``nltk.metrics`` → ``scipy.stats``, sklearn, ...): 3.7 s of a 4 s cold
start, for the two small modules the pipeline uses, ``nltk.tokenize.punkt``
and ``nltk.stem.porter``. :func:`nltk_modules` imports such modules under
stand-in parent packages (``nltk``, ``nltk.tokenize``, ``nltk.stem``) that
carry the real package's search path but run none of its ``__init__`` code.

On leaving the block every ``nltk`` entry it added to ``sys.modules`` is
taken out again (and kept here for the next block), so a later
``import nltk`` by the user loads the real, complete package as usual. The
objects made inside the block keep working afterwards; NLTK code that imports
lazily (``PunktTokenizer`` finds its data with ``from nltk.data import
find``) must therefore be called inside the block. When the user has already
imported ``nltk``, the block simply imports from it.

``nltk.data`` imports ``nltk.grammar`` and ``nltk.sem`` at its top, only for
``nltk.data.load`` of grammar and logic files; they pull in feature
structures and the semantics packages (30 ms of a cold start, for a
``find`` that on most machines finds no ``punkt_tab``). Inside the block
those two names are empty placeholder modules: nothing the pipeline calls
loads such files.
"""

from __future__ import annotations

import functools
import importlib
import importlib.machinery
import importlib.util
import os
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["nltk_modules", "porter_stem", "porter_stemmer"]

_STUB_MARK = "__summarize_stub__"
_LOCK = threading.RLock()
# The stand-in parents and the modules loaded under them, kept between blocks
# so that each module loads once.
_LOADED: dict[str, types.ModuleType] = {}
# Imported by nltk.data for its grammar and logic file formats only (see above).
_PLACEHOLDERS = ("nltk.grammar", "nltk.sem")


def _stub_package(name: str, locations: list[str]) -> types.ModuleType:
    """An empty package ``name`` whose submodules are found in ``locations``."""
    spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
    spec.submodule_search_locations = list(locations)
    package = types.ModuleType(name)
    package.__spec__ = spec
    package.__path__ = list(locations)
    package.__package__ = name
    setattr(package, _STUB_MARK, True)
    return package


def _real_nltk_imported() -> bool:
    module = sys.modules.get("nltk")
    return module is not None and not getattr(module, _STUB_MARK, False)


@contextmanager
def nltk_modules() -> Iterator[Callable[[str], types.ModuleType]]:
    """A block in which ``load("nltk.tokenize.punkt")`` returns that NLTK module without ``nltk/__init__``.

    Raises ``ImportError`` when NLTK is not installed.
    """
    with _LOCK:
        if _real_nltk_imported():
            yield importlib.import_module
            return
        spec = importlib.util.find_spec("nltk")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("nltk is not installed (pip install nltk)")
        roots = list(spec.submodule_search_locations)
        if "nltk" not in _LOADED:
            _LOADED["nltk"] = _stub_package("nltk", roots)
            for subpackage in ("tokenize", "stem"):
                _LOADED[f"nltk.{subpackage}"] = _stub_package(
                    f"nltk.{subpackage}", [os.path.join(root, subpackage) for root in roots]
                )
            for name in _PLACEHOLDERS:
                placeholder = types.ModuleType(name)
                setattr(placeholder, _STUB_MARK, True)
                _LOADED[name] = placeholder
        before = {name for name in sys.modules if name == "nltk" or name.startswith("nltk.")}
        sys.modules.update(_LOADED)
        try:
            yield importlib.import_module
        finally:
            for name in [n for n in sys.modules if n == "nltk" or n.startswith("nltk.")]:
                if name in before:
                    continue
                _LOADED[name] = sys.modules.pop(name)


@functools.lru_cache(maxsize=1)
def porter_stemmer() -> Any:
    """NLTK's ``PorterStemmer`` (one shared instance: ``stem`` keeps no state)."""
    with nltk_modules() as load:
        return load("nltk.stem.porter").PorterStemmer()


@functools.lru_cache(maxsize=1 << 16)
def porter_stem(word: str) -> str:
    """Porter's stem of ``word``, remembered: a day of news stems the same few thousand words hundreds
    of thousands of times (a tenth of a TF-IDF brief's time before this was shared)."""
    return str(porter_stemmer().stem(word))
