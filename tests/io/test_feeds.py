"""Feeds and article pages: local files, and fetching from a local server only (127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from summarize.errors import InputError
from summarize.io.feeds import documents_from_bytes, html_to_text, parse_feed, parse_page
from summarize.io.fetch import FetchSettings, fetch_url, make_client
from summarize.io.files import load_documents, read_documents
from summarize.io.sources import FeedSource, read_feeds
from tests.conftest import EXAMPLES

DAY = EXAMPLES / "daily"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>https://wire.example.com/</link>
<item><title>Bridge reopens after repairs</title><link>https://wire.example.com/bridge</link>
<guid>wire-1</guid><pubDate>Mon, 06 May 2024 10:00:00 +0200</pubDate>
<description>&lt;p&gt;The Kestrel bridge reopened on Monday after six weeks of repairs to its bearings.&lt;/p&gt;
&lt;p&gt;Traffic was light in the first hour.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Empty entry</title><link>https://wire.example.com/empty</link><description></description></item>
</channel></rss>"""

PAGE = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Harbour works begin | Bay Post</title>
<meta property="og:title" content="Harbour works begin">
<meta property="og:site_name" content="Bay Post">
<meta property="article:published_time" content="2024-05-06T14:30:00+02:00">
<link rel="canonical" href="https://baypost.example.com/harbour-works">
<script>var tracking = "do not keep";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour works begin</h1>
<p>Work on the new harbour wall at Port Veldane began on Monday, with two cranes lifting the first concrete blocks into place before noon.</p>
<p>The council said the wall would protect the fishing fleet from winter storms and should be finished by the end of next year at a cost of twelve million.</p>
<p>Fishermen said they had waited a decade for the project and welcomed the start of construction.</p>
</article><footer>Copyright 2024 Bay Post. All rights reserved.</footer></body></html>"""


# ---------------------------------------------------------------- local files


def test_rss_entries_keep_outlet_title_link_and_full_content() -> None:
    documents, warnings = parse_feed((DAY / "northern-wire.rss").read_bytes(), origin=str(DAY / "northern-wire.rss"))
    assert warnings == []
    assert len(documents) == 5
    ferry = documents[0]
    assert ferry.source == "Northern Wire"
    assert ferry.title == "Ferry passengers rescued after engine-room fire in Tallow Sound"
    assert ferry.url == "https://northern-wire.example.com/2024/05/04/coral-wren-fire"
    # content:encoded (five paragraphs) is preferred over the one-line description.
    assert "Marine Accident Board" in ferry.text and ferry.text.count("\n\n") >= 3
    assert ferry.metadata["guid"] == "nw-2024-05-04-0113"
    assert ferry.id == "northern-wire-1"


def test_feed_dates_become_naive_utc() -> None:
    documents, _ = parse_feed(RSS, origin="test.rss")
    assert documents[0].published == dt.datetime(2024, 5, 6, 8, 0)


def test_feed_entry_html_is_text_without_script() -> None:
    documents, warnings = parse_feed(RSS, origin="test.rss")
    assert documents[0].text == (
        "The Kestrel bridge reopened on Monday after six weeks of repairs to its bearings.\n\n"
        "Traffic was light in the first hour."
    )
    assert any("entry 2" in w and "no text" in w for w in warnings)
    assert len(documents) == 1


def test_atom_entry_without_content_uses_its_summary() -> None:
    documents, _ = parse_feed((DAY / "daily-lantern.atom").read_bytes(), origin="daily-lantern.atom")
    library = next(d for d in documents if "tram depot" in (d.title or "").lower())
    assert library.source == "The Daily Lantern"
    assert library.text.startswith("The tram depot on Quay Street")
    assert library.published == dt.datetime(2024, 5, 4, 8, 40)


def test_feed_with_xml_error_after_entries_keeps_them_with_a_warning() -> None:
    truncated = RSS.split(b"<item><title>Empty")[0] + b"<item><title>Cut off"
    documents, warnings = parse_feed(truncated, origin="cut.rss")
    assert [d.title for d in documents][:1] == ["Bridge reopens after repairs"]
    assert any("not well-formed" in w for w in warnings)


def test_parse_feed_never_treats_bytes_as_a_path_or_url(tmp_path: Path) -> None:
    # Regression: feedparser opens a str or bytes that names a file; we pass a stream.
    secret = tmp_path / "secret.rss"
    secret.write_bytes(RSS)
    with pytest.raises(InputError):
        parse_feed(str(secret).encode(), origin="x.rss")


def test_page_main_text_without_navigation_footer_or_script() -> None:
    document, _ = parse_page(PAGE, origin="harbour-works.html")
    assert document.title == "Harbour works begin"
    assert document.source == "Bay Post"
    assert document.url == "https://baypost.example.com/harbour-works"
    assert document.text.startswith("Work on the new harbour wall")
    for unwanted in ("Home", "Sport", "Copyright", "tracking", "Harbour works begin\n"):
        assert unwanted not in document.text
    assert document.text.count("\n\n") == 2  # three paragraphs


def test_page_date_keeps_the_time_from_its_meta_tag() -> None:
    document, _ = parse_page(PAGE, origin="harbour-works.html")
    assert document.published == dt.datetime(2024, 5, 6, 12, 30)


def test_page_without_article_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        parse_page(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", origin="empty.html")


def test_documents_from_bytes_sniffs_feed_and_page() -> None:
    feed_docs, _ = documents_from_bytes(RSS, origin="https://wire.example.com/feed")
    page_docs, _ = documents_from_bytes(PAGE, origin="https://baypost.example.com/harbour-works")
    assert feed_docs[0].source == "Test Wire"
    assert page_docs[0].source == "Bay Post"


def test_html_to_text_makes_paragraphs_and_drops_styles() -> None:
    text = html_to_text("<div><p>One &amp; two.</p><style>p{}</style><ul><li>Three</li></ul>Four<br>Five</div>")
    assert text == "One & two.\n\nThree\n\nFour\n\nFive"


def test_folder_of_feeds_pages_and_jsonl_loads_through_ingest() -> None:
    documents = load_documents(DAY)
    assert len(documents) == 30
    sources = {d.source for d in documents}
    assert {"Northern Wire", "The Daily Lantern", "Marlow Chronicle", "Skerrin Islander"} <= sources
    assert len({d.id for d in documents}) == 30


def test_broken_feed_among_good_ones_is_one_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "good.rss").write_bytes(RSS)
    (tmp_path / "broken.xml").write_bytes(b"<?xml version='1.0'?><rss><channel><item><title>x</ti")
    (tmp_path / "page.html").write_bytes(PAGE)
    result = read_feeds(
        [FeedSource(str(tmp_path / "good.rss")), str(tmp_path / "broken.xml"), str(tmp_path / "missing.rss"),
         FeedSource(str(tmp_path / "page.html"), name="The Bay Post")]  # fmt: skip
    )
    assert [d.source for d in result.documents] == ["Test Wire", "The Bay Post"]
    assert len(result.problems) == 2
    broken, missing = result.problems
    assert broken.path.endswith("broken.xml") and "not well-formed" in broken.message
    assert missing.path.endswith("missing.rss") and "no such file" in missing.message


def test_read_documents_reports_unreadable_feed_file_by_name(tmp_path: Path) -> None:
    (tmp_path / "notes.xml").write_bytes(b"<?xml version='1.0'?><notes><note>hi</note></notes>")
    result = read_documents(tmp_path)
    assert result.documents == []
    assert result.problems[0].path.endswith("notes.xml")


# ---------------------------------------------------------------- fetching (127.0.0.1 only)

SHORT_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Short Feed</title>
<item><title>Harbour works begin</title><link>{base}/page.html</link>
<pubDate>Mon, 06 May 2024 12:30:00 +0000</pubDate><description>Work began on Monday.</description></item>
</channel></rss>"""


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        base = f"http://127.0.0.1:{self.server.server_address[1]}".encode()
        if self.path == "/feed.xml":
            self._send(RSS, "application/rss+xml; charset=utf-8")
        elif self.path == "/short.xml":
            self._send(SHORT_FEED.replace(b"{base}", base), "application/rss+xml")
        elif self.path == "/page.html":
            self._send(PAGE, "text/html; charset=utf-8")
        elif self.path == "/big":
            self._send(b"x" * 5000, "text/html")
        elif self.path == "/big-unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"y" * 1000)
        elif self.path == "/slow":
            time.sleep(2.0)
            self._send(RSS, "application/rss+xml")
        elif self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/feed.xml")
            self.end_headers()
        else:
            self._send(b"not here", "text/plain", status=404)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _client(settings: FetchSettings) -> httpx.Client:
    # The test server is on 127.0.0.1, which the fetch policy refuses unless allowed.
    return make_client(replace(settings, allow_private=("127.0.0.1",)))


def test_fetch_reads_a_feed_over_http(server: str) -> None:
    settings = FetchSettings(timeout=5)
    with _client(settings) as client:
        fetched = fetch_url(f"{server}/feed.xml", client=client, settings=settings)
    assert fetched.content_type == "application/rss+xml"
    assert fetched.content == RSS


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "data:text/xml,<rss/>", "javascript:alert(1)", "http://"]
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    settings = FetchSettings(timeout=1)
    with _client(settings) as client, pytest.raises(InputError, match="only http:// and https://"):
        fetch_url(url, client=client, settings=settings)


def test_each_failed_feed_gives_one_clear_problem_and_the_run_goes_on(server: str) -> None:
    settings = FetchSettings(timeout=0.5, max_bytes=2000)
    sources = [f"{server}/feed.xml", f"{server}/missing", f"{server}/big", f"{server}/big-unsized",
               f"{server}/slow", f"{server}/to-ftp"]  # fmt: skip
    started = time.monotonic()
    with _client(settings) as client:
        result = read_feeds(sources, settings=settings, client=client)
    assert time.monotonic() - started < 10
    assert [d.title for d in result.documents] == ["Bridge reopens after repairs"]
    messages = {p.path.rsplit("/", 1)[-1]: p.message for p in result.problems}
    assert set(messages) == {"missing", "big", "big-unsized", "slow", "to-ftp"}
    assert "HTTP 404" in messages["missing"]
    assert "larger than the limit" in messages["big"]
    assert "larger than the limit" in messages["big-unsized"]
    assert "timed out" in messages["slow"]
    assert "not http" in messages["to-ftp"]
    assert all("\n" not in m for m in messages.values())


def test_follow_links_replaces_a_short_entry_with_its_page(server: str) -> None:
    settings = FetchSettings(timeout=5, follow_links=True, min_words=50)
    with _client(settings) as client:
        result = read_feeds([f"{server}/short.xml"], settings=settings, client=client)
    (document,) = result.documents
    assert document.source == "Short Feed"
    assert document.text.startswith("Work on the new harbour wall at Port Veldane")
    assert document.metadata["full_text_from"] == f"{server}/page.html"


def test_follow_links_keeps_the_summary_when_the_page_fails(server: str, tmp_path: Path) -> None:
    feed = tmp_path / "short.rss"
    feed.write_bytes(SHORT_FEED.replace(b"{base}/page.html", f"{server}/missing".encode()))
    settings = FetchSettings(timeout=5, follow_links=True)
    with _client(settings) as client:
        result = read_feeds([str(feed)], settings=settings, client=client)
    assert result.documents[0].text == "Work began on Monday."
    assert any("kept the feed's summary" in w and "404" in w for w in result.warnings)
