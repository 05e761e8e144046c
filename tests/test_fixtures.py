import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.app.cli import cli
from summarizer.app.fixtures import fixture_status, rekey
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Record
from tests.conftest import REFERENCE, ROOT, SEEDS
from testsupport.fakeserver import responses_from_fixtures, serve


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


def test_export_writes_recordings_that_replay_offline_to_the_same_briefing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A live run fills the cache; `fixtures export` writes files; offline, they give the same briefing."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SUMMARIZER_FIXTURES", "")  # the live run must not be served by ./fixtures
    model = ["--model", "test-model", "--mode", "json_schema"]
    with serve(responses_from_fixtures(REFERENCE)) as server:
        endpoint = ["--base-url", server.url, "--cache-dir", str(tmp_path / "cache")]
        live = CliRunner().invoke(
            cli, ["summarise", "seeds", *model, *endpoint, "--no-synthesis", "--format", "json", "-q"]
        )
        assert live.exit_code == 0, live.output
        assert server.count() == 5
    exported = CliRunner().invoke(
        cli, ["fixtures", "export", "seeds", "--out", str(tmp_path / "rec"), *model, *endpoint]
    )
    assert exported.exit_code == 0, exported.output
    records = [Record.read(p) for p in sorted((tmp_path / "rec").glob("*.json"))]
    assert len(records) == 5 and all(r.origin == "recorded" and r.model == "test-model" for r in records)
    assert all(r.usage is not None and r.usage.prompt_tokens > 0 for r in records)

    replay_args = ["--fixtures", str(tmp_path / "rec"), "--cache-dir", str(tmp_path / "empty")]
    replay = CliRunner().invoke(
        cli, ["summarise", "seeds", *model, "--offline", *replay_args, "--no-synthesis", "--format", "json", "-q"]
    )
    assert replay.exit_code == 0, replay.output
    live_doc, replay_doc = json.loads(live.stdout), json.loads(replay.stdout)
    assert replay_doc["stats"]["cache_hits"] == 5 and replay_doc["stats"]["llm_calls"] == 0
    for doc in (live_doc, replay_doc):
        del doc["stats"]  # what the run cost differs; the briefing itself must not
    assert replay_doc == live_doc
