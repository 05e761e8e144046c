"""The HTTP side of the fake Files + Batches server (testsupport/fakebatch.py): routes, multipart
uploads, and a kept-alive connection to the chat-completions server that answers the lines."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from typing import Any, Protocol
from urllib.parse import urlparse


class ChatConnection:
    """A kept-alive connection to the chat-completions server."""

    def __init__(self, url: str) -> None:
        parsed = urlparse(url)
        self.path = parsed.path.rstrip("/") + "/chat/completions"
        self.conn = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=30)

    def post(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.conn.request("POST", self.path, json.dumps(body), {"content-type": "application/json"})
        response = self.conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")

    def close(self) -> None:
        self.conn.close()


def multipart_file(content_type: str, raw: bytes) -> tuple[bytes, str]:
    """The uploaded file and the purpose field of a multipart/form-data body (split on the boundary:
    the email parser takes seconds over a file of a hundred megabytes)."""
    boundary = content_type.partition("boundary=")[2].strip().strip('"').encode()
    content, purpose = b"", ""
    for part in raw.split(b"--" + boundary) if boundary else []:
        head, _, body = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        value = body.removesuffix(b"\r\n")
        if name and name.group(1) == b"file":
            content = value
        elif name and name.group(1) == b"purpose":
            purpose = value.decode()
    return content, purpose


class BatchEndpoints(Protocol):
    """What the handler serves: the Files and Batches endpoints of a server (testsupport/fakebatch.py)."""

    lock: threading.RLock
    busy_seconds: float

    @property
    def files(self) -> Mapping[str, bytes]: ...

    @property
    def batches(self) -> Mapping[str, Any]: ...

    def upload(self, content_type: str, raw: bytes) -> tuple[int, dict[str, Any]]: ...

    def realtime_request(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]: ...

    def create(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]: ...

    def list(self) -> dict[str, Any]: ...

    def replying(self, authorization: str | None) -> None: ...

    def poll(self, batch_id: str) -> dict[str, Any]: ...

    def cancel(self, batch_id: str) -> dict[str, Any]: ...


def handler(server: BatchEndpoints) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            return

        def handle_one_request(self) -> None:
            started = time.perf_counter()
            try:
                super().handle_one_request()
            finally:
                with server.lock:
                    server.busy_seconds += time.perf_counter() - started

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", 0)))
            path = self.path.rstrip("/")
            if path.endswith("/files"):
                self._send(*server.upload(self.headers.get("content-type", ""), raw))
            elif path.endswith("/batches"):
                self._send(*server.create(json.loads(raw or b"{}")))
            elif path.endswith("/chat/completions"):
                self._send(*server.realtime_request(json.loads(raw or b"{}")))
            elif path.endswith("/cancel"):
                self._batch(path.split("/")[-2], server.cancel)
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def do_GET(self) -> None:
            parts = urlparse(self.path).path.rstrip("/").split("/")
            if parts[-1] == "content" and parts[-2] in server.files:
                self._send_bytes(200, server.files[parts[-2]], "application/octet-stream")
            elif parts[-1] == "batches":
                self._send(200, server.list())
            elif parts[-2] == "batches":
                self._batch(parts[-1], server.poll)
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def _batch(self, batch_id: str, action: Any) -> None:
            if batch_id not in server.batches:
                self._send(404, {"error": {"message": f"no batch {batch_id}"}})
                return
            self._send(200, action(batch_id))

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            self._send_bytes(status, json.dumps(payload).encode(), "application/json")

        def _send_bytes(self, status: int, raw: bytes, kind: str) -> None:
            server.replying(self.headers.get("authorization"))
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    return Handler
