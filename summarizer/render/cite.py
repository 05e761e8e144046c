"""Citation helpers shared by the renderers: a source is shown by its label (the outlet, else its
file name without a hash; see merge.localise), never by a hashed file name."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, Source

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
