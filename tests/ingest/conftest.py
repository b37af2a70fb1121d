"""Fixtures for ingest tests: a local HTTP server and realistic news pages."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

GERMAN_PARAGRAPHS = (
    "Der Bundeskanzler ist am Samstag zu Gesprächen mit dem französischen Präsidenten "
    "nach Paris gereist. Beide Politiker wollen über die gemeinsame Verteidigungspolitik "
    "der Europäischen Union beraten und neue Projekte vereinbaren.",
    "Nach Angaben des Regierungssprechers soll es bei dem Treffen auch um die Lage in der "
    "Ukraine gehen. Frankreich und Deutschland hatten zuletzt weitere Hilfen angekündigt "
    "und Russland zu einem Ende der Angriffe aufgefordert.",
    "Beobachter erwarten keine großen Beschlüsse, aber ein deutliches Signal der "
    "Geschlossenheit gegenüber Moskau. Die Opposition im Bundestag kritisierte die Reise "
    "als reine Symbolpolitik ohne konkrete Ergebnisse.",
)

ENGLISH_PARAGRAPHS = (
    "The foreign ministers of the Group of Seven met in Tokyo on Tuesday to discuss new "
    "sanctions against Russia and further military support for Ukraine.",
    "According to diplomats, the talks also covered export controls on technology that "
    "could be used by the Russian arms industry, and the protection of shipping routes.",
    "Observers said a joint statement was likely, although several governments remain "
    "divided over how far the new measures should go.",
)

NOISE = ("NAVPOLITIK", "NAVSPORT", "WERBUNG", "MEISTGELESEN", "FUSSZEILE", "Kreditkarte")


def news_page(
    title: str = "Kanzler reist nach Paris",
    paragraphs: tuple[str, ...] = GERMAN_PARAGRAPHS,
    *,
    lang: str = "de",
    published: str | None = "2016-03-12T10:15:00+01:00",
    canonical: str | None = "https://www.beispielzeitung.de/politik/kanzler-paris-123.html",
    site: str = "Beispielzeitung",
    footer: str = "FUSSZEILE Impressum Datenschutz © 2024 Beispielzeitung",
) -> str:
    """An article page wrapped in navigation, an ad, a teaser box and a footer."""
    meta = [f'<meta property="og:site_name" content="{site}">']
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
{"".join(meta)}
</head><body>
<nav><ul><li><a href="/">Startseite</a></li><li><a href="/politik">NAVPOLITIK Ressort</a></li>
<li><a href="/sport">NAVSPORT Ressort</a></li></ul></nav>
<div class="ad banner">WERBUNG Jetzt Kreditkarte beantragen und sparen!</div>
<article><h1>{title}</h1>
{body}
</article>
<aside class="sidebar"><h3>MEISTGELESEN</h3><ul><li><a href="/x">Die zehn besten Rezepte
für den Sommer</a></li><li><a href="/y">Wetter am Wochenende</a></li></ul></aside>
<footer>{footer}</footer>
</body></html>"""


@dataclass
class Route:
    """What the server answers on one path; ``sequence`` answers in turn (last repeats)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    sequence: list[Route] = field(default_factory=list)


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    time: float
    path: str
    user_agent: str
    status: int = 200


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 with programmable routes."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        handler = _handler_for(self)
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, body: str | bytes = b"", **kwargs: Any) -> str:
        content_type = kwargs.pop("content_type", "text/html; charset=utf-8")
        headers = {"Content-Type": content_type, **kwargs.pop("headers", {})}
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, headers=headers, **kwargs)
        return self.url(path)

    def route_sequence(self, path: str, answers: list[tuple[int, str]]) -> str:
        """Answer ``path`` with each (status, body) in turn; the last one repeats."""
        headers = {"Content-Type": "text/html; charset=utf-8"}
        steps = [Route(status, body.encode("utf-8"), dict(headers)) for status, body in answers]
        self.routes[path] = Route(sequence=steps)
        return self.url(path)

    def paths(self) -> list[str]:
        with self._lock:
            return [seen.path for seen in self.requests]

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        with self._lock:
            route = self.routes.get(request.path, Route(status=404, body=b"not found"))
            if route.sequence:
                route = route.sequence.pop(0) if len(route.sequence) > 1 else route.sequence[0]
            if _not_modified(route, request):
                route = Route(status=304, headers={"ETag": route.headers["ETag"]})
            agent = request.headers.get("User-Agent", "")
            self.requests.append(Seen(time.monotonic(), request.path, agent, route.status))
        if route.delay:
            time.sleep(route.delay)
        request.send_response(route.status)
        for name, value in route.headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(route.body)))
        request.end_headers()
        request.wfile.write(route.body)


def _not_modified(route: Route, request: BaseHTTPRequestHandler) -> bool:
    """A conditional GET for a route with an ETag that the client has already."""
    etag = route.headers.get("ETag")
    return etag is not None and request.headers.get("If-None-Match") == etag


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that time out close their socket; that is expected here."""


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.answer(self)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output clean."""

    return Handler


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    try:
        yield local
    finally:
        local.httpd.shutdown()
        local.httpd.server_close()


@dataclass(frozen=True)
class Corpus:
    """Test texts, handed to tests as a fixture (conftest modules are not imported)."""

    german: tuple[str, ...] = GERMAN_PARAGRAPHS
    english: tuple[str, ...] = ENGLISH_PARAGRAPHS
    noise: tuple[str, ...] = NOISE

    @staticmethod
    def page(*args: Any, **kwargs: Any) -> str:
        return news_page(*args, **kwargs)


@pytest.fixture
def corpus() -> Corpus:
    return Corpus()
