import pytest

from summarizer.text.ground import FUZZY_THRESHOLD, closest_passage, ground, normalise
from summarizer.text.quotescan import covered_quotes, find_direct_quotes, speaker_named_in

ARTICLE = (
    "Kremlsprecher Dmitri Peskow fügte hinzu: „Die Konsequenz der russischen Position bleibt unverändert.“\n"
    "Der Kreml\u00a0hat außerdem Trumps Forderung – nach einer Feuerpause – zurückgewiesen. "
    "Er sagte, das Treffen sei »gut verlaufen« und es habe ‚ein ernsthaftes Gespräch‘ gegeben."
)


def _slice(span: str) -> str:
    g = ground(span, ARTICLE)
    assert g.start is not None and g.end is not None
    return ARTICLE[g.start : g.end]


def test_exact_match_gives_offsets_into_the_original() -> None:
    g = ground("Die Konsequenz der russischen Position bleibt unverändert.", ARTICLE)
    assert g.status == "exact" and g.score == 100
    assert _slice("Die Konsequenz der russischen Position bleibt unverändert.").startswith("Die Konsequenz")


def test_surrounding_quote_marks_from_the_model_are_ignored() -> None:
    assert ground("„Die Konsequenz der russischen Position bleibt unverändert.“", ARTICLE).status == "exact"


@pytest.mark.parametrize(
    ("span", "original"),
    [
        ("der kreml hat außerdem", "Der Kreml\u00a0hat außerdem"),  # NBSP and case
        ("Forderung - nach einer Feuerpause - zurückgewiesen", "Forderung – nach einer Feuerpause – zurückgewiesen"),
        ('das Treffen sei "gut verlaufen', "das Treffen sei »gut verlaufen"),
        ("es habe 'ein ernsthaftes Gespräch' gegeben", "es habe ‚ein ernsthaftes Gespräch‘ gegeben"),
        ("Der   Kreml hat", "Der Kreml\u00a0hat"),
        ("DER KREML HAT AUSSERDEM", "Der Kreml\u00a0hat außerdem"),  # ß folds to ss, offsets still right
    ],
)
def test_german_typography_is_normalised_and_offsets_slice_the_original(span: str, original: str) -> None:
    g = ground(span, ARTICLE)
    assert g.status == "normalised"
    assert ARTICLE[g.start : g.end] == original


def test_a_slipped_letter_is_fuzzy_with_its_score() -> None:
    g = ground("Die Konsequenz der russichen Position bleibt unverändert", ARTICLE)
    assert g.status == "fuzzy" and FUZZY_THRESHOLD <= g.score < 100
    assert ARTICLE[g.start : g.end].startswith("Die Konsequenz der russischen Position")


@pytest.mark.parametrize(
    "paraphrase",
    [
        "Die russische Position ist weiterhin unverändert.",  # same meaning, reworded
        "Die Haltung Russlands bleibt konsequent.",
        "Die Konsequenz der amerikanischen Position bleibt unverändert.",  # one word changes the claim
    ],
)
def test_paraphrases_do_not_pass_as_quotes(paraphrase: str) -> None:
    assert ground(paraphrase, ARTICLE).status == "ungrounded"


def test_short_spans_are_never_fuzzy() -> None:
    assert ground("Kreml hatt", ARTICLE).status == "ungrounded"


def test_empty_span_is_ungrounded() -> None:
    assert ground(" „“ ", ARTICLE).status == "ungrounded"


def test_closest_passage_points_the_model_at_the_real_text() -> None:
    assert "Konsequenz der russischen Position" in closest_passage("Konsequenz der Position Russlands", ARTICLE)


def test_normalise_folds_typography() -> None:
    assert normalise("„A“ – »B« ‚C‘\u00a0D…") == '"a" - "b" \'c\' d...'


def test_direct_quotations_are_found_and_coverage_measured() -> None:
    text = 'Er sagte: „Wir sind dazu bereit, aber es ist schwierig“. Sie nannte es „konstruktiv“. "Das ist ein Test hier" und »noch ein langes Zitat«.'
    spans = find_direct_quotes(text)
    assert [text[s:e] for s, e in spans] == [
        "Wir sind dazu bereit, aber es ist schwierig",
        "Das ist ein Test hier",
        "noch ein langes Zitat",
    ]
    first = spans[0]
    assert covered_quotes(first, [(first[0], first[0] + 30)])
    assert not covered_quotes(first, [(first[0], first[0] + 10)])


def test_broken_german_closing_mark_still_ends_the_quotation() -> None:
    text = "„Ich möchte offiziell bestätigen: Russland hat nichts geändert„, sagte Lawrow."
    assert [text[s:e] for s, e in find_direct_quotes(text)] == [
        "Ich möchte offiziell bestätigen: Russland hat nichts geändert"
    ]


def test_speaker_named_in_article() -> None:
    assert speaker_named_in(["Sergej Lawrow", "Herr Lawrow"], "Herr Lawrow sagte.")
    assert not speaker_named_in(["Emmanuel Macron"], "Herr Lawrow sagte.")


def _normalise_char_by_char(text: str) -> tuple[str, list[int]]:
    """The definition the fast path must agree with: fold each character, collapse spaces."""
    from summarizer.text.ground import _fold_char

    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded == " " and (not out or out[-1] == " "):
            continue
        for f in folded:
            out.append(f)
            origin.append(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def test_fast_normalisation_agrees_with_the_character_by_character_definition() -> None:
    import random

    from summarizer.text.ground import normalise_with_map

    rng = random.Random(3)
    alphabet = "ab ß„“–\n\t\u00a0\u00adXÄ…  ẞİﬁ'»"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        folded, origin = normalise_with_map(text)
        assert (folded, list(origin)) == _normalise_char_by_char(text), repr(text)


_DOUBLE = set('„“”‟"«»')


def _balanced(slice_: str) -> bool:
    return sum(ch in _DOUBLE for ch in slice_) % 2 == 0


def test_seed_spans_are_grounded_to_balanced_slices_that_are_what_is_shown() -> None:
    """Outer quotation marks are stripped both or neither; the offsets are those of the text shown."""
    from summarizer.text.ground import ground as locate
    from tests.seeds_helpers import seed_results

    checked = 0
    for result in seed_results():
        x, text = result.extraction, result.article.text
        for span in [q.text for q in x.quotes] + [e.evidence for e in x.events] + [p.evidence for p in x.positions]:
            g = locate(span, text)
            if g.status == "ungrounded" or g.start is None or g.end is None:
                continue
            shown = text[g.start : g.end]
            assert _balanced(shown), (span, shown)
            if g.status == "exact":
                given = span.strip()
                assert shown in (given, given[1:-1].strip()), (span, shown)
            checked += 1
    assert checked > 200


@pytest.mark.parametrize(
    ("span", "shown"),
    [
        ("sagte: „Man kann nichts verschieben.“", "sagte: „Man kann nichts verschieben.“"),  # closing mark kept
        ("„Man kann nichts verschieben.“", "Man kann nichts verschieben."),  # both stripped
        ("„Man kann nichts verschieben.", "„Man kann nichts verschieben."),  # neither
        ("Man kann nichts verschieben.“", "Man kann nichts verschieben.“"),  # neither
    ],
)
def test_outer_marks_are_stripped_both_or_neither(span: str, shown: str) -> None:
    from summarizer.text.ground import ground as locate

    text = "Rjabkow sagte: „Man kann nichts verschieben.“ Dann ging er."
    g = locate(span, text)
    assert g.status == "exact" and text[g.start : g.end] == shown
