"""The wire under instructor: at most `--concurrency` exchanges in flight, and which faults are
worth sending the same request again for (and after how long)."""

from __future__ import annotations

import asyncio
import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenacity import RetryCallState

RETRY_AFTER_CAP = 60.0


def bounded_transport(limit: int) -> Any:
    """An HTTP transport with at most `limit` exchanges in flight.

    `--concurrency` bounds requests on the wire, not whole extractions: a slot is free again as
    soon as an answer's bytes are in, while it is parsed and validated, so validation of one
    answer never holds back the next request.
    """
    import httpx2

    class Bounded(httpx2.AsyncBaseTransport):
        def __init__(self) -> None:
            self._inner = httpx2.AsyncHTTPTransport()
            self._slots = asyncio.Semaphore(limit)

        async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
            async with self._slots:
                response = await self._inner.handle_async_request(request)
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
