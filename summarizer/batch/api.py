"""The Files and Batches endpoints through the openai SDK: upload, create, list, retrieve, cancel,
download; each at the endpoint its batch was submitted to unless one is configured (`reach`), and
every failure to get an answer from it a BatchAPIError that names it (never a key)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.batch.files import COMPLETION_WINDOW, ENDPOINT
from summarizer.batch.store import StoredBatch
from summarizer.llm.client import NO_KEY_PLACEHOLDER
from summarizer.llm.config import ConfigError, ModelConfig, shown_url

if TYPE_CHECKING:
    from openai import OpenAI

RUNNING = ("validating", "in_progress", "finalizing", "cancelling")
SDK_RETRIES = 5  # 429/5xx/connection faults while polling are the SDK's to retry, with its backoff
ONE_LOOK_RETRIES = 2  # for a command that asks once (status, cancel): an answer in seconds, not half a minute
LIST_PAGE = 100  # the Batches list's largest page


class BatchAPIError(ConfigError):
    """The Batch API gave no usable answer: unreachable, or it refused (`refused`: it answered with an
    error status, so what was asked did not happen). The message names the endpoint."""

    def __init__(self, message: str, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


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
    input_file_id: str | None = None
    created_at: int = 0
    known: bool = True  # False: the API asked does not know the batch (another key or endpoint, or deleted)

    @property
    def running(self) -> bool:
        return self.status in RUNNING


def reach(model: ModelConfig, endpoint: str) -> ModelConfig:
    """The model config that reaches a batch submitted to `endpoint` (as stored; "" when unknown).

    A configured base URL (--base-url or OPENAI_BASE_URL) says where to ask, whatever the batch
    remembers. Without one, the batch's own endpoint is asked, without the key: a key configured
    without a base URL is OpenAI's, and goes to OpenAI's API only.
    """
    if model.base_url or not endpoint or endpoint == shown_url(model.base_url):
        return model
    return replace(model, base_url=endpoint, api_key=None)


def asked_model(model: ModelConfig, batch: StoredBatch | None) -> ModelConfig:
    """The model, mode and endpoint a stored batch was sent with (the configured ones for a batch the
    store lacks or an exported file)."""
    if batch is None:
        return model
    return replace(reach(model, batch.endpoint), name=batch.model, mode=batch.mode)


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
        input_file_id=batch.input_file_id,
        created_at=int(batch.created_at or 0),
    )


class BatchAPI:
    """The Files and Batches endpoints of one server, through a plain (not instructor) openai client."""

    def __init__(self, model: ModelConfig, retries: int = SDK_RETRIES) -> None:
        import openai

        self.url = shown_url(model.base_url)
        self._key = model.api_key
        self.client: OpenAI = openai.OpenAI(
            api_key=model.api_key or NO_KEY_PLACEHOLDER,
            base_url=model.base_url,
            max_retries=retries,
            timeout=model.timeout,
        )

    @contextmanager
    def _asking(self, what: str) -> Iterator[None]:
        """Turn the SDK's failures (after its own retries) into a BatchAPIError naming the endpoint."""
        import openai

        try:
            yield
        except openai.APIStatusError as exc:
            hint = (
                "; a key goes only to the endpoint it is configured for: give --base-url (and OPENAI_API_KEY) for this one"
                if exc.status_code in (401, 403)
                else ""
            )
            raise BatchAPIError(
                f"the Batch API at {self.url} refused to {what} (HTTP {exc.status_code}: {self._clean(exc.message)}){hint}",
                refused=True,
            ) from exc
        except openai.APIError as exc:  # no connection, a timeout, an answer that is not the API's
            raise BatchAPIError(
                f"cannot reach the Batch API at {self.url} to {what} ({self._clean(exc.message)}). Check --base-url "
                "or OPENAI_BASE_URL and that the server is running. Nothing is lost: the cache keeps its batches "
                "(`summarizer batch status --local` lists them), and `batch wait` or the same command again takes "
                "them up."
            ) from exc

    def _clean(self, message: str) -> str:
        text = " ".join(str(message).split())[:300]
        return text.replace(self._key, "[key]") if self._key else text

    def upload(self, path: Path) -> str:
        """Upload a request file with purpose "batch"; its file id."""
        with self._asking(f"upload {path.name}"), path.open("rb") as handle:
            return self.client.files.create(file=(path.name, handle, "application/jsonl"), purpose="batch").id

    def create(self, input_file_id: str, description: str) -> BatchInfo:
        """Start a batch over an uploaded file, in the 24-hour window."""
        with self._asking(f"create a batch of {input_file_id}"):
            batch = self.client.batches.create(
                input_file_id=input_file_id,
                endpoint=ENDPOINT,  # type: ignore[arg-type]  # a Literal in the SDK; ours is that literal
                completion_window=COMPLETION_WINDOW,  # type: ignore[arg-type]
                metadata={"description": description[:500]},
            )
        return _info(batch)

    def find(self, input_file_id: str, since: float) -> BatchInfo | None:
        """The batch started over `input_file_id`, looked for among those created since `since` (the
        list comes newest first), or None."""
        with self._asking(f"list batches to find the one of {input_file_id}"):
            for batch in self.client.batches.list(limit=LIST_PAGE):
                if batch.input_file_id == input_file_id:
                    return _info(batch)
                if batch.created_at and batch.created_at < since:
                    return None
        return None

    def retrieve(self, batch_id: str, submitted_to: str = "") -> BatchInfo:
        """The batch's state; one the API does not know (another key or endpoint, or deleted) has failed,
        and the problem says where it was `submitted_to` when that is elsewhere."""
        import openai

        with self._asking(f"look up batch {batch_id}"):
            try:
                return _info(self.client.batches.retrieve(batch_id))
            except openai.NotFoundError:
                problem = f"the Batch API at {self.url} does not know this batch"
                if submitted_to and submitted_to != self.url:
                    problem += f"; it was submitted to {submitted_to}: ask there (that --base-url, or none)"
                return BatchInfo(batch_id, "failed", problem=problem, known=False)

    def cancel(self, batch_id: str) -> BatchInfo:
        with self._asking(f"cancel batch {batch_id}"):
            return _info(self.client.batches.cancel(batch_id))

    def result_lines(self, file_id: str) -> Iterator[str]:
        """The lines of an output or error file, streamed rather than held whole."""
        with self._asking(f"download {file_id}"), self.client.files.with_streaming_response.content(file_id) as got:
            yield from got.iter_lines()


class Endpoints:
    """The Batch API each stored batch is asked at (`reach`), one client per endpoint."""

    def __init__(self, model: ModelConfig, retries: int = SDK_RETRIES) -> None:
        self.model = model
        self.retries = retries
        self._apis: dict[tuple[str | None, str | None], BatchAPI] = {}

    def api(self, batch: StoredBatch | None = None) -> BatchAPI:
        """The API of `batch`; with none, the configured one (where new batches go)."""
        model = reach(self.model, batch.endpoint) if batch is not None else self.model
        which = (model.base_url, model.api_key)
        if which not in self._apis:
            self._apis[which] = BatchAPI(model, self.retries)
        return self._apis[which]
