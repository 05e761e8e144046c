"""Labels that say no more than is known: independent outlets, novelty, agreement, and every count
with the right form of its noun (in the briefing and on stderr), the same in Markdown and HTML (the
card comparison is in test_cards.py)."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from summarizer.app.cli import cli
from summarizer.app.closing import closing_line, interrupted_message
from summarizer.app.progress import Silent, Tally
from summarizer.contracts.briefing import Briefing
from summarizer.text.wording import nouns
from tests.conftest import ROOT

OCTOBER = ("000", "001", "003")  # the three articles of the seeds' first story


def _run(fmt: str, *args: str, lang: str = "en", paths: tuple[str, ...] = ("seeds",)) -> Result:
    result = CliRunner().invoke(cli, ["summarise", *paths, "--offline", "--format", fmt, "--lang", lang, "-q", *args])
    assert result.exit_code == 0, result.output
    return result


def _brief(fmt: str, *args: str, lang: str = "en", paths: tuple[str, ...] = ("seeds",)) -> str:
    return _run(fmt, *args, lang=lang, paths=paths).stdout


def _catalogue(tmp_path: Path, outlets: dict[str, str]) -> str:
    """A --sources file naming the outlet of each seed given (by its number)."""
    rows = "".join(f'[[source]]\nmatch = "{n}_*.txt"\noutlet = "{name}"\n\n' for n, name in outlets.items())
    path = tmp_path / "outlets.toml"
    path.write_text(rows, encoding="utf-8")
    return str(path)


def _first_card(md: str) -> str:
    return md.split('<a id="s1"></a>', 1)[1].split("<a id=", 1)[0]


def _first_html_card(page: str) -> str:
    return page.split('<article class="card" id="s1">', 1)[1].split("</article>", 1)[0]


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_outlets_nobody_names_are_articles_not_independent_outlets(tmp_path: Path) -> None:
    md, page, doc = _brief("md"), _brief("html"), json.loads(_brief("json"))
    assert "— 3 articles, outlets unknown" in md.split("## Top stories", 1)[1]
    assert "3 articles, outlets unknown" in _first_card(md) and "3 articles, outlets unknown" in _first_html_card(page)
    for text in (md, page):
        assert not re.search(r"\b[2-9] (independent )?outlets\b", text)
    coverage = doc["stories"][0]["coverage"]
    assert (coverage["independent_outlets"], coverage["unknown_outlets"], coverage["articles"]) == (0, 3, 3)
    assert "independent outlets" not in json.dumps(doc)
    # Named, two of the three articles from one outlet: two independent outlets, three articles.
    named = _catalogue(tmp_path, {"000": "Wire A", "001": "Wire A", "003": "Paper B"})
    md = _brief("md", "--sources", named)
    assert "2 outlets, 3 articles" in _first_card(md) and "2 independent outlets" in _first_card(md)
    assert "2 outlets, 3 articles" in _first_html_card(_brief("html", "--sources", named))


def test_new_developing_and_unchanged_appear_only_against_a_previous_day() -> None:
    md, page, doc = _brief("md"), _brief("html"), json.loads(_brief("json"))
    marks = r"\b(new|developing|unchanged|continuing)\b"
    listed = md.split("## Top stories", 1)[1].split("<a id=", 1)[0]
    assert not re.search(marks, listed)
    for story in doc["stories"]:
        assert story["status"] is None and story["continuity"] is None
        card = md.split(f'<a id="{story["id"]}"></a>', 1)[1].split("\n\n", 2)[1]  # the line under the headline
        assert not re.search(marks, card), card
    for card in re.findall(r'<p class="meta">(.*?)</p>', page.split('<section id="stories">', 1)[1]):
        assert not re.search(r"^(new|developing|unchanged|continuing) ·", card), card
    # With a previous day the marks are there: tests/test_daily.py and tests/test_stories.py.


def test_agreement_needs_two_independent_outlets_and_fewer_is_reported(tmp_path: Path) -> None:
    unknown = _first_card(_brief("md"))
    assert "What the sources agree on" not in unknown and "**What the sources report**" in unknown
    assert "(2 articles, outlets unknown)" in unknown or "(3 articles, outlets unknown)" in unknown
    assert "What the sources agree on" not in _first_html_card(_brief("html"))
    one_outlet = _first_card(_brief("md", "--sources", _catalogue(tmp_path, dict.fromkeys(OCTOBER, "Wire A"))))
    assert "What the sources agree on" not in one_outlet and "1 outlet, 2 articles" in one_outlet
    three = _catalogue(tmp_path, {"000": "Wire A", "001": "Paper B", "003": "Channel C"})
    agreed = _first_card(_brief("md", "--sources", three)).split("**What the sources agree on**", 1)[1]
    facts = agreed.split("\n\n", 1)[0].splitlines()[1:]
    assert facts and all(re.search(r"\(([23]) outlets\)$", f) for f in facts), facts
    assert "What the sources agree on" in _first_html_card(_brief("html", "--sources", three))


def _wrong_forms(text: str, lang: str) -> list[str]:
    """Counts with the wrong form of their noun ("1 sources", "2 article"); in "12+0 tokens" the noun
    goes with the sum, so a number after "+" is no count of its own."""
    wrong: list[str] = []
    for one, many in nouns(lang):
        if one == many:
            continue
        wrong += re.findall(rf"(?<![\d.,\-+]){1} {re.escape(many)}\b", text)
        wrong += re.findall(rf"(?<![\d.,\-+])(?:0|[2-9]|[1-9]\d+) {re.escape(one)}\b(?!\s*(?:-|–))", text)
    return wrong


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("paths", [("seeds",), ("seeds/000_31bc555e087dc2ac.txt",)], ids=["five", "one"])
def test_no_count_stands_with_the_wrong_form_of_its_noun(lang: str, paths: tuple[str, ...]) -> None:
    """In the briefing's three formats, and in the lines the run writes on stderr (which speak English)."""
    outputs: dict[str, Any] = {
        "md": _brief("md", lang=lang, paths=paths),
        "md full": _brief("md", "--detail", "full", lang=lang, paths=paths),
        "html": _brief("html", lang=lang, paths=paths),
        "json": _brief("json", lang=lang, paths=paths),
    }
    for fmt, text in outputs.items():
        assert _wrong_forms(text, lang) == [], fmt
    stderr = _run("md", lang=lang, paths=paths).stderr
    assert "failed" in stderr and _wrong_forms(stderr, "en") == [], stderr


@pytest.mark.parametrize("n", [0, 1, 2])
def test_no_count_of_the_closing_line_or_the_interrupt_stands_with_the_wrong_form(n: int) -> None:
    """Every count the closing line and the Ctrl-C message can show, at 0, 1 and 2."""
    briefing = Briefing.model_validate_json(_brief("json", paths=("seeds/000_31bc555e087dc2ac.txt",)))
    counted = ("articles", "failures", "cache_hits", "llm_calls", "connection_failures", "prompt_tokens")
    counted += ("batch_requests", "ungrounded_dropped", "invalid_dropped")
    briefing.stats = briefing.stats.model_copy(update=dict.fromkeys(counted, n) | {"completion_tokens": 0})
    assert briefing.provenance is not None
    briefing.provenance.answers = {"reference": n, "recorded": n} if n else {}
    tally = Tally(Silent())
    tally.start(n)
    for status in ("extracted", "cached", "reference", "recorded", "failed"):
        tally.statuses[status] = n
    lines = closing_line(briefing, "b.md") + "\n" + interrupted_message(tally)
    assert _wrong_forms(lines, "en") == [], lines
    assert "cached" not in interrupted_message(tally)  # it names what it means: answers stored in the cache
