"""``feeds.toml``: where a daily brief's articles come from and how it is made, read strictly.

An unknown key or a value of the wrong type is a :class:`~summarize.errors.ConfigError`
naming the key, never a silent default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from summarize.errors import ConfigError, InputError
from summarize.io.fetch import FetchSettings
from summarize.io.files import DEFAULT_MAX_ARTICLES
from summarize.io.sources import FeedSource
from summarize.stories.model import DEFAULT_TITLE
from summarize.stories.render import DAILY_FORMATS, _format_name

__all__ = ["DailyConfig", "load_config"]


# --------------------------------------------------------------------------
# feeds.toml


@dataclass(frozen=True)
class DailyConfig:
    """What ``feeds.toml`` says: where articles come from and how to make the brief.

    Paths in the file are relative to the file's folder. ``output`` is the
    folder that gets ``brief-<date>.<format>``.
    """

    feeds: tuple[FeedSource, ...]
    title: str = DEFAULT_TITLE
    output: Path | None = None
    format: str | None = None
    top: int = 10
    max_words: int = 80
    embedder: str | None = None
    model: str | None = None
    story_threshold: float | None = None
    lexical_weight: float | None = None
    fetch: FetchSettings = FetchSettings()
    path: Path | None = None
    max_articles: int = DEFAULT_MAX_ARTICLES


_CONFIG_KEYS = {
    "title": str,
    "output": str,
    "format": str,
    "top": int,
    "max_words": int,
    "embedder": str,
    "model": str,
    "story_threshold": float,
    "lexical_weight": float,
    "max_articles": int,
    "feeds": list,
    "fetch": dict,
}
_FETCH_KEYS = {
    "timeout": float,
    "max_bytes": int,
    "max_redirects": int,
    "follow_links": bool,
    "min_words": int,
    "max_pages_per_feed": int,
    "max_entries_per_feed": int,
    "allow_private": list,
    "user_agent": str,
}
_FEED_KEYS = {"url", "path", "name"}


def _check_type(where: str, key: str, value: Any, expected: type) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is int and isinstance(value, bool) or not isinstance(value, expected):
        names = {str: "text in quotes", int: "a whole number", float: "a number", bool: "true or false",
                 list: "a list", dict: "a table"}  # fmt: skip
        raise ConfigError(f"{where}: {key} must be {names[expected]}, got {value!r}")
    return value


def load_config(path: str | os.PathLike[str]) -> DailyConfig:
    """Read and check a ``feeds.toml``; every mistake is one :class:`ConfigError` naming the file and key."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply)") from None
    where = str(path)
    unknown = sorted(set(raw) - set(_CONFIG_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(_CONFIG_KEYS))})")
    values = {key: _check_type(where, key, value, _CONFIG_KEYS[key]) for key, value in raw.items()}
    base = path.parent
    feeds = []
    for number, entry in enumerate(values.pop("feeds", []), start=1):
        feeds.append(_feed_from_table(entry, base=base, where=f"{where}: feeds[{number}]"))
    if not feeds:
        raise ConfigError(f"{where}: no feeds; add [[feeds]] tables with url = \"...\" or path = \"...\"")
    fetch_table = values.pop("fetch", {})
    unknown = sorted(set(fetch_table) - set(_FETCH_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown [fetch] setting {unknown[0]!r} (known: {', '.join(sorted(_FETCH_KEYS))})")
    try:
        fetch_values = {k: _check_type(f"{where}: [fetch]", k, v, _FETCH_KEYS[k]) for k, v in fetch_table.items()}
        if "allow_private" in fetch_values:
            fetch_values["allow_private"] = tuple(fetch_values["allow_private"])
        fetch = FetchSettings(**fetch_values)
    except ConfigError as error:
        if str(path) in error.args[0]:
            raise
        raise ConfigError(f"{where}: [fetch] {error.args[0]}") from None
    fmt = values.get("format")
    if fmt is not None and _format_name(fmt) not in DAILY_FORMATS:
        raise ConfigError(f"{where}: format must be one of {', '.join(DAILY_FORMATS)}, got {fmt!r}")
    for key in ("top", "max_words", "max_articles"):
        if key in values and values[key] < 1:
            raise ConfigError(f"{where}: {key} must be at least 1, got {values[key]}")
    output = values.pop("output", None)
    # Every value was type-checked against _CONFIG_KEYS above.
    options: dict[str, Any] = {k: (_format_name(v) if k == "format" else v) for k, v in values.items()}
    return DailyConfig(
        feeds=tuple(feeds),
        output=Path(os.path.normpath(base / output)) if output else None,
        fetch=fetch,
        path=path,
        **options,
    )


def _feed_from_table(entry: Any, *, base: Path, where: str) -> FeedSource:
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where}: each feed must be a table with url = \"...\" or path = \"...\"")
    unknown = sorted(set(entry) - _FEED_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: name, path, url)")
    if ("url" in entry) == ("path" in entry):
        raise ConfigError(f"{where}: give exactly one of url or path")
    name = entry.get("name")
    if name is not None and not isinstance(name, str):
        raise ConfigError(f"{where}: name must be text in quotes")
    if "url" in entry:
        url = entry["url"]
        if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url, flags=re.IGNORECASE):
            raise ConfigError(f"{where}: url must start with http:// or https://, got {url!r}")
        return FeedSource(url, name=name)
    location = entry["path"]
    if not isinstance(location, str) or not location:
        raise ConfigError(f"{where}: path must be text in quotes")
    return FeedSource(os.path.normpath(base / Path(location).expanduser()), name=name)
