"""Batch JSONL: request lines built exactly as the realtime request, files split at the API's limits,
and result lines parsed and validated exactly as a realtime answer.

The same file format serves OpenAI's Batch API and `vllm run-batch`. instructor and openai are
imported inside functions, as in `client`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic import BaseModel

from summarizer.llm.client import Usage, checking, instructor_mode, prepared, request_options
from summarizer.llm.config import ModelConfig

M = TypeVar("M", bound=BaseModel)

ENDPOINT = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"  # the only window the Batch API offers
MAX_REQUESTS = 50_000  # per input file (OpenAI Batch API)
MAX_BYTES = 200 * 1024 * 1024  # per input file (OpenAI Batch API)


class BatchFileError(ValueError):
    """A request or result file that cannot be used; the message names the file and line."""


@lru_cache(maxsize=4)
def _handlers(mode: str) -> Any:
    from instructor.v2.core.providers import Provider
    from instructor.v2.core.registry import mode_registry

    return mode_registry.get_handlers(Provider.OPENAI, instructor_mode(mode))


def request_body(messages: list[dict[str, str]], response_model: type[BaseModel], model: ModelConfig) -> dict[str, Any]:
    """The chat-completions body `client.ask` sends for this request, built by the steps instructor's
    `create` takes (the mode's request handler, then its message conversion), not by a copy of them."""
    handlers = _handlers(model.mode)
    options = request_options(response_model, model)  # the seed the key is made of, max_tokens, extra_body
    extra = options.pop("extra_body", {})
    kwargs: dict[str, Any] = {"messages": messages, "model": model.name, "temperature": model.temperature}
    _, body = handlers.request_handler(response_model=prepared(response_model), kwargs=kwargs | options)
    if handlers.message_converter and "messages" in body:
        body["messages"] = handlers.message_converter(body["messages"], autodetect_images=False)
    merged: dict[str, Any] = dict(body)
    merged.update(extra)  # as the openai SDK merges extra_body over the request
    return merged


def request_line(custom_id: str, body: dict[str, Any]) -> bytes:
    """One line of a batch input file."""
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def write_request_files(
    lines: Iterable[tuple[str, bytes]],
    directory: Path,
    stem: str,
    max_requests: int = MAX_REQUESTS,
    max_bytes: int = MAX_BYTES,
) -> list[tuple[Path, list[str]]]:
    """Write (custom_id, line) pairs to `stem-001.jsonl`, `stem-002.jsonl`, … in `directory`, starting a
    new file before either limit is passed; each file with its custom_ids. Lines are streamed to disk,
    never held together, so a day of any size needs the memory of one request."""
    directory.mkdir(parents=True, exist_ok=True)
    files: list[tuple[Path, list[str]]] = []
    out: BinaryIO | None = None
    size = 0
    try:
        for custom_id, line in lines:
            if len(line) > max_bytes:
                raise BatchFileError(f"request {custom_id} is {len(line)} bytes, over the {max_bytes}-byte file limit")
            if out is None or len(files[-1][1]) >= max_requests or size + len(line) > max_bytes:
                if out is not None:
                    out.close()
                path = directory / f"{stem}-{len(files) + 1:03d}.jsonl"
                out, size = path.open("wb"), 0
                files.append((path, []))
            out.write(line)
            size += len(line)
            files[-1][1].append(custom_id)
    finally:
        if out is not None:
            out.close()
    return files


@dataclass
class ResultRow:
    """One line of a batch output or error file: a completion body, or why there is none."""

    custom_id: str | None
    body: dict[str, Any] | None = None
    error: str | None = None
    code: str | None = None  # batch_expired, batch_cancelled, an HTTP status, …


def parse_result_line(text: str, where: str) -> ResultRow:
    """A result line as OpenAI and vLLM write it: {custom_id, response: {status_code, body}, error}."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        return ResultRow(None, error=f"{where} is not JSON: {exc}", code="unreadable")
    if not isinstance(doc, dict) or not isinstance(doc.get("custom_id"), str):
        return ResultRow(None, error=f"{where} has no custom_id", code="unreadable")
    custom_id = doc["custom_id"]
    error = doc.get("error")
    if isinstance(error, dict):
        code = str(error.get("code") or "error")
        return ResultRow(custom_id, error=f"{code}: {error.get('message') or 'no message'}", code=code)
    response = doc.get("response")
    if not isinstance(response, dict) or not isinstance(response.get("body"), dict):
        return ResultRow(custom_id, error=f"{where} has neither a response nor an error", code="unreadable")
    status = response.get("status_code")
    body = response["body"]
    if status != 200:
        detail = body.get("error", {}).get("message") if isinstance(body.get("error"), dict) else None
        return ResultRow(custom_id, error=f"HTTP {status}: {detail or 'no message'}", code=str(status))
    return ResultRow(custom_id, body=body)


def read_results(lines: Iterable[str], source: str) -> Iterator[ResultRow]:
    """Every non-empty line of a result file, parsed; unreadable lines become rows with an error."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield parse_result_line(line, f"line {number} of {source}")


@dataclass
class Checked:
    """A result row after validation: the answer, or the reason it was refused (with what a re-ask needs)."""

    value: BaseModel | None = None
    error: str | None = None
    usage: Usage = field(default_factory=Usage)
    completion: Any = None
    exception: Exception | None = None


def check_row(
    row: ResultRow,
    response_model: type[BaseModel],
    model: ModelConfig,
    check: Callable[[Any, bool], None] | None,
    final: bool,
) -> Checked:
    """Validate a result body with instructor's response parser for the mode and the request's check,
    as `ask` validates a realtime answer (`final`: no re-ask will follow, as on `ask`'s last attempt)."""
    checked = Checked(error=row.error)
    if row.body is None:
        return checked
    from openai.types.chat import ChatCompletion

    try:
        completion = ChatCompletion.model_validate(row.body)
    except ValueError as exc:
        checked.error = f"not a chat completion: {str(exc).splitlines()[0]}"
        return checked
    checked.completion = completion
    checked.usage.add(completion.usage)
    try:
        with checking(check, final):
            value = _handlers(model.mode).response_parser(
                response=completion,
                response_model=prepared(response_model),
                validation_context=None,
                strict=True,  # instructor's default in `create`, which `ask` uses
                stream=False,
                is_async=False,
            )
    except Exception as exc:  # instructor raises ValidationError, IncompleteOutputException, ValueError…
        checked.exception = exc
        checked.error = f"{type(exc).__name__}: {' '.join(str(exc).split())[:240]}"
        return checked
    checked.value = value  # an instance of the wrapped response model, as `ask` returns it
    checked.error = None
    return checked


def reask_messages(
    messages: list[dict[str, str]], checked: Checked, response_model: type[BaseModel], model: ModelConfig
) -> list[dict[str, Any]]:
    """The conversation a realtime re-ask sends: the refused answer and the validation message appended,
    formatted by instructor's re-ask handler for the mode (as the realtime retry loop does)."""
    from instructor.v2.core.response import handle_reask_kwargs

    body = request_body(messages, response_model, model)
    assert checked.completion is not None and checked.exception is not None
    kwargs = handle_reask_kwargs(body, instructor_mode(model.mode), checked.completion, checked.exception)
    reasked: list[dict[str, Any]] = kwargs["messages"]
    return reasked
