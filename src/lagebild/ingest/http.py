"""A polite HTTP client for feeds and article pages.

Politeness is per client instance, so one client should serve a whole run:

- a clear User-Agent (``options.user_agent``);
- at most one request per ``options.rate_limit`` seconds to each host
  (longer if the host's robots.txt asks for a ``Crawl-delay``), counted from
  the start of one request to the start of the next;
- robots.txt fetched once per host (and again after a day), then obeyed;
  following RFC 9309, a missing robots.txt (4xx) allows everything and an
  unreachable one (5xx, network error) allows nothing;
- timeouts, and retries with exponential backoff on timeouts, network errors,
  429 and 5xx, waiting at least as long as ``Retry-After`` asks;
- redirects followed by hand, up to ``options.max_redirects``, so that every
  hop is checked against robots.txt and the rate limit;
- bodies larger than ``options.max_bytes`` are abandoned, not loaded;
- with ``fetch(url, revalidate=True)`` (what feed polling uses) a response
  with an ``ETag`` or ``Last-Modified`` is remembered, and the next fetch of
  the URL is a conditional GET: a ``304 Not Modified`` answer returns the
  remembered body (status 304), so an unchanged feed costs the server nothing.

Every problem is raised as ``FetchError`` with a readable reason; sources turn
it into a ``Failure``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from lagebild.errors import FetchError
from lagebild.ingest.base import IngestOptions
from lagebild.ingest.files import human_size, too_large

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ROBOTS_TTL = 24 * 3600.0  # RFC 9309: a cached robots.txt should not be used for longer
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least the first 500 KiB
_ALLOW_ALL: tuple[str, ...] = ()
_DISALLOW_ALL = ("User-agent: *", "Disallow: /")


class HttpStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(f"HTTP {status} for {url}")
        self.url = url
        self.status = status


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response, body read in full."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    headers: httpx.Headers = field(repr=False)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case (``"text/html"``)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


@dataclass(frozen=True, slots=True)
class _Retry:
    """An attempt that should be repeated, and why."""

    why: str
    retry_after: float | None = None  # seconds the server asked for


@dataclass(frozen=True, slots=True)
class _Validated:
    """A response remembered for conditional GETs."""

    etag: str | None
    last_modified: str | None
    content: bytes
    headers: httpx.Headers

    def conditions(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser
    fetched_at: float


class HttpClient:
    """Fetches URLs politely; use as a context manager or call ``close()``.

    ``transport`` (an httpx transport), ``clock`` and ``sleep`` can be replaced
    in tests. The client is safe to share between threads.
    """

    def __init__(
        self,
        options: IngestOptions,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent},
            timeout=httpx.Timeout(options.timeout),
            follow_redirects=False,
            transport=transport,
        )
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}  # host -> earliest start of its next request
        self._robots: dict[str, _Robots] = {}  # origin -> parsed robots.txt
        self._validated: dict[str, _Validated] = {}  # URL -> last response with validators

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, revalidate: bool = False) -> Fetched:
        """GET ``url`` following redirects; ``FetchError`` on any failure.

        ``revalidate``: a conditional GET if the URL was fetched before with
        validators; a 304 answer returns the earlier body with status 304.
        """
        return self._follow(
            url, check_robots=True, max_bytes=self.options.max_bytes, revalidate=revalidate
        )

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s host lets this client fetch it."""
        return self._robots_for(url).parser.can_fetch(self.options.user_agent, url)

    # -- redirects -----------------------------------------------------------------

    def _follow(
        self, url: str, *, check_robots: bool, max_bytes: int, revalidate: bool = False
    ) -> Fetched:
        current = url
        for _ in range(self.options.max_redirects + 1):
            _check_scheme(current)
            if check_robots and not self.allowed(current):
                raise FetchError(f"disallowed by robots.txt: {current}")
            with self._lock:
                known = self._validated.get(current) if revalidate else None
            conditions = known.conditions() if known else {}
            status, headers, content = self._get(current, max_bytes, conditions)
            location = headers.get("location")
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                continue
            if status >= 400:
                raise HttpStatusError(current, status)
            if status == 304 and known is not None:
                log.debug("not modified: %s", current)
                return Fetched(url, current, 304, known.content, known.headers)
            if revalidate:
                self._remember(current, headers, content)
            return Fetched(url, current, status, content, headers)
        raise FetchError(f"too many redirects (more than {self.options.max_redirects}) for {url}")

    def _remember(self, url: str, headers: httpx.Headers, content: bytes) -> None:
        etag, modified = headers.get("etag"), headers.get("last-modified")
        with self._lock:
            if etag or modified:
                self._validated[url] = _Validated(etag, modified, content, headers)
            else:
                self._validated.pop(url, None)

    # -- retries -------------------------------------------------------------------

    def _get(
        self, url: str, max_bytes: int, conditions: dict[str, str] | None = None
    ) -> tuple[int, httpx.Headers, bytes]:
        """One logical GET with retries; returns status, headers and body."""
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            self._wait_turn(url)
            try:
                outcome = self._attempt(url, max_bytes, conditions or {}, may_retry=not last)
            except httpx.TimeoutException as err:
                if last:
                    raise FetchError(f"timed out after {attempts} attempts: {url}") from err
                outcome = _Retry("timeout")
            except httpx.TransportError as err:
                if last or isinstance(err, httpx.UnsupportedProtocol):
                    raise FetchError(f"cannot fetch {url}: {err or type(err).__name__}") from err
                outcome = _Retry(type(err).__name__)
            except (httpx.HTTPError, httpx.InvalidURL) as err:  # bad encoding, bad URL: final
                raise FetchError(f"cannot fetch {url}: {err}") from err
            if not isinstance(outcome, _Retry):
                return outcome
            self._backoff(attempt, url, outcome)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _attempt(
        self, url: str, max_bytes: int, conditions: dict[str, str], *, may_retry: bool
    ) -> tuple[int, httpx.Headers, bytes] | _Retry:
        with self._client.stream("GET", url, headers=conditions) as response:
            if may_retry and response.status_code in RETRY_STATUSES:
                # Leave the body unread: the connection is closed before waiting.
                asked = _retry_after(response.headers.get("retry-after"))
                return _Retry(f"HTTP {response.status_code}", asked)
            return response.status_code, response.headers, _body(response, max_bytes)

    def _backoff(self, attempt: int, url: str, retry: _Retry) -> None:
        delay = self.options.backoff * 2**attempt
        if retry.retry_after is not None:
            if retry.retry_after > self.options.max_retry_wait:
                raise FetchError(
                    f"{retry.why}: server asks to retry after {retry.retry_after:.0f} s: {url}"
                )
            delay = max(delay, retry.retry_after)
        log.info("%s for %s; retrying in %.1f s", retry.why, url, delay)
        self._sleep(delay)

    # -- rate limit ----------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        interval = max(self.options.rate_limit, self._crawl_delay(url))
        with self._lock:
            now = self._clock()
            start = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = start + interval  # reserve the slot before sleeping
        if start > now:
            self._sleep(start - now)

    def _crawl_delay(self, url: str) -> float:
        robots = self._robots.get(_origin(url))
        if robots is None:
            return 0.0
        delay = robots.parser.crawl_delay(self.options.user_agent)
        return float(delay) if delay else 0.0

    # -- robots.txt ----------------------------------------------------------------

    def _robots_for(self, url: str) -> _Robots:
        origin = _origin(url)
        with self._lock:
            cached = self._robots.get(origin)
        if cached and self._clock() - cached.fetched_at < ROBOTS_TTL:
            return cached
        robots = _Robots(self._load_robots(origin), self._clock())
        with self._lock:
            self._robots[origin] = robots
        return robots

    def _load_robots(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self._follow(
                origin + "/robots.txt", check_robots=False, max_bytes=ROBOTS_MAX_BYTES
            )
            lines = tuple(fetched.content.decode("utf-8", errors="replace").splitlines())
        except HttpStatusError as err:
            lines = _ALLOW_ALL if 400 <= err.status < 500 else _DISALLOW_ALL
            log.debug("robots.txt of %s: HTTP %s", origin, err.status)
        except FetchError as err:
            lines = _DISALLOW_ALL
            log.warning("robots.txt of %s unreachable (%s): not fetching from it", origin, err)
        parser.parse(lines)
        return parser


def _check_scheme(url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError as err:
        raise FetchError(f"malformed URL {url!r}: {err}") from err
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"not an absolute http(s) URL: {url!r}")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _body(response: httpx.Response, max_bytes: int) -> bytes:
    if response.is_redirect:
        return b""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(too_large(int(declared), max_bytes))
    return b"".join(_limited(response.iter_bytes(), max_bytes))


def _limited(chunks: Iterator[bytes], max_bytes: int) -> Iterator[bytes]:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"too large: response over the limit of {human_size(max_bytes)}")
        yield chunk


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        log.debug("unreadable Retry-After %r", value)
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
