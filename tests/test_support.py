"""The support check: a generated sentence says only what its evidence says."""

from __future__ import annotations

import json

import pytest

from summarizer.text.support import check_support
from tests.conftest import REFERENCE, ROOT, SEEDS

PAIRS = [json.loads(line) for line in (ROOT / "tests" / "data" / "support_pairs.jsonl").read_text("utf-8").splitlines()]
ARTICLES = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
ACTORS = [
    [a["name"], *a["aliases"]]
    for path in sorted(REFERENCE.glob("*.json"))
    for a in json.loads(path.read_text(encoding="utf-8"))["response"]["actors"]
]


def _check(pair: dict[str, object]) -> tuple[str, tuple[str, ...]]:
    verdict = check_support(str(pair["sentence"]), list(pair["evidence"]), [ARTICLES[str(pair["article"])]], ACTORS)  # type: ignore[call-overload]
    return verdict.status, verdict.reasons


@pytest.mark.parametrize("pair", [p for p in PAIRS if str(p["kind"]).startswith("trap")], ids=lambda p: p["id"])
def test_every_trap_of_the_labelled_pairs_is_caught(pair: dict[str, object]) -> None:
    status, reasons = _check(pair)
    assert status == "unsupported" and reasons, pair["why"]


def test_no_reference_pair_is_flagged() -> None:
    flagged = [(p["id"], _check(p)[1]) for p in PAIRS if p["kind"] == "reference" and _check(p)[0] != "supported"]
    assert flagged == []


@pytest.mark.parametrize(
    ("sentence", "evidence", "reason"),
    [
        ("The meeting was cancelled.", "Das Treffen wurde verschoben.", "says 'cancelled' (cancelled); its evidence says 'verschoben'"),
        ("The meeting was postponed.", "Moskau sagte das Treffen ab.", "says 'postponed' (postponed)"),
        ("Russia agreed to the plan.", "Russland wies den Plan zurück.", "says 'agreed' (agreed)"),
        ("The talks lasted five hours.", "Nach viereinhalbstündigen Gesprächen endete das Treffen.", "gives 'five'"),
        ("They agreed on a 60-day ceasefire.", "Sie stimmten einem 30-tägigen Waffenstillstand zu.", "gives '60-day'"),
        ("The meeting is set for Friday.", "Das Treffen findet am Donnerstag statt.", "names 'Friday'"),
        ("In Paris, Macron met Putin.", "Putin traf den Präsidenten in Paris.", "names 'Macron'"),
    ],
)
def test_a_sentence_its_evidence_contradicts_is_flagged_with_the_reason(sentence: str, evidence: str, reason: str) -> None:
    verdict = check_support(sentence, [evidence], [evidence])
    assert verdict.status == "unsupported" and any(r.startswith(reason) for r in verdict.reasons), verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("The meeting was postponed.", "Das Treffen wurde verschoben."),
        ("There are no plans for a meeting.", "Das Treffen wurde abgesagt."),  # "no plans" claims no plan
        ("The talks ended after four and a half hours.", "Nach viereinhalbstündigen Gesprächen endete das Treffen."),
        ("They agreed on a 30-day ceasefire.", "Sie stimmten einem 30-tägigen Waffenstillstand zu."),
        ("The two sides met in Riyadh on Tuesday.", "Beide Seiten trafen sich am Dienstag in Riad."),
        ("Lavrov met the US Secretary of State in Moscow.", "Lawrow traf den US-Außenminister in Moskau."),
        ("Russia's army killed 2.5 times more people.", "Die russische Armee tötete 2,5 Mal mehr Menschen."),
    ],
)
def test_what_the_evidence_says_across_languages_is_supported(sentence: str, evidence: str) -> None:
    verdict = check_support(sentence, [evidence], [evidence])
    assert verdict.status == "supported", verdict.reasons


def test_a_known_actor_the_article_never_names_is_flagged_where_the_sentence_opens_with_it() -> None:
    actors = [["Emmanuel Macron", "Macron"], ["Donald Trump", "Trump"]]
    evidence = "Trump blockierte die Lieferung von Marschflugkörpern."
    assert check_support("Trump blocked the delivery.", [evidence], [evidence], actors).status == "supported"
    assert check_support("Macron blocked the delivery.", [evidence], [evidence], actors).status == "unsupported"
