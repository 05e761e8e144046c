"""After an invalid answer: how often the model is asked again, and what is kept of the last answer.

instructor sends an invalid answer back with the validation message. On a small local model each
re-ask is minutes of CPU, and at temperature 0 a model that repeats its previous answer word for
word will not change its mind: the loop stops there. What is valid of the last answer is then kept
by the request's salvage policy (contracts/salvage.py for extractions), each repair named.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

# Repairs an answer still invalid after the last re-ask, given its parsed JSON: the value to keep
# and one line per repair, or None when nothing is usable.
Salvage = Callable[[Any], "tuple[M, list[str]] | None"]


def reask_loop(max_retries: int, answers: list[str]) -> Any:
    """instructor's re-ask loop (a tenacity AsyncRetrying): at most `max_retries` re-asks, none
    after an answer that repeats the one before it. `answers` is filled as answers come in."""
    from instructor.core.exceptions import AsyncValidationError, ResponseParsingError
    from pydantic import ValidationError
    from tenacity import AsyncRetrying, retry_if_exception_type

    def stop(state: Any) -> bool:
        repeated = len(answers) >= 2 and answers[-1] == answers[-2]
        return bool(state.attempt_number > max_retries or repeated)

    return AsyncRetrying(
        stop=stop,
        retry=retry_if_exception_type(
            (ValidationError, json.JSONDecodeError, AsyncValidationError, ResponseParsingError)
        ),
        reraise=True,
    )


def invalid_answer(exc: BaseException) -> bool:
    """Whether instructor gave up because the answers were invalid (not for a transport fault):
    pydantic's ValidationError, JSON decoding and instructor's parsing errors are all ValueErrors."""
    return isinstance(exc.__cause__, ValueError)


def cut_off(exc: BaseException) -> bool:
    """Whether the answer stopped at the length limit (finish_reason "length"): a model looping
    until its context is full, or an answer longer than the server allows."""
    from instructor.core.exceptions import IncompleteOutputException

    return isinstance(exc, IncompleteOutputException)


def salvaged(
    answer: str, salvage: Salvage[M], check: Callable[[M, bool], None] | None, truncated: bool = False
) -> tuple[M, list[str]] | None:
    """What `salvage` keeps of the last answer, passed through `check` as a last attempt is, with
    its repairs; None when nothing is usable. A `truncated` answer is read up to where it stops
    (unfinished strings and items left out), and says so among the repairs."""
    from pydantic_core import from_json

    try:
        data = (
            from_json(answer[max(answer.find("{"), 0) :], allow_partial=True)
            if truncated
            else json.loads(_json_part(answer))
        )
    except ValueError:
        return None
    kept = salvage(data)
    if kept is None:
        return None
    if truncated:
        kept = (kept[0], ["answer cut off at the length limit: only the items it completed are kept", *kept[1]])
    if check is not None:
        try:
            check(kept[0], True)
        except ValueError:
            return None  # a check that refuses even a last attempt: nothing is kept
    return kept


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
