import itertools

import pytest

from summarizer.contracts.extraction import Extraction
from summarizer.llm.chunking import Part, estimate_tokens, split_article
from summarizer.merge.parts import merge_parts

PARAS = [f"Absatz {i}: " + "Wort " * 40 for i in range(12)]
TEXT = "\n".join(PARAS)


def test_short_articles_go_whole() -> None:
    assert split_article(TEXT, token_budget=10_000) == [Part(TEXT)]


def test_long_articles_split_between_paragraphs_within_budget_with_overlap() -> None:
    parts = [p.text for p in split_article(TEXT, token_budget=200, overlap=1)]
    assert len(parts) > 2
    assert all(estimate_tokens(p) <= 200 for p in parts)
    for part in parts:
        assert all(line in PARAS for line in part.split("\n"))  # never cut inside a paragraph
    for before, after in itertools.pairwise(parts):
        assert before.split("\n")[-1] == after.split("\n")[0]  # the overlap
    covered = {line for p in parts for line in p.split("\n")}
    assert covered == set(PARAS)


def test_a_paragraph_longer_than_the_budget_is_cut_between_sentences() -> None:
    long = " ".join(f"Satz {i} ist hier." for i in range(200))
    parts = [p.text for p in split_article(long, token_budget=100, overlap=0)]
    assert len(parts) > 1 and all(estimate_tokens(p) <= 100 for p in parts)
    assert " ".join(parts) == long


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join(PARAS),  # blank lines between paragraphs: a part's text is not a slice of the article
        "\n \n".join(f"  {p}" for p in PARAS),  # indented paragraphs, lines of spaces between
        " ".join(f"Satz {i} ist hier." for i in range(200)) + "\n\nNoch ein Absatz.",  # cut between sentences
        "x" * 1500 + "\n" + "y" * 900,  # cut hard inside a word
    ],
)
def test_every_character_of_a_part_maps_to_the_same_character_of_the_article(text: str) -> None:
    parts = split_article(text, token_budget=100)
    assert len(parts) > 1
    for part in parts:
        mapped = [part.in_article(i) for i, ch in enumerate(part.text)]
        assert all(text[at] == ch for at, ch in zip(mapped, part.text, strict=True) if ch != "\n")
        assert mapped == sorted(mapped) and mapped[0] == part.start


def _part(actors: list[dict[str, object]], quotes: list[str]) -> Extraction:
    return Extraction.model_validate(
        {
            "summary": "s",
            "actors": actors,
            "quotes": [{"text": q, "speaker": "Lawrow", "kind": "direct"} for q in quotes],
        }
    )


def test_parts_merge_actors_by_name_and_drop_overlap_duplicates() -> None:
    a = _part([{"name": "Sergej Lawrow", "kind": "person", "aliases": ["Lawrow"]}], ["Eins zwei drei", "Vier fünf"])
    b = _part([{"name": "Lawrow", "kind": "person", "role": "Außenminister"}], ["Vier fünf", "Sechs sieben"])
    merged = merge_parts([a, b])
    assert [x.name for x in merged.actors] == ["Sergej Lawrow"]
    assert merged.actors[0].role == "Außenminister"
    assert [q.text for q in merged.quotes] == ["Eins zwei drei", "Vier fünf", "Sechs sieben"]
