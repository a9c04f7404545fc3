"""Hostile servers (issue 17: H1, M2, M3), on 127.0.0.1 only, against the fetch policy of summarize.fetch.

Host names other than numeric 127.0.0.1 spellings are resolved by a fake
resolver that only ever answers 127.0.0.1, so no test can reach another
address even when the code under test is broken.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from summarize.errors import FetchRefused, InputError
from summarize.io.addresses import check_address
from summarize.io.fetch import FetchSettings, fetch_url, make_client
from summarize.io.sources import FeedSource, read_feeds

LOCAL = ("127.0.0.1",)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Wire</title>
<item><title>Bridge reopens</title><link>https://wire.example.com/bridge</link>
<description>The Kestrel bridge reopened on Monday after six weeks of repairs to its bearings.</description></item>
</channel></rss>"""

SECRET = b"INTERNAL SECRET admin token 12345; the internal wiki says the bridge reopened on Monday. " * 3
# gzip(gzip(80 MB of zeros)): about 8 KB on the wire.
ZEROS = 80_000_000
_inner = zlib.compressobj(9, zlib.DEFLATED, 31)
_one = b"".join(_inner.compress(b"\0" * 1_000_000) for _ in range(ZEROS // 1_000_000)) + _inner.flush()
BOMB_ONE = _one
BOMB_TWO = gzip.compress(_one, 9)


class _Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, body: bytes, headers: dict[str, str] | None = None, status: int = 200) -> None:
        self.send_response(status)
        for key, value in (headers or {"Content-Type": "application/rss+xml"}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, data: bytes, seconds: float) -> None:
        """One byte at a time for at most ``seconds`` (bounded: the server stops itself)."""
        stop = time.monotonic() + seconds
        try:
            for byte in data:
                if time.monotonic() > stop:
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass
        self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        _Hostile.seen.append(f"{self.headers.get('Host')}{self.path}")
        port = self.server.server_address[1]
        if self.path == "/feed.xml":
            self._send(RSS)
        elif self.path == "/secret":
            self._send(SECRET, {"Content-Type": "text/html"})
        elif self.path == "/gzip-feed":
            self._send(gzip.compress(RSS), {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"})
        elif self.path == "/deflate-raw":
            raw = zlib.compressobj(6, zlib.DEFLATED, -15)
            self._send(raw.compress(RSS) + raw.flush(), {"Content-Type": "application/rss+xml", "Content-Encoding": "deflate"})
        elif self.path == "/deflate-zlib":
            self._send(zlib.compress(RSS), {"Content-Type": "application/rss+xml", "Content-Encoding": "deflate"})
        elif self.path == "/stacked-bomb":
            self._send(BOMB_TWO, {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip, gzip"})
        elif self.path == "/stacked-bomb-two-headers":
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB_TWO)))
            self.end_headers()
            self.wfile.write(BOMB_TWO)
        elif self.path == "/gzip-bomb":
            self._send(BOMB_ONE, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif self.path == "/brotli":
            self._send(b"\x0b\x02\x80hello\x03", {"Content-Type": "text/html", "Content-Encoding": "br"})
        elif self.path == "/slow-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._drip(b"X-Padding: " + b"a" * 400 + b"\r\n\r\n", seconds=6)
        elif self.path == "/slow-body":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self._drip(b"b" * 100000, seconds=6)
        elif self.path == "/to-secret":
            self._send(b"", {"Location": f"http://internal.test:{port}/secret"}, status=302)
        elif self.path == "/loop":
            self._send(b"", {"Location": "/loop"}, status=302)
        elif self.path == "/to-numeric":
            self._send(b"", {"Location": f"http://2130706433:{port}/secret"}, status=301)
        elif self.path == "/links.xml":
            items = "".join(
                f"<item><title>Link {n}</title><link>{url}</link><description>Short.</description></item>"
                for n, url in enumerate(
                    [f"http://127.0.0.1:{port}/secret", f"http://2130706433:{port}/secret",
                     f"http://0x7f.0.0.1:{port}/secret", f"http://user:pw@127.0.0.1:{port}/secret"]  # fmt: skip
                )
            )
            self._send(f'<?xml version="1.0"?><rss version="2.0"><channel><title>L</title>{items}</channel></rss>'.encode())
        else:
            self._send(b"not here", {"Content-Type": "text/plain"}, status=404)


@pytest.fixture
def server() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    _Hostile.seen = []
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


_real_getaddrinfo = socket.getaddrinfo


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names under .test resolve to 127.0.0.1 (answers can be scripted); numeric hosts resolve as usual."""
    answers: dict[str, list[str]] = {}
    calls: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.endswith(".test"):
            calls.append(name)
            if name.startswith("once"):
                script = answers.get(name) or []
                if not script:
                    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
                address = script.pop(0)
            else:
                address = "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        try:
            return _real_getaddrinfo(host, port, *args, **{**kwargs, "flags": socket.AI_NUMERICHOST})
        except socket.gaierror:
            if name == "localhost":
                return _real_getaddrinfo(host, port, *args, **kwargs)
            raise
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    answers["__calls__"] = calls  # type: ignore[assignment]
    return answers


def _fetch(url: str, **settings: Any) -> Any:
    options = {"timeout": 3.0, "allow_private": LOCAL, **settings}
    return fetch_url(url, settings=FetchSettings(**options))


# ---------------------------------------------------------------- H1: content codings


def test_gzip_and_deflate_bodies_are_decoded(server: int) -> None:
    for path in ("gzip-feed", "deflate-raw", "deflate-zlib"):
        assert _fetch(f"http://127.0.0.1:{server}/{path}").content == RSS


@pytest.mark.parametrize("path", ["stacked-bomb", "stacked-bomb-two-headers"])
def test_h1_stacked_gzip_bomb_is_refused_before_decoding(server: int, path: str) -> None:
    # Regression (issue 17 H1): "Content-Encoding: gzip, gzip" of gzip(gzip(zeros)) grew to GBs in httpx.
    started = time.monotonic()
    with pytest.raises(InputError, match=r"stacked content encodings \(gzip, gzip\)"):
        _fetch(f"http://127.0.0.1:{server}/{path}")
    assert time.monotonic() - started < 3


def test_h1_single_gzip_bomb_stops_at_the_decoded_size_cap(server: int) -> None:
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="larger than the limit of 1 MB.*compressed"):
            _fetch(f"http://127.0.0.1:{server}/gzip-bomb", max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(BOMB_ONE) < 200_000 and peak < 20_000_000  # 80 MB of zeros never materialise


def test_h1_encoding_not_asked_for_is_refused(server: int) -> None:
    with pytest.raises(InputError, match=r"not asked for \(br\)"):
        _fetch(f"http://127.0.0.1:{server}/brotli")


# ---------------------------------------------------------------- M2: wall-clock deadline


@pytest.mark.parametrize("path", ["slow-headers", "slow-body"])
def test_m2_one_byte_at_a_time_is_cut_off_at_the_deadline(server: int, path: str) -> None:
    # Regression (issue 17 M2): one header byte a second kept a timeout = 3 fetch alive for 30 s.
    started = time.monotonic()
    with pytest.raises(InputError, match=r"within 1 s \(timed out\)"):
        _fetch(f"http://127.0.0.1:{server}/{path}", timeout=1.0)
    assert time.monotonic() - started < 2.5


# ---------------------------------------------------------------- M3: addresses and redirects


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "ff02::1",
     "::ffff:127.0.0.1", "::ffff:169.254.169.254", "2002:7f00:1::1", "64:ff9b::a9fe:a9fe", "::127.0.0.1"],
)  # fmt: skip
def test_m3_internal_addresses_are_refused(address: str) -> None:
    with pytest.raises(FetchRefused, match="allow_private"):
        check_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    check_address(address)


def test_m3_allowlist_admits_listed_networks_and_hosts_only() -> None:
    check_address("127.0.0.1", allow_private=["127.0.0.0/8"])
    check_address("::ffff:127.0.0.1", allow_private=["127.0.0.1"])
    check_address("10.0.0.5", host="wiki.internal", allow_private=["wiki.internal"])
    with pytest.raises(FetchRefused):
        check_address("10.0.0.5", host="other.internal", allow_private=["wiki.internal", "127.0.0.1"])


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "2130706433", "0x7f.0.0.1", "017700000001", "127.1", "0x7f000001", "[::1]",
             "[::ffff:127.0.0.1]", "user:pw@127.0.0.1", "localhost"],
)  # fmt: skip
def test_m3_loopback_in_every_spelling_is_refused_without_the_allowlist(server: int, host: str) -> None:
    # Regression (issue 17 M3): only the scheme was checked, so these were all fetched.
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_url(f"http://{host}:{server}/secret", settings=FetchSettings(timeout=2))
    assert _Hostile.seen == []


def test_m3_a_redirect_to_an_internal_host_is_refused(server: int, fake_dns: dict[str, list[str]]) -> None:
    # Regression (issue 17 M3): a feed's redirect to an internal URL became a story ("INTERNAL SECRET ...").
    settings = FetchSettings(timeout=3, allow_private=("feeds.test",))
    with pytest.raises(FetchRefused, match=r"internal\.test \(127\.0\.0\.1\)"):
        fetch_url(f"http://feeds.test:{server}/to-secret", settings=settings)
    result = read_feeds([f"http://feeds.test:{server}/to-numeric"], settings=settings)
    assert result.documents == [] and "refused" in result.problems[0].message
    assert [s.split("/", 1)[1] for s in _Hostile.seen] == ["to-secret", "to-numeric"]


def test_m3_the_connection_goes_to_the_address_that_was_checked(
    server: int, fake_dns: dict[str, list[str]]
) -> None:
    # DNS rebinding: the name answers once (allowed), then nothing; a second lookup would fail the fetch.
    fake_dns["once.test"] = ["127.0.0.1"]
    settings = FetchSettings(timeout=3, allow_private=("127.0.0.1",))
    assert fetch_url(f"http://once.test:{server}/feed.xml", settings=settings).content == RSS
    assert fake_dns["__calls__"] == ["once.test"]  # type: ignore[comparison-overlap]


def test_m3_follow_links_to_internal_addresses_keep_the_summary(server: int, fake_dns: dict[str, list[str]]) -> None:
    settings = FetchSettings(timeout=3, follow_links=True, allow_private=("feeds.test",))
    result = read_feeds([FeedSource(f"http://feeds.test:{server}/links.xml")], settings=settings)
    assert [d.text for d in result.documents] == ["Short."] * 4
    assert all("SECRET" not in d.text for d in result.documents)
    assert sum("refused to fetch" in w for w in result.warnings) == 4
    assert [s.split("/", 1)[1] for s in _Hostile.seen] == ["links.xml"]


def test_m3_without_the_allowlist_a_local_feed_url_is_one_problem(server: int) -> None:
    result = read_feeds([f"http://127.0.0.1:{server}/feed.xml"], settings=FetchSettings(timeout=2))
    (problem,) = result.problems
    assert problem.message.startswith("refused to fetch 127.0.0.1: a loopback address")
    assert _Hostile.seen == []


def test_client_from_make_client_ignores_proxy_settings(monkeypatch: pytest.MonkeyPatch, server: int) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
    monkeypatch.setenv("ALL_PROXY", "http://10.9.9.9:3128")
    settings = FetchSettings(timeout=3, allow_private=LOCAL)
    with make_client(settings) as client:
        assert fetch_url(f"http://127.0.0.1:{server}/feed.xml", client=client, settings=settings).content == RSS


def test_m3_cli_and_feeds_toml_allowlist_reach_a_local_feed_and_nothing_else(
    server: int, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarize.cli import main
    from summarize.stories.config import load_config

    url = f"http://127.0.0.1:{server}/feed.xml"
    assert main(["daily", url, "--embedder", "tfidf", "-q", "-f", "json"]) == 1
    assert "refused to fetch 127.0.0.1: a loopback address" in capsys.readouterr().err
    assert main(["daily", url, "--embedder", "tfidf", "-q", "-f", "json", "--allow-private", "127.0.0.1"]) == 0
    assert "Kestrel bridge reopened" in capsys.readouterr().out
    config = tmp_path / "feeds.toml"
    config.write_text(f'[[feeds]]\nurl = "{url}"\n[fetch]\nallow_private = ["127.0.0.0/8"]\ntimeout = 3\n')
    assert load_config(config).fetch.allow_private == ("127.0.0.0/8",)
    assert main(["daily", str(config), "--embedder", "tfidf", "-q", "-f", "json"]) == 0
    assert "Kestrel bridge reopened" in capsys.readouterr().out
    config.write_text(f'[[feeds]]\nurl = "{url}"\n[fetch]\nallow_private = ["not a host/"]\n')
    assert main(["daily", str(config), "-q"]) == 1
    assert "allow_private" in capsys.readouterr().err


# ---------------------------------------------------------------- what held up in the audit, kept


def test_a_redirect_loop_stops_at_the_redirect_limit(server: int) -> None:
    with pytest.raises(InputError, match="more than 3 redirects"):
        _fetch(f"http://127.0.0.1:{server}/loop", max_redirects=3)
    assert len(_Hostile.seen) == 4
