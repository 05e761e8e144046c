"""Encodings decided per file: byte order marks honoured, UTF-8 first, `--encoding` only for files
that are not UTF-8, then detection; mojibake refused with a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.text.ingest import load_articles, read_article
from tests.cli_run import OFFLINE, SEED_TEXT, run, with_front_matter
from testsupport.fakeserver import serve

GERMAN = (
    "Der Kreml erklärte am Dienstag, die Gespräche über einen Waffenstillstand würden fortgesetzt. "
    "Außenminister Lawrow sagte in Moskau, man müsse zuerst die Ursachen des Konflikts beseitigen. "
    "„Wir sind zu Gesprächen bereit“, hieß es aus dem Außenministerium."
)


def test_a_utf8_byte_order_mark_before_front_matter_keeps_outlet_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    text = with_front_matter(GERMAN, outlet="Euronews", title="Gespräche", published="2025-10-22")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    article = read_article(path, "bom.md")
    assert (article.outlet, article.title, article.published) == ("Euronews", "Gespräche", "2025-10-22")  # type: ignore[union-attr]
    assert article.text == GERMAN  # type: ignore[union-attr]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_text(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.txt"
    data = GERMAN.encode(codec)
    path.write_bytes(data if codec != "utf-16-be" else b"\xfe\xff" + data)
    article = read_article(path, "wide.txt")
    assert getattr(article, "text", None) == GERMAN, article


def test_encoding_is_a_fallback_never_an_override(tmp_path: Path) -> None:
    """Following the old advice (--encoding cp1252) for one Latin-1 file turned its UTF-8
    neighbours into mojibake, which a live run sends and caches."""
    (tmp_path / "latin1.txt").write_bytes(GERMAN.encode("cp1252"))
    (tmp_path / "utf8.txt").write_text(SEED_TEXT, encoding="utf-8")
    articles, errors = load_articles([str(tmp_path)], encoding="cp1252")
    assert not errors
    assert sorted(a.text for a in articles) == sorted([GERMAN, SEED_TEXT])


def test_a_file_that_is_not_utf8_is_detected_and_named(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes(GERMAN.encode("cp1252"))
    with serve({}) as server:
        done = run("summarise", str(tmp_path), "--base-url", server.url, "--fixtures", "none", "--no-synthesis")
        sent = json.dumps(server.requests[0].body, ensure_ascii=False)
    assert done.returncode == 0, done.stderr
    assert "latin1.txt: not UTF-8; read as cp1252 (detected" in done.stderr
    assert "„Wir sind zu Gesprächen bereit“" in sent and "Ã" not in sent


@pytest.mark.parametrize("broken", ["FÃ¼r die GesprÃ¤che", "Er sagte â€žNeinâ€œ dazu"])
def test_mojibake_is_refused_with_a_message(tmp_path: Path, broken: str) -> None:
    (tmp_path / "mojibake.txt").write_text(GERMAN + " " + broken, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(SEED_TEXT, encoding="utf-8")
    done = run("summarise", str(tmp_path), *OFFLINE)
    assert done.returncode == 3, done.stderr
    assert "mojibake.txt — looks like mojibake" in done.stderr and "save the original text as UTF-8" in done.stderr


def test_text_that_is_neither_utf8_nor_recognisable_says_what_to_give(tmp_path: Path) -> None:
    from summarizer.text.decode import DecodeError, decode_text

    with pytest.raises(DecodeError, match="unknown encoding 'klingon'"):
        decode_text("Grüße".encode("latin-1"), "klingon")
    with pytest.raises(DecodeError, match="give --encoding"):
        decode_text(bytes(range(0x80, 0x100)))  # every high byte once: no code page reads it as prose
    russian = "Москва заявила, что переговоры продолжатся."
    assert decode_text(russian.encode("cp1251")).text == russian
