"""Test isolation: no socket leaves loopback, no user cache or credentials are touched."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REFERENCE = ROOT / "fixtures" / "reference"
PINNED_EPOCH = "1761148800"  # 2025-10-22T16:00:00Z, the seeds' news day
REFERENCE_DE = ROOT / "fixtures" / "reference-de"  # the same articles, answered for --lang de

_real_connect = socket.socket.connect


class NetworkBlocked(RuntimeError):
    """A test tried to reach beyond 127.0.0.1."""


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return isinstance(address, (str, bytes))  # AF_UNIX paths are local


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_loopback(address):
        raise NetworkBlocked(f"tests may only connect to loopback, not {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)  # outputs name when they were made: pinned, comparable
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "SUMMARIZER_FIXTURES"):
        monkeypatch.delenv(name, raising=False)
    # The test servers listen on 127.0.0.1, where `--passes auto` means the multi-pass protocol: tests
    # of the one-request protocol say so here; those of the passes set it (or unset it) themselves.
    monkeypatch.setenv("SUMMARIZER_PASSES", "1")
    yield


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Forbid every connection, loopback included; records the attempts."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> Any:
        attempts.append(address)
        raise NetworkBlocked(f"no socket may be opened here, tried {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts
