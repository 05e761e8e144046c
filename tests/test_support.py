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


@pytest.mark.parametrize(
    ("sentence", "evidence", "reason"),
    [
        ("The meeting was cancelled.", "La rencontre a été reportée.", "says 'cancelled' (cancelled); its evidence says 'reportée'"),
        ("The meeting was postponed.", "Moscou a annulé la rencontre.", "says 'postponed' (postponed)"),
        ("Russia agreed to the plan.", "La Russie a rejeté le plan.", "says 'agreed' (agreed)"),
        ("The talks lasted five hours.", "Les pourparlers ont duré quatre heures et demie.", "gives 'five'"),
        ("They agreed on a 60-day ceasefire.", "Ils ont accepté un cessez-le-feu de 30 jours.", "gives '60-day'"),
        ("Seventeen soldiers were wounded.", "Dix-huit soldats ont été blessés.", "gives 'seventeen'"),
        ("The meeting is set for Friday.", "La rencontre aura lieu jeudi.", "names 'Friday'"),
        ("The summit opens in March.", "Le sommet s'ouvre en avril.", "names 'March'"),
        ("In Paris, Macron met Putin.", "Poutine a rencontré le président à Paris.", "names 'Macron'"),
    ],
)
def test_a_sentence_its_french_evidence_contradicts_is_flagged_with_the_reason(sentence: str, evidence: str, reason: str) -> None:
    verdict = check_support(sentence, [evidence], [evidence])
    assert verdict.status == "unsupported" and any(r.startswith(reason) for r in verdict.reasons), verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("The meeting was postponed.", "La rencontre a été reportée."),
        ("The summit is planned.", "Le sommet n'est pas annulé."),  # a negated status claims none
        ("The talks ended after four and a half hours.", "Les pourparlers ont pris fin après quatre heures et demie."),
        ("They agreed on a 30-day ceasefire.", "Ils ont accepté un cessez-le-feu de 30 jours."),
        ("Some 10,000 soldiers and seventeen tanks were moved.", "Quelque 10\u00a0000 soldats et dix-sept chars ont été déplacés."),
        ("The two sides met in Geneva on Thursday.", "Les deux parties se sont retrouvées jeudi à Genève."),
        ("The election is planned for November.", "L'élection est prévue en novembre."),
        ("Lavrov met the US Secretary of State in Moscow.", "Lavrov a rencontré le secrétaire d'État américain à Moscou."),
        (
            "Russian Foreign Minister Sergey Lavrov spoke to a White House official.",
            "Le ministre russe des Affaires étrangères Sergueï Lavrov a parlé à un responsable de la Maison Blanche.",
        ),
        ("The Tyrolean village of Kematen sold its bell.", "Le village tyrolien de Kematen a vendu sa cloche."),
        ("The Tyrolean village of Kematen sold its bell.", "Das Tiroler Dorf Kematen verkaufte seine Glocke."),
        ("Kematen in Tyrol sold its bell.", "Die Tiroler Gemeinde Kematen verkaufte ihre Glocke."),
    ],
)
def test_what_french_evidence_says_is_supported(sentence: str, evidence: str) -> None:
    verdict = check_support(sentence, [evidence], [evidence])
    assert verdict.status == "supported", verdict.reasons
