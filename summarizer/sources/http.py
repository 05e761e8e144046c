"""HTTP for pages and feeds, through httpx2 (the client the openai SDK already brings): timeouts,
retries with backoff, a concurrency limit per host, an honest User-Agent, a size limit, content
types checked, redirects followed by hand so that a loop is named, and conditional GETs.

Every problem is a FetchFailure naming it; nothing here raises for what a server does.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Literal
from urllib.parse import urlsplit

import httpx2

Kind = Literal["page", "feed"]
MAX_PAGE_BYTES = 5_000_000  # twenty times a long article page with its markup; more is no article
MAX_REDIRECTS = 10
RETRIED_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0  # seconds: a server asking for longer is treated as down for this run
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("xml", "rss", "atom", "json", "text/plain", "opml")


def user_agent() -> str:
    """Who is asking, and what for: servers may tell a briefing tool from a browser."""
    try:
        ours = version("summarizer")
    except PackageNotFoundError:
        ours = "dev"
    return f"summarizer/{ours} (news briefing; fetches each article once) httpx2/{httpx2.__version__}"


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0  # seconds for connecting, and between bytes received
    attempts: int = 3  # tries of a request that timed out, failed to connect, or got 429/5xx
    backoff: float = 0.5  # seconds before the second try; doubled each time, with jitter
    per_host: int = 2  # requests at once to one host: a newsroom's server is not a benchmark
    concurrency: int = 8  # requests at once in all
    max_bytes: int = MAX_PAGE_BYTES


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional GET whose document has not changed
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchFailure:
    url: str
    reason: str
    lasting: bool = True  # the server's answer, not a timeout, a connection failure or a 5xx: not asked again


@dataclass(frozen=True)
class Validators:
    """What a conditional GET sends back: the document is fetched only when it has changed."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        sent = {"If-None-Match": self.etag} if self.etag else {}
        return sent | ({"If-Modified-Since": self.last_modified} if self.last_modified else {})


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.wait = reason, wait


@dataclass
class Fetcher:
    """One client for a run; `bodies` counts the documents received (a 304 is none)."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    bodies: int = 0
    requests: int = 0

    def __post_init__(self) -> None:
        self._client = httpx2.AsyncClient(
            timeout=httpx2.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._all = asyncio.Semaphore(self.policy.concurrency)

    async def close(self) -> None:
        await self._client.aclose()

    async def get(self, url: str, kind: Kind, validators: Validators | None = None) -> Fetched | FetchFailure:
        """The document at `url` (redirects followed), or why there is none."""
        seen = [url]
        current = url
        while True:
            result = await self._get_once(current, kind, validators)
            if isinstance(result, str):  # a redirect's target
                if result in seen:
                    return FetchFailure(url, "redirect loop: " + " → ".join([*seen[seen.index(result) :], result]))
                if len(seen) > MAX_REDIRECTS:
                    return FetchFailure(url, f"more than {MAX_REDIRECTS} redirects")
                seen.append(result)
                current = result
                continue
            if isinstance(result, FetchFailure):
                return FetchFailure(url, result.reason, result.lasting)
            return result

    async def _get_once(self, url: str, kind: Kind, validators: Validators | None) -> Fetched | FetchFailure | str:
        host = urlsplit(url).hostname or ""
        limit = self._hosts.setdefault(host, asyncio.Semaphore(self.policy.per_host))
        last, wait = "", None
        for attempt in range(self.policy.attempts):
            if attempt:
                await asyncio.sleep(self._delay(attempt, wait))
            try:
                async with self._all, limit:
                    return await self._request(url, kind, validators)
            except _Retry as retry:
                last, wait = retry.reason, retry.wait
        return FetchFailure(url, f"{last} (after {self.policy.attempts} attempts)", lasting=False)

    def _delay(self, attempt: int, asked: float | None) -> float:
        """Retry-After where the server gave one, else exponential backoff with jitter."""
        if asked is not None:
            return min(asked, MAX_RETRY_AFTER)
        base = self.policy.backoff * float(2 ** (attempt - 1))
        return base + random.uniform(0, base)

    async def _request(self, url: str, kind: Kind, validators: Validators | None) -> Fetched | FetchFailure | str:
        headers = validators.headers() if validators else {}
        self.requests += 1
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in (301, 302, 303, 307, 308) and "location" in response.headers:
                    return str(response.url.join(response.headers["location"]))
                if status == 304:
                    return Fetched(str(response.url), 304, b"", "", None, validators.etag if validators else None)
                if status in RETRIED_STATUS:
                    raise _Retry(f"HTTP {status} {response.reason_phrase}".strip(), _retry_after(response))
                if status >= 400:
                    return FetchFailure(url, f"HTTP {status} {response.reason_phrase}".strip())
                return await self._body(response, kind)
        except httpx2.TimeoutException:
            raise _Retry(f"timed out (no answer within {self.policy.timeout:g} s)") from None
        except httpx2.TransportError as exc:
            raise _Retry(f"cannot connect: {exc.__class__.__name__}") from None

    async def _body(self, response: httpx2.Response, kind: Kind) -> Fetched | FetchFailure:
        url = str(response.url)
        content_type, _, params = response.headers.get("content-type", "").partition(";")
        content_type = content_type.strip().lower()
        accepted = _PAGE_TYPES if kind == "page" else _FEED_TYPES
        if content_type and not any(a in content_type for a in accepted):
            return FetchFailure(url, f"not {'HTML' if kind == 'page' else 'a feed'} ({content_type})")
        limit = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return FetchFailure(url, f"too big: {int(declared):,} bytes, more than the limit of {limit:,}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                return FetchFailure(url, f"too big: more than the limit of {limit:,} bytes")
            chunks.append(chunk)
        self.bodies += 1
        charset = next((p.split("=", 1)[1].strip(" \"'") for p in params.split(";") if "charset=" in p.lower()), None)
        return Fetched(
            url,
            response.status_code,
            b"".join(chunks),
            content_type,
            charset,
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )


def _retry_after(response: httpx2.Response) -> float | None:
    value = str(response.headers.get("retry-after", ""))
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
