"""What the merge stages read: an article with its extraction, and a grounder for its spans.

Protocols, so the stages need not import `build` (which owns the concrete types).
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from summarizer.contracts.extraction import Extraction
from summarizer.text.ground import Grounding
from summarizer.text.ingest import Article


class Extracted(Protocol):
    """One article with its validated extraction."""

    @property
    def article(self) -> Article: ...

    @property
    def extraction(self) -> Extraction: ...


R = TypeVar("R", bound=Extracted)
R_contra = TypeVar("R_contra", bound=Extracted, contravariant=True)


class Grounds(Protocol[R_contra]):
    """Where a span of one article stands in its text; spans it cannot find are noted as not verified."""

    def __call__(self, span: str, result: R_contra, kind: str, speaker: str | None = None) -> Grounding: ...
