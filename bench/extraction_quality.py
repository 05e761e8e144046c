"""Main-text extraction on the saved news pages of testsupport/webpages.py: the share of each
article's sentences kept and of its page's boilerplate lines leaked (navigation, cookie banner,
"ANZEIGE" ad, scripts, newsletter and related-articles boxes with the "Putin tritt zurück?" teaser,
share buttons, footer, paywall box), for

- ours: text/webpage.py (trafilatura, precision settings, metadata dates),
- raw: the page as the tool read it before pages were supported (the HTML file's text as is),
- tags stripped: every text node of the page (lxml's text_content), a naive extractor.

Reproduce: python bench/extraction_quality.py
"""

from __future__ import annotations

import time

from common import Figure, publish
from lxml import html as lxml_html

from summarizer.text.webpage import extract_page
from testsupport.webpages import (
    AGENCY_LINE,
    PAYWALL_BOX,
    PAYWALLED,
    SANCTIONS,
    SUMMIT,
    YESTERDAY,
    SavedPage,
    saved_page,
)

PAGES = [
    saved_page("Tagesblatt", "Kreml sagt Gipfel in Budapest ab", SUMMIT),
    saved_page("Abendpost", "EU berät über neue Sanktionen gegen Russland", SANCTIONS),
    saved_page("Rundschau", "Gipfel in Budapest abgesagt", [*SUMMIT, AGENCY_LINE]),
    saved_page("Tagesblatt", "Hinter verschlossenen Türen", PAYWALLED, teaser_only=PAYWALL_BOX),
    saved_page("Tagesblatt", "Außenminister telefonieren", YESTERDAY),
]


def _flat(text: str) -> str:
    return " ".join(text.split())


def shares(pages: list[SavedPage], extract: object) -> tuple[int, int, int, int]:
    """(sentences kept, sentences, boilerplate lines leaked, boilerplate lines) over the pages."""
    kept = total = leaked = lines = 0
    for page in pages:
        text = _flat(extract(page.html()))  # type: ignore[operator]
        kept += sum(_flat(s) in text for s in page.sentences)
        leaked += sum(_flat(b) in text for b in page.boilerplate)
        total, lines = total + len(page.sentences), lines + len(page.boilerplate)
    return kept, total, leaked, lines


def figures() -> list[Figure]:
    """Ours on the test pages: exact, since the pages and the extractor's settings are fixed."""
    kept, total, leaked, lines = shares(PAGES, lambda h: extract_page(h).text)
    return [
        Figure(
            "pages.kept",
            f"Main text of {len(PAGES)} saved news pages (trafilatura): article sentences kept",
            kept,
            f"{kept}/{total}",
            f"{total}/{total}",
            kept == total,
            exact=True,
        ),
        Figure("pages.leaked", "— boilerplate lines leaked", leaked, f"{leaked}/{lines}", f"0/{lines}", leaked == 0, exact=True),
    ]


def main() -> None:
    extractors = {
        "ours (trafilatura)": lambda h: extract_page(h).text,
        "raw (before)": lambda h: h,
        "tags stripped": lambda h: lxml_html.fromstring(h).text_content(),
    }
    print(f"{len(PAGES)} pages, {sum(len(p.sentences) for p in PAGES)} article sentences, "
          f"{sum(len(p.boilerplate) for p in PAGES)} boilerplate lines")
    for name, extract in extractors.items():
        started = time.perf_counter()
        kept, total, leaked, lines = shares(PAGES, extract)
        took = (time.perf_counter() - started) * 1000 / len(PAGES)
        print(f"{name:20} sentences kept {kept}/{total} = {kept / total:.3f}   "
              f"boilerplate leaked {leaked}/{lines} = {leaked / lines:.3f}   {took:.1f} ms per page")
    publish("python bench/extraction_quality.py", figures())
    print("command: python bench/extraction_quality.py")


if __name__ == "__main__":
    main()
