"""Citation helpers shared by the renderers: a source is shown by its label (the outlet, else its
file name without a hash; see merge.localise), never by a hashed file name."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, Source
from summarizer.text.display import render_date

LABEL_WORDS = 5


def plural(count: int, one: str, many: str) -> str:
    """'1 source', '3 sources'."""
    return f"{count} {one if count == 1 else many}"


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


def quote_counts(b: Briefing) -> str:
    """'9 quotes found in their source · 2 speakers confirmed': what the quote checks proved."""
    confirmed = sum(1 for q in b.quotes if q.speaker_check is not None and q.speaker_check.status == "confirmed")
    return (
        f"{plural(len(b.quotes), 'quote', 'quotes')} found in their source · "
        f"{plural(confirmed, 'speaker', 'speakers')} confirmed"
    )


def answers_text(b: Briefing) -> str:
    """'5 reference answers', '3 recorded and 2 live answers': the origin of the briefing's answers."""
    p = b.provenance
    if p is None or not p.answers:
        return "no answers"
    parts = [f"{n} {origin}" for origin, n in p.answers.items()]
    return (" and ".join(parts) if len(parts) < 3 else ", ".join(parts)) + (" answer" if sum(p.answers.values()) == 1 else " answers")


def provenance_parts(b: Briefing) -> list[str]:
    """The briefing's provenance in short parts: news day (and the span of its articles), when it
    was generated, the origin of its answers, the models."""
    p = b.provenance
    if p is None:
        return []
    lang = b.language
    parts = []
    if p.news_day:
        day = f"news day {render_date(p.news_day, 'day', lang)}"
        if p.published_from and p.published_to and p.published_from != p.published_to:
            day += (
                f" (articles of {render_date(p.published_from, 'day', lang)} – {render_date(p.published_to, 'day', lang)})"
            )
        parts.append(day)
    parts.append(f"generated {p.generated.replace('T', ' ').removesuffix('+00:00')} UTC")
    parts.append(answers_text(b))
    parts.append(("model " if len(p.models) == 1 else "models ") + ", ".join(p.models) if p.models else "no model")
    return parts
