"""Fetch one URL from the open internet, treating every byte of the answer as hostile.

The policy, in one place (``docs/bad-inputs.md`` repeats it):

- **Addresses.** Every host is resolved and *every* address it resolves to is
  checked; loopback, private, link-local, shared (100.64/10), multicast,
  unspecified and reserved addresses are refused, IPv4 and IPv6 alike
  (``::ffff:127.0.0.1``, 6to4 and NAT64 forms are checked as the IPv4 address
  inside them). Numeric spellings (``2130706433``, ``0x7f.0.0.1``,
  ``017700000001``) resolve to the address they mean and are refused with it.
  The connection goes to the address that was checked, so a second DNS answer
  (rebinding) cannot swap it. Private hosts are reached only when listed in
  ``FetchSettings.allow_private`` (``allow_private`` in feeds.toml's
  ``[fetch]``, ``--allow-private`` on the command line).
- **Redirects** are followed here, not by httpx: at most ``max_redirects``,
  http(s) only, each hop's address checked like the first.
- **Codings.** Only ``gzip`` and ``deflate`` are asked for and accepted, at most
  one of them; anything stacked (``gzip, gzip``) or not asked for is refused.
  The body is decoded here with a hard cap on the *decoded* size, so a
  compression bomb stops at ``max_bytes`` of output.
- **Caps and deadline.** ``max_bytes`` bounds both the bytes on the wire and
  the decoded body; ``timeout`` is a wall-clock deadline for the whole fetch
  (resolving, connecting, headers, every redirect and the body), enforced on
  each socket read, so a server sending one header byte a second is cut off.
- Proxies from the environment are not used: the address policy could not be
  enforced through them.
"""

from __future__ import annotations

import re
import time
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from summarize.errors import ConfigError, InputError
from summarize.io.addresses import DeadlinePassed, parse_allow_entry, resolve_checked
from summarize.io.transport import fetch_deadline, is_guarded, make_guarded_client

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_MAX_ENTRIES_PER_FEED", "FetchSettings", "Fetched", "fetch_url", "is_url", "make_client"]

DEFAULT_MAX_ENTRIES_PER_FEED = 1_000
USER_AGENT = "summarize-daily/0.1 (+https://pypi.org/project/summarize/)"
_REDIRECTS = (301, 302, 303, 307, 308)
_ACCEPTED_CODINGS = ("gzip", "x-gzip", "deflate")
_DECODE_STEP = 64 * 1024  # bytes of output per decompress call, so the deadline is checked often


@dataclass(frozen=True)
class FetchSettings:
    """Limits for fetching over HTTP and reading feeds.

    ``timeout`` is a wall-clock deadline in seconds for the whole fetch of one
    URL (resolving, connecting, redirects, headers and body); ``max_bytes``
    caps one response body, both as sent and once decoded. ``allow_private``
    lists hosts or networks (``"127.0.0.1"``, ``"10.0.0.0/8"``,
    ``"intranet.example"``) that may be fetched although their address is
    private or loopback. A feed gives at most ``max_entries_per_feed`` articles.
    With ``follow_links``, feed entries shorter than ``min_words`` words are
    replaced by the text of the page they link to (at most
    ``max_pages_per_feed`` pages per feed).
    """

    timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    follow_links: bool = False
    min_words: int = 120
    max_pages_per_feed: int = 30
    max_entries_per_feed: int = DEFAULT_MAX_ENTRIES_PER_FEED
    allow_private: tuple[str, ...] = ()
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        if not (isinstance(self.timeout, (int, float)) and 0 < self.timeout < float("inf")):
            raise ConfigError(f"timeout must be a positive number of seconds, got {self.timeout!r}")
        for name in ("max_bytes", "max_redirects", "min_words", "max_pages_per_feed", "max_entries_per_feed"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{name} must be a whole number >= 0, got {value!r}")
        if isinstance(self.allow_private, str) or not all(isinstance(h, str) for h in self.allow_private):
            raise ConfigError(f"allow_private must be a list of hosts or networks, got {self.allow_private!r}")
        object.__setattr__(self, "allow_private", tuple(self.allow_private))
        for entry in self.allow_private:
            parse_allow_entry(entry)


@dataclass(frozen=True)
class Fetched:
    """A downloaded (and decoded) body, the URL it finally came from, and its declared type."""

    url: str
    content: bytes
    content_type: str



def is_url(location: str) -> bool:
    """True for anything with a URL scheme (``ftp:``, ``file:`` too: those are refused later, clearly)."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", location))


def make_client(settings: FetchSettings = FetchSettings()) -> httpx.Client:
    """An httpx client that enforces the address policy and deadline of ``settings`` (callers close it)."""
    return make_guarded_client(
        allow_private=settings.allow_private, timeout=settings.timeout, user_agent=settings.user_agent
    )


# --------------------------------------------------------------------------
# Fetching


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InputError(f"only http:// and https:// URLs can be fetched, got {url!r}")


def _too_big(max_bytes: int) -> str:
    return f"the response is larger than the limit of {max_bytes / 1e6:g} MB (raise max_bytes to read it)"


def fetch_url(url: str, *, client: httpx.Client | None = None, settings: FetchSettings = FetchSettings()) -> Fetched:
    """Download ``url`` within the limits of ``settings`` (see the module docstring for the policy).

    ``client`` should come from :func:`make_client`; one is made and closed
    when it is not given. With any other client the addresses are still
    checked before each request, but the connection is not pinned to the
    checked address and the deadline is only checked between chunks.
    Raises :class:`InputError` (:class:`FetchRefused` for the address
    policy) with one sentence for every failure.
    """
    deadline = time.monotonic() + settings.timeout  # making the client counts too
    _check_scheme(url)
    if client is None:
        with make_client(settings) as own:
            return _fetch_within(url, client=own, settings=settings, deadline=deadline)
    return _fetch_within(url, client=client, settings=settings, deadline=deadline)


def _fetch_within(url: str, *, client: httpx.Client, settings: FetchSettings, deadline: float) -> Fetched:
    import httpx

    try:
        with fetch_deadline(deadline):
            return _fetch(url, client=client, settings=settings, deadline=deadline, guarded=is_guarded(client))
    except (httpx.TimeoutException, DeadlinePassed):
        raise InputError(f"no complete answer within {settings.timeout:g} s (timed out)") from None
    except httpx.HTTPError as error:
        reason = str(error) or type(error).__name__
        raise InputError(f"could not fetch it ({reason})") from None


def _fetch(url: str, *, client: httpx.Client, settings: FetchSettings, deadline: float, guarded: bool) -> Fetched:
    import httpx

    current = httpx.URL(url)
    for _hop in range(settings.max_redirects + 1):
        if current.scheme not in ("http", "https") or not current.host:
            raise InputError("redirected to a URL that is not http:// or https://")
        if not guarded:
            resolve_checked(current.host, current.port or (443 if current.scheme == "https" else 80), allow_private=settings.allow_private, deadline=deadline)
        request = client.build_request(
            "GET", current, headers={"Accept-Encoding": "gzip, deflate", "User-Agent": settings.user_agent}
        )
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            if response.status_code in _REDIRECTS and "location" in response.headers:
                try:
                    current = response.url.join(response.headers["location"])
                except httpx.InvalidURL:
                    raise InputError("redirected to a URL that cannot be read") from None
                continue
            if response.status_code >= 400:
                raise InputError(f"the server answered HTTP {response.status_code} {response.reason_phrase}".rstrip())
            body = _read_body(response, settings=settings, deadline=deadline)
            return Fetched(
                url=str(response.url),
                content=body,
                content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
            )
        finally:
            response.close()
    raise InputError(f"more than {settings.max_redirects} redirects")


def _codings(response: httpx.Response) -> list[str]:
    values = response.headers.get_list("content-encoding", split_commas=True)
    return [v.strip().lower() for v in values if v.strip() and v.strip().lower() != "identity"]


def _read_body(response: httpx.Response, *, settings: FetchSettings, deadline: float) -> bytes:
    """The body, decoded here from the raw bytes with a cap on the output and the deadline checked throughout."""
    max_bytes = settings.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise InputError(_too_big(max_bytes))
    codings = _codings(response)
    if len(codings) > 1:
        raise InputError(f"refused a body with stacked content encodings ({', '.join(codings)})")
    if codings and codings[0] not in _ACCEPTED_CODINGS:
        raise InputError(f"refused a body in a content encoding that was not asked for ({codings[0]})")
    decoder = _Decoder(codings[0] if codings else None, max_bytes=max_bytes, deadline=deadline)
    received = 0
    for chunk in response.iter_raw():
        received += len(chunk)
        if received > max_bytes:
            raise InputError(_too_big(max_bytes))
        if time.monotonic() > deadline:
            raise DeadlinePassed()
        decoder.feed(chunk)
    return decoder.finish()


class _Decoder:
    """Decodes at most one gzip/deflate layer, never producing more than ``max_bytes``."""

    def __init__(self, coding: str | None, *, max_bytes: int, deadline: float) -> None:
        self.coding = coding
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.parts: list[bytes] = []
        self.size = 0
        self.decompressor: Any = None
        self.started = False

    def _new(self, first: bytes) -> Any:
        if self.coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" is meant to be zlib-wrapped, but servers send raw deflate too.
        zlib_header = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise InputError(_too_big(self.max_bytes) + "; it was compressed")
        if data:
            self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self.coding is None:
            self._keep(chunk)
            return
        data = chunk
        while data:
            if self.decompressor is None:
                self.decompressor = self._new(data)
            try:
                while True:
                    if time.monotonic() > self.deadline:
                        raise DeadlinePassed()
                    remaining = self.max_bytes - self.size
                    out = self.decompressor.decompress(data, min(remaining + 1, _DECODE_STEP))
                    self._keep(out)
                    data = self.decompressor.unconsumed_tail
                    if not data or self.decompressor.eof:
                        break
            except zlib.error as error:
                raise InputError(f"the {self.coding} body is corrupt ({error})") from None
            if self.decompressor.eof:
                # Another gzip member may follow (concatenated, not nested).
                data = self.decompressor.unused_data + data
                self.decompressor = None
                if self.coding == "deflate":
                    data = b""  # trailing bytes after a deflate stream are ignored

    def finish(self) -> bytes:
        if self.decompressor is not None:
            try:
                self._keep(self.decompressor.flush(self.max_bytes - self.size + 1))
            except zlib.error as error:
                raise InputError(f"the {self.coding} body is corrupt ({error})") from None
        return b"".join(self.parts)
