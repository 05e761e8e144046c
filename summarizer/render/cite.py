"""What the Markdown and HTML renderers share: a source cited by its label (contracts.briefing.source_label),
counted nouns, the partial-briefing note."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, source_label


def partial_note(b: Briefing) -> str:
    """The warning a partial briefing opens with."""
    return (
        f"Partial briefing: {len(b.failures)} of {b.stats.articles} articles could not be included "
        "(listed under Not included)."
    )


class Cite:
    """Sources as one bracketed citation: `[Outlet A; Outlet B]`; an unknown id is shown as itself."""

    def __init__(self, briefing: Briefing) -> None:
        self.labels = {s.id: source_label(s) for s in briefing.sources}

    def __call__(self, *sources: str) -> str:
        return "[" + "; ".join(self.labels.get(s, s) for s in sources) + "]"
