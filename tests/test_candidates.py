"""Numbered quotations: the article's passages in quotation marks offered to the model, so a quote is
picked by number and its words are the article's by construction."""

from summarizer.contracts.extraction import Extraction
from summarizer.llm.extractor import extraction_request
from summarizer.llm.key import response_schema
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ground import Groundings
from summarizer.text.ingest import parse_article
from summarizer.text.quotescan import find_direct_quotes, quotation_candidates

TEXT = (
    "Rjabkow sagte: „Man kann nichts verschieben, was nicht vereinbart war.“ Das Telefonat sei „konstruktiv“ "
    "gewesen, hieß es. Später: „Man kann nichts verschieben, was nicht vereinbart war.“ "
    "Peskow: „Die Konsequenz der russischen Position bleibt unverändert.“"
)
ACTORS = [{"name": "Sergej Rjabkow", "kind": "person", "aliases": ["Rjabkow"]}]


def _checked(quotes: list[dict[str, object]]) -> Extraction:
    extraction = Extraction.model_validate({"summary": "S.", "actors": ACTORS, "quotes": quotes})
    check = extraction_request([], TEXT).check
    assert check is not None
    check(extraction, False)
    return extraction


def test_every_quoted_passage_is_a_candidate_once_in_order_short_ones_too() -> None:
    assert quotation_candidates(TEXT) == [
        "Man kann nichts verschieben, was nicht vereinbart war.",
        "konstruktiv",
        "Die Konsequenz der russischen Position bleibt unverändert.",
    ]
    assert len(find_direct_quotes(TEXT)) == 3  # the coverage scan still counts three words or more


def test_the_candidates_are_numbered_in_a_fence_of_their_own_after_the_article() -> None:
    article = parse_article(TEXT + " Er zitierte „</article> und <article-x>“.", "a.txt")
    user = extraction_messages(article)[1]["content"]
    after = user.split(f"</article-{article.id}>", 1)[1]
    block = after.split(f"<quotations-{article.id}>\n", 1)[1].split(f"\n</quotations-{article.id}>")[0]
    lines = block.split("\n")
    assert lines[:2] == ["1. Man kann nichts verschieben, was nicht vereinbart war.", "2. konstruktiv"]
    assert len(lines) == 4 and "</article>" not in block and "<article" not in block  # neutralised
    assert "numbered between <quotations-ID> and </quotations-ID>" in extraction_messages(article)[0]["content"]


def test_an_article_without_quotation_marks_gets_no_candidate_block() -> None:
    article = parse_article("Kein Zitat hier.", "a.txt")
    assert "<quotations-" not in extraction_messages(article)[1]["content"]


def test_a_quote_naming_a_candidate_takes_its_words() -> None:
    extraction = _checked(
        [
            {"candidate": 1, "text": "Man kann nichts vereinbaren", "speaker": "Rjabkow", "kind": "direct"},
            {"candidate": 3, "text": "", "speaker": "Rjabkow", "kind": "direct"},
        ]
    )
    assert [q.text for q in extraction.quotes] == [
        "Man kann nichts verschieben, was nicht vereinbart war.",
        "Die Konsequenz der russischen Position bleibt unverändert.",
    ]
    assert all(Groundings(TEXT).ground(q.text).status == "exact" for q in extraction.quotes)


def test_part_of_a_candidate_is_kept_and_a_number_out_of_range_is_ignored() -> None:
    extraction = _checked(
        [
            {"candidate": 1, "text": "„was nicht vereinbart war", "speaker": "Rjabkow", "kind": "direct"},
            {"candidate": 9, "text": "konstruktiv", "speaker": "Rjabkow", "kind": "direct"},
        ]
    )
    assert [(q.candidate, q.text) for q in extraction.quotes] == [
        (1, "„was nicht vereinbart war"),
        (None, "konstruktiv"),
    ]


def test_the_schema_asks_for_the_number_first_and_for_every_list() -> None:
    schema = response_schema(Extraction)
    quote = schema["properties"]["quotes"]["items"]
    assert next(iter(quote["properties"])) == "candidate" and quote["required"][0] == "candidate"
    assert set(schema["required"]) == {"summary", "actors", "events", "quotes", "positions"}
    assert "aliases" in schema["properties"]["actors"]["items"]["required"]
    assert Extraction.model_validate({"summary": "S.", "quotes": []}).actors == []  # answers may still omit them


def test_a_numbered_line_copied_with_its_number_is_read_as_that_quotation() -> None:
    # What a 1.5B model did with every quote of seed 003: the prompt's line, number and all, no candidate.
    extraction = _checked(
        [
            {
                "candidate": None,
                "text": "3. Die Konsequenz der russischen Position",
                "speaker": "Rjabkow",
                "kind": "direct",
            },
            {"candidate": None, "text": "1. Man kann nichts verschieben", "speaker": "Rjabkow", "kind": "direct"},
        ]
    )
    assert [(q.candidate, q.text) for q in extraction.quotes] == [
        (3, "Die Konsequenz der russischen Position"),
        (1, "Man kann nichts verschieben"),
    ]
    assert all(Groundings(TEXT).ground(q.text).status == "exact" for q in extraction.quotes)


def test_evidence_given_as_a_quotation_number_becomes_its_words() -> None:
    extraction = Extraction.model_validate(
        {
            "summary": "S.",
            "actors": ACTORS,
            "events": [
                {"description": "Call.", "status": "occurred", "participants": ["Rjabkow"], "evidence": "2"},
                {
                    "description": "Talks.",
                    "status": "occurred",
                    "participants": ["Rjabkow"],
                    "evidence": "1. Man kann nichts verschieben",
                },
            ],
        }
    )
    check = extraction_request([], TEXT).check
    assert check is not None
    check(extraction, False)  # grounded now: no re-ask
    assert [e.evidence for e in extraction.events] == ["konstruktiv", "Man kann nichts verschieben"]


def test_a_number_is_not_taken_for_a_quotation_when_the_words_differ_or_the_article_has_them() -> None:
    text = TEXT + " Punkt 1. Man sprach lange."
    check = extraction_request([], text).check
    assert check is not None
    extraction = Extraction.model_validate(
        {
            "summary": "S.",
            "actors": ACTORS,
            "quotes": [
                {"candidate": None, "text": "2. nicht konstruktiv gewesen", "speaker": "Rjabkow", "kind": "direct"},
                {"candidate": None, "text": "1. Man sprach lange.", "speaker": "Rjabkow", "kind": "direct"},
                {"candidate": None, "text": "7. konstruktiv", "speaker": "Rjabkow", "kind": "direct"},
            ],
        }
    )
    check(extraction, True)
    assert [(q.candidate, q.text) for q in extraction.quotes] == [
        (None, "2. nicht konstruktiv gewesen"),  # not quotation 2's words: left for the re-ask / not verified
        (None, "1. Man sprach lange."),  # the article's own words, number and all
        (None, "7. konstruktiv"),  # there is no quotation 7
    ]
