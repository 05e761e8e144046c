"""The briefing's overview composed without a model: what most sources report and where they disagree."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, OverviewSentence


def deterministic_overview(b: Briefing) -> list[OverviewSentence]:
    """What most sources report and where they disagree, composed without a model."""
    n = len(b.sources)
    lines = [
        OverviewSentence(
            text=f"{n} article{'s' if n != 1 else ''} report {len(b.events)} events involving {len(b.actors)} actors, "
            f"with {len(b.quotes)} verified quotes.",
            cites=[],
        )
    ]
    # Disputed events first, then the most reported; background with an old absolute date last.
    shared = sorted(
        (e for e in b.events if len(e.sources) > 1),
        key=lambda e: (e.status != "disputed", e.date is not None, -len(e.sources), e.id),
    )
    for e in shared[:3]:
        lead = "Accounts differ: " if e.status == "disputed" else ""
        lines.append(OverviewSentence(text=f"{lead}{e.description} ({len(e.sources)} sources)", cites=[e.id]))
    if b.disagreements:
        shown = b.disagreements[:3]
        lines.append(
            OverviewSentence(
                text=f"Sources or actors disagree on {len(b.disagreements)} points, among them: "
                + "; ".join(d.subject for d in shown)
                + ".",
                cites=[d.id for d in shown],
            )
        )
    return lines
