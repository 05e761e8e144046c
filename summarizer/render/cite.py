"""What the Markdown and HTML renderers share: a source cited by its label (contracts.briefing.source_label),
counted nouns, the partial-briefing note."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, Source, source_label
from summarizer.render.labels import label
from summarizer.text.wording import count


def partial_note(b: Briefing) -> str:
    """The warning a partial briefing opens with."""
    return label("partial", b.language, failed=len(b.failures), articles=count(b.stats.articles, "article", b.language))


def source_labels(sources: list[Source]) -> dict[str, str]:
    """Source id → the label a reader knows it by (a syndicated story: with each outlet that ran it)."""
    return {s.id: with_copies(s, source_label(s)) for s in sources}


def with_copies(s: Source, label: str) -> str:
    """'Tagesblatt, Abendpost': the outlets that ran the same story, after the one it was briefed as."""
    others = [c.outlet or c.path.rsplit("/", 1)[-1] for c in s.copies]
    return ", ".join(dict.fromkeys([label, *others]))


def md_link(label: str, url: str | None) -> str:
    """A Markdown link to the page a source was read from, or the label alone."""
    return f"[{label}](<{url}>)" if url else label


class Cite:
    """Sources as one bracketed citation: `[Outlet A; Outlet B]`, each linked to its page where its URL
    is known; an unknown id is shown as itself."""

    def __init__(self, briefing: Briefing) -> None:
        self.labels = source_labels(briefing.sources)
        self.urls = {s.id: s.url for s in briefing.sources if s.url}

    def __call__(self, *sources: str) -> str:
        return "[" + "; ".join(md_link(self.labels.get(s, s), self.urls.get(s)) for s in sources) + "]"
