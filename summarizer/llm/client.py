"""instructor over the openai SDK: one validated Extraction per article, transport faults retried.

openai and instructor are imported inside functions: `summarizer --help` and offline runs
served from the cache never pay for them.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, create_model, model_validator

from summarizer.llm.config import ModelConfig, shown_url
from summarizer.llm.key import response_schema
from summarizer.llm.outcome import CallOutcome, Usage
from summarizer.llm.reask import Salvage, answer_text, cut_off, invalid_answer, reask_loop, salvaged
from summarizer.llm.transport import EndpointUnreachable, backoff, bounded_transport, transient, unreachable

if TYPE_CHECKING:
    from instructor import AsyncInstructor

__all__ = ["CallOutcome", "EndpointUnreachable", "Salvage", "Usage", "ask", "make_client"]

M = TypeVar("M", bound=BaseModel)

NO_KEY_PLACEHOLDER = "not-needed"  # local servers ignore the key, but the SDK insists on one


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


def instructor_mode(mode: str) -> Any:
    """instructor's mode for ours; `auto` must be settled first (llm/detect.py, or json_schema for batches)."""
    import instructor

    modes = {
        "tools": instructor.Mode.TOOLS,
        "json_schema": instructor.Mode.JSON_SCHEMA,
        # Parsed and re-asked as JSON_SCHEMA; only the response_format on the wire differs (request_options).
        "json_object": instructor.Mode.JSON_SCHEMA,
        "md_json": instructor.Mode.MD_JSON,
    }
    if mode not in modes:
        raise ValueError(f"mode {mode!r} must be resolved before a request is built (llm.detect)")
    return modes[mode]


def make_client(model: ModelConfig, concurrency: int) -> AsyncInstructor:
    """An async instructor client for the model's endpoint and mode, `concurrency` requests on the wire."""
    import instructor
    import openai

    quiet_instructor_logging()
    mode = instructor_mode(model.mode)
    raw = openai.AsyncOpenAI(
        api_key=model.api_key or NO_KEY_PLACEHOLDER,
        base_url=model.base_url,
        max_retries=0,  # transport retries are ours (tenacity), so each one is counted
        timeout=model.timeout,
        http_client=openai.DefaultAsyncHttpx2Client(transport=bounded_transport(concurrency, shown_url(model.base_url))),
    )
    client = instructor.from_openai(raw, mode=mode)
    assert isinstance(client, instructor.AsyncInstructor)
    return client


def quiet_instructor_logging() -> None:
    """instructor logs every failed attempt at ERROR, and we retry, count and report each of them
    ourselves: its retry logger keeps only what it would not also raise to us (nothing), and the
    rest of instructor speaks from WARNING up."""
    logging.getLogger("instructor").setLevel(logging.WARNING)
    logging.getLogger("instructor.v2.retry").setLevel(logging.CRITICAL)


def request_options(response_model: type[BaseModel], model: ModelConfig) -> dict[str, Any]:
    """Request parameters beyond instructor's own: the seed, the answer's length bound, and for
    `json_object` the response_format llama-cpp-python's server takes in place of json_schema.

    `extra_body` is merged over the request instructor builds, so the json_schema response_format
    of instructor's JSON_SCHEMA mode goes out as {"type": "json_object", "schema": ...}: the same
    compact schema, which the server turns into a grammar.
    """
    options: dict[str, Any] = {}
    if model.seed is not None:
        options["seed"] = model.seed
    if model.max_tokens is not None:
        options["max_tokens"] = model.max_tokens
    if model.mode == "json_object":
        options["extra_body"] = {"response_format": {"type": "json_object", "schema": response_schema(response_model)}}
    return options


def _describe(exc: BaseException) -> str:
    """A one-line reason for the user; never includes request headers (the key lives there)."""
    cause = exc.__cause__ or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    text = " ".join(lines[:3]) if lines else type(cause).__name__
    attempts = getattr(exc, "n_attempts", None)
    prefix = f"no valid answer in {attempts} attempts: " if attempts and attempts > 1 else ""
    hint = " (this server takes --mode json_object)" if "json_object" in text and "json_schema" in text else ""
    return f"{prefix}{type(cause).__name__}: {text}"[: 300 - len(hint)] + hint


class _Counter:
    """instructor hooks that count what one call cost: answered requests, unanswered ones, retries."""

    def __init__(self, outcome: CallOutcome[Any], attempt: Attempt, max_retries: int) -> None:
        self.outcome, self.attempt, self.max_retries = outcome, attempt, max_retries
        self.attempts = self.attempts_this_call = 0
        self.answers: list[str] = []  # this transport attempt's answers as text, newest last

    def start_over(self) -> None:
        """A new transport attempt: instructor's re-asks start over."""
        self.attempts_this_call = 0
        self.answers.clear()

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
        self.answers.append(answer_text(response))

    def on_error(self, error: Exception, *_: Any, **__: Any) -> None:
        import openai

        # Only a request the server answered is an LLM call; one that got no answer is counted apart.
        if isinstance(error, openai.APIConnectionError) or unreachable(error) is not None:
            self.outcome.connection_failures += 1
        else:
            self.outcome.requests += 1


async def ask(
    client: AsyncInstructor,
    messages: list[dict[str, str]],
    response_model: type[M],
    model: ModelConfig,
    check: Callable[[M, bool], None] | None = None,
    salvage: Salvage[M] | None = None,
) -> CallOutcome[M]:
    """One validated answer: invalid answers re-asked (instructor), transport faults retried (tenacity).

    `check` runs after the model's own validators and is told when the last attempt is under way,
    so it can accept there what the caller will then drop and count (ungrounded quotes). Re-asks
    stop early when the model repeats its previous answer word for word; an answer still invalid
    then is handed to `salvage`, if given (llm/reask.py).
    """
    from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_after_delay

    outcome: CallOutcome[M] = CallOutcome()
    attempt = Attempt(check)  # type: ignore[arg-type]  # Attempt holds checks of any response model
    counter = _Counter(outcome, attempt, model.max_retries)
    hooks = counter.hooks()

    retrying = AsyncRetrying(
        retry=retry_if_exception(lambda exc: transient(exc, model.retry_timeouts)),
        wait=backoff,
        stop=stop_after_attempt(model.transport_attempts) | stop_after_delay(model.transport_deadline),
        reraise=True,
    )
    token = _ATTEMPT.set(attempt)
    try:
        async for retry in retrying:
            with retry:
                counter.start_over()
                outcome.value = await client.create(
                    response_model=prepared(response_model),
                    messages=messages,  # type: ignore[arg-type]
                    model=model.name,
                    temperature=model.temperature,
                    max_retries=reask_loop(model.max_retries, counter.answers),
                    hooks=hooks,
                    **request_options(response_model, model),
                )
    except Exception as exc:
        stopped = unreachable(exc)
        if stopped is not None:
            raise stopped from None  # the whole run stops: every other request would fail alike
        outcome.value = None
        outcome.error = _describe(exc)
        kept = None
        if salvage is not None and counter.answers and (invalid_answer(exc) or cut_off(exc)):
            kept = salvaged(counter.answers[-1], salvage, check, truncated=cut_off(exc))
        if kept is not None:
            (outcome.value, outcome.repairs), outcome.error = kept, None
    finally:
        _ATTEMPT.reset(token)
    return outcome
