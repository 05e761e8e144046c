"""A small OpenAI-compatible chat-completions server on 127.0.0.1 for tests and benchmarks.

It answers from fixture files by the article id in the prompt, as a real server would: tool calls
for TOOLS requests, JSON content for JSON_SCHEMA / MD_JSON requests, with `usage`. Faults are
scripted per article, one per request, and every request is recorded.
"""

from __future__ import annotations

import copy
import json
import math
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from summarizer.contracts.record import Record
from summarizer.llm.detect import PROBE_NAME
from testsupport import passanswers

# The article a request is for: the one-request prompt names it; the passes' fences carry its id.
ARTICLE_ID = re.compile(r"Article ([0-9a-f]{16})|<(?:article|passage)-([0-9a-f]{16})>")
ITEM_ID = re.compile(r"^- ([edp]\d+) ·", re.MULTILINE)
SYNTHESIS = "synthesis"  # the key under which overview requests are scripted and counted

# Script steps: "ok", "invalid" (breaks referential integrity), "fabricated" (adds a quote the
# article does not contain), "malformed" (not JSON), "429", "500", "503", "drop" (closes the
# connection without answering), "length" (finish_reason length, truncated JSON), "timeout"
# (answers only after `stall` seconds, past a short client timeout).
FAULTS = ("ok", "invalid", "fabricated", "malformed", "429", "500", "503", "drop", "length", "timeout")
FABRICATED_QUOTE = "Wir werden niemals über einen Waffenstillstand verhandeln, unter keinen Umständen."


def estimate_tokens(text: str) -> int:
    """Rough count used as `usage`: about four characters a token, as for English and German prose."""
    return max(1, math.ceil(len(text) / 4))


@dataclass
class Recorded:
    article: str | None
    body: dict[str, Any]
    step: str
    received: float = field(default_factory=time.monotonic)
    answered: float | None = None


@dataclass
class FakeServer:
    responses: dict[str, dict[str, Any]]
    latency: float = 0.0
    retry_after: str = "0"
    stall: float = 3.0  # how long a "timeout" step keeps the client waiting
    script: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    requests: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    # Answer as llama-cpp-python's server does: response_format json_schema refused with HTTP 500.
    json_object_only: bool = False
    probes: list[dict[str, Any]] = field(default_factory=list)  # mode checks (llm/detect.py), not model calls
    # Requests after the first `open_for` wait for `gate` (at most a minute): a client can be
    # interrupted at a known point however loaded the machine is.
    gate: threading.Event | None = None
    open_for: int = 0

    def queue(self, article_id: str, *steps: str) -> None:
        """Answer the next requests for this article with these steps, then normally."""
        for step in steps:
            assert step in FAULTS, step
            self.script[article_id].append(step)

    def busy_span(self) -> float:
        """Seconds from the first request received to the last answer sent."""
        with self.lock:
            answered = [r.answered for r in self.requests if r.answered is not None]
            return max(answered) - min(r.received for r in self.requests) if answered else 0.0

    def count(self, article_id: str | None = None) -> int:
        with self.lock:
            return sum(1 for r in self.requests if article_id is None or r.article == article_id)

    def next_step(self, article_id: str | None) -> str:
        with self.lock:
            pending = self.script.get(article_id or "")
            return pending.popleft() if pending else "ok"

    def _by_quotes(self, prompt: str) -> dict[str, Any] | None:
        """For a part of a long article: the known response most of whose quotes the part contains."""
        best, hits = None, 0
        for response in self.responses.values():
            found = sum(1 for q in response.get("quotes", []) if q["text"] in prompt)
            if found > hits:
                best, hits = response, found
        if best is None:
            return None
        kept = {k: v for k, v in best.items()}
        kept["quotes"] = [q for q in best.get("quotes", []) if q["text"] in prompt]
        for items in ("events", "positions"):  # as a model reading only this part would
            kept[items] = [x for x in best.get(items, []) if x["evidence"] in prompt]
        return kept

    def synthesis(self, prompt: str, step: str) -> dict[str, Any]:
        """An overview citing the first items of the briefing it was given ('invalid': an unknown id)."""
        ids = ITEM_ID.findall(prompt)
        cites = ["e999"] if step == "invalid" else ids[:2]
        return {"sentences": [{"text": "Scripted overview sentence.", "cites": cites}]}

    def payload(self, article_id: str | None, step: str, prompt: str = "", body: dict[str, Any] | None = None) -> dict[str, Any]:
        which = passanswers.pass_of(body or {})
        if which is not None:  # a request of the multi-pass protocol: answered from the reference as a model would
            if step == "invalid":
                return {"unexpected": True}
            return passanswers.answer(which, body or {}, prompt, self.responses.get(article_id or "") or {})
        known = self.responses.get(article_id or "") or self._by_quotes(prompt)
        response = copy.deepcopy(known or {"summary": "Unknown article.", "actors": []})
        if step == "invalid":
            response.setdefault("quotes", []).append(
                {"text": "x", "speaker": "Niemand Unbekannt", "kind": "direct", "translation": None}
            )
        elif step == "fabricated":
            speaker = response["actors"][0]["name"] if response.get("actors") else "Unbekannt"
            response.setdefault("quotes", []).append(
                {"text": FABRICATED_QUOTE, "speaker": speaker, "kind": "direct", "translation": None}
            )
        return response


def _handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output clean
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
            if _is_probe(body):
                with server.lock:
                    server.probes.append(body)
                if server.json_object_only:
                    self._refuse_json_schema()
                else:
                    self._send(200, _completion(body, "{}", "stop", 1))
                return
            found = ARTICLE_ID.search(prompt)
            article = (found.group(1) or found.group(2)) if found else (SYNTHESIS if ITEM_ID.search(prompt) else None)
            step = server.next_step(article)
            record = Recorded(article, body, step)
            with server.lock:
                server.requests.append(record)
                gate = server.gate if len(server.requests) > server.open_for else None
            if gate is not None:
                gate.wait(60)
            if server.latency:
                time.sleep(server.latency)
            if server.json_object_only and (body.get("response_format") or {}).get("type") == "json_schema":
                self._refuse_json_schema()
                return
            if step == "timeout":
                time.sleep(server.stall)
                step = "ok"
            if step == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if step in ("429", "500", "503"):
                self._send(
                    int(step),
                    {"error": {"message": f"scripted {step}", "type": "server_error"}},
                    {"Retry-After": server.retry_after},
                )
                return
            answer = server.synthesis(prompt, step) if article == SYNTHESIS else server.payload(article, step, prompt, body)
            data = json.dumps(answer, ensure_ascii=False)
            finish = "stop"
            if step == "malformed":
                data = data[: len(data) // 2] + "<<not json"
            elif step == "length":
                data, finish = data[: len(data) // 3], "length"
            tools = body.get("tools")
            message: dict[str, Any] = {"role": "assistant", "content": None}
            if tools:
                name = tools[0]["function"]["name"]
                message["tool_calls"] = [
                    {"id": "call_1", "type": "function", "function": {"name": name, "arguments": data}}
                ]
                finish = "tool_calls" if finish == "stop" else finish
            else:
                message["content"] = data
            prompt_tokens = estimate_tokens(
                json.dumps(body.get("messages", []), ensure_ascii=False)
                + json.dumps(tools or body.get("response_format") or {})
            )
            record.answered = time.monotonic()
            self._send(
                200,
                {
                    "id": f"chatcmpl-{len(server.requests)}",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "test-model"),
                    "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                    "usage": {
                        "prompt_tokens": prompt_tokens,
                        "completion_tokens": estimate_tokens(data),
                        "total_tokens": prompt_tokens + estimate_tokens(data),
                    },
                },
            )

        def _refuse_json_schema(self) -> None:
            message = (
                "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
                "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}"
            )
            self._send(500, {"error": {"message": message, "type": "internal_server_error"}})

        def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(raw)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(raw)

    return Handler


def _is_probe(body: dict[str, Any]) -> bool:
    return bool(((body.get("response_format") or {}).get("json_schema") or {}).get("name") == PROBE_NAME)


def _completion(body: dict[str, Any], content: str, finish: str, tokens: int) -> dict[str, Any]:
    return {
        "id": "chatcmpl-probe",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "test-model"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}],
        "usage": {"prompt_tokens": tokens, "completion_tokens": tokens, "total_tokens": 2 * tokens},
    }


SHUTDOWN_POLL = 0.01  # seconds


class QuietServer(ThreadingHTTPServer):
    request_queue_size = 256  # the default 5 refuses connections under a concurrent client
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (killed runs, timeouts) are part of the tests, not errors."""
        return


def responses_from_fixtures(directory: Path) -> dict[str, dict[str, Any]]:
    """Article id → response, from fixture files."""
    out = {}
    for path in sorted(directory.rglob("*.json")):
        record = Record.read(path)
        if record.article is not None and record.article.id:
            out[record.article.id] = record.response
    return out


@contextmanager
def serving(httpd: ThreadingHTTPServer) -> Iterator[str]:
    """Serve `httpd` from a thread for the duration of the block; yields its base URL (…/v1)."""
    # shutdown() waits for the loop to look at its flag, once per poll interval: the default half
    # second was most of the time of a short test.
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def serve(responses: dict[str, dict[str, Any]], latency: float = 0.0) -> Iterator[FakeServer]:
    """Run a FakeServer on an ephemeral 127.0.0.1 port for the duration of the block."""
    fake = FakeServer(responses=responses, latency=latency)
    with serving(QuietServer(("127.0.0.1", 0), _handler(fake))) as url:
        fake.url = url
        yield fake
