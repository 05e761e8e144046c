"""instructor over the openai SDK: one validated Extraction per article, transport faults retried.

openai and instructor are imported inside functions: `summarizer --help` and offline runs
served from the cache never pay for them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, create_model, model_validator

from summarizer.llm.config import Settings
from summarizer.llm.key import response_schema
from summarizer.llm.transport import backoff, bounded_transport, transient

if TYPE_CHECKING:
    from instructor import AsyncInstructor

M = TypeVar("M", bound=BaseModel)

NO_KEY_PLACEHOLDER = "not-needed"  # local servers ignore the key, but the SDK insists on one


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
    repairs: list[str] = field(default_factory=list)  # what salvage dropped or nulled, one line each


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
        http_client=openai.DefaultAsyncHttpx2Client(transport=bounded_transport(settings.concurrency)),
    )
    client = instructor.from_openai(raw, mode=modes[settings.mode])
    assert isinstance(client, instructor.AsyncInstructor)
    return client


def request_options(model: type[BaseModel], settings: Settings) -> dict[str, Any]:
    """Request parameters beyond instructor's own: the seed, the answer's length bound, and for `json_object`
    the response_format llama-cpp-python's server takes in place of json_schema.

    `extra_body` is merged over the request instructor builds, so the json_schema response_format
    of instructor's JSON_SCHEMA mode goes out as {"type": "json_object", "schema": ...}: the same
    compact schema, which the server turns into a grammar.
    """
    options: dict[str, Any] = {}
    if settings.seed is not None:
        options["seed"] = settings.seed
    if settings.max_tokens is not None:
        options["max_tokens"] = settings.max_tokens
    if settings.mode == "json_object":
        options["extra_body"] = {"response_format": {"type": "json_object", "schema": response_schema(model)}}
    return options


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


# Repairs an answer still invalid after the last re-ask, given its parsed JSON: the value to keep
# and one line per repair, or None when nothing is usable (see contracts/salvage.py).
Salvage = Callable[[Any], "tuple[M, list[str]] | None"]


async def ask(
    client: AsyncInstructor,
    messages: list[dict[str, str]],
    response_model: type[M],
    settings: Settings,
    check: Callable[[M, bool], None] | None = None,
    salvage: Salvage[M] | None = None,
) -> CallOutcome[M]:
    """One validated answer: invalid answers re-asked (instructor), transport faults retried (tenacity).

    `check` runs after the model's own validators and is told when the last attempt is under way,
    so it can accept there what the caller will then drop and count (ungrounded quotes). Re-asks
    stop early when the model repeats its previous answer word for word (at temperature 0 it
    will not change its mind); an answer still invalid then is handed to `salvage`, if given.
    """
    from instructor.core.hooks import Hooks
    from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_after_delay

    outcome: CallOutcome[M] = CallOutcome()
    attempt = Attempt(check)  # type: ignore[arg-type]  # Attempt holds checks of any response model
    answers: list[str] = []  # this call's answers as text, newest last

    def on_request(*_: Any, **__: Any) -> None:
        outcome.requests += 1
        if outcome.requests > 1:
            outcome.retries += 1
        attempt.final = len(answers) >= settings.max_retries

    def on_response(response: Any) -> None:
        outcome.usage.add(getattr(response, "usage", None))
        answers.append(answer_text(response))

    hooks = Hooks()
    hooks.on("completion:kwargs", on_request)
    hooks.on("completion:response", on_response)

    retrying = AsyncRetrying(
        retry=retry_if_exception(lambda exc: transient(exc, settings.retry_timeouts)),
        wait=backoff,
        stop=stop_after_attempt(settings.transport_attempts) | stop_after_delay(settings.transport_deadline),
        reraise=True,
    )
    token = _ATTEMPT.set(attempt)
    try:
        async for retry in retrying:
            with retry:
                answers.clear()
                outcome.value = await client.create(
                    response_model=prepared(response_model),
                    messages=messages,  # type: ignore[arg-type]
                    model=settings.model,
                    temperature=settings.temperature,
                    max_retries=_reasks(settings.max_retries, answers),
                    hooks=hooks,
                    **request_options(response_model, settings),
                )
    except Exception as exc:
        outcome.value = None
        outcome.error = _describe(exc)
        if salvage is not None and answers and _invalid_answer(exc):
            _salvage_last(outcome, answers[-1], salvage, check)
    finally:
        _ATTEMPT.reset(token)
    return outcome


def _reasks(max_retries: int, answers: list[str]) -> Any:
    """instructor's re-ask loop: at most `max_retries` re-asks, none after an answer that repeats
    the one before it."""
    import json

    from instructor.core.exceptions import AsyncValidationError, ResponseParsingError
    from pydantic import ValidationError
    from tenacity import AsyncRetrying, retry_if_exception_type

    def stop(state: Any) -> bool:
        repeated = len(answers) >= 2 and answers[-1] == answers[-2]
        return bool(state.attempt_number > max_retries or repeated)

    return AsyncRetrying(
        stop=stop,
        retry=retry_if_exception_type((ValidationError, json.JSONDecodeError, AsyncValidationError, ResponseParsingError)),
        reraise=True,
    )


def _invalid_answer(exc: BaseException) -> bool:
    """Whether instructor gave up because the answers were invalid (not for a transport fault):
    pydantic's ValidationError, JSON decoding and instructor's parsing errors are all ValueErrors."""
    return isinstance(exc.__cause__, ValueError)


def _salvage_last(
    outcome: CallOutcome[M], answer: str, salvage: Salvage[M], check: Callable[[M, bool], None] | None
) -> None:
    """Keep what `salvage` can repair of the last answer, passed through `check` as a last attempt
    is; the error stands when nothing is usable."""
    import json

    try:
        data = json.loads(_json_part(answer))
    except ValueError:
        return
    repaired = salvage(data)
    if repaired is None:
        return
    value, repairs = repaired
    if check is not None:
        try:
            check(value, True)
        except ValueError:
            return  # a check that refuses even a last attempt: the error stands
    outcome.value, outcome.repairs, outcome.error = value, repairs, None


def answer_text(response: Any) -> str:
    """The answer of a chat completion as text: the tool call's arguments, else the message content."""
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return ""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments or "")
    return str(getattr(message, "content", None) or "")


def _json_part(text: str) -> str:
    """The JSON object in an answer, without a Markdown code fence or prose around it (MD_JSON)."""
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text
