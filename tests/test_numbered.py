"""The article as numbered sentences and quotations: what a small model answers with numbers, and
what the code copies back. Every offset must give back the words, or a copied span is not the article's."""

from __future__ import annotations

import pytest

from summarizer.text.dates import date_phrase
from summarizer.text.numbered import number_article
from tests.conftest import SEEDS

TEXT = (
    "Treffen verschoben\n"
    "Vizeaußenminister Sergej Rjabkow sagte am 3. Dezember: „Man kann nichts verschieben. Es war nicht vereinbart.“ "
    "Dr. Müller widersprach. J. Smith kam nicht, z. B. wegen des Wetters! Danach „konstruktiv“ genannt.\n"
    "Er fügte hinzu: „Wir warten.“"
)


def test_sentences_end_at_lines_and_stops_not_after_ordinals_abbreviations_initials_or_inside_a_quotation() -> None:
    numbered = number_article(TEXT)
    assert [s.text for s in numbered.sentences] == [
        "Treffen verschoben",
        "Vizeaußenminister Sergej Rjabkow sagte am 3. Dezember: „Man kann nichts verschieben. Es war nicht vereinbart.“",
        "Dr. Müller widersprach.",
        "J. Smith kam nicht, z. B. wegen des Wetters!",
        "Danach „konstruktiv“ genannt.",
        "Er fügte hinzu: „Wir warten.“",
    ]
    assert [s.number for s in numbered.sentences] == [1, 2, 3, 4, 5, 6]


def test_quotations_are_numbered_with_the_sentence_they_stand_in() -> None:
    numbered = number_article(TEXT)
    assert [(q.number, q.sentence, q.text) for q in numbered.quotations] == [
        (1, 2, "Man kann nichts verschieben. Es war nicht vereinbart."),
        (2, 5, "konstruktiv"),
        (3, 6, "Wir warten."),
    ]
    assert numbered.quotation(4) is None and numbered.sentence(0) is None and numbered.sentence(7) is None


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_offset_gives_back_its_words_and_the_sentences_cover_the_text(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    numbered = number_article(text)
    for sentence in numbered.sentences:
        assert text[sentence.start : sentence.end] == sentence.text and sentence.text.strip() == sentence.text
    for quotation in numbered.quotations:
        assert text[quotation.start : quotation.end] == quotation.text
        holder = numbered.sentence(quotation.sentence)
        assert holder is not None and holder.start <= quotation.start < holder.end
    covered = "".join(s.text for s in numbered.sentences)
    assert "".join(covered.split()) == "".join(text.split())  # no word is left out of every sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Das Treffen am 21. Oktober 2025 in Budapest wurde abgesagt.", ("am 21. Oktober 2025", "2025-10-21")),
        ("In der vergangenen Woche blockierte er die Lieferung.", ("vergangenen Woche", None)),
        ("Pifer sprach vom Telefonat am Donnerstag.", ("am Donnerstag", None)),
        ("Talks are set for March 2026.", ("for March 2026", "2026-03")),
        ("Eine Woche später reiste er ab.", (None, None)),
        ("Die Gespräche sollten die Bedingungen festlegen.", (None, None)),
    ],
)
def test_a_sentence_gives_its_date_as_written_and_an_iso_date_only_with_its_year(
    sentence: str, expected: tuple[str | None, str | None]
) -> None:
    assert date_phrase(sentence) == expected
