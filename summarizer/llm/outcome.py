"""What one request for a validated answer gave and cost: the answer (or why there is none),
the requests, retries and tokens, and what a batch billed at its price."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, other: Any) -> None:
        self.prompt_tokens += int(getattr(other, "prompt_tokens", 0) or 0)
        self.completion_tokens += int(getattr(other, "completion_tokens", 0) or 0)


@dataclass
class CallOutcome(Generic[M]):
    """What one request for a validated answer cost: every HTTP request, re-asks and retries included.

    An answer that came through a batch also says what was billed at the batch price: its rows and
    their tokens, apart from `usage` and `requests` (the realtime part, such as a re-ask). A run's
    stats are summed from these in one place (llm/costs.py add_cost)."""

    value: M | None = None
    usage: Usage = field(default_factory=Usage)
    requests: int = 0  # requests the server answered (an error status included)
    retries: int = 0
    connection_failures: int = 0  # requests that got no answer: refused, dropped, timed out
    error: str | None = None
    repairs: list[str] = field(default_factory=list)  # what salvage dropped or nulled, one line each
    batch_rows: int = 0  # rows of a batch that answered this request
    batch_usage: Usage = field(default_factory=Usage)  # their tokens, billed at the batch price
    # The answer was already stored, by another run on the same cache: a cache hit, to be neither
    # stored again nor paid for (its record keeps what it cost).
    cached: bool = False

    @property
    def spent(self) -> Usage:
        """Every token the answer cost, at whatever price: what its record says it cost."""
        total = Usage(self.usage.prompt_tokens, self.usage.completion_tokens)
        total.add(self.batch_usage)
        return total
