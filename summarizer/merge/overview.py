"""The briefing's overview composed without a model: what most sources report and where they disagree,
in the briefing language (English as the fallback)."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, OverviewSentence
from summarizer.text.wording import count

_WORDS = {
    "en": {
        "reports": "{articles} {verb} {events} involving {actors}, with {quotes}.",
        "report_one": "reports",
        "report_many": "report",
        "differ": "Accounts differ: ",
        "points": "Sources or actors disagree on {points}, among them: ",
    },
    "de": {
        "reports": "{articles} {verb} über {events}, {actors} und {quotes}.",
        "report_one": "berichtet",
        "report_many": "berichten",
        "differ": "Die Darstellungen gehen auseinander: ",
        "points": "Quellen oder Akteure widersprechen einander – {points}, darunter: ",
    },
}


def deterministic_overview(b: Briefing) -> list[OverviewSentence]:
    """What most sources report and where they disagree, composed without a model."""
    lang = b.language
    words = _WORDS.get(lang, _WORDS["en"])
    n = len(b.sources)
    said = words["reports"].format(
        articles=count(n, "article", lang),
        verb=words["report_one" if n == 1 else "report_many"],
        events=count(len(b.events), "event", lang),
        actors=count(len(b.actors), "actor", lang),
        quotes=count(len(b.quotes), "verified quote", lang),
    )
    lines = [OverviewSentence(text=said, cites=[])]
    # Disputed events first, then the most reported; background with an old absolute date last.
    shared = sorted(
        (e for e in b.events if len(e.sources) > 1),
        key=lambda e: (e.status != "disputed", e.date is not None, -len(e.sources), e.id),
    )
    for e in shared[:3]:
        lead = words["differ"] if e.status == "disputed" else ""
        counted = count(len(e.sources), "source", lang)
        lines.append(OverviewSentence(text=f"{lead}{e.description} ({counted})", cites=[e.id]))
    if b.disagreements:
        shown = b.disagreements[:3]
        lines.append(
            OverviewSentence(
                text=words["points"].format(points=count(len(b.disagreements), "point", lang))
                + "; ".join(d.subject for d in shown)
                + ".",
                cites=[d.id for d in shown],
            )
        )
    return lines
