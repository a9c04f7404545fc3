"""Fetch one URL over HTTP with hard limits: http(s) only, a deadline for the whole download, a size cap.

Nothing else in the package opens a network connection.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from summarize.errors import ConfigError, InputError

if TYPE_CHECKING:
    import httpx

__all__ = ["FetchSettings", "Fetched", "fetch_url", "is_url", "make_client"]
_USER_AGENT = "summarize-daily/0.1 (+https://pypi.org/project/summarize/)"


def is_url(location: str) -> bool:
    """True for anything with a URL scheme (``ftp:``, ``file:`` too: those are refused later, clearly)."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", location))


@dataclass(frozen=True)
class FetchSettings:
    """Limits for fetching over HTTP.

    ``timeout`` is in seconds for the whole download of one URL (connecting
    included); ``max_bytes`` caps one response body. With ``follow_links``,
    feed entries shorter than ``min_words`` words are replaced by the text of
    the page they link to (at most ``max_pages_per_feed`` pages per feed).
    """

    timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    follow_links: bool = False
    min_words: int = 120
    max_pages_per_feed: int = 30
    user_agent: str = _USER_AGENT

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ConfigError(f"timeout must be a positive number of seconds, got {self.timeout!r}")
        for name in ("max_bytes", "max_redirects", "min_words", "max_pages_per_feed"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{name} must be a whole number >= 0, got {value!r}")


# --------------------------------------------------------------------------
# Fetching


@dataclass(frozen=True)
class Fetched:
    """A downloaded body, the URL it finally came from, and its declared type."""

    url: str
    content: bytes
    content_type: str


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InputError(f"only http:// and https:// URLs can be fetched, got {url!r}")


def make_client(settings: FetchSettings) -> httpx.Client:
    """An httpx client with the limits of ``settings`` (callers close it)."""
    import httpx

    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        headers={"User-Agent": settings.user_agent, "Accept": "*/*"},
    )


def fetch_url(url: str, *, client: httpx.Client, settings: FetchSettings = FetchSettings()) -> Fetched:
    """Download ``url`` within the limits of ``settings``.

    Raises :class:`InputError` with one sentence for every failure: a bad
    scheme, an HTTP error status, a timeout, a body over ``max_bytes``, a
    redirect to a scheme other than http(s), or a connection problem.
    """
    import httpx

    _check_scheme(url)
    deadline = time.monotonic() + settings.timeout
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(f"the server answered HTTP {response.status_code} {response.reason_phrase}".rstrip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.max_bytes:
                raise InputError(_too_big(settings.max_bytes))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise InputError(_too_big(settings.max_bytes))
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("deadline passed")
                chunks.append(chunk)
            return Fetched(
                url=str(response.url),
                content=b"".join(chunks),
                content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
            )
    except httpx.TimeoutException:
        raise InputError(f"no complete answer within {settings.timeout:g} s (timed out)") from None
    except httpx.TooManyRedirects:
        raise InputError(f"more than {settings.max_redirects} redirects") from None
    except httpx.UnsupportedProtocol:
        raise InputError("redirected to a URL that is not http:// or https://") from None
    except httpx.HTTPError as error:
        reason = str(error) or type(error).__name__
        raise InputError(f"could not fetch it ({reason})") from None


def _too_big(max_bytes: int) -> str:
    return f"the response is larger than the limit of {max_bytes / 1e6:g} MB (raise max_bytes to read it)"
