"""The wire under instructor: at most `--concurrency` exchanges in flight, a run stopped when no
server answers, and which faults are worth sending the same request again for (and after how long)."""

from __future__ import annotations

import asyncio
import random
from typing import TYPE_CHECKING, Any

from summarizer.llm.config import ConfigError

if TYPE_CHECKING:
    from tenacity import RetryCallState

RETRY_AFTER_CAP = 60.0
# Connection attempts in a row that found no server before the run stops: enough to ride out a
# server restarting, few enough that a wrong URL costs seconds, not minutes of retries. Any answer
# (even an error status) resets the count; timeouts do not count (a server is there, only slow).
CONNECTION_FAILURE_LIMIT = 3


class EndpointUnreachable(ConfigError):
    """No server answered at the endpoint, several connection attempts in a row: the run stops."""


def bounded_transport(limit: int, url: str) -> Any:
    """An HTTP transport with at most `limit` exchanges in flight, which stops the run once
    CONNECTION_FAILURE_LIMIT connection attempts in a row have found no server at `url`.

    `--concurrency` bounds requests on the wire, not whole extractions: a slot is free again as
    soon as an answer's bytes are in, while it is parsed and validated, so validation of one
    answer never holds back the next request.
    """
    import httpx2

    class Bounded(httpx2.AsyncBaseTransport):
        def __init__(self) -> None:
            self._inner = httpx2.AsyncHTTPTransport()
            self._slots = asyncio.Semaphore(limit)
            self._refused_in_a_row = 0
            self._last_refusal = ""

        def _unreachable(self) -> EndpointUnreachable:
            return EndpointUnreachable(
                f"cannot reach the model server at {url}: {self._refused_in_a_row} connection attempts in a row "
                f"failed ({self._last_refusal}). Check --base-url or OPENAI_BASE_URL and that the server is "
                "running; answers received before this are cached, so a re-run resumes."
            )

        async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
            if self._refused_in_a_row >= CONNECTION_FAILURE_LIMIT:
                raise self._unreachable()
            async with self._slots:
                try:
                    response = await self._inner.handle_async_request(request)
                except httpx2.ConnectError as exc:
                    self._refused_in_a_row += 1
                    self._last_refusal = (str(exc).strip() or type(exc).__name__)[:120]
                    if self._refused_in_a_row >= CONNECTION_FAILURE_LIMIT:
                        raise self._unreachable() from exc
                    raise
                self._refused_in_a_row = 0
                try:
                    await response.aread()
                except BaseException:
                    await response.aclose()
                    raise
                return response

        async def aclose(self) -> None:
            await self._inner.aclose()

    return Bounded()


def transient(exc: BaseException, retry_timeouts: bool = True) -> bool:
    """Worth retrying: connection trouble, timeouts (unless told otherwise), 429 and 5xx, also when
    wrapped by instructor; not a 5xx that reports an invalid request, which fails the same way again."""
    import openai

    if unreachable(exc) is not None:
        return False
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, openai.APITimeoutError):
            return retry_timeouts
        if isinstance(seen, openai.APIStatusError) and seen.status_code >= 500:
            # llama-cpp-python's server answers a request it cannot parse with 500, not 422.
            return "validation error" not in str(seen).lower()
        if isinstance(seen, (openai.APIConnectionError, openai.RateLimitError)):
            return True
        seen = seen.__cause__
    return False


def unreachable(exc: BaseException | None) -> EndpointUnreachable | None:
    """The EndpointUnreachable under the wrappers (openai, instructor) of a failed request, if any."""
    while exc is not None:
        if isinstance(exc, EndpointUnreachable):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _retry_after(exc: BaseException | None) -> float | None:
    while exc is not None:
        response = getattr(exc, "response", None)
        header = response.headers.get("retry-after") if response is not None else None
        if header:
            try:
                return min(max(float(header), 0.0), RETRY_AFTER_CAP)
            except ValueError:
                return None
        exc = exc.__cause__
    return None


def backoff(state: RetryCallState) -> float:
    """Retry-After when the server sends it, else exponential backoff with full jitter."""
    outcome = state.outcome
    hinted = _retry_after(outcome.exception() if outcome is not None else None)
    if hinted is not None:
        return hinted
    return random.uniform(0, min(30.0, 0.5 * 2 ** (state.attempt_number - 1)))
