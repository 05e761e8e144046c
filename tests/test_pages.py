"""Saved web pages and exports as articles: the main text by trafilatura, nothing of the page
around it; .jsonl exports one article a line."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.text.ingest import load_articles, read_article
from tests.cli_run import OFFLINE, SEED, SEED_TEXT, run
from testsupport.fakeserver import serve
from testsupport.webpages import PAYWALL_BOX, PAYWALLED, SANCTIONS, SUMMIT, saved_page

SUMMIT_PAGE = saved_page("Tagesblatt", "Kreml sagt Gipfel in Budapest ab", SUMMIT, canonical="https://tagesblatt.example/politik/gipfel?utm_source=x")
PAGES = [
    SUMMIT_PAGE,
    saved_page("Abendpost", "EU berät über neue Sanktionen gegen Russland", SANCTIONS),
    saved_page("Tagesblatt", "Hinter verschlossenen Türen", PAYWALLED, teaser_only=PAYWALL_BOX),
]


def extraction_shares(text: str, sentences: list[str], boilerplate: list[str]) -> tuple[float, float]:
    """Share of the article's sentences kept, and of the page's boilerplate lines leaked, in `text`."""
    flat = " ".join(text.split())
    kept = sum(" ".join(s.split()) in flat for s in sentences) / len(sentences)
    leaked = sum(" ".join(b.split()) in flat for b in boilerplate) / len(boilerplate)
    return kept, leaked


def test_a_saved_page_gives_its_article_and_none_of_the_page(tmp_path: Path) -> None:
    for number, page in enumerate(PAGES):
        path = tmp_path / f"page{number}.html"
        path.write_text(page.html(), encoding="utf-8")
        article = read_article(path, path.name)
        assert not hasattr(article, "reason"), article
        kept, leaked = extraction_shares(article.text, page.sentences, page.boilerplate)  # type: ignore[union-attr]
        assert (kept, leaked) == (1.0, 0.0), (page.title, kept, leaked, article.text)  # type: ignore[union-attr]
        assert article.title == page.title and article.outlet == page.site  # type: ignore[union-attr]
        assert article.published == "2025-10-22"  # type: ignore[union-attr]


def test_entity_encoded_quotation_marks_become_quotation_marks(tmp_path: Path) -> None:
    assert "&bdquo;Wir sehen derzeit" in SUMMIT_PAGE.html()
    (tmp_path / "page.html").write_text(SUMMIT_PAGE.html(), encoding="utf-8")
    article = read_article(tmp_path / "page.html", "page.html")
    assert "„Wir sehen derzeit keinen Sinn in einem Gipfel ohne gründliche Vorbereitung“" in article.text  # type: ignore[union-attr]
    assert article.url == "https://tagesblatt.example/politik/gipfel"  # type: ignore[union-attr]


def test_html_saved_as_txt_is_read_as_a_page(tmp_path: Path) -> None:
    """It went to the model raw: scripts, navigation, the cookie banner, the ad and the teaser, titled <!DOCTYPE html>."""
    (tmp_path / "saved.txt").write_text(SUMMIT_PAGE.html(), encoding="utf-8")
    article = read_article(tmp_path / "saved.txt", "saved.txt")
    assert article.title == "Kreml sagt Gipfel in Budapest ab"  # type: ignore[union-attr]
    for leak in ("<", "window.dataLayer", "Cookies", "ANZEIGE", "Putin tritt zurück?", "Impressum"):
        assert leak not in article.text  # type: ignore[union-attr]


def test_html_files_among_text_articles_are_briefed_not_dropped(tmp_path: Path) -> None:
    """An .html file beside .txt articles was dropped without a word (exit 0); a folder of them was 'no articles'."""
    (tmp_path / "page.html").write_text(SUMMIT_PAGE.html(), encoding="utf-8")
    (tmp_path / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")
    with serve({}) as server:
        done = run("summarise", str(tmp_path), "--base-url", server.url, "--fixtures", "none", "--no-synthesis")
        sent = [json.dumps(r.body["messages"], ensure_ascii=False) for r in server.requests]
    assert done.returncode == 0, done.stderr
    assert len(sent) == 2
    page_request = next(s for s in sent if "Budapest vorerst abgesagt" in s)
    assert "Cookies" not in page_request and "ANZEIGE" not in page_request and "Putin tritt zurück" not in page_request
    only_pages = tmp_path / "pages"
    only_pages.mkdir()
    (only_pages / "page.html").write_text(SUMMIT_PAGE.html(), encoding="utf-8")
    alone = run("summarise", str(only_pages), *OFFLINE)  # the live run above cached its answer
    assert alone.returncode == 0 and "1 article, 0 failed, 1 recorded answer, 1 cache hit, 0 LLM calls" in alone.stderr


def test_a_page_without_an_article_is_named(tmp_path: Path) -> None:
    (tmp_path / "wall.html").write_text("<html><body><p>Bitte stimmen Sie Cookies zu.</p></body></html>", encoding="utf-8")
    done = run("summarise", str(tmp_path / "wall.html"), str(SEED), *OFFLINE)
    assert done.returncode == 3 and "wall.html — no main text" in done.stderr


def test_a_jsonl_export_gives_one_article_a_line(tmp_path: Path) -> None:
    lines = [
        {"title": "Gipfel abgesagt", "text": "\n".join(SUMMIT), "url": "https://tagesblatt.example/a?utm_medium=x",
         "published": "Wed, 22 Oct 2025 14:03:00 +0200", "outlet": "Tagesblatt"},
        {"html": PAGES[1].html(), "url": "https://abendpost.example/eu/sanktionen", "published": "22.10.2025"},
        "not an object",
        {"title": "Leer"},
        {"text": "Ein Artikel.", "published": "gestern"},
    ]
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{broken\n", encoding="utf-8")
    articles, errors = load_articles([str(export)])
    assert [(a.path, a.outlet, a.published, a.title) for a in articles] == [
        (f"{export}:1", "Tagesblatt", "2025-10-22", "Gipfel abgesagt"),
        (f"{export}:2", "Abendpost", "2025-10-22", "EU berät über neue Sanktionen gegen Russland"),
    ]
    assert articles[0].text == "\n".join(SUMMIT) and articles[1].url == "https://abendpost.example/eu/sanktionen"
    assert "ANZEIGE" not in articles[1].text
    assert [e.path for e in errors] == [f"{export}:{n}" for n in (3, 4, 5, 6)]
    assert "not a JSON object" in errors[0].reason and "no `text` or `html`" in errors[1].reason
    assert "published 'gestern'" in errors[2].reason and "not a JSON object" in errors[3].reason
