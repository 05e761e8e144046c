"""Citation helpers shared by the renderers: a source is shown by its label (the outlet, else its
file name without a hash; see merge.localise), never by a hashed file name."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, Source

LABEL_WORDS = 5


def source_label(s: Source) -> str:
    """How a source is cited: the merge's label (the outlet, else the file name without its hash),
    else its outlet, else the first words of its title, else its id; never a hashed file name."""
    if s.label:
        return s.label
    if s.outlet:
        return s.outlet
    words = s.title.split()
    if not words:
        return s.id
    return " ".join(words[:LABEL_WORDS]) + (" …" if len(words) > LABEL_WORDS else "")


def source_labels(sources: list[Source]) -> dict[str, str]:
    """Source id → the label a reader knows it by."""
    return {s.id: source_label(s) for s in sources}


class Cite:
    """Sources as one bracketed citation: `[Outlet A; Outlet B]`; an unknown id is shown as itself."""

    def __init__(self, briefing: Briefing) -> None:
        self.labels = source_labels(briefing.sources)

    def __call__(self, *sources: str) -> str:
        return "[" + "; ".join(self.labels.get(s, s) for s in sources) + "]"
