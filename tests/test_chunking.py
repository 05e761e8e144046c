import itertools

from summarizer.contracts.extraction import Extraction
from summarizer.llm.chunking import estimate_tokens, merge_parts, split_article

PARAS = [f"Absatz {i}: " + "Wort " * 40 for i in range(12)]
TEXT = "\n".join(PARAS)


def test_short_articles_go_whole() -> None:
    assert split_article(TEXT, token_budget=10_000) == [TEXT]


def test_long_articles_split_between_paragraphs_within_budget_with_overlap() -> None:
    parts = split_article(TEXT, token_budget=200, overlap=1)
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
    parts = split_article(long, token_budget=100, overlap=0)
    assert len(parts) > 1 and all(estimate_tokens(p) <= 100 for p in parts)
    assert " ".join(parts) == long


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
