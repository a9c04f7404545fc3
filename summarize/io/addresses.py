"""Which addresses summarize may fetch from: the address half of the fetch policy (see :mod:`summarize.io.fetch`).

Every host is resolved and every address it resolves to is checked; a
loopback, private, link-local, shared, multicast, unspecified, reserved or
otherwise non-global address is refused unless ``allow_private`` lists it
(a network such as ``"10.0.0.0/8"``, an address, or a host name). IPv6 forms
that carry an IPv4 address (``::ffff:127.0.0.1``, 6to4, NAT64, Teredo) are
judged by that IPv4 address.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from typing import Any

from summarize.errors import ConfigError, FetchRefused, InputError

__all__ = ["DeadlinePassed", "check_address", "parse_allow_entry", "resolve_checked"]


class DeadlinePassed(Exception):
    """A fetch's wall-clock deadline passed (while resolving, connecting or reading)."""


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")


def parse_allow_entry(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | str:
    """A network for an address or CIDR entry, else the lower-cased host name."""
    text = entry.strip()
    try:
        return ipaddress.ip_network(text.strip("[]"), strict=False)
    except ValueError:
        pass
    if not text or any(c in text for c in "/:@ \t"):
        raise ConfigError(f"allow_private: {entry!r} is neither a host name nor an address or network")
    return text.lower().rstrip(".")


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64, Teredo), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.teredo is not None:
        return address.teredo[1]
    # IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address))
    return None


def _forbidden_reason(address: IPAddress) -> str | None:
    inner = _embedded_ipv4(address)
    if inner is not None:
        return _forbidden_reason(inner)
    for test, name in (
        (address.is_loopback, "loopback"),
        (address.is_unspecified, "unspecified"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (isinstance(address, ipaddress.IPv4Address) and address in _SHARED, "shared (carrier-grade NAT)"),
        (address.is_private, "private"),
        (address.is_reserved, "reserved"),
        (not address.is_global, "non-public"),
    ):
        if test:
            return name
    return None


def check_address(address: str | IPAddress, *, host: str = "", allow_private: Iterable[str] = ()) -> None:
    """Raise :class:`FetchRefused` when ``address`` may not be fetched under the address policy.

    ``host`` is the name it was resolved from, matched against host names in
    ``allow_private``; networks there are matched against the address.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    reason = _forbidden_reason(ip)
    if reason is None:
        return
    name = host.lower().rstrip(".")
    for entry in map(parse_allow_entry, allow_private):
        if isinstance(entry, str):
            if entry == name:
                return
        elif ip.version == entry.version and ip in entry:
            return
        elif (inner := _embedded_ipv4(ip)) is not None and entry.version == 4 and inner in entry:
            return
    shown = f"{host} ({ip})" if host and host.strip("[]") != str(ip) else str(ip)
    article = "an" if reason[0] in "aeiou" else "a"
    raise FetchRefused(
        f"refused to fetch {shown}: {article} {reason} address (list it under allow_private in feeds.toml's "
        "[fetch] or pass --allow-private to fetch it)"
    )


def _getaddrinfo(host: str, port: int, deadline: float | None) -> list[str]:
    """Every address ``host`` resolves to, within the deadline (a stuck resolver cannot hold a run)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            box["addresses"] = list(dict.fromkeys(str(info[4][0]) for info in infos))
        except OSError as error:
            box["error"] = error

    try:  # numeric hosts need no thread
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        return list(dict.fromkeys(str(info[4][0]) for info in infos))
    except (OSError, UnicodeError):
        pass
    worker = threading.Thread(target=work, daemon=True, name="summarize-resolve")
    worker.start()
    worker.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise DeadlinePassed()
    if "error" in box:
        error = box["error"]
        raise InputError(f"could not resolve {host} ({error.strerror or error})")
    return box["addresses"]


def resolve_checked(host: str, port: int, *, allow_private: Iterable[str] = (), deadline: float | None = None) -> str:
    """The address to connect to for ``host``: resolved, every answer checked, the first one returned.

    Refusing when *any* answer is forbidden keeps a name that mixes public and
    private answers from reaching the private one on a retry.
    """
    allowed = tuple(allow_private)
    addresses = _getaddrinfo(host.strip("[]"), port, deadline)
    if not addresses:
        raise InputError(f"could not resolve {host}")
    for address in addresses:
        check_address(address.split("%", 1)[0], host=host.strip("[]"), allow_private=allowed)
    return addresses[0]
