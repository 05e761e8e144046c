"""A fake OpenAI Files + Batches server on 127.0.0.1 for tests and benchmarks.

It speaks the wire format the openai SDK uses (multipart upload to /v1/files, /v1/batches create,
retrieve and cancel, /v1/files/{id}/content). Each request line is answered by POSTing its body to a
chat-completions server (testsupport/fakeserver.py) over loopback, as a batch engine runs the model.

Batches advance only when polled, so tests are deterministic: every retrieve moves a batch one step
(validating → in_progress → … → finalizing → completed), processing `rows_per_poll` lines per step.
`hold()` freezes processing; expiry and cancellation end a batch with its unprocessed lines in the
error file, with the codes the Batch API uses (batch_expired, batch_cancelled): `stop_after` lines,
then `then` ("hold" until cancelled, or "expire").

`pause_at(n)` holds the reply to the n-th request once the server has acted on it, until `resume()`:
a test kills a client at that exact point (say, with its batch created but not yet recorded).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from testsupport.batchwire import ChatConnection, handler, multipart_file
from testsupport.fakeserver import ARTICLE_ID, QuietServer, serving

MAX_REQUESTS = 50_000
WORKERS = 8  # lines answered at once, as a batch engine runs many requests together


@dataclass
class FakeBatch:
    id: str
    input_file_id: str
    lines: list[dict[str, Any]]
    status: str = "validating"
    done: int = 0  # lines processed so far
    output: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    validation_error: str | None = None
    created_at: int = field(default_factory=lambda: int(time.time()))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "input_file_id": self.input_file_id,
            "completion_window": "24h",
            "status": self.status,
            "created_at": self.created_at,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "errors": {"object": "list", "data": [{"code": "invalid_file", "message": self.validation_error}]}
            if self.validation_error
            else None,
            "request_counts": {"total": len(self.lines), "completed": self.done - self.failed, "failed": self.failed},
        }


@dataclass
class FakeBatchServer:
    chat_url: str  # the chat-completions server that answers each line
    rows_per_poll: int = 1_000_000
    url: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, FakeBatch] = field(default_factory=dict)
    fail_rows: dict[str, int] = field(default_factory=dict)  # article id → HTTP status its line gets
    stop_after: int | None = None  # lines a batch processes before `then` happens
    then: str = "hold"  # "hold": stay in progress (until cancelled); "expire": run out of the window
    held: bool = False
    replies: int = 0  # requests acted on and about to be answered
    paused_at: int | None = None
    paused: threading.Event = field(default_factory=threading.Event)  # set while the paused reply waits
    resumed: threading.Event = field(default_factory=threading.Event)
    authorizations: set[str] = field(default_factory=set)  # every Authorization header seen
    polls: int = 0
    uploads: int = 0
    realtime: int = 0  # chat-completions requests passed through to the chat server
    processing_seconds: float = 0.0  # time spent answering lines: the simulated batch work
    busy_seconds: float = 0.0  # time spent in request handlers, processing included
    lock: threading.RLock = field(default_factory=threading.RLock)

    def pause_at(self, reply: int) -> None:
        """Hold the reply to the `reply`-th request (counting from 1) until `resume()`."""
        with self.lock:
            self.paused_at = reply
            self.paused.clear()
            self.resumed.clear()

    def resume(self) -> None:
        self.resumed.set()

    def replying(self, authorization: str | None) -> None:
        """Called with each request's Authorization header before its reply is sent: waits at the pause point."""
        with self.lock:
            self.replies += 1
            if authorization:
                self.authorizations.add(authorization)
            pause = self.replies == self.paused_at
        if pause:
            self.paused.set()
            self.resumed.wait(60)

    def hold(self, held: bool = True) -> None:
        """While held, a batch past validation stays in progress with nothing done (a long-running batch)."""
        with self.lock:
            self.held = held

    def add_file(self, content: bytes) -> str:
        with self.lock:
            file_id = f"file-{len(self.files) + 1:04d}"
            self.files[file_id] = content
            return file_id

    def upload(self, content_type: str, raw: bytes) -> tuple[int, dict[str, Any]]:
        content, purpose = multipart_file(content_type, raw)
        if purpose != "batch":
            return 400, {"error": {"message": f"purpose must be batch, not {purpose!r}"}}
        with self.lock:
            self.uploads += 1
        file_id = self.add_file(content)
        return 200, {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": 0,
            "filename": "batch.jsonl",
            "purpose": "batch",
            "status": "processed",
        }

    def realtime_request(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Realtime requests (re-asks of refused rows) share the base URL, as on api.openai.com."""
        with self.lock:
            self.realtime += 1
        chat = ChatConnection(self.chat_url)
        try:
            return chat.post(body)
        finally:
            chat.close()

    def create(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            if params.get("completion_window") != "24h" or params.get("endpoint") != "/v1/chat/completions":
                return 400, {"error": {"message": "completion_window must be 24h and endpoint chat completions"}}
            content = self.files.get(str(params.get("input_file_id")))
            if content is None:
                return 404, {"error": {"message": "no such file"}}
            batch = FakeBatch(f"batch_{len(self.batches) + 1:04d}", str(params["input_file_id"]), [])
            try:
                batch.lines = [json.loads(line) for line in content.decode("utf-8").splitlines() if line.strip()]
                ids = [line["custom_id"] for line in batch.lines]
                if len(set(ids)) != len(ids) or len(ids) > MAX_REQUESTS:
                    batch.validation_error = "custom_id values must be unique; at most 50,000 requests"
            except (ValueError, KeyError, TypeError) as exc:
                batch.validation_error = f"not a batch input file: {exc}"
            self.batches[batch.id] = batch
            return 200, batch.to_json()

    def list(self) -> dict[str, Any]:
        """Every batch, newest first, in one page (as the API lists them)."""
        with self.lock:
            data = [b.to_json() for b in sorted(self.batches.values(), key=lambda b: b.id, reverse=True)]
        return {"object": "list", "data": data, "first_id": None, "last_id": None, "has_more": False}

    def poll(self, batch_id: str) -> dict[str, Any]:
        with self.lock:
            self.polls += 1
            batch = self.batches[batch_id]
            if not self.held or batch.status == "validating":
                self._advance(batch)
            return batch.to_json()

    def cancel(self, batch_id: str) -> dict[str, Any]:
        with self.lock:
            batch = self.batches[batch_id]
            if batch.status in ("validating", "in_progress", "finalizing"):
                batch.status = "cancelling"
            return batch.to_json()

    def _advance(self, batch: FakeBatch) -> None:
        if batch.status == "validating":
            batch.status = "failed" if batch.validation_error else "in_progress"
        elif batch.status == "cancelling":
            self._end(batch, "cancelled", "batch_cancelled", "The batch was cancelled before this request executed.")
        elif batch.status == "in_progress" and self.stop_after is not None and batch.done >= self.stop_after:
            if self.then == "expire":
                self._end(
                    batch, "expired", "batch_expired", "This request could not be executed before the window ended."
                )
        elif batch.status == "in_progress":
            room = (
                self.rows_per_poll if self.stop_after is None else min(self.rows_per_poll, self.stop_after - batch.done)
            )
            self._process(batch, room)
            if batch.done == len(batch.lines):
                batch.status = "finalizing"
        elif batch.status == "finalizing":
            self._end(batch, "completed", "", "")

    def _process(self, batch: FakeBatch, count: int) -> None:
        """Answer the next `count` lines through the chat server, a few at a time, results in order."""
        started = time.perf_counter()
        local = threading.local()
        opened: list[ChatConnection] = []

        def answer(line: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            found = ARTICLE_ID.search(json.dumps(line["body"].get("messages", []), ensure_ascii=False))
            status = self.fail_rows.get(found.group(1) if found else "")
            if status is not None:
                return status, {"error": {"message": f"scripted {status}", "type": "server_error"}}
            if not hasattr(local, "chat"):
                local.chat = ChatConnection(self.chat_url)
                opened.append(local.chat)
            return local.chat.post(line["body"])  # type: ignore[no-any-return]

        try:
            with ThreadPoolExecutor(WORKERS) as pool:
                for line, (status, body) in zip(
                    batch.lines[batch.done : batch.done + count],
                    pool.map(answer, batch.lines[batch.done : batch.done + count]),
                    strict=True,
                ):
                    record = {
                        "id": f"batch_req_{batch.done + 1}",
                        "custom_id": line["custom_id"],
                        "response": {"status_code": status, "request_id": f"req_{batch.done + 1}", "body": body},
                        "error": None,
                    }
                    (batch.output if status == 200 else batch.errors).append(json.dumps(record, ensure_ascii=False))
                    batch.failed += status != 200
                    batch.done += 1
        finally:
            for chat in opened:
                chat.close()
            self.processing_seconds += time.perf_counter() - started

    def _end(self, batch: FakeBatch, status: str, code: str, message: str) -> None:
        """Close a batch: unprocessed lines go to the error file with `code`; files are written."""
        for line in batch.lines[batch.done :] if code else []:
            record = {
                "id": "",
                "custom_id": line["custom_id"],
                "response": None,
                "error": {"code": code, "message": message},
            }
            batch.errors.append(json.dumps(record))
        batch.status = status
        if batch.output:
            batch.output_file_id = self.add_file(("\n".join(batch.output) + "\n").encode("utf-8"))
        if batch.errors:
            batch.error_file_id = self.add_file(("\n".join(batch.errors) + "\n").encode("utf-8"))


@contextmanager
def serve_batches(chat_url: str, rows_per_poll: int = 1_000_000) -> Iterator[FakeBatchServer]:
    """Run a FakeBatchServer on an ephemeral 127.0.0.1 port, answering lines through `chat_url`."""
    fake = FakeBatchServer(chat_url=chat_url, rows_per_poll=rows_per_poll)
    with serving(QuietServer(("127.0.0.1", 0), handler(fake))) as url:
        fake.url = url
        yield fake
