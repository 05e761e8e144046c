"""The one way to render a briefing: the format's name → its renderer."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing
from summarizer.contracts.choices import DETAILS, FORMATS
from summarizer.render.html import to_html
from summarizer.render.markdown import to_markdown
from summarizer.text.article import MARKDOWN_MARK


def render(briefing: Briefing, fmt: str, articles: dict[str, str] | None = None, detail: str = "brief") -> str:
    """The briefing in `fmt` (md, json or html); html needs the article texts by source id.

    `detail` shapes the Markdown only: "brief" is the ranked stories, "full" adds the appendix
    with every item. JSON and HTML always carry everything. Markdown and HTML carry the mark of a
    file this tool wrote in their first line, so that they are never read back as articles.
    """
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; choose one of {', '.join(DETAILS)}")
    if fmt == "json":
        return briefing.model_dump_json(indent=2) + "\n"
    if fmt == "md":
        # The mark tells the ingest that this file is a briefing, never an article (text.article).
        return f"{MARKDOWN_MARK}\n{to_markdown(briefing, full=detail == 'full')}"
    if fmt == "html":
        return to_html(briefing, articles or {})
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
