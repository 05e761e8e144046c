import json
import shutil
from pathlib import Path

from summarizer.app.fixtures import fixture_status, rekey
from summarizer.contracts.extraction import Extraction
from tests.conftest import REFERENCE, ROOT, SEEDS


def test_every_seed_has_a_current_reference_fixture() -> None:
    seeds = sorted(p.stem for p in SEEDS.glob("*.txt"))
    fixtures = sorted(p.stem for p in REFERENCE.glob("*.json"))
    assert seeds == fixtures and len(seeds) == 5
    for path in sorted(REFERENCE.glob("*.json")):
        status = fixture_status(path, ROOT)
        assert not status.stale, (
            f"{path.name} is stale: run `summarizer fixtures rekey` ({status.problem or 'key changed'})"
        )


def test_reference_fixtures_are_labelled_and_quote_verbatim() -> None:
    for path in sorted(REFERENCE.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["origin"] == "reference" and doc["usage"] is None
        text = (ROOT / doc["article"]["path"]).read_text(encoding="utf-8")
        extraction = Extraction.model_validate(doc["response"])
        assert extraction.quotes, path.name
        for q in extraction.quotes:
            assert q.text in text, f"{path.name}: quote not verbatim: {q.text!r}"


def test_a_changed_prompt_makes_fixtures_stale_and_rekey_repairs_them(tmp_path: Path) -> None:
    shutil.copytree(REFERENCE, tmp_path / "fx")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    victim = tmp_path / "fx" / "000_31bc555e087dc2ac.json"
    doc = json.loads(victim.read_text(encoding="utf-8"))
    doc["key"] = "s1:" + "0" * 64  # what a prompt or schema change does to every stored key
    victim.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert fixture_status(victim, tmp_path).stale
    changed = rekey(tmp_path / "fx", tmp_path)
    assert [s.path.name for s in changed] == [victim.name]
    assert not fixture_status(victim, tmp_path).stale
    assert json.loads(victim.read_text(encoding="utf-8"))["response"] == doc["response"]
