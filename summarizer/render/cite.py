"""Citation helpers shared by the renderers: a source is shown by its label (the outlet, else its
file name without a hash; see merge.localise), never by a hashed file name."""

from __future__ import annotations

from pathlib import PurePath

from summarizer.contracts.briefing import Briefing, Source


def source_labels(sources: list[Source]) -> dict[str, str]:
    """Source id → the label a reader knows it by (the file name for a briefing made before labels)."""
    return {s.id: s.label or PurePath(s.path).name for s in sources}


class Cite:
    """Sources as one bracketed citation: `[a.txt; b.txt]`; an unknown id is shown as itself."""

    def __init__(self, briefing: Briefing) -> None:
        self.labels = source_labels(briefing.sources)

    def __call__(self, *sources: str) -> str:
        return "[" + "; ".join(self.labels.get(s, s) for s in sources) + "]"
