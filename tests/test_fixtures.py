import hashlib
import json
import shutil
from pathlib import Path

import pytest

from summarizer.app.fixtures import fixture_status, rekey
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Provenance, Record
from summarizer.llm.config import DEFAULT_SEED
from tests.conftest import REFERENCE, REFERENCE_DE, ROOT, SEEDS
from testsupport.cli import invoke
from testsupport.fakeserver import responses_from_fixtures, serve


@pytest.mark.parametrize("folder", [REFERENCE, REFERENCE_DE], ids=["en", "de"])
def test_every_seed_has_a_current_reference_fixture(folder: Path) -> None:
    seeds = sorted(p.stem for p in SEEDS.glob("*.txt"))
    fixtures = sorted(p.stem for p in folder.glob("*.json"))
    assert seeds == fixtures and len(seeds) == 5
    for path in sorted(folder.glob("*.json")):
        status = fixture_status(path, ROOT)
        assert not status.stale, (
            f"{path.name} is stale: run `summarizer fixtures rekey` ({status.problem or 'key changed'})"
        )


@pytest.mark.parametrize("folder", [REFERENCE, REFERENCE_DE], ids=["en", "de"])
def test_reference_fixtures_are_labelled_and_quote_verbatim(folder: Path) -> None:
    for path in sorted(folder.glob("*.json")):
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


def test_export_writes_recordings_that_replay_offline_to_the_same_briefing(tmp_path: Path) -> None:
    """The README's workflow: a live run fills the cache; `fixtures export` writes one file per
    article with its provenance; offline, naming only the model, they give the same briefing."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"weights")
    model = ["--model", "test-model", "--cache-dir", str(tmp_path / "cache")]
    with serve(responses_from_fixtures(REFERENCE)) as server:
        server.json_object_only = True  # as llama-cpp-python's server: the mode is found, not given
        live = invoke(
            "summarise",
            "seeds",
            *model,
            "--base-url",
            server.url,
            "--no-synthesis",
            "--format",
            "json",
            "-q",
            cwd=tmp_path,
        )
        assert live.exit_code == 0, live.output
        assert len(server.probes) == 1 and server.count() == 5  # the mode found once, one request per article
    provenance = ["--model-file", str(weights), "--runtime", "fake server", "--runtime-version", "1"]
    exported = invoke("fixtures", "export", "seeds", *model, *provenance, cwd=tmp_path)
    assert exported.exit_code == 0, exported.output

    folder = tmp_path / "fixtures" / "recorded" / "test-model"  # the default: one folder per model
    records = [Record.read(p) for p in sorted(folder.glob("*.json"))]
    assert len(records) == 5 and all(r.origin == "recorded" and r.model == "test-model" for r in records)
    assert all(r.mode == "json_object" and r.usage is not None and r.usage.prompt_tokens > 0 for r in records)
    assert {r.provenance.model_dump_json(exclude_none=True) for r in records if r.provenance} == {
        Provenance(
            model_file_sha256=hashlib.sha256(b"weights").hexdigest(),
            runtime="fake server",
            runtime_version="1",
            temperature=0.0,
            seed=DEFAULT_SEED,
        ).model_dump_json(exclude_none=True)
    }
    assert all(not fixture_status(p, tmp_path).stale for p in folder.glob("*.json"))

    replay_args = ["--fixtures", str(folder), "--model", "test-model", "--cache-dir", str(tmp_path / "empty")]
    replay = invoke(
        "summarise", "seeds", "--offline", *replay_args, "--no-synthesis", "--format", "json", "-q", cwd=tmp_path
    )
    assert replay.exit_code == 0, replay.output
    live_doc, replay_doc = json.loads(live.stdout), json.loads(replay.stdout)
    assert replay_doc["stats"]["cache_hits"] == 0 and replay_doc["stats"]["llm_calls"] == 0
    assert live_doc["provenance"]["answers"] == {"live": 5} and replay_doc["provenance"]["answers"] == {"recorded": 5}
    assert live_doc["provenance"]["models"] == replay_doc["provenance"]["models"] == ["test-model"]
    for doc in (live_doc, replay_doc):
        del doc["stats"], doc["provenance"]  # what the run cost and where the answers came from differ; the briefing must not
    assert replay_doc == live_doc


def test_export_names_articles_without_a_recording(tmp_path: Path) -> None:
    """Hand-written reference answers are never exported as recordings (run in the repository's root)."""
    result = invoke(
        "fixtures",
        "export",
        "seeds",
        "--model",
        "gpt-4o-mini",
        "--out",
        str(tmp_path / "rec"),
        "--cache-dir",
        str(tmp_path / "c"),
    )
    assert result.exit_code == 1
    assert result.output.count("not in the cache: seeds/") == 5 and not (tmp_path / "rec").exists()


def test_export_reads_the_cache_alone_never_another_fixture_folder(tmp_path: Path) -> None:
    """./fixtures holds the local model's one-request recordings of the seeds: exporting that model's
    answers from an empty cache must not copy them into a new folder as if they were recorded now."""
    recorded = sorted((ROOT / "fixtures" / "recorded").glob("*-one-request/*.json"))
    assert recorded, "the repository's one-request recordings"
    result = invoke(
        "fixtures",
        "export",
        "seeds",
        "--model",
        Record.read(recorded[0]).model or "",
        "--out",
        str(tmp_path / "rec"),
        "--cache-dir",
        str(tmp_path / "c"),
    )
    assert result.exit_code == 1, result.output
    assert result.output.count("not in the cache: seeds/") == 5 and not (tmp_path / "rec").exists()
