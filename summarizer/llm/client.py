"""instructor over the openai SDK: one validated Extraction per article, transport faults retried.

openai and instructor are imported inside functions: `summarizer --help` and offline runs
served from the cache never pay for them.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, create_model, model_validator

from summarizer.llm.config import ConfigError, Settings, shown_url
from summarizer.llm.key import response_schema

if TYPE_CHECKING:
    from instructor import AsyncInstructor
    from tenacity import RetryCallState

M = TypeVar("M", bound=BaseModel)

NO_KEY_PLACEHOLDER = "not-needed"  # local servers ignore the key, but the SDK insists on one
RETRY_AFTER_CAP = 60.0
# Connection attempts in a row that found no server before the run stops: enough to ride out a
# server restarting, few enough that a wrong URL costs seconds, not minutes of retries. Any answer
# (even an error status) resets the count; timeouts do not count (a server is there, only slow).
CONNECTION_FAILURE_LIMIT = 3


class EndpointUnreachable(ConfigError):
    """No server answered at the endpoint, several connection attempts in a row: the run stops."""


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, other: Any) -> None:
        self.prompt_tokens += int(getattr(other, "prompt_tokens", 0) or 0)
        self.completion_tokens += int(getattr(other, "completion_tokens", 0) or 0)


@dataclass
class CallOutcome(Generic[M]):
    """What one request for a validated answer cost: every HTTP request, re-asks and retries included."""

    value: M | None = None
    usage: Usage = field(default_factory=Usage)
    requests: int = 0  # requests the server answered (an error status included)
    retries: int = 0
    connection_failures: int = 0  # requests that got no answer: refused, dropped, timed out
    error: str | None = None


@lru_cache(maxsize=8)
def prepared(model: type[M]) -> type[M]:
    """The response model wrapped for instructor once, its JSON Schema computed once.

    Unwrapped, instructor builds a new model class and a new schema for every request (about
    10 ms of CPU each, which caps throughput at high concurrency). The schema it sends is the
    compact one the cache key is made of.
    """
    from instructor.v2.core.function_calls import response_schema as wrap

    # A subclass with the request's policy (`Check`) as its last validator, so a failed check is
    # re-asked by instructor like any validation error, with its message sent back to the model.
    checked = create_model(
        model.__name__,
        __base__=model,
        __validators__={"_request_check": model_validator(mode="after")(_run_check)},  # type: ignore[dict-item]
    )
    wrapped = wrap(checked)
    schema = response_schema(model)

    def model_json_schema(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return copy.deepcopy(schema)

    type.__setattr__(wrapped, "model_json_schema", staticmethod(model_json_schema))
    return wrapped


@dataclass
class Attempt:
    """What the validator of one `ask` needs to know: the request's check, and whether the answer
    under validation is the last one instructor will ask for."""

    check: Callable[[Any, bool], None] | None
    final: bool = False


# Handed to the validator through a context variable, not instructor's `context=`: given a context,
# instructor renders every message as a Jinja template, which would rewrite article text containing
# "{{" or "{%" (and strip a final newline) after the key was computed from the original. Each ask
# runs in its own asyncio task or sets and resets the variable around its call, so concurrent
# requests never see each other's attempt.
_ATTEMPT: ContextVar[Attempt | None] = ContextVar("summarizer_attempt", default=None)


@contextmanager
def checking(check: Callable[[Any, bool], None] | None, final: bool) -> Iterator[None]:
    """Validate answers that did not come through `ask` (batch results) under a request's check, as
    `ask` validates its own: `prepared` models run the check while this is in force."""
    token = _ATTEMPT.set(Attempt(check, final))
    try:
        yield
    finally:
        _ATTEMPT.reset(token)


def _run_check(value: BaseModel) -> BaseModel:
    attempt = _ATTEMPT.get()
    if attempt is not None and attempt.check is not None:
        attempt.check(value, attempt.final)
    return value


def make_client(settings: Settings) -> AsyncInstructor:
    """An async instructor client for the configured endpoint and mode."""
    import instructor
    import openai

    quiet_instructor_logging()
    modes = {
        "tools": instructor.Mode.TOOLS,
        "json_schema": instructor.Mode.JSON_SCHEMA,
        "md_json": instructor.Mode.MD_JSON,
    }
    raw = openai.AsyncOpenAI(
        api_key=settings.api_key or NO_KEY_PLACEHOLDER,
        base_url=settings.base_url,
        max_retries=0,  # transport retries are ours (tenacity), so each one is counted
        timeout=settings.timeout,
        http_client=openai.DefaultAsyncHttpx2Client(
            transport=_bounded_transport(settings.concurrency, shown_url(settings.base_url))
        ),
    )
    client = instructor.from_openai(raw, mode=modes[settings.mode])
    assert isinstance(client, instructor.AsyncInstructor)
    return client


def quiet_instructor_logging() -> None:
    """instructor logs every failed attempt at ERROR, and we retry, count and report each of them
    ourselves: its retry logger keeps only what it would not also raise to us (nothing), and the
    rest of instructor speaks from WARNING up."""
    logging.getLogger("instructor").setLevel(logging.WARNING)
    logging.getLogger("instructor.v2.retry").setLevel(logging.CRITICAL)


def _bounded_transport(limit: int, url: str) -> Any:
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


def _transient(exc: BaseException) -> bool:
    """Worth retrying: connection trouble, timeouts, 429 and 5xx (also when wrapped by instructor)."""
    import openai

    if _unreachable(exc) is not None:
        return False
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)):
            return True
        if isinstance(seen, openai.APIStatusError) and seen.status_code >= 500:
            return True
        seen = seen.__cause__
    return False


def _unreachable(exc: BaseException | None) -> EndpointUnreachable | None:
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


def _wait(state: RetryCallState) -> float:
    """Retry-After when the server sends it, else exponential backoff with full jitter."""
    outcome = state.outcome
    hinted = _retry_after(outcome.exception() if outcome is not None else None)
    if hinted is not None:
        return hinted
    return random.uniform(0, min(30.0, 0.5 * 2 ** (state.attempt_number - 1)))


def _describe(exc: BaseException) -> str:
    """A one-line reason for the user; never includes request headers (the key lives there)."""
    cause = exc.__cause__ or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    text = " ".join(lines[:3]) if lines else type(cause).__name__
    attempts = getattr(exc, "n_attempts", None)
    prefix = f"no valid answer in {attempts} attempts: " if attempts and attempts > 1 else ""
    return f"{prefix}{type(cause).__name__}: {text}"[:300]


class _Counter:
    """instructor hooks that count what one call cost: answered requests, unanswered ones, retries."""

    def __init__(self, outcome: CallOutcome[Any], attempt: Attempt, max_retries: int) -> None:
        self.outcome, self.attempt, self.max_retries = outcome, attempt, max_retries
        self.attempts = self.attempts_this_call = 0

    def hooks(self) -> Any:
        from instructor.core.hooks import Hooks

        hooks = Hooks()
        hooks.on("completion:kwargs", self.on_request)
        hooks.on("completion:response", self.on_response)
        hooks.on("completion:error", self.on_error)
        return hooks

    def on_request(self, *_: Any, **__: Any) -> None:
        self.attempts_this_call += 1
        self.attempts += 1
        if self.attempts > 1:
            self.outcome.retries += 1
        self.attempt.final = self.attempts_this_call > self.max_retries

    def on_response(self, response: Any) -> None:
        self.outcome.requests += 1
        self.outcome.usage.add(getattr(response, "usage", None))

    def on_error(self, error: Exception, *_: Any, **__: Any) -> None:
        import openai

        # Only a request the server answered is an LLM call; one that got no answer is counted apart.
        if isinstance(error, openai.APIConnectionError) or _unreachable(error) is not None:
            self.outcome.connection_failures += 1
        else:
            self.outcome.requests += 1


async def ask(
    client: AsyncInstructor,
    messages: list[dict[str, str]],
    response_model: type[M],
    settings: Settings,
    check: Callable[[M, bool], None] | None = None,
) -> CallOutcome[M]:
    """One validated answer: invalid answers re-asked (instructor), transport faults retried (tenacity).

    `check` runs after the model's own validators and is told when the last attempt is under way,
    so it can accept there what the caller will then drop and count (ungrounded quotes).
    """
    from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_after_delay

    outcome: CallOutcome[M] = CallOutcome()
    attempt = Attempt(check)  # type: ignore[arg-type]  # Attempt holds checks of any response model
    counter = _Counter(outcome, attempt, settings.max_retries)
    hooks = counter.hooks()

    retrying = AsyncRetrying(
        retry=retry_if_exception(_transient),
        wait=_wait,
        stop=stop_after_attempt(settings.transport_attempts) | stop_after_delay(settings.transport_deadline),
        reraise=True,
    )
    token = _ATTEMPT.set(attempt)
    try:
        async for retry in retrying:
            with retry:
                counter.attempts_this_call = 0  # a new transport attempt: instructor's re-asks start over
                outcome.value = await client.create(
                    response_model=prepared(response_model),
                    messages=messages,  # type: ignore[arg-type]
                    model=settings.model,
                    temperature=settings.temperature,
                    max_retries=settings.max_retries,
                    hooks=hooks,
                )
    except Exception as exc:
        unreachable = _unreachable(exc)
        if unreachable is not None:
            raise unreachable from None  # the whole run stops: every other request would fail alike
        outcome.value = None
        outcome.error = _describe(exc)
    finally:
        _ATTEMPT.reset(token)
    return outcome
