"""The Files and Batches endpoints through the openai SDK: upload, create, retrieve, cancel, download."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.batch.files import COMPLETION_WINDOW, ENDPOINT
from summarizer.llm.client import NO_KEY_PLACEHOLDER
from summarizer.llm.config import ModelConfig

if TYPE_CHECKING:
    from openai import OpenAI

RUNNING = ("validating", "in_progress", "finalizing", "cancelling")
SDK_RETRIES = 5  # 429/5xx/connection faults while polling are the SDK's to retry, with its backoff


@dataclass
class BatchInfo:
    """What the API says about a batch."""

    id: str
    status: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    problem: str | None = None  # why a batch failed validation, when it did

    @property
    def running(self) -> bool:
        return self.status in RUNNING


def batch_client(model: ModelConfig) -> OpenAI:
    """A plain (not instructor) openai client for the Files and Batches endpoints."""
    import openai

    return openai.OpenAI(
        api_key=model.api_key or NO_KEY_PLACEHOLDER,
        base_url=model.base_url,
        max_retries=SDK_RETRIES,
        timeout=model.timeout,
    )


def _info(batch: Any) -> BatchInfo:
    counts = batch.request_counts
    errors = batch.errors.data if batch.errors is not None and batch.errors.data else []
    return BatchInfo(
        id=batch.id,
        status=batch.status,
        total=counts.total if counts else 0,
        completed=counts.completed if counts else 0,
        failed=counts.failed if counts else 0,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        problem="; ".join(f"{e.code}: {e.message}" for e in errors) or None,
    )


def upload(client: OpenAI, path: Path) -> str:
    """Upload a request file with purpose "batch"; its file id."""
    with path.open("rb") as handle:
        return client.files.create(file=(path.name, handle, "application/jsonl"), purpose="batch").id


def create(client: OpenAI, input_file_id: str, description: str) -> BatchInfo:
    """Start a batch over an uploaded file, in the 24-hour window."""
    batch = client.batches.create(
        input_file_id=input_file_id,
        endpoint=ENDPOINT,  # type: ignore[arg-type]  # a Literal in the SDK; ours is that literal
        completion_window=COMPLETION_WINDOW,  # type: ignore[arg-type]
        metadata={"description": description[:500]},
    )
    return _info(batch)


def retrieve(client: OpenAI, batch_id: str) -> BatchInfo:
    return _info(client.batches.retrieve(batch_id))


def cancel(client: OpenAI, batch_id: str) -> BatchInfo:
    return _info(client.batches.cancel(batch_id))


def result_lines(client: OpenAI, file_id: str) -> Iterator[str]:
    """The lines of an output or error file, streamed rather than held whole."""
    with client.files.with_streaming_response.content(file_id) as response:
        yield from response.iter_lines()
