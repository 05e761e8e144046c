"""A small news web server on 127.0.0.1 for tests and benchmarks: saved article pages, RSS, Atom,
JSON Feed and OPML, and the faults of the real web (redirects, a redirect loop, 404, 500, a slow
answer, a 20 MB page, a PDF, a cookie wall with no article). Feeds answer conditional GETs
(ETag, Last-Modified) with 304. Every request is recorded with whether a body was sent.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from testsupport.fakeserver import QuietServer
from testsupport.webpages import (
    AGENCY_LINE,
    PAYWALL_BOX,
    PAYWALLED,
    SANCTIONS,
    SUMMIT,
    YESTERDAY,
    SavedPage,
    saved_page,
)

BIG_BYTES = 20 * 1024 * 1024
SLOW_SECONDS = 3.0
MODIFIED = format_datetime(datetime(2025, 10, 22, 12, 0, tzinfo=UTC), usegmt=True)


@dataclass
class Hit:
    path: str
    status: int
    body: bool  # whether a document was sent (a 304 or a redirect sends none)
    user_agent: str = ""


@dataclass
class NewsSite:
    """The pages by path; `hits` records every request."""

    url: str = ""
    pages: dict[str, SavedPage] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    most_in_flight: int = 0  # the most requests the server was answering at once

    def link(self, path: str) -> str:
        return f"{self.url}{path}"

    def bodies(self, prefix: str = "/") -> int:
        """Documents sent under `prefix` (pages, feeds), not counting 304s and redirects."""
        with self.lock:
            return sum(1 for h in self.hits if h.body and h.path.startswith(prefix))

    def record(self, path: str, status: int, body: bool, user_agent: str = "") -> None:
        with self.lock:
            self.hits.append(Hit(path, status, body, user_agent))

    def enter(self) -> None:
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1


def standard_pages(site: NewsSite) -> dict[str, SavedPage]:
    """The newsrooms' articles: an original, another outlet's own report, a syndicated copy of the
    original (near-identical text), a partner page naming the original as canonical, a paywall teaser."""
    original = site.link("/tagesblatt/politik/gipfel-abgesagt")
    return {
        "/tagesblatt/politik/gipfel-abgesagt": saved_page("Tagesblatt", "Kreml sagt Gipfel in Budapest ab", SUMMIT),
        "/abendpost/eu/sanktionen": saved_page("Abendpost", "EU berät über neue Sanktionen gegen Russland", SANCTIONS),
        "/rundschau/welt/budapest": saved_page(
            "Rundschau", "Gipfel in Budapest abgesagt", [*SUMMIT, AGENCY_LINE], published="Wed, 22 Oct 2025 15:10:00 +0200"
        ),
        "/abendpost/partner/gipfel": saved_page("Abendpost", "Kreml sagt Gipfel ab", SUMMIT, canonical=original),
        "/tagesblatt/plus/verhandlungen": saved_page(
            "Tagesblatt", "Hinter verschlossenen Türen", PAYWALLED, teaser_only=PAYWALL_BOX
        ),
        "/tagesblatt/gestern": saved_page("Tagesblatt", "Außenminister telefonieren", YESTERDAY, published="2025-10-21T18:00:00+02:00"),
    }


def _rss(site: NewsSite) -> str:
    items = [
        ("/tagesblatt/politik/gipfel-abgesagt?utm_source=rss&utm_medium=feed", "Kreml sagt Gipfel in Budapest ab", "Wed, 22 Oct 2025 14:03:00 +0200"),
        ("/tagesblatt/plus/verhandlungen", "Hinter verschlossenen Türen", "Wed, 22 Oct 2025 09:00:00 +0200"),
        ("/moved", "Umgezogen", "Wed, 22 Oct 2025 08:00:00 +0200"),
        ("/gone", "Gelöscht", "Wed, 22 Oct 2025 07:00:00 +0200"),
        ("/broken", "Serverfehler", "Wed, 22 Oct 2025 07:00:00 +0200"),
        ("/slow", "Langsam", "Wed, 22 Oct 2025 07:00:00 +0200"),
        ("/huge", "Riesig", "Wed, 22 Oct 2025 07:00:00 +0200"),
        ("/loop-a", "Im Kreis", "Wed, 22 Oct 2025 07:00:00 +0200"),
        ("/report.pdf", "Bericht", "Wed, 22 Oct 2025 07:00:00 +0200"),
        ("/cookie-wall", "Zustimmung", "Wed, 22 Oct 2025 07:00:00 +0200"),
        ("/tagesblatt/gestern", "Von gestern", "Tue, 21 Oct 2025 18:00:00 +0200"),
    ]
    entries = "".join(
        f"<item><title>{t}</title><link>{site.link(p).replace('&', '&amp;')}</link><pubDate>{d}</pubDate></item>"
        for p, t, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tagesblatt – Politik</title><link>{site.url}/</link>{entries}</channel></rss>'


def _atom(site: NewsSite) -> str:
    entries = "".join(
        f'<entry><title>{t}</title><link href="{site.link(p)}"/><id>{p}</id><updated>{d}</updated></entry>'
        for p, t, d in [
            ("/abendpost/eu/sanktionen", "EU berät über neue Sanktionen", "2025-10-22T11:00:00+02:00"),
            ("/abendpost/partner/gipfel", "Kreml sagt Gipfel ab", "2025-10-22T14:30:00+02:00"),
        ]
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Abendpost</title><id>{site.url}/</id><updated>2025-10-22T14:30:00+02:00</updated>{entries}</feed>'


def _json_feed(site: NewsSite) -> str:
    import json

    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Rundschau",
            "items": [{"id": "1", "url": site.link("/rundschau/welt/budapest"), "title": "Gipfel in Budapest abgesagt", "date_published": "2025-10-22T15:10:00+02:00"}],
        }
    )


def _opml(site: NewsSite) -> str:
    outlines = "".join(
        f'<outline type="rss" text="{n}" xmlUrl="{site.link(p)}"/>'
        for n, p in [("Tagesblatt", "/feeds/tagesblatt.rss"), ("Abendpost", "/feeds/abendpost.atom"), ("Rundschau", "/feeds/rundschau.json")]
    )
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>Presse</title></head><body><outline text="Politik">{outlines}</outline></body></opml>'


FEEDS = {
    "/feeds/tagesblatt.rss": ("application/rss+xml; charset=utf-8", _rss),
    "/feeds/abendpost.atom": ("application/atom+xml; charset=utf-8", _atom),
    "/feeds/rundschau.json": ("application/feed+json", _json_feed),
    "/feeds.opml": ("text/x-opml; charset=utf-8", _opml),
}
REDIRECTS = {"/moved": "/tagesblatt/politik/gipfel-abgesagt", "/loop-a": "/loop-b", "/loop-b": "/loop-a"}


def _handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            site.enter()
            try:
                self._get(urlsplit(self.path).path)
            finally:
                site.leave()

        def _get(self, path: str) -> None:
            if path.startswith("/wait/"):  # a page that takes a moment: for concurrency limits
                time.sleep(0.2)
                return self._send(200, site.pages["/abendpost/eu/sanktionen"].html().encode(), "text/html")
            if path in REDIRECTS:
                return self._send(301, b"", "text/html", {"Location": REDIRECTS[path]})
            if path in FEEDS:
                return self._feed(path)
            if path in site.pages:
                return self._send(200, site.pages[path].html().encode("utf-8"), "text/html; charset=utf-8")
            if path == "/broken":
                return self._send(500, b"<h1>Internal Server Error</h1>", "text/html")
            if path == "/slow":
                time.sleep(SLOW_SECONDS)
                return self._send(200, site.pages["/abendpost/eu/sanktionen"].html().encode(), "text/html")
            if path == "/huge":
                return self._huge()
            if path == "/report.pdf":
                return self._send(200, b"%PDF-1.7\n" + b"0" * 2000, "application/pdf")
            if path == "/cookie-wall":
                wall = "<html><body><p>Bitte stimmen Sie der Nutzung von Cookies zu.</p><button>OK</button></body></html>"
                return self._send(200, wall.encode(), "text/html; charset=utf-8")
            return self._send(404, b"<h1>Not Found</h1>", "text/html")

        def _feed(self, path: str) -> None:
            content_type, build = FEEDS[path]
            body = build(site).encode("utf-8")
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == MODIFIED:
                return self._send(304, b"", content_type, {"ETag": etag})
            self._send(200, body, content_type, {"ETag": etag, "Last-Modified": MODIFIED})

        def _huge(self) -> None:
            """20 MB of markup, streamed without a Content-Length: only counting stops a reader."""
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("connection", "close")
            self.end_headers()
            site.record("/huge", 200, True)
            chunk = b"<p>" + b"Lorem ipsum dolor sit amet. " * 2000 + b"</p>\n"
            try:
                for _ in range(BIG_BYTES // len(chunk) + 1):
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client stopped reading at its limit
            self.close_connection = True

        def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
            site.record(urlsplit(self.path).path, status, bool(body) and status == 200, self.headers.get("User-Agent", ""))

    return Handler


@contextmanager
def news_site() -> Iterator[NewsSite]:
    """Serve the standard pages and feeds on an ephemeral 127.0.0.1 port for the block."""
    site = NewsSite()
    httpd = QuietServer(("127.0.0.1", 0), _handler(site))
    site.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    site.pages = standard_pages(site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()
