"""Read articles from a list of sources (feed URLs, feed files, pages, folders), one problem per failed source.

A feed that fails gives one :class:`~summarize.io.records.IngestProblem` naming
it and the others are still read, so one dead feed never stops a daily run.
Nothing here touches the network unless a source is a URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.document import Document
from summarize.errors import InputError, TooLargeError
from summarize.io.feeds import documents_from_bytes, parse_page
from summarize.io.fetch import FetchSettings, fetch_url, is_url, make_client
from summarize.io.files import DEFAULT_MAX_ARTICLES, read_documents
from summarize.io.records import IngestProblem, IngestResult, unique_ids

if TYPE_CHECKING:
    import httpx

__all__ = ["FeedSource", "read_feeds"]


@dataclass(frozen=True)
class FeedSource:
    """One place to read articles from.

    ``location`` is an http(s) URL or a local path (file or folder); ``name``
    replaces the outlet name the feed or page gives for itself.
    """

    location: str
    name: str | None = None

    @property
    def is_url(self) -> bool:
        return is_url(self.location)

    def __str__(self) -> str:
        return self.location


# --------------------------------------------------------------------------
# Many sources


def read_feeds(
    sources: Iterable[FeedSource | str],
    *,
    settings: FetchSettings = FetchSettings(),
    client: httpx.Client | None = None,
    clean: bool = True,
    progress: Callable[[str], None] | None = None,
    bars: bool = False,
    max_articles: int | None = DEFAULT_MAX_ARTICLES,
) -> IngestResult:
    """Read every source; a source that fails becomes one problem and the rest are still read.

    URLs are fetched with ``client`` (one with the limits of ``settings`` is
    made and closed when not given); local paths are read with
    :func:`summarize.io.ingest.read_documents`. Document ids are made unique
    across sources. ``progress`` receives one line per source; ``bars``
    shows a progress bar on stderr. Each feed gives at most
    ``settings.max_entries_per_feed`` articles, and more than
    ``max_articles`` from all sources together raise :class:`TooLargeError`.
    """
    from tqdm import tqdm

    items = [s if isinstance(s, FeedSource) else FeedSource(str(s)) for s in sources]
    result = IngestResult()
    own_client = None
    if client is None and any(s.is_url for s in items):
        client = own_client = make_client(settings)
    try:
        for source in tqdm(items, desc="reading feeds", unit="feed", disable=not bars, leave=False):
            before = len(result.documents)
            part = _read_source(source, settings=settings, client=client, clean=clean)
            result.documents.extend(part.documents)
            result.problems.extend(part.problems)
            result.warnings.extend(part.warnings)
            if max_articles is not None and len(result.documents) > max_articles:
                raise TooLargeError(
                    f"more than {max_articles:,} articles (reached at {source}); raise the limit "
                    "(max_articles in feeds.toml) or read fewer feeds"
                )
            if progress is not None:
                found = len(result.documents) - before
                failed = f" (failed: {part.problems[0].message})" if part.problems and not found else ""
                progress(f"{source}: {found} article{'s' if found != 1 else ''}{failed}")
    finally:
        if own_client is not None:
            own_client.close()
    result.documents = unique_ids(result.documents)
    return result


def _read_source(
    source: FeedSource, *, settings: FetchSettings, client: httpx.Client | None, clean: bool
) -> IngestResult:
    result = IngestResult()
    location = source.location
    if source.is_url:
        assert client is not None
        try:
            fetched = fetch_url(location, client=client, settings=settings)
            documents, warnings = documents_from_bytes(
                fetched.content,
                origin=location,
                url=fetched.url,
                content_type=fetched.content_type,
                source_name=source.name,
                clean=clean,
                max_entries=settings.max_entries_per_feed,
            )
        except InputError as error:
            result.problems.append(IngestProblem(location, error.args[0]))
            return result
        result.documents.extend(documents)
        result.warnings.extend(f"{location}: {w}" for w in warnings)
    else:
        path = Path(location)
        if not path.exists():
            result.problems.append(IngestProblem(location, "no such file or folder"))
            return result
        part = read_documents([path], clean=clean, max_feed_entries=settings.max_entries_per_feed)
        result.problems.extend(part.problems)
        result.warnings.extend(part.warnings)
        documents = part.documents
        if source.name:
            documents = [replace(d, source=source.name) for d in documents]
        result.documents.extend(documents)
    if settings.follow_links and client is not None:
        result.documents = _follow_links(result.documents, client=client, settings=settings, warnings=result.warnings)
    return result


def _follow_links(
    documents: Sequence[Document], *, client: httpx.Client, settings: FetchSettings, warnings: list[str]
) -> list[Document]:
    """Replace short feed entries by the full text of the page they link to, when that is longer."""
    out: list[Document] = []
    fetched = 0
    for document in documents:
        short = len(document.text.split()) < settings.min_words
        if not (short and document.url and document.metadata.get("feed") and fetched < settings.max_pages_per_feed):
            out.append(document)
            continue
        fetched += 1
        try:
            page = fetch_url(document.url, client=client, settings=settings)
            full, _ = parse_page(page.content, origin=page.url, url=page.url, source_name=document.source, clean=True)
        except InputError as error:
            warnings.append(f"{document.url}: kept the feed's summary; {error.args[0]}")
            out.append(document)
            continue
        if len(full.text.split()) > len(document.text.split()):
            document = replace(
                document,
                text=full.text,
                raw_text=full.raw_text,
                published=document.published or full.published,
                metadata={**document.metadata, "full_text_from": page.url},
            )
        out.append(document)
    return out
