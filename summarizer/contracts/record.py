"""One stored model response: the format of cache entries, fixture files and gold files alike.

A record says truthfully where its answer came from (`origin`):
- `recorded`: a model answered this exact request (through `--base-url` or OpenAI); `model` names it,
  and `provenance` may pin down what ran (weights file hash, runtime, sampling).
- `reference`: written by hand from the article; no model answered, so `usage` is null.

Fixture files are these records as indented JSON, one per file; a record written back keeps the
fields it was read with (fields left unset are not written), so hand-written files stay readable
and unchanged by a round trip.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Origin = Literal["recorded", "reference"]

REFERENCE_NOTE = "Written by hand from the article text; not the output of a model."


class ArticleRef(BaseModel):
    """The article a response answers for: its content id and its path as given (relative to the repo)."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None
    path: str | None = None


class TokenUsage(BaseModel):
    """Tokens the server reported for the answer, re-asks and retries included."""

    model_config = ConfigDict(extra="allow")

    prompt_tokens: int = 0
    completion_tokens: int = 0


class Provenance(BaseModel):
    """What exactly produced a recorded answer, so a recording can be repeated and trusted.

    Extra keys are kept: a recorder may note more (quantisation, context size, hardware).
    """

    model_config = ConfigDict(extra="allow")

    model_file_sha256: str | None = None
    runtime: str | None = None  # e.g. "llama-cpp-python server"
    runtime_version: str | None = None
    temperature: float | None = None
    seed: int | None = None


class Record(BaseModel):
    """A stored response. `response` is the validated answer as JSON (an Extraction or a Synthesis).

    Unknown top-level fields are kept, so a newer writer's files survive an older reader's rewrite.
    """

    model_config = ConfigDict(extra="allow")

    key: str | None = None
    origin: Origin = "recorded"
    model: str | None = None
    mode: str | None = None
    lang: str | None = None
    article: ArticleRef | None = None
    usage: TokenUsage | None = None
    created: str | None = None
    note: str | None = None
    provenance: Provenance | None = None
    # What was dropped or nulled from an answer still invalid after the last re-ask, one line each
    # (contracts/salvage.py); the rest of that answer is `response`.
    repairs: list[str] | None = None
    # Which request of a multi-pass extraction this answers ("actors 1/3", "speaker Q4", "events");
    # unset for the one-request extraction, whose `response` is an Extraction.
    stage: str | None = None
    response: dict[str, Any]

    def to_json(self) -> str:
        """Compact JSON of the fields that were set: the cache's stored form."""
        return self.model_dump_json(exclude_unset=True)

    def to_file_text(self) -> str:
        """The readable fixture-file form: indented, non-ASCII kept as is, a final newline."""
        return json.dumps(self.model_dump(mode="json", exclude_unset=True), ensure_ascii=False, indent=2) + "\n"

    def write(self, path: Path) -> None:
        """Write the record as a fixture file at `path`."""
        path.write_text(self.to_file_text(), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Record:
        """A fixture file; raises OSError, ValueError (pydantic's ValidationError included)."""
        return cls.model_validate_json(path.read_bytes())


def now() -> str:
    """The `created` stamp of a record: UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
