"""One story in two languages: English articles written for the tests (renderings of two German seeds,
and unrelated news), and a quote an English outlet translates joining its German original's entry."""

import json
import re

import pytest

from summarizer.app.fixtures import fixture_status
from summarizer.contracts.briefing import Briefing, QuoteEntry
from summarizer.contracts.extraction import Extraction
from summarizer.merge.build import ArticleResult, build_briefing
from summarizer.merge.translations import MIN_STATEMENT_WORDS, TRANSLATION_MATCH
from summarizer.render.formats import render
from summarizer.text.translation import quote_language, statement_words, translation_likeness
from tests.conftest import REFERENCE_DE, ROOT
from tests.seeds_helpers import CROSSLINGUAL, crosslingual_results, seed_results

# Each English statement of the renderings and the German original it translates (their first words).
TRANSLATED = {
    "You cannot postpone something": "Man kann nichts verschieben",
    "The consistency of the Russian position remains": "Die Konsequenz der russischen Position",
    "Obviously, President Trump": "Offensichtlich wurde Präsident Trump",
    "to advance a lasting resolution": "eine dauerhafte Lösung",
    "They should stop where they are": "Sie sollten aufhören",
    "Calls for an immediate ceasefire": "Rufe nach einem sofortigen Waffenstillstand",
    "We remain committed to the principle": "Wir bleiben dem Grundsatz verpflichtet",
    "in order to supply Ukraine": "um die Ukraine mit Waffen",
    "The cat is out of the bag": "Die Katze ist aus dem Sack",
}


@pytest.fixture(scope="module")
def english() -> Briefing:
    return build_briefing(seed_results() + crosslingual_results(), "en")


def _entry(b: Briefing, start: str) -> QuoteEntry:
    (entry,) = [q for q in b.quotes if q.text.startswith(start)]
    return entry


def test_the_material_says_it_was_written_for_the_tests_and_has_current_reference_answers() -> None:
    articles = sorted((CROSSLINGUAL / "articles").glob("*.txt"))
    assert len(articles) == 5
    for path in articles:
        text = path.read_text(encoding="utf-8")
        assert re.search(r"^note: Written for the tests\.", text, flags=re.M), path.name
        rendered = re.search(r"rendering of the German seed article (seeds/\S+\.txt)", text)
        assert rendered is None or (ROOT / rendered.group(1)).is_file()
    fixtures = sorted((CROSSLINGUAL / "fixtures").glob("*.json"))
    assert [p.stem for p in fixtures] == [p.stem for p in articles]
    for path in fixtures:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert (doc["origin"], doc["lang"], doc["usage"]) == ("reference", "en", None)
        assert not fixture_status(path, ROOT).stale, f"{path.name}: run `summarizer fixtures rekey {path.parent}`"
        article = (ROOT / doc["article"]["path"]).read_text(encoding="utf-8")
        extraction = Extraction.model_validate(doc["response"])
        assert all(q.text in article for q in extraction.quotes)
        assert all(e.evidence in article for e in extraction.events)
        assert all(p.evidence in article for p in extraction.positions)


def test_each_translated_statement_joins_its_german_original_and_nothing_else_joins(english: Briefing) -> None:
    renderings = {s.id for s in english.sources if s.outlet in ("Test Wire", "Test Courier")}
    quoted = [(q, c) for q in english.quotes for c in q.citations if c.quoted_text]
    assert len(quoted) == len(TRANSLATED)
    for english_start, german_start in TRANSLATED.items():
        original = _entry(english, german_start)
        (citation,) = [c for c in original.citations if c.quoted_text]
        assert citation.quoted_text and citation.quoted_text.startswith(english_start)
        assert citation.source in renderings and citation.quoted_lang == "en"
        assert not any(q.text.startswith(english_start) for q in english.quotes)  # not left on its own too


def test_the_ledger_shows_both_texts_side_by_side_as_quoted_in_english(english: Briefing) -> None:
    ryabkov = _entry(english, "Man kann nichts verschieben")
    wire = next(s for s in english.sources if s.outlet == "Test Wire" and s.id in ryabkov.sources)
    assert ryabkov.speaker_name == "Sergey Ryabkov" and len(ryabkov.sources) == 2
    md = render(english, "md", detail="full")
    entry = md.split(f"- {ryabkov.id} **Sergey Ryabkov**", 1)[1].split("\n- ", 1)[0]
    assert "„Man kann nichts verschieben, was nicht vereinbart war.“" in entry
    assert f"as quoted in English by {wire.label}: “You cannot postpone something that was not agreed.”" in entry
    page = render(english, "html", {r.article.id: r.article.text for r in seed_results() + crosslingual_results()})
    block = page.split(f'<blockquote id="{ryabkov.id}">', 1)[1].split("</blockquote>", 1)[0]
    assert block.startswith('<div class="sbs">') and "You cannot postpone" in block and "Man kann nichts" in block


def test_a_like_line_of_the_same_speaker_on_another_matter_stays_apart(english: Briefing) -> None:
    german = _entry(english, "Die Konsequenz der russischen Position")
    gas = _entry(english, "The consistency of the Russian position on gas transit")
    # Speaker and words alone would join them: the gas talks share no event with the Rubio–Lavrov story.
    assert gas.speaker == german.speaker and german.translation
    assert translation_likeness(german.translation, gas.text) >= TRANSLATION_MATCH
    assert set(gas.sources).isdisjoint(german.sources) and not any(c.quoted_text for c in gas.citations)


def test_fragments_and_other_statements_of_the_speaker_do_not_join(english: Briefing) -> None:
    for word in ("constructive", "hardly", "no plans"):
        fragment = next(q for q in english.quotes if q.text == word)
        assert len(fragment.sources) == 1 and len(statement_words(fragment.text)) < MIN_STATEMENT_WORDS
    # Lavrov's other statement on the Alaska agreements shares words with "Calls for…" but is another one.
    commitment = _entry(english, "ihre feste Verpflichtung")
    assert len(commitment.sources) == 1
    calls = _entry(english, "Rufe nach einem sofortigen Waffenstillstand")
    assert [c.quoted_text[:16] for c in calls.citations if c.quoted_text] == ["Calls for an imm"]


def test_in_a_german_briefing_the_english_quote_joins_by_its_german_translation() -> None:
    # A German run asks for translations into German: the English articles' answers then carry them.
    german_of = {
        "You cannot postpone something that was not agreed.": "Man kann nichts verschieben, was nicht vereinbart wurde.",
        "The consistency of the Russian position on gas transit remains unchanged,": (
            "Die Konsequenz der russischen Position beim Gastransit bleibt unverändert."
        ),
    }
    results = []
    for r in crosslingual_results():
        quotes = [q.model_copy(update={"translation": german_of.get(q.text)}) for q in r.extraction.quotes]
        results.append(ArticleResult(r.article, r.extraction.model_copy(update={"quotes": quotes})))
    briefing = build_briefing(seed_results(REFERENCE_DE) + results, "de")
    ryabkov = _entry(briefing, "Man kann nichts verschieben")
    (quoted,) = [c for c in ryabkov.citations if c.quoted_text]
    assert quoted.quoted_text == "You cannot postpone something that was not agreed." and quoted.quoted_lang == "en"
    assert "auf Englisch zitiert von" in render(briefing, "md", detail="full")
    assert len(_entry(briefing, "The consistency of the Russian position on gas").sources) == 1


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("You cannot postpone something that was not agreed.", "en"),
        ("Man kann nichts verschieben, was nicht vereinbart war.", "de"),
        ("On ne peut pas reporter ce qui n'a pas été convenu.", "fr"),
        ("konstruktiv", None),
    ],
)
def test_a_quote_s_language_is_read_from_its_function_words(text: str, lang: str | None) -> None:
    assert quote_language(text) == lang


def test_the_seeds_alone_join_nothing() -> None:
    briefing = build_briefing(seed_results(), "en")
    assert not any(c.quoted_text for q in briefing.quotes for c in q.citations)
