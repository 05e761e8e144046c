"""One card model, two renderers: the Markdown and the HTML card of every story show the same items,
counts and labels, item by item (HTML adds links and collapsible detail only)."""

import re
from html.parser import HTMLParser

import pytest

from summarizer.contracts.briefing import Briefing
from summarizer.render.formats import render
from summarizer.stories import briefing_with_stories
from tests.seeds_helpers import crosslingual_results, seed_results
from testsupport.storyday import story_day

Item = tuple[str, str]  # (section, text)
_CITATION = re.compile(r"\[([^\]]*)\]")
_ID = re.compile(r"^[a-z]\d+$")  # an event, quote or disagreement id: HTML links them, Markdown need not


def _norm(text: str) -> str:
    text = _CITATION.sub(" ", text)
    text = re.sub(r"\s\+\d+\b", " ", text)  # "+2 more sources"
    text = re.sub(r"[„“”*_]", "", text).replace(" — ", " ")
    text = re.sub(r"\s+([:;,.!?…])", r"\1", " ".join(text.split()))  # HTML's text runs end before punctuation
    return text.strip(" .")


def _cited(text: str) -> list[str]:
    labels = [x.strip() for group in _CITATION.findall(text) for x in group.split(";")]
    return sorted(x for x in labels if x and not _ID.match(x))


def markdown_cards(md: str) -> dict[str, list[Item]]:
    """Each card of the Markdown brief as (section, text) items in order."""
    cards: dict[str, list[Item]] = {}
    for block in md.split('<a id="')[1:]:
        sid, _, body = block.partition('"></a>')
        body = re.split(r"\n## ", body, maxsplit=1)[0]
        items: list[Item] = []
        section = ""
        for line in body.strip().splitlines()[1:]:
            if not line.strip():
                continue
            heading = re.fullmatch(r"\*\*([^*]+)\*\*", line)
            labelled = re.match(r"\*\*([^*]+):\*\* ?(.*)", line)
            if heading:
                section = heading.group(1)
            elif line.startswith("- "):
                items.append((section, line[2:]))
            elif labelled and labelled.group(1) in ("Background", "Hintergrund"):
                items.append(("background", labelled.group(2)))
            elif labelled:
                items.append(("meta", f"{labelled.group(1)}: {labelled.group(2)}"))
            elif line.startswith("_") and line.endswith("_"):
                items.append(("meta", line))
            else:
                items.append(("lede", line))
        cards[sid] = items
    return cards


class _Cards(HTMLParser):
    """Each <article class="card"> of the page as (section, text) items in order."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, list[Item]] = {}
        self._card: list[Item] | None = None
        self._section = ""
        self._open: tuple[str, str] | None = None  # what is being collected: (kind, tag)
        self._text: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "article" and cls == "card":
            self._card = self.cards.setdefault(a.get("id") or "", [])
            return
        if self._card is None:
            return
        if self._open is not None:
            if tag == self._open[1]:
                self._depth += 1
            return
        kinds = {"h4": "heading", "li": "item", "blockquote": "item"}
        if tag == "p":
            kind = {"meta": "meta", "lede": "lede", "bg": "background", "": "meta"}.get(cls)
            if kind:
                self._open, self._text, self._depth = (kind, tag), [], 0
        elif tag in kinds:
            self._open, self._text, self._depth = (kinds[tag], tag), [], 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._card, self._section = None, ""
        if self._open is None or tag != self._open[1]:
            return
        if self._depth:
            self._depth -= 1
            return
        kind, _ = self._open
        text = " ".join(" ".join(self._text).split())
        self._open = None
        assert self._card is not None
        if kind == "heading":
            self._section = text
        elif kind == "item":
            self._card.append((self._section, text))
        elif kind == "background":
            self._card.append(("background", text.split(":", 1)[1].strip()))
        else:
            self._card.append((kind, text))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


def html_cards(page: str) -> dict[str, list[Item]]:
    parser = _Cards()
    parser.feed(page)
    return parser.cards


def _compare(b: Briefing, articles: dict[str, str]) -> int:
    md_cards = markdown_cards(render(b, "md"))
    page_cards = html_cards(render(b, "html", articles))
    assert list(md_cards) == list(page_cards) and md_cards, "the same stories get a card"
    compared = 0
    for sid, md_items in md_cards.items():
        html_items = page_cards[sid]
        assert [(s, _norm(t)) for s, t in md_items] == [(s, _norm(t)) for s, t in html_items], sid
        for (section, md_text), (_, html_text) in zip(md_items, html_items, strict=True):
            if section in ("Key quotes", "Zentrale Zitate"):
                assert _cited(md_text) == _cited(html_text), (sid, md_text)
        compared += len(md_items)
    return compared


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_seeds_cards_are_the_same_in_markdown_and_html(lang: str) -> None:
    from tests.conftest import REFERENCE, REFERENCE_DE

    results = seed_results(REFERENCE_DE if lang == "de" else REFERENCE)
    b = briefing_with_stories(results, lang)
    assert _compare(b, {r.article.id: r.article.text for r in results}) > 30
    first = markdown_cards(render(b, "md"))["s1"]
    sections = {s for s, _ in first}
    assert len(sections) >= 4  # facts, contested, quotes, timeline: the comparison covers every part


def test_the_cross_lingual_day_s_cards_are_the_same_in_markdown_and_html() -> None:
    results = seed_results() + crosslingual_results()
    b = briefing_with_stories(results, "en")
    assert _compare(b, {r.article.id: r.article.text for r in results}) > 40


def test_the_synthetic_day_s_cards_are_the_same_in_markdown_and_html() -> None:
    results, _ = story_day(300, seed=5)
    b = briefing_with_stories(results, "en")
    assert len(b.stories) > 15  # more stories than cards: the lines below the cards are compared too
    assert _compare(b, {r.article.id: r.article.text for r in results}) > 100
    md, page = render(b, "md"), render(b, "html", {r.article.id: r.article.text for r in results})
    lines = re.findall(r"^- (.+) — .+ \[(s\d+)\]$", md.split("## More stories", 1)[1], flags=re.M)
    assert lines and all(f"[{sid}]" in page.split('id="stories"', 1)[1] for _, sid in lines)
