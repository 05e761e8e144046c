"""The cyclic garbage collector paused around the cache lookups and the merge: an application decision.

The merge allocates millions of small objects that all live until it returns and form no cycles, so
every full collection during it rescans them for nothing (a sixth of the merge's time at 3,000
articles, more at 10,000). So do the stored answers read before it (app/extraction.py pauses it while
it looks them up, which leaves no cyclic garbage). When a pause ends, what it allocated is moved to the
oldest generation at once: left in the youngest, the next two young collections would rescan all of it
(at 1,000 cached articles, collections took 0.3-0.5 s of the cache path's 1.0-1.3 s of CPU).
The collector is process-wide, so the pause is taken here, where the
application owns the process, and counted: nested or concurrent pauses (threads) end together, and
a collector the caller had switched off stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False  # whether the collector was on when the outermost pause began


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state before the first pause comes back after the last."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                # What the block allocated goes straight to the oldest generation (freeze moves every
                # tracked object to the permanent one, unfreeze back to the oldest; both O(1)), so the
                # young collections that follow do not rescan it all, twice, on their way there.
                gc.freeze()
                gc.unfreeze()
                gc.enable()
