"""A day of news in one brief: articles → stories → a ranked, cited brief per story.

``daily(documents, top=10)`` keeps the articles of one day, folds syndicated
copies together (:mod:`summarize.stories.dedupe`), groups the rest into stories
(:mod:`summarize.stories.grouping`), ranks them by distinct sources and recency, and
summarises the ``top`` stories with the core :class:`~summarize.Summarizer`.
The result, a :class:`DailyBrief`, renders as one self-contained HTML page
(table of contents, each story with its sources, no scripts), Markdown or
JSON.

``feeds.toml`` lists where the articles come from and how the brief is made;
:func:`load_config` reads it and :func:`build_daily` runs it."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from summarize._version import __version__
from summarize.document import Document
from summarize.embed import Embedder, resolve_embedder
from summarize.errors import ConfigError, EmptyInputError, InputError, TooLargeError
from summarize.io.fetch import is_url
from summarize.io.files import DEFAULT_MAX_ARTICLES
from summarize.io.records import IngestResult, parse_json
from summarize.io.sources import FeedSource, read_feeds
from summarize.pipeline import Summarizer
from summarize.stories.config import DailyConfig
from summarize.stories.dedupe import DEFAULT_DUPLICATE_THRESHOLD, merge_duplicates
from summarize.stories.grouping import DEFAULT_MAX_DAYS_APART, Story, find_stories, story_similarity
from summarize.stories.model import DEFAULT_TITLE, DailyBrief
from summarize.stories.render import DAILY_JSON_SCHEMA, _article_keys, daily_to_dict
from summarize.text.limits import check_article_length

__all__ = ["CONTINUING_SIMILARITY", "build_daily", "daily", "filter_by_date", "mark_new", "output_path"]
# Headline cosine from which a story counts as the continuation of one in the
# previous day's brief (when no article is shared).
CONTINUING_SIMILARITY = 0.6


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
    max_articles: int | None = DEFAULT_MAX_ARTICLES,
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
    ``date``), :class:`TooLargeError` for more than ``max_articles`` articles
    and :class:`ConfigError` for an option it cannot use. Articles too long
    to summarise are left out with a warning.
    """
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ConfigError(f"top must be a positive whole number of stories, got {top!r}")
    summarizer = Summarizer(embedder=resolve_embedder(embedder, model=model), max_words=max_words, **summarizer_options)
    resolved = summarizer.embedder
    say = progress or (lambda message: None)
    documents = list(documents)
    if not documents:
        raise EmptyInputError("no articles to make a daily brief from")
    if max_articles is not None and len(documents) > max_articles:
        raise TooLargeError(
            f"{len(documents):,} articles, more than the limit of {max_articles:,}; raise it (max_articles) "
            "or read fewer feeds"
        )
    if len({d.id for d in documents}) != len(documents):
        raise ConfigError("document ids must be unique (load_documents and read_feeds make them so)")
    day = _as_date(date)
    earlier = _load_previous(previous) if previous is not None else None  # a bad file fails before the work
    warnings: list[str] = []
    if day is not None:
        documents, found = filter_by_date(documents, day)
        warnings.extend(found)
        say(f"{len(documents)} articles dated {day} or undated")
    first_day = None
    if day is None:
        dates = [d.published for d in documents if d.published is not None]
        day = max(dates).date() if dates else None
        if dates and day is not None and min(dates).date() < day:
            # Without --date the page covers every article: its title says so.
            first_day = min(dates).date()
            warnings.append(
                f"no date was given and the articles run from {first_day} to {day} "
                f"({(day - first_day).days + 1} days): the brief covers them all (--date keeps one day)"
            )

    documents = _without_oversized(documents, summarizer.config.max_article_sentences, warnings)
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
        except (EmptyInputError, TooLargeError) as error:
            warnings.append(f"{story.id} ({story.headline}): no brief ({error.args[0]}); its sources are listed")
            continue
        # A story shorter than its word budget is normal here: that warning is for `summarize brief`.
        warnings.extend(f"{story.id}: {w}" for w in story.brief.warnings if "more than the input holds" not in w)
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
        # What ran (embedder, backend, generator, options); the redundancy option as given, not resolved.
        **{k: v for k, v in summarizer.settings().items() if k != "version"},
        "redundancy_threshold": summarizer.config.redundancy_threshold,
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
        first_date=first_day,
    )


def _load_previous(previous: DailyBrief | Mapping[str, Any] | str | os.PathLike[str]) -> dict[str, Any]:
    if isinstance(previous, DailyBrief):
        return daily_to_dict(previous)
    if isinstance(previous, Mapping):
        return dict(previous)
    path = Path(previous)
    try:
        value = parse_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot read the previous brief ({error.strerror or error})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: the previous brief is not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(value, Mapping) or value.get("schema") != DAILY_JSON_SCHEMA:
        raise InputError(f"{path}: not a daily brief in JSON (write one with --format json)")
    stories = value.get("stories", [])
    if not isinstance(stories, list) or not all(_sound_previous_story(s) for s in stories):
        raise InputError(f"{path}: not a daily brief in JSON (its stories are malformed; write one with --format json)")
    return dict(value)


def _sound_previous_story(story: Any) -> bool:
    """A story of a previous brief has the fields :func:`_mark_new` reads, with the right types."""
    if not isinstance(story, Mapping) or not isinstance(story.get("headline", ""), str):
        return False
    keys = story.get("article_keys", [])
    return isinstance(keys, list) and all(isinstance(k, str) for k in keys)


def _without_oversized(documents: list[Document], max_article_sentences: int, warnings: list[str]) -> list[Document]:
    """``documents`` less those too long to summarise, each named in a warning (one article never stops a day)."""
    kept = []
    for document in documents:
        try:
            check_article_length(document, max_article_sentences)
        except TooLargeError as error:
            warnings.append(f"left out {error.args[0]}")
            continue
        kept.append(document)
    if not kept:
        raise TooLargeError(f"every article is too long to summarise ({warnings[-1]})")
    return kept


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


def mark_new(brief: DailyBrief, previous: Mapping[str, Any], embedder: Embedder) -> None:
    """Mark ``brief``'s stories new or continuing against ``previous`` (a daily brief's JSON), as
    ``daily(previous=...)`` does; for briefs made in any order and chained afterwards (archives)."""
    _mark_new(brief.stories, previous, resolve_embedder(embedder))


def build_daily(
    sources: Sequence[FeedSource | str],
    *,
    config: DailyConfig | None = None,
    date: _dt.date | str | None = None,
    top: int | None = None,
    max_words: int | None = None,
    embedder: str | Embedder | None = None,
    model: str | None = None,
    previous: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
    bars: bool = False,
    skip_bad: bool = True,
    **summarizer_options: Any,
) -> DailyBrief:
    """Read ``sources`` (and the feeds of ``config``) and make the day's brief.

    Arguments given here win over the config file; ``summarizer_options`` go
    to each story's :class:`~summarize.Summarizer`. Every source that fails
    is listed in ``DailyBrief.problems`` and the others are used; only when
    no article at all could be read is :class:`EmptyInputError` raised. With
    ``skip_bad=False`` (the CLI without ``--skip-bad``) a local file that
    cannot be read is an :class:`InputError` instead, as in ``summarize
    brief``; a feed URL that fails is always listed and skipped, since
    networks fail for reasons that are not the input's.
    """
    config = config or DailyConfig(feeds=())
    items = [*config.feeds, *(s if isinstance(s, FeedSource) else FeedSource(str(s)) for s in sources)]
    if not items:
        raise InputError("no feeds or folders to read")
    for item in items:
        if is_url(item.location) and not re.match(r"^https?://", item.location, flags=re.IGNORECASE):
            raise InputError(f"{item.location}: only http:// and https:// URLs can be fetched")
    read: IngestResult = read_feeds(
        items, settings=config.fetch, progress=progress, bars=bars, max_articles=config.max_articles
    )
    problems = [str(p) for p in read.problems]
    if not read.documents:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        detail = f": {problems[0]}{more}" if problems else ""
        raise EmptyInputError(f"no articles could be read{detail}")
    local = [str(p) for p in read.problems if not is_url(p.path)]
    if local and not skip_bad:
        more = f" (and {len(local) - 1} more; --skip-bad skips them)" if len(local) > 1 else " (--skip-bad skips it)"
        raise InputError(f"{local[0]}{more}")
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
        max_articles=config.max_articles,
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
