"""Citation helpers shared by the renderers: a source is shown by its file name."""

from __future__ import annotations

from pathlib import PurePath

from summarizer.contracts.briefing import Briefing, Source


def source_labels(sources: list[Source]) -> dict[str, str]:
    """Source id → the file name a reader knows it by."""
    return {s.id: PurePath(s.path).name for s in sources}


class Cite:
    """Sources as one bracketed citation: `[a.txt; b.txt]`; an unknown id is shown as itself."""

    def __init__(self, briefing: Briefing) -> None:
        self.labels = source_labels(briefing.sources)

    def __call__(self, *sources: str) -> str:
        return "[" + "; ".join(self.labels.get(s, s) for s in sources) + "]"
