"""A day of news in one brief: articles → stories → a ranked, cited brief per story.

``daily(documents, top=10)`` keeps the articles of one day, folds syndicated
copies together (:mod:`summarize.stories.dedupe`), groups the rest into stories
(:mod:`summarize.stories.grouping`), ranks them by distinct sources and recency, and
summarises the ``top`` stories with the core :class:`~summarize.Summarizer`.
The result, a :class:`DailyBrief`, renders as one self-contained HTML page
(table of contents, each story with its sources, no scripts), Markdown or
JSON.

``feeds.toml`` lists where the articles come from and how the brief is made;
:func:`load_config` reads it and :func:`build_daily` runs it.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from summarize._version import __version__
from summarize.stories.dedupe import DEFAULT_DUPLICATE_THRESHOLD, duplicates_of, merge_duplicates, outlet_key, outlets
from summarize.document import Document
from summarize.embed import Embedder, resolve_embedder
from summarize.errors import ConfigError, EmptyInputError, InputError
from summarize.io.feeds import FeedSource, FetchSettings, is_url, read_feeds
from summarize.io.ingest import IngestResult
from summarize.pipeline import Summarizer
from summarize.render.brief import _date, _escape_markdown, _safe_url, brief_to_dict
from summarize.stories.grouping import DEFAULT_MAX_DAYS_APART, Story, find_stories, story_similarity

__all__ = [
    "DAILY_FORMATS",
    "DAILY_JSON_SCHEMA",
    "DailyBrief",
    "DailyConfig",
    "build_daily",
    "daily",
    "daily_to_dict",
    "filter_by_date",
    "load_config",
    "output_path",
    "render_daily",
    "render_daily_html",
    "render_daily_json",
    "render_daily_markdown",
]

DAILY_JSON_SCHEMA = "summarize.daily/1"
DAILY_FORMATS = ("html", "md", "json")
DEFAULT_TITLE = "Daily brief"
# Headline cosine from which a story counts as the continuation of one in the
# previous day's brief (when no article is shared).
CONTINUING_SIMILARITY = 0.6


# --------------------------------------------------------------------------
# The result


@dataclass
class DailyBrief:
    """The brief of one day: its top stories, best first, each with its own cited brief.

    ``article_count`` counts the articles of the day (syndicated copies
    included), ``duplicate_count`` the copies folded into another article,
    ``story_count`` every story found (``stories`` holds the top ones).
    ``problems`` lists sources that could not be read.
    """

    title: str
    date: _dt.date | None
    stories: list[Story]
    article_count: int
    duplicate_count: int
    story_count: int
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def outlet_count(self) -> int:
        """Distinct outlets over the top stories."""
        return len({outlet_key(d) for story in self.stories for d in story.all_documents})

    def to_html(self) -> str:
        return render_daily_html(self)

    def to_markdown(self) -> str:
        return render_daily_markdown(self)

    def to_dict(self) -> dict[str, Any]:
        return daily_to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        return render_daily_json(self, indent=indent)

    def _repr_html_(self) -> str:
        """The day in a Jupyter cell: each story with its brief, citations footnoted and shown on hover.

        Styles are inline (notebook front ends drop <style> blocks); each
        story's brief has its own anchors, so two days in one notebook do not
        collide.
        """
        from summarize.render.brief import render_notebook_html

        esc = html.escape
        muted = "font-size:.85em;color:#666"
        parts = [
            '<div class="summarize-daily" style="max-width:52rem;line-height:1.5">',
            f'<div style="font-size:1.25em;font-weight:600">{esc(self.title)} · {esc(_long_date(self.date))}</div>',
            f'<div style="{muted}">{esc(_summary_line(self))}</div>',
        ]
        for rank, story in enumerate(self.stories, start=1):
            parts.append(f'<div style="margin-top:1.2em;font-size:1.1em;font-weight:600">{rank}. {esc(story.headline)}</div>')
            parts.append(f'<div style="{muted}">{esc(" · ".join(_story_meta(story)))}</div>')
            if story.brief is not None and story.brief.sentences:
                parts.append(render_notebook_html(story.brief, show_settings=False))
                copies = dict.fromkeys(copy.label() for d in _story_sources(story) for copy in _copies(d))
                if copies:
                    parts.append(f'<div style="{muted}">Syndicated copies also ran in: {esc(", ".join(copies))}</div>')
            else:
                articles = "; ".join(esc(d.label()) for d in _story_sources(story))
                parts.append(f'<div style="{muted}">No summary could be made. Articles: {articles}</div>')
        parts += [f'<div style="{muted};margin-top:1em">⚠ {esc(note)}</div>' for note in (*self.problems, *self.warnings)]
        parts.append("</div>")
        return "\n".join(parts)


# --------------------------------------------------------------------------
# Building it


def filter_by_date(documents: Sequence[Document], day: _dt.date) -> tuple[list[Document], list[str]]:
    """The articles published on ``day`` (UTC) and warnings.

    Undated articles are kept (nothing says they are old) and counted in a
    warning. Raises :class:`EmptyInputError` naming the dates the articles do
    have when none is from ``day``.
    """
    kept = [d for d in documents if d.published is None or d.published.date() == day]
    undated = sum(1 for d in kept if d.published is None)
    dated = [d.published for d in kept if d.published is not None]
    if not dated and not (undated and len(kept) == len(documents)):
        known = sorted(d.published for d in documents if d.published is not None)
        span = f" (the articles run from {known[0].date()} to {known[-1].date()})" if known else ""
        raise EmptyInputError(f"no articles dated {day.isoformat()}{span}; choose another --date")
    warnings = []
    if undated:
        warnings.append(f"{undated} article{'s have' if undated > 1 else ' has'} no date; kept in the {day} brief")
    return kept, warnings


def _as_date(value: _dt.date | str | None) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value  # type: ignore[return-value]
    if isinstance(value, _dt.datetime):
        return value.date()
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"date must look like 2024-05-04, got {value!r}") from None


def daily(
    documents: Sequence[Document],
    *,
    top: int = 10,
    date: _dt.date | str | None = None,
    title: str = DEFAULT_TITLE,
    embedder: str | Embedder | None = None,
    model: str | None = None,
    max_words: int = 80,
    story_threshold: float | None = None,
    lexical_weight: float | None = None,
    duplicate_threshold: float = DEFAULT_DUPLICATE_THRESHOLD,
    max_days_apart: float | None = DEFAULT_MAX_DAYS_APART,
    previous: DailyBrief | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
    bars: bool = False,
    **summarizer_options: Any,
) -> DailyBrief:
    """Make the brief of one day from its articles.

    ``date`` keeps only the articles published that day (UTC; undated ones
    stay); without it every article counts and the brief is dated by the
    newest. ``top`` stories are summarised, each in at most ``max_words``
    words; other options go to :class:`~summarize.Summarizer`. ``previous``
    (a :class:`DailyBrief`, its JSON, or the path of that JSON) marks each
    story new or continuing. ``embedder`` is used both to group articles
    into stories and to summarise them; ``story_threshold`` and
    ``lexical_weight`` tune the grouping (see :func:`summarize.stories.grouping.find_stories`).
    ``progress`` receives one line per step; ``bars`` shows progress bars on stderr.

    Raises :class:`EmptyInputError` when no article is left (say, none from
    ``date``) and :class:`ConfigError` for an option it cannot use.
    """
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ConfigError(f"top must be a positive whole number of stories, got {top!r}")
    summarizer = Summarizer(embedder=resolve_embedder(embedder, model=model), max_words=max_words, **summarizer_options)
    resolved = summarizer.embedder
    say = progress or (lambda message: None)
    documents = list(documents)
    if not documents:
        raise EmptyInputError("no articles to make a daily brief from")
    if len({d.id for d in documents}) != len(documents):
        raise ConfigError("document ids must be unique (load_documents and read_feeds make them so)")
    day = _as_date(date)
    earlier = _load_previous(previous) if previous is not None else None  # a bad file fails before the work
    warnings: list[str] = []
    if day is not None:
        documents, found = filter_by_date(documents, day)
        warnings.extend(found)
        say(f"{len(documents)} articles dated {day} or undated")
    else:
        dates = [d.published for d in documents if d.published is not None]
        day = max(dates).date() if dates else None

    merged = merge_duplicates(documents, threshold=duplicate_threshold)
    if merged.removed_count:
        say(f"merged {merged.removed_count} syndicated copies into {len(merged.groups)} articles")
    stories = find_stories(
        merged.documents,
        embedder=resolved,
        threshold=story_threshold,
        lexical_weight=lexical_weight,
        max_days_apart=max_days_apart,
        bars=bars,
        progress=say,
        cache=summarizer.embedding_cache(),
    )
    say(f"found {len(stories)} stories; summarising the top {min(top, len(stories))}")
    chosen = stories[:top]
    from tqdm import tqdm

    for story in tqdm(chosen, desc="summarising", unit="story", disable=not bars, leave=False):
        try:
            story.brief = summarizer.summarize(story.documents)
        except EmptyInputError as error:
            warnings.append(f"{story.id} ({story.headline}): no brief ({error.args[0]}); its sources are listed")
            continue
        warnings.extend(f"{story.id}: {w}" for w in story.brief.warnings)
    if earlier is not None:
        _mark_new(chosen, earlier, resolved)
    settings = {
        "version": __version__,
        "top": top,
        "date": day.isoformat() if day else None,
        "story_threshold": chosen[0].details.get("threshold") if chosen else story_threshold,
        "lexical_weight": chosen[0].details.get("lexical_weight") if chosen else lexical_weight,
        "duplicate_threshold": duplicate_threshold,
        "max_days_apart": max_days_apart,
        **summarizer.get_params(),
    }
    return DailyBrief(
        title=title,
        date=day,
        stories=chosen,
        article_count=len(documents),
        duplicate_count=merged.removed_count,
        story_count=len(stories),
        settings=settings,
        warnings=warnings,
    )


def _article_keys(document: Document) -> set[str]:
    """What identifies an article from one day to the next: its URL, its feed guid, its outlet and title."""
    keys = set()
    if document.url:
        keys.add(f"url:{document.url.strip()}")
    guid = document.metadata.get("guid")
    if guid:
        keys.add(f"guid:{guid}")
    if document.title:
        keys.add(f"title:{outlet_key(document)}|{' '.join(document.title.casefold().split())}")
    return keys


def _load_previous(previous: DailyBrief | Mapping[str, Any] | str | os.PathLike[str]) -> dict[str, Any]:
    if isinstance(previous, DailyBrief):
        return daily_to_dict(previous)
    if isinstance(previous, Mapping):
        return dict(previous)
    path = Path(previous)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot read the previous brief ({error.strerror or error})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: the previous brief is not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(value, Mapping) or value.get("schema") != DAILY_JSON_SCHEMA:
        raise InputError(f"{path}: not a daily brief in JSON (write one with --format json)")
    return dict(value)


def _mark_new(stories: Sequence[Story], previous: Mapping[str, Any], embedder: Embedder) -> None:
    """Set ``is_new``: a story is continuing when it shares an article with a story of ``previous``
    or its headline is at least :data:`CONTINUING_SIMILARITY` similar to one there."""
    old_stories = [s for s in previous.get("stories", []) if isinstance(s, Mapping)]
    old_keys = {key for s in old_stories for key in s.get("article_keys", [])}
    old_headlines = [str(s.get("headline", "")) for s in old_stories if s.get("headline")]
    similar = np.zeros((len(stories), 0))
    if old_headlines and stories:
        vectors = embedder.encode([s.headline for s in stories] + old_headlines)
        similar = story_similarity(vectors)[: len(stories), len(stories) :]
    for row, story in enumerate(stories):
        shared = any(_article_keys(d) & old_keys for d in story.all_documents)
        close = similar.shape[1] > 0 and float(similar[row].max()) >= CONTINUING_SIMILARITY
        story.is_new = not (shared or close)


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
        fetch = FetchSettings(
            **{k: _check_type(f"{where}: [fetch]", k, v, _FETCH_KEYS[k]) for k, v in fetch_table.items()}
        )
    except ConfigError as error:
        if str(path) in error.args[0]:
            raise
        raise ConfigError(f"{where}: [fetch] {error.args[0]}") from None
    fmt = values.get("format")
    if fmt is not None and _format_name(fmt) not in DAILY_FORMATS:
        raise ConfigError(f"{where}: format must be one of {', '.join(DAILY_FORMATS)}, got {fmt!r}")
    for key in ("top", "max_words"):
        if key in values and values[key] < 1:
            raise ConfigError(f"{where}: {key} must be at least 1, got {values[key]}")
    output = values.pop("output", None)
    return DailyConfig(
        feeds=tuple(feeds),
        output=Path(os.path.normpath(base / output)) if output else None,
        fetch=fetch,
        path=path,
        **{k: (_format_name(v) if k == "format" else v) for k, v in values.items()},
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


def _format_name(fmt: str) -> str:
    return {"markdown": "md", "htm": "html"}.get(fmt.lower(), fmt.lower())


def build_daily(
    sources: Sequence[FeedSource | str],
    *,
    config: DailyConfig | None = None,
    date: _dt.date | str | None = None,
    top: int | None = None,
    max_words: int | None = None,
    embedder: str | None = None,
    model: str | None = None,
    previous: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
    bars: bool = False,
    **summarizer_options: Any,
) -> DailyBrief:
    """Read ``sources`` (and the feeds of ``config``) and make the day's brief.

    Arguments given here win over the config file; ``summarizer_options`` go
    to each story's :class:`~summarize.Summarizer`. Every source that fails
    is listed in ``DailyBrief.problems`` and the others are used; only when
    no article at all could be read is :class:`EmptyInputError` raised.
    """
    config = config or DailyConfig(feeds=())
    items = [*config.feeds, *(s if isinstance(s, FeedSource) else FeedSource(str(s)) for s in sources)]
    if not items:
        raise InputError("no feeds or folders to read")
    for item in items:
        if is_url(item.location) and not re.match(r"^https?://", item.location, flags=re.IGNORECASE):
            raise InputError(f"{item.location}: only http:// and https:// URLs can be fetched")
    read: IngestResult = read_feeds(items, settings=config.fetch, progress=progress, bars=bars)
    problems = [str(p) for p in read.problems]
    if not read.documents:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        detail = f": {problems[0]}{more}" if problems else ""
        raise EmptyInputError(f"no articles could be read{detail}")
    if progress is not None:
        progress(f"read {len(read.documents)} articles from {len(items)} sources")
    brief = daily(
        read.documents,
        top=top or config.top,
        date=date,
        title=config.title,
        embedder=embedder or config.embedder,
        model=model or config.model,
        max_words=max_words or config.max_words,
        story_threshold=config.story_threshold,
        lexical_weight=config.lexical_weight,
        previous=previous,
        progress=progress,
        bars=bars,
        **summarizer_options,
    )
    brief.problems = problems
    brief.warnings = [*read.warnings, *brief.warnings]
    return brief


def output_path(config: DailyConfig | None, brief: DailyBrief, fmt: str) -> Path | None:
    """``<config output folder>/brief-<date>.<fmt>``, or None when the config names no folder."""
    if config is None or config.output is None:
        return None
    stamp = brief.date.isoformat() if brief.date else "undated"
    return config.output / f"brief-{stamp}.{fmt}"


# --------------------------------------------------------------------------
# Rendering


def _clock(value: _dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M") if value.time() != _dt.time() else None


def _span(story: Story) -> str | None:
    """When the story was published: "08:40–19:15 UTC" on one day, dates otherwise."""
    first, last = story.first_published, story.last_published
    if first is None or last is None:
        return None
    if first.date() != last.date():
        return f"{_date(first)} – {_date(last)}"
    start, end = _clock(first), _clock(last)
    if start is None:
        return first.date().isoformat()
    return f"{start} UTC" if start == end else f"{start}–{end} UTC"


def _story_meta(story: Story) -> list[str]:
    parts = [f"{story.source_count} source{'s' if story.source_count != 1 else ''}"]
    if story.article_count != story.source_count:
        parts.append(f"{story.article_count} articles")
    span = _span(story)
    if span:
        parts.append(span)
    if story.is_new is True:
        parts.append("new")
    elif story.is_new is False:
        parts.append("continuing")
    return parts


def _summary_line(brief: DailyBrief) -> str:
    parts = [
        f"{brief.article_count} article{'s' if brief.article_count != 1 else ''}",
        f"{brief.story_count} stor{'ies' if brief.story_count != 1 else 'y'}",
    ]
    if brief.duplicate_count:
        parts.append(f"{brief.duplicate_count} syndicated cop{'ies' if brief.duplicate_count != 1 else 'y'} merged")
    if brief.story_count > len(brief.stories):
        parts.append(f"top {len(brief.stories)} shown")
    return " · ".join(parts)


def _long_date(day: _dt.date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "undated"


def _story_sources(story: Story) -> list[Document]:
    """The numbered sources of a story: its brief's (citation order), else its articles."""
    return list(story.brief.sources) if story.brief is not None else list(story.documents)


def _copies(document: Document) -> list[Document]:
    """Syndicated copies from other outlets (the kept article's own outlet is not repeated)."""
    return outlets(document)[1:]


def _when(value: _dt.datetime | None, day: _dt.date | None) -> str | None:
    """The time alone on the brief's own day, the date (and time) on any other."""
    if value is None:
        return None
    if day is not None and value.date() == day:
        return _clock(value)
    return (_date(value) or "").replace("T", " ")


def _source_text(document: Document, day: _dt.date | None) -> str:
    parts = [document.label()]
    if document.title and document.title != document.label():
        parts.append(f"“{document.title}”")
    when = _when(document.published, day)
    if when:
        parts.append(when)
    return ", ".join(parts)


_CSS = """
:root{--ink:#1d1f23;--muted:#5b6270;--rule:#d9dce1;--accent:#1f5fa8;--paper:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{font:17px/1.55 Georgia,"Iowan Old Style","Times New Roman",serif;color:var(--ink);background:var(--paper);
max-width:48rem;margin:0 auto;padding:2rem 1.25rem 4rem}
h1,h2,h3,.meta,.toc,.dateline,footer,.sources{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:2rem;line-height:1.15;margin:0 0 .4rem;letter-spacing:-.01em}
.dateline{color:var(--muted);margin:0 0 1.5rem;font-size:.95rem}
a{color:var(--accent)}
.toc{background:var(--soft);border:1px solid var(--rule);border-radius:6px;padding:.75rem 1.25rem;margin-bottom:2rem}
.toc h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:.25rem 0 .5rem}
.toc ol{margin:0;padding-left:1.5rem}.toc li{margin:.3rem 0}
.toc a{text-decoration:none;font-weight:600}.toc a:hover{text-decoration:underline}
.toc .count{color:var(--muted);font-size:.85rem;white-space:nowrap}
.story{border-top:3px solid var(--ink);padding-top:.75rem;margin-top:2.25rem}
.story h2{font-size:1.4rem;line-height:1.25;margin:0 0 .35rem}
.story h2 .rank{color:var(--muted);font-weight:400;margin-right:.4rem}
.meta{color:var(--muted);font-size:.85rem;margin:0 0 .75rem}
.badge{display:inline-block;background:#e6f0fb;color:#174a85;border-radius:3px;padding:0 .35rem;font-size:.75rem;
font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.brief{padding-left:1.2rem;margin:.5rem 0 1rem}.brief li{margin:.45rem 0}
.brief sup{font-family:system-ui,sans-serif;font-size:.7em;line-height:0;white-space:nowrap}
.brief sup a{text-decoration:none;margin-left:.1em}
.sources{font-size:.85rem;color:#3b414b;margin:0;padding-left:1.6rem}
.sources li{margin:.25rem 0}.sources li:target{background:#fff6d6}
.sources a{text-decoration:none}.sources a:hover{text-decoration:underline}
.sources .outlet{font-weight:600;color:var(--ink)}.sources .when{color:var(--muted);white-space:nowrap}
.sources .also{display:block;color:var(--muted)}
.story h3{font-size:.75rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:1rem 0 .35rem}
.top{font-size:.8rem;margin:.75rem 0 0;font-family:system-ui,sans-serif}.top a{color:var(--muted)}
footer{margin-top:3rem;border-top:1px solid var(--rule);padding-top:1rem;color:var(--muted);font-size:.8rem}
footer ul{padding-left:1.2rem}
@media print{.toc{break-after:page}.story{break-inside:avoid-page}.top{display:none}a{color:inherit}}
"""


def _html_story(story: Story, rank: int, day: _dt.date | None) -> str:
    esc = html.escape
    sources = _story_sources(story)
    anchor = f"{story.id}-src"
    parts = [f'<article class="story" id="{esc(story.id)}">']
    parts.append(f'<h2><span class="rank">{rank}.</span>{esc(story.headline)}</h2>')
    meta = _story_meta(story)
    meta_html = " · ".join(
        f'<span class="badge">{esc(m)}</span>' if m in ("new", "continuing") else esc(m) for m in meta
    )
    parts.append(f'<p class="meta">{meta_html}</p>')
    if story.brief is not None and story.brief.sentences:
        parts.append('<ul class="brief">')
        for sentence in story.brief.sentences:
            marks = "".join(
                f'<a href="#{anchor}-{n}" title="{esc(sources[n - 1].label())}">[{n}]</a>' for n in sentence.citations
            )
            parts.append(f"<li>{esc(sentence.text)} <sup>{marks}</sup></li>")
        parts.append("</ul>")
    else:
        parts.append('<p class="meta">No summary could be made; the articles are listed below.</p>')
    parts.append("<h3>Sources</h3>")
    parts.append('<ol class="sources">')
    for number, document in enumerate(sources, start=1):
        parts.append(f'<li id="{anchor}-{number}">{_html_source(document, day)}</li>')
    parts.append("</ol>")
    parts.append('<p class="top"><a href="#top">↑ Back to the contents</a></p>')
    parts.append("</article>")
    return "\n".join(parts)


def _html_link(document: Document, text: str) -> str:
    url = _safe_url(document.url)
    label = html.escape(text)
    return f'<a href="{html.escape(url)}" rel="noopener noreferrer nofollow">{label}</a>' if url else label


def _html_source(document: Document, day: _dt.date | None) -> str:
    """Outlet in bold, the title linked to the article, the time; then the outlets of its copies."""
    outlet = f'<span class="outlet">{html.escape(document.label())}</span>'
    if document.title and document.title != document.label():
        body = f"{outlet}, {_html_link(document, f'“{document.title}”')}"
    else:
        body = f'<span class="outlet">{_html_link(document, document.label())}</span>'
    when = _when(document.published, day)
    if when:
        body += f' <span class="when">· {html.escape(when)}</span>'
    copies = _copies(document)
    if copies:
        names = ", ".join(_html_link(copy, copy.label()) for copy in copies)
        body += f'<span class="also">also carried by {names}</span>'
    return body


def _html_body(brief: DailyBrief) -> str:
    esc = html.escape
    parts = [f'<header id="top"><h1>{esc(brief.title)}</h1>']
    parts.append(f'<p class="dateline">{esc(_long_date(brief.date))} · {esc(_summary_line(brief))}</p></header>')
    if brief.stories:
        parts.append('<nav class="toc" aria-label="Stories"><h2>Top stories</h2><ol>')
        for story in brief.stories:
            count = f"{story.source_count} source{'s' if story.source_count != 1 else ''}"
            new = ' <span class="badge">new</span>' if story.is_new else ""
            link = f'<a href="#{esc(story.id)}">{esc(story.headline)}</a>'
            parts.append(f'<li>{link} <span class="count">· {count}</span>{new}</li>')
        parts.append("</ol></nav>")
    else:
        parts.append("<p>No stories.</p>")
    parts.append("<main>")
    parts.extend(_html_story(story, rank, brief.date) for rank, story in enumerate(brief.stories, start=1))
    parts.append("</main>")
    parts.append(_html_footer(brief))
    return "\n".join(parts)


def _html_footer(brief: DailyBrief) -> str:
    esc = html.escape
    parts = ["<footer>"]
    if brief.problems:
        parts.append(f"<p><strong>Sources that could not be read ({len(brief.problems)})</strong></p><ul>")
        parts.extend(f"<li>{esc(p)}</li>" for p in brief.problems)
        parts.append("</ul>")
    if brief.warnings:
        parts.append(f"<p><strong>Notes ({len(brief.warnings)})</strong></p><ul>")
        parts.extend(f"<li>{esc(w)}</li>" for w in brief.warnings)
        parts.append("</ul>")
    settings = brief.settings
    generated = any(s.generated for story in brief.stories if story.brief for s in story.brief.sentences)
    how = (
        "some sentences are rewritten by a model; check them against the sources they cite"
        if generated
        else "every sentence is quoted from an article, and its numbers cite every article that reports it"
    )
    parts.append(
        f"<p>Made by summarize {esc(str(settings.get('version', __version__)))}: {how}. "
        f"Embedder {esc(str(settings.get('embedder', '?')))}, "
        f"at most {esc(str(settings.get('max_words', '?')))} words per story.</p>"
    )
    parts.append("</footer>")
    return "\n".join(parts)


def render_daily_html(brief: DailyBrief) -> str:
    """One self-contained page: no scripts, no external resources, readable from a file."""
    heading = f"{brief.title} — {brief.date.isoformat()}" if brief.date else brief.title
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{_html_body(brief)}\n</body>\n</html>\n"
    )


def render_daily_markdown(brief: DailyBrief) -> str:
    """Markdown: a contents list, then each story with its cited bullets and sources."""
    md = _escape_markdown
    heading = f"{brief.title} — {brief.date.isoformat()}" if brief.date else brief.title
    lines = [f"# {md(heading)}", "", f"{_summary_line(brief)}", ""]
    if brief.stories:
        lines += ["## Contents", ""]
        for rank, story in enumerate(brief.stories, start=1):
            lines.append(f"{rank}. [{md(story.headline)}](#{story.id}) — {', '.join(_story_meta(story)[:1])}")
        lines.append("")
    for rank, story in enumerate(brief.stories, start=1):
        lines += [f'<a id="{story.id}"></a>', "", f"## {rank}. {md(story.headline)}", ""]
        lines += [f"*{' · '.join(_story_meta(story))}*", ""]
        if story.brief is not None:
            for sentence in story.brief.sentences:
                marks = "".join(f"[{n}]" for n in sentence.citations)
                lines.append(f"- {md(sentence.text)} {marks}".rstrip())
            lines.append("")
        lines += ["Sources:", ""]
        for number, document in enumerate(_story_sources(story), start=1):
            url = _safe_url(document.url)
            entry = f"{number}. {md(_source_text(document, brief.date))}" + (f" <{url}>" if url else "")
            copies = _copies(document)
            if copies:
                entry += " — also carried by " + ", ".join(md(c.label()) for c in copies)
            lines.append(entry)
        lines.append("")
    if brief.problems:
        lines += ["## Sources that could not be read", ""] + [f"- {md(p)}" for p in brief.problems] + [""]
    if brief.warnings:
        lines += ["## Notes", ""] + [f"- {md(w)}" for w in brief.warnings] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _document_record(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "url": document.url,
        "published": _date(document.published),
    }


def daily_to_dict(brief: DailyBrief) -> dict[str, Any]:
    """The documented JSON shape (``schema`` = ``summarize.daily/1``).

    Each story's ``brief`` is the core brief shape (``summarize.brief/1``)
    whose sources also list ``also_carried_by`` (syndicated copies);
    ``article_keys`` let the next day's run tell new stories from continuing ones.
    """
    stories = []
    for rank, story in enumerate(brief.stories, start=1):
        story_brief = brief_to_dict(story.brief) if story.brief is not None else None
        if story_brief is not None:
            for record, document in zip(story_brief["sources"], story.brief.sources, strict=True):
                record["also_carried_by"] = [_document_record(c) for c in duplicates_of(document)]
        stories.append(
            {
                "id": story.id,
                "rank": rank,
                "headline": story.headline,
                "score": round(float(story.score), 6),
                "source_count": story.source_count,
                "article_count": story.article_count,
                "first_published": _date(story.first_published),
                "last_published": _date(story.last_published),
                "is_new": story.is_new,
                "outlets": sorted({d.label() for d in story.all_documents}),
                "articles": [_document_record(d) for d in story.all_documents],
                "article_keys": sorted({k for d in story.all_documents for k in _article_keys(d)}),
                "brief": story_brief,
            }
        )
    return {
        "schema": DAILY_JSON_SCHEMA,
        "title": brief.title,
        "date": brief.date.isoformat() if brief.date else None,
        "article_count": brief.article_count,
        "duplicate_count": brief.duplicate_count,
        "story_count": brief.story_count,
        "stories": stories,
        "problems": list(brief.problems),
        "warnings": list(brief.warnings),
        "settings": brief.settings,
    }


def render_daily_json(brief: DailyBrief, *, indent: int | None = 2) -> str:
    return json.dumps(daily_to_dict(brief), indent=indent, ensure_ascii=False) + "\n"


def render_daily(brief: DailyBrief, fmt: str) -> str:
    """Render in one of :data:`DAILY_FORMATS` (``markdown`` is accepted for ``md``)."""
    fmt = _format_name(fmt)
    if fmt == "html":
        return render_daily_html(brief)
    if fmt == "md":
        return render_daily_markdown(brief)
    if fmt == "json":
        return render_daily_json(brief)
    raise ConfigError(f"format must be one of {', '.join(DAILY_FORMATS)}, got {fmt!r}")
