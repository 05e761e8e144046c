"""Leases in the cache database: one run at a time submits from a cache, and one at a time collects
a batch's answers; the others wait for it, then find the batches it recorded and the answers it
stored.

A lease is a row naming its holder (a random token, process id and host) and a time it lasts until;
a thread of the holder renews it while the holder lives, so a long ingest (re-asks included) keeps
it. A crashed holder's lease is free again at once on its own host (no such process any more) and
elsewhere once it has run out (LEASE_SECONDS). A holder that is stopped (not killed) for longer than
that loses its lease: the work it then repeats is harmless (answers are stored by key), and a
submitter confirms its lease before it records a batch and before it creates one (`keep`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from summarizer.batch.store import BatchStore, LeaseHolder

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0  # how long a lease lasts unless its holder renews it
RENEW_SECONDS = LEASE_SECONDS / 4  # how often the holder renews: three renewals may fail before it runs out
SUBMIT = "submit"  # the lease a run holds while it submits from this cache


def lease_poll(batch_poll: float) -> float:
    """Seconds between looks at a lease another run holds: the poll interval, within a second."""
    return min(max(batch_poll, 0.05), 1.0)


def collecting(batch_id: str) -> str:
    """The lease a run holds while it downloads and ingests a batch's results."""
    return f"collect:{batch_id}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def lapsed(holder: LeaseHolder, now: float | None = None) -> bool:
    """Whether `holder`'s lease is free: run out, or held by a process of this host that is gone."""
    if holder.expires <= (time.time() if now is None else now):
        return True
    return holder.host == socket.gethostname() and not _alive(holder.pid)


class Lease:
    """One lease by name, taken for this process and renewed by a thread until released."""

    def __init__(self, store: BatchStore, name: str, seconds: float = LEASE_SECONDS) -> None:
        self.store = store
        self.name = name
        self.seconds = seconds
        self.token = uuid.uuid4().hex
        self.lost = False  # another run took it over: this one stopped renewing for too long
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def _me(self) -> LeaseHolder:
        return LeaseHolder(self.token, os.getpid(), socket.gethostname(), time.time() + self.seconds)

    def try_take(self) -> LeaseHolder | None:
        """Take the lease if it is free (or lapsed); None when taken, else the live holder."""
        holder = self.store.take_lease(self.name, self._me(), lapsed)
        if holder is None:
            self._stop.clear()
            self._renewer = threading.Thread(target=self._renew, name=f"lease {self.name}", daemon=True)
            self._renewer.start()
        return holder

    def _renew(self) -> None:
        while not self._stop.wait(min(RENEW_SECONDS, self.seconds / 4)):
            try:
                kept = self.store.renew_lease(self.name, self.token, time.time() + self.seconds)
            except Exception as exc:  # a locked or closing database: the next renewal tries again
                log.debug("lease %s not renewed: %s", self.name, exc)
                continue
            if not kept:
                self.lost = True
                log.warning("lease %s was taken over by another run while this one held it", self.name)
                return

    def keep(self) -> bool:
        """Renew the lease now: False when another run has taken it over (this one was stopped past it)."""
        if not self.lost and not self.store.renew_lease(self.name, self.token, time.time() + self.seconds):
            self.lost = True
        return not self.lost

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
            self._renewer = None
        if not self.lost:
            self.store.release_lease(self.name, self.token)


Waiting = Callable[[LeaseHolder], None]


@asynccontextmanager
async def held(store: BatchStore, name: str, poll: float, waiting: Waiting | None = None) -> AsyncIterator[Lease]:
    """Hold the lease `name` for the block, waiting (checking every `poll` seconds) while another
    live run holds it; `waiting` is told that holder once."""
    lease = Lease(store, name)
    told = False
    while (holder := await asyncio.to_thread(lease.try_take)) is not None:
        if not told and waiting is not None:
            waiting(holder)
        told = True
        await asyncio.sleep(poll)
    try:
        yield lease
    finally:
        lease.release()
