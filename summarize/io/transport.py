"""The connection layer of a fetch: checked, pinned addresses and a wall-clock deadline on every read.

:func:`make_guarded_client` gives an httpx client whose transport resolves
each host when it connects, checks every address
(:func:`summarize.io.addresses.resolve_checked`) and connects to the very
address it checked, so a second DNS answer cannot swap it (rebinding). Every
socket read and write waits at most until the deadline of the fetch in
progress (:func:`fetch_deadline`), so a server sending one header byte a
second cannot hold a fetch past it. Proxies from the environment are not
used: the address policy could not be enforced through them.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from summarize.errors import FetchRefused
from summarize.io.addresses import DeadlinePassed, resolve_checked

if TYPE_CHECKING:
    import httpx

__all__ = ["fetch_deadline", "is_guarded", "make_guarded_client"]

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("summarize_fetch_deadline", default=None)


@contextlib.contextmanager
def fetch_deadline(deadline: float) -> Iterator[None]:
    """Within this block, every read and write of a guarded client ends by ``deadline`` (``time.monotonic``)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _remaining(timeout: float | None) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        import httpcore

        raise httpcore.ReadTimeout("the fetch deadline passed")
    return left if timeout is None else min(timeout, left)


def _make_guarded_backend(allow_private: tuple[str, ...]) -> Any:
    import httpcore

    class _DeadlineStream(httpcore.NetworkStream):
        """Every read and write waits at most until the fetch's deadline."""

        def __init__(self, inner: httpcore.NetworkStream) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self._inner.read(max_bytes, _remaining(timeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, _remaining(timeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
            inner = self._inner.start_tls(ssl_context, server_hostname=server_hostname, timeout=_remaining(timeout))
            return _DeadlineStream(inner)

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    class _GuardedBackend(httpcore.SyncBackend):
        """Connects only to checked addresses, to the very address that was checked."""

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.NetworkStream:
            try:
                address = resolve_checked(host, port, allow_private=allow_private, deadline=_DEADLINE.get())
            except DeadlinePassed:
                raise httpcore.ConnectTimeout("the fetch deadline passed while resolving") from None
            stream = super().connect_tcp(address, port, _remaining(timeout), local_address, socket_options)
            return _DeadlineStream(stream)

        def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
            raise FetchRefused("refused to fetch through a Unix socket")

    return _GuardedBackend()



def make_guarded_client(*, allow_private: tuple[str, ...], timeout: float, user_agent: str) -> httpx.Client:
    """An httpx client over the guarded transport (callers close it); it never follows redirects itself."""
    import httpcore
    import httpx

    class _GuardedTransport(httpx.HTTPTransport):
        def __init__(self) -> None:
            super().__init__(trust_env=False)
            # httpx builds its pool in __init__ with no way to pass a network
            # backend; replace it by the same pool over the guarded backend.
            self._pool = httpcore.ConnectionPool(
                ssl_context=httpx.create_ssl_context(trust_env=False),
                max_connections=10,
                max_keepalive_connections=5,
                keepalive_expiry=5.0,
                network_backend=_make_guarded_backend(allow_private),
            )

    client = httpx.Client(
        transport=_GuardedTransport(),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": user_agent, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"},
    )
    client._summarize_guarded = True  # type: ignore[attr-defined]
    return client


def is_guarded(client: httpx.Client) -> bool:
    """Whether ``client`` came from :func:`make_guarded_client`."""
    return bool(getattr(client, "_summarize_guarded", False))
