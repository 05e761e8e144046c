"""instructor over the openai SDK: one validated Extraction per article, transport faults retried.

openai and instructor are imported inside functions: `summarizer --help` and offline runs
served from the cache never pay for them.
"""

from __future__ import annotations

import asyncio
import copy
import random
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, create_model, model_validator

from summarizer.llm.config import Settings
from summarizer.llm.key import response_schema

if TYPE_CHECKING:
    from instructor import AsyncInstructor
    from tenacity import RetryCallState

M = TypeVar("M", bound=BaseModel)

NO_KEY_PLACEHOLDER = "not-needed"  # local servers ignore the key, but the SDK insists on one
RETRY_AFTER_CAP = 60.0


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
    requests: int = 0
    retries: int = 0
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


def _run_check(value: BaseModel) -> BaseModel:
    attempt = _ATTEMPT.get()
    if attempt is not None and attempt.check is not None:
        attempt.check(value, attempt.final)
    return value


def make_client(settings: Settings) -> AsyncInstructor:
    """An async instructor client for the configured endpoint and mode."""
    import instructor
    import openai

    modes = {
        "tools": instructor.Mode.TOOLS,
        "json_schema": instructor.Mode.JSON_SCHEMA,
        # Parsed and re-asked as JSON_SCHEMA; only the response_format on the wire differs (see `ask`).
        "json_object": instructor.Mode.JSON_SCHEMA,
        "md_json": instructor.Mode.MD_JSON,
    }
    if settings.mode not in modes:
        raise ValueError(f"mode {settings.mode!r} must be resolved before a client is made (llm.detect)")
    raw = openai.AsyncOpenAI(
        api_key=settings.api_key or NO_KEY_PLACEHOLDER,
        base_url=settings.base_url,
        max_retries=0,  # transport retries are ours (tenacity), so each one is counted
        timeout=settings.timeout,
        http_client=openai.DefaultAsyncHttpx2Client(transport=_bounded_transport(settings.concurrency)),
    )
    client = instructor.from_openai(raw, mode=modes[settings.mode])
    assert isinstance(client, instructor.AsyncInstructor)
    return client


def _bounded_transport(limit: int) -> Any:
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


def request_options(model: type[BaseModel], settings: Settings) -> dict[str, Any]:
    """Request parameters beyond instructor's own: the answer's length bound, and for `json_object`
    the response_format llama-cpp-python's server takes in place of json_schema.

    `extra_body` is merged over the request instructor builds, so the json_schema response_format
    of instructor's JSON_SCHEMA mode goes out as {"type": "json_object", "schema": ...}: the same
    compact schema, which the server turns into a grammar.
    """
    options: dict[str, Any] = {}
    if settings.max_tokens is not None:
        options["max_tokens"] = settings.max_tokens
    if settings.mode == "json_object":
        options["extra_body"] = {"response_format": {"type": "json_object", "schema": response_schema(model)}}
    return options


def _transient(exc: BaseException, retry_timeouts: bool = True) -> bool:
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
    hint = ""
    if "json_object" in text and "json_schema" in text:
        hint = " (this server takes --mode json_object)"
    return f"{prefix}{type(cause).__name__}: {text}"[: 300 - len(hint)] + hint


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
    from instructor.core.hooks import Hooks
    from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_after_delay

    outcome: CallOutcome[M] = CallOutcome()
    attempt = Attempt(check)  # type: ignore[arg-type]  # Attempt holds checks of any response model
    attempts_this_call = 0

    def on_request(*_: Any, **__: Any) -> None:
        nonlocal attempts_this_call
        attempts_this_call += 1
        outcome.requests += 1
        if outcome.requests > 1:
            outcome.retries += 1
        attempt.final = attempts_this_call > settings.max_retries

    def on_response(response: Any) -> None:
        outcome.usage.add(getattr(response, "usage", None))

    hooks = Hooks()
    hooks.on("completion:kwargs", on_request)
    hooks.on("completion:response", on_response)

    retrying = AsyncRetrying(
        retry=retry_if_exception(lambda exc: _transient(exc, settings.retry_timeouts)),
        wait=_wait,
        stop=stop_after_attempt(settings.transport_attempts) | stop_after_delay(settings.transport_deadline),
        reraise=True,
    )
    token = _ATTEMPT.set(attempt)
    try:
        async for retry in retrying:
            with retry:
                attempts_this_call = 0
                outcome.value = await client.create(
                    response_model=prepared(response_model),
                    messages=messages,  # type: ignore[arg-type]
                    model=settings.model,
                    temperature=settings.temperature,
                    max_retries=settings.max_retries,
                    hooks=hooks,
                    **request_options(response_model, settings),
                )
    except Exception as exc:
        outcome.value = None
        outcome.error = _describe(exc)
    finally:
        _ATTEMPT.reset(token)
    return outcome
