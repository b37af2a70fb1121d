from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from lagebild.errors import FetchError
from lagebild.ingest.base import IngestOptions
from lagebild.ingest.http import HttpClient, HttpStatusError


def options(**changes: Any) -> IngestOptions:
    values = {"rate_limit": 0.0, "timeout": 0.5, "retries": 1, "backoff": 0.05, **changes}
    return IngestOptions(**values)


def test_fetch_sends_user_agent_and_returns_body(server: Any) -> None:
    url = server.route("/a", "<html>hallo</html>")
    with HttpClient(options(user_agent="LagebildTest/9")) as client:
        fetched = client.fetch(url)
    assert fetched.content == b"<html>hallo</html>"
    assert fetched.content_type == "text/html"
    assert {seen.user_agent for seen in server.requests} == {"LagebildTest/9"}


def test_retries_5xx_then_succeeds(server: Any) -> None:
    url = server.route_sequence("/flaky", [(503, "busy"), (500, "oops"), (200, "<html>ok</html>")])
    with HttpClient(options(retries=2)) as client:
        assert client.fetch(url).content == b"<html>ok</html>"
    assert server.paths().count("/flaky") == 3


def test_http_error_status_is_a_fetch_error(server: Any) -> None:
    with HttpClient(options()) as client, pytest.raises(HttpStatusError) as caught:
        client.fetch(server.url("/missing"))
    assert caught.value.status == 404
    assert "HTTP 404" in str(caught.value)


def test_robots_txt_is_obeyed_and_fetched_once_per_host(server: Any) -> None:
    server.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    allowed = server.route("/public/1", "<html>ok</html>")
    with HttpClient(options()) as client:
        client.fetch(allowed)
        client.fetch(allowed)
        with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
            client.fetch(server.url("/private/secret"))
    assert server.paths().count("/robots.txt") == 1
    assert "/private/secret" not in server.paths()


def test_unreachable_robots_txt_allows_nothing(server: Any) -> None:
    server.route("/robots.txt", "down", status=503, content_type="text/plain")
    url = server.route("/page", "<html>ok</html>")
    with HttpClient(options(retries=0)) as client, pytest.raises(FetchError, match="robots"):
        client.fetch(url)


def test_redirects_are_followed_and_bounded(server: Any) -> None:
    server.route("/old", status=301, headers={"Location": "/new"})
    server.route("/new", "<html>neu</html>")
    server.route("/loop", status=302, headers={"Location": "/loop"})
    with HttpClient(options(max_redirects=3)) as client:
        fetched = client.fetch(server.url("/old"))
        assert (fetched.url, fetched.final_url) == (server.url("/old"), server.url("/new"))
        assert fetched.content == b"<html>neu</html>"
        with pytest.raises(FetchError, match="too many redirects"):
            client.fetch(server.url("/loop"))
    assert server.paths().count("/loop") == 4


def test_response_size_is_limited(server: Any) -> None:
    url = server.route("/big", b"x" * 5000)
    with (
        HttpClient(options(max_bytes=1000)) as client,
        pytest.raises(FetchError, match="too large"),
    ):
        client.fetch(url)


def test_per_host_rate_limit_spacing_seen_by_the_server(server: Any) -> None:
    urls = [server.route(f"/r{i}", "<html>ok</html>") for i in range(4)]
    with HttpClient(options(rate_limit=0.25)) as client:
        for url in urls:
            client.fetch(url)
    times = [seen.time for seen in server.requests]  # robots.txt, then the four pages
    assert len(times) == 5
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.22, gaps


def test_crawl_delay_in_robots_txt_slows_the_client_down(server: Any) -> None:
    # urllib.robotparser reads whole seconds only
    server.route("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    urls = [server.route(f"/c{i}", "<html>ok</html>") for i in range(2)]
    with HttpClient(options(rate_limit=0.0)) as client:
        for url in urls:
            client.fetch(url)
    first, second = (seen.time for seen in server.requests if seen.path != "/robots.txt")
    assert second - first >= 0.95


def test_rate_limit_state_is_per_client(server: Any) -> None:
    url = server.route("/x", "<html>ok</html>")
    with HttpClient(options(rate_limit=0.4)) as first, HttpClient(options()) as second:
        first.fetch(url)  # robots.txt, then /x 0.4 s later; its next slot is 0.4 s away
        second.fetch(url)  # a separate client does not wait for that slot
    assert server.paths() == ["/robots.txt", "/x", "/robots.txt", "/x"]
    times = [seen.time for seen in server.requests]
    assert times[1] - times[0] >= 0.35
    assert times[3] - times[1] < 0.3


# -- retries, with a mock transport and a recorded sleep (no real waiting) ----------


class Recorder:
    def __init__(self, responses: list[httpx.Response | Exception]) -> None:
        self.responses = responses
        self.calls: list[str] = []
        self.sleeps: list[float] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        answer = self.responses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def client(self, **changes: Any) -> HttpClient:
        return HttpClient(
            options(retries=3, backoff=1.0, **changes),
            transport=httpx.MockTransport(self.handle),
            sleep=self.sleeps.append,
        )


def test_backoff_doubles_on_5xx_and_timeouts() -> None:
    recorder = Recorder(
        [
            httpx.Response(503),
            httpx.ReadTimeout("slow"),
            httpx.Response(502),
            httpx.Response(200, text="endlich"),
        ]
    )
    with recorder.client() as client:
        assert client.fetch("http://news.example/a").content == b"endlich"
    assert recorder.sleeps == [1.0, 2.0, 4.0]


def test_retry_after_is_respected() -> None:
    recorder = Recorder(
        [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, text="ok")]
    )
    with recorder.client() as client:
        client.fetch("http://news.example/a")
    assert recorder.sleeps == [7.0]


def test_retry_after_beyond_the_limit_fails_instead_of_stalling() -> None:
    recorder = Recorder([httpx.Response(429, headers={"Retry-After": "3600"})])
    with (
        recorder.client(max_retry_wait=60.0) as client,
        pytest.raises(FetchError, match="retry after 3600 s"),
    ):
        client.fetch("http://news.example/a")
    assert recorder.sleeps == []


def test_gives_up_after_the_last_retry() -> None:
    recorder = Recorder([httpx.ConnectError("refused")] * 4)
    with recorder.client() as client, pytest.raises(FetchError, match="cannot fetch"):
        client.fetch("http://news.example/a")
    assert recorder.calls.count("/a") == 4


def test_non_http_urls_are_refused() -> None:
    with HttpClient(options()) as client:
        for url in ("ftp://example.org/x", "file:///etc/passwd", "http://"):
            with pytest.raises(FetchError, match="not an absolute http"):
                client.fetch(url)


def test_revalidation_is_a_conditional_get_answered_by_304(server: Any) -> None:
    url = server.route("/feed.rss", "<rss>eins</rss>", headers={"ETag": '"v1"'})
    plain = server.route("/plain", "<html>ohne ETag</html>")
    with HttpClient(options()) as client:
        first = client.fetch(url, revalidate=True)
        second = client.fetch(url, revalidate=True)
        unconditional = client.fetch(url)
        client.fetch(plain, revalidate=True)
        client.fetch(plain, revalidate=True)
    assert (first.status, second.status, unconditional.status) == (200, 304, 200)
    assert second.content == first.content == b"<rss>eins</rss>"  # the remembered body
    statuses = [(seen.path, seen.status) for seen in server.requests if seen.path != "/robots.txt"]
    assert statuses == [("/feed.rss", 200), ("/feed.rss", 304), ("/feed.rss", 200),
                        ("/plain", 200), ("/plain", 200)]  # fmt: skip
