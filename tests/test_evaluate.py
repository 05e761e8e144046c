import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer.app.evaluate import KINDS, Counts, EvalReport, evaluate, score_article
from summarizer.contracts.extraction import Extraction
from tests.conftest import REFERENCE, ROOT
from testsupport.settings import make_settings

FIRST = "000_31bc555e087dc2ac.json"
SECOND = "001_de0718902ade8a88.json"

Doc = dict[str, Any]


def _doc(name: str) -> Doc:
    doc: Doc = json.loads((REFERENCE / name).read_text(encoding="utf-8"))
    return doc


def _gold(name: str) -> Extraction:
    return Extraction.model_validate(_doc(name)["response"])


def _perturbed(name: str, change: Callable[[Doc], None]) -> Extraction:
    response = copy.deepcopy(_doc(name)["response"])
    change(response)
    return Extraction.model_validate(response)


def _assert_counts(counts: Counts, tp: int, fp: int, fn: int) -> None:
    assert (counts.tp, counts.fp, counts.fn) == (tp, fp, fn)


def _assert_one_swapped(counts: Counts, total: int) -> None:
    """One of `total` items changed: one false positive, one miss, the rest found."""
    _assert_counts(counts, total - 1, 1, 1)
    assert (counts.precision, counts.recall) == ((total - 1) / total, (total - 1) / total)


def _assert_perfect(scores: dict[str, Counts]) -> None:
    for kind, c in scores.items():
        assert (c.precision, c.recall, c.f1, c.fp, c.fn) == (1.0, 1.0, 1.0, 0, 0), kind


# --- Counts ------------------------------------------------------------------------------------


def test_counts_rates_and_their_edge_cases() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    assert (Counts(fn=3).precision, Counts(fn=3).recall, Counts(fn=3).f1) == (0.0, 0.0, 0.0)
    assert (Counts(fp=2).precision, Counts(fp=2).recall, Counts(fp=2).f1) == (0.0, 0.0, 0.0)
    c = Counts(tp=3, fp=1, fn=2)
    assert (c.precision, c.recall) == (3 / 4, 3 / 5)
    assert c.f1 == pytest.approx(2 * (3 / 4) * (3 / 5) / (3 / 4 + 3 / 5))
    assert Counts(1, 2, 3) + Counts(10, 20, 30) == Counts(11, 22, 33)


# --- score_article -----------------------------------------------------------------------------


def test_every_seed_scored_against_itself_is_perfect() -> None:
    for path in sorted(REFERENCE.glob("*.json")):
        gold = _gold(path.name)
        scores = score_article(gold, gold)
        _assert_perfect(scores)
        assert scores["quotes"].tp == len(gold.quotes)
        assert scores["events"].tp == len(gold.events)
        assert scores["positions"].tp == len(gold.positions)
        assert scores["actors"].tp == len(gold.actors)  # no seed lists one real actor twice


def test_a_dropped_quote_is_one_miss() -> None:
    gold = _gold(FIRST)
    n = len(gold.quotes)
    pred = _perturbed(FIRST, lambda r: r["quotes"].pop(0))
    scores = score_article(gold, pred)
    _assert_counts(scores["quotes"], n - 1, 0, 1)
    assert scores["quotes"].recall == (n - 1) / n
    assert scores["quotes"].precision == 1.0
    assert scores["quotes"].f1 == 2 * (n - 1) / (2 * (n - 1) + 1)
    for kind in ("actors", "events", "positions"):
        _assert_perfect({kind: scores[kind]})


def test_a_quote_given_to_another_speaker_is_one_false_positive_and_one_miss() -> None:
    gold = _gold(FIRST)
    n = len(gold.quotes)
    assert gold.quotes[4].speaker == "Sergej Rjabkow" and gold.actor_for("Dmitri Peskow") is not None

    def reassign(r: Doc) -> None:
        r["quotes"][4]["speaker"] = "Dmitri Peskow"

    scores = score_article(gold, _perturbed(FIRST, reassign))
    _assert_one_swapped(scores["speakers"], n)
    _assert_perfect({"quotes": scores["quotes"]})  # the words are right; only the attribution is not


def test_a_flipped_stance_is_one_false_positive_and_one_miss() -> None:
    gold = _gold(FIRST)
    m = len(gold.positions)
    target = gold.positions[6]
    assert target.stance == "supports" and [p.actor for p in gold.positions].count(target.actor) == 1

    def flip(r: Doc) -> None:
        r["positions"][6]["stance"] = "opposes"

    scores = score_article(gold, _perturbed(FIRST, flip))
    _assert_one_swapped(scores["positions"], m)
    _assert_perfect({k: scores[k] for k in ("actors", "events", "quotes")})


def test_a_changed_event_status_and_actor_list_changes() -> None:
    gold = _gold(FIRST)
    used = {e.status for e in gold.events}
    assert "cancelled" not in used

    def change(r: Doc) -> None:
        r["events"][4]["status"] = "cancelled"  # no gold event has this status, so it matches nothing
        r["actors"] = [a for a in r["actors"] if a["name"] != "CNN"]  # CNN is referenced by nothing
        r["actors"].append({"name": "Erfundene Person", "kind": "person"})

    scores = score_article(gold, _perturbed(FIRST, change))
    _assert_counts(scores["events"], len(gold.events) - 1, 1, 1)
    _assert_counts(scores["actors"], len(gold.actors) - 1, 1, 1)
    _assert_perfect({k: scores[k] for k in ("quotes", "positions")})


def test_spelling_typography_and_topic_wording_do_not_count_as_errors() -> None:
    gold = _gold(FIRST)

    def vary(r: Doc) -> None:
        text = json.dumps(r, ensure_ascii=False)
        # Another transliteration everywhere: the merge's name resolution must still pair them.
        text = text.replace("Sergej Lawrow", "Sergey Lavrov").replace('"Lawrow"', '"Lavrov"')
        varied = json.loads(text)
        r.clear()
        r.update(varied)
        r["quotes"][4]["text"] = "  „" + r["quotes"][4]["text"].upper() + "“ "
        r["positions"][6]["topic"] = "more pressure on Russia"

    pred = _perturbed(FIRST, vary)
    assert pred.actor_for("Sergej Lawrow") is None and pred.quotes[2].speaker == "Sergey Lavrov"
    _assert_perfect(score_article(gold, pred))


def test_an_empty_prediction_misses_everything() -> None:
    gold = _gold(SECOND)
    scores = score_article(gold, Extraction(summary=""))
    _assert_counts(scores["actors"], 0, 0, len(gold.actors))
    _assert_counts(scores["events"], 0, 0, len(gold.events))
    _assert_counts(scores["quotes"], 0, 0, len(gold.quotes))
    _assert_counts(scores["positions"], 0, 0, len(gold.positions))
    assert all((c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0) for c in scores.values())


# --- evaluate ----------------------------------------------------------------------------------


def test_evaluate_seeds_against_themselves_is_perfect_overall_and_per_article() -> None:
    report = evaluate(REFERENCE, ROOT, REFERENCE)
    assert len(report.articles) == 5 and not report.failures and not report.unmatched_predictions
    _assert_perfect(report.overall)
    for article in report.articles:
        _assert_perfect(article.counts)
    assert set(report.overall) == set(KINDS)
    table = report.format_table()
    assert table.startswith("overall (5 articles, 0 failed)\n")
    assert table.count("actors  ") == 6


def _write_predictions(target: Path) -> dict[str, Extraction]:
    """Perturbed copies of the seeds in `target`; the expected prediction per article id (one left out)."""
    shutil.copytree(REFERENCE, target)
    expected: dict[str, Extraction] = {}
    for path in sorted(target.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        r = doc["response"]
        if path.name == FIRST:
            r["quotes"].pop(0)
            r["quotes"][3]["speaker"] = "Dmitri Peskow"  # was Rjabkow's, index 4 before the pop
            r["positions"][6]["stance"] = "opposes"
        elif path.name == SECOND:
            r["events"].pop()
            r["positions"] = []
            del doc["article"]["id"]  # evaluate must compute it from the article file
        elif path.name.startswith("004"):
            path.unlink()  # no prediction: a failure
            continue
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        expected[_doc(path.name)["article"]["id"]] = Extraction.model_validate(r)
    return expected


def _assert_matches_score_article(report: EvalReport, expected: dict[str, Extraction]) -> None:
    gold_by_id = {_doc(p.name)["article"]["id"]: _gold(p.name) for p in REFERENCE.glob("*.json")}
    assert {a.article_id for a in report.articles} == set(gold_by_id)
    totals = {kind: Counts() for kind in KINDS}
    for article in report.articles:
        gold = gold_by_id[article.article_id]
        pred = expected.get(article.article_id)
        if pred is None:
            assert article.failure
            assert article.counts["quotes"] == Counts(fn=len(gold.quotes))
            assert article.counts["events"] == Counts(fn=len(gold.events))
            pred = Extraction(summary="")
        else:
            assert article.failure is None
        assert article.counts == score_article(gold, pred)
        for kind in KINDS:
            totals[kind] = totals[kind] + article.counts[kind]
    assert report.overall == totals


def test_evaluate_with_prediction_files_equals_score_article(tmp_path: Path) -> None:
    expected = _write_predictions(tmp_path / "pred")
    report = evaluate(REFERENCE, ROOT, tmp_path / "pred")
    _assert_matches_score_article(report, expected)
    assert len(report.failures) == 1 and report.failures[0].path.startswith("seeds/004")

    first = next(a for a in report.articles if a.path == "seeds/000_31bc555e087dc2ac.txt")
    n, m = len(_gold(FIRST).quotes), len(_gold(FIRST).positions)
    _assert_counts(first.counts["speakers"], n - 2, 1, 2)
    assert (first.counts["speakers"].precision, first.counts["speakers"].recall) == ((n - 2) / (n - 1), (n - 2) / n)
    _assert_counts(first.counts["quotes"], n - 1, 0, 1)  # one quote missing; the reattributed one's words are right
    _assert_counts(first.counts["positions"], m - 1, 1, 1)

    data = report.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["articles_failed"] == 1 and data["kinds"] == list(KINDS)
    assert data["overall"]["quotes"]["fn"] == report.overall["quotes"].fn
    assert data["overall"]["quotes"]["recall"] == report.overall["quotes"].recall
    assert "FAILED: no prediction for this article" in report.format_table()


def test_predictions_for_articles_outside_the_gold_set_are_listed_not_scored(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    shutil.copy(REFERENCE / FIRST, gold_dir / FIRST)
    report = evaluate(gold_dir, ROOT, REFERENCE)
    assert [a.path for a in report.articles] == ["seeds/000_31bc555e087dc2ac.txt"]
    assert len(report.unmatched_predictions) == 4
    _assert_perfect(report.overall)


def test_without_prediction_files_the_model_is_asked_through_the_cache(tmp_path: Path) -> None:
    # Recorded answers under the requests' keys: an offline run must take them from the fixture folder.
    expected = _write_predictions(tmp_path / "recorded")
    for path in (tmp_path / "recorded").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["origin"] = "recorded"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    settings = make_settings(offline=True, cache_dir=tmp_path / "cache", fixture_dirs=[tmp_path / "recorded"])
    report = evaluate(REFERENCE, ROOT, settings=settings)
    _assert_matches_score_article(report, expected)
    assert "--offline" in (report.failures[0].failure or "")


def test_the_gold_files_are_never_served_as_the_models_answers(tmp_path: Path) -> None:
    # The reference fixtures carry the very keys the model's requests have; scoring them would be circular.
    settings = make_settings(offline=True, cache_dir=tmp_path / "cache", fixture_dirs=[REFERENCE])
    report = evaluate(REFERENCE, ROOT, settings=settings)
    assert len(report.failures) == 5
    assert report.overall["quotes"] == Counts(fn=sum(len(_gold(p.name).quotes) for p in REFERENCE.glob("*.json")))


def test_a_gold_article_whose_text_changed_is_a_failure(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    article = tmp_path / "seeds" / "000_31bc555e087dc2ac.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    settings = make_settings(offline=True, cache_dir=tmp_path / "cache", fixture_dirs=[])
    report = evaluate(REFERENCE, tmp_path, settings=settings)
    changed = next(a for a in report.articles if a.path == "seeds/000_31bc555e087dc2ac.txt")
    assert "changed" in (changed.failure or "")
