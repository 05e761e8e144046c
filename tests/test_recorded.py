"""Real models' recorded answers (fixtures/recorded/<folder>/, one folder per model and protocol:
one file per article for the one-request protocol, one per request for the multi-pass one),
replayed offline: what must hold for any model's briefing, however good or weak its answers. No
model is needed to run these."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from summarizer.app.fixtures import fixture_status
from summarizer.app.pipeline import summarise
from summarizer.contracts.briefing import Briefing
from summarizer.contracts.record import Record
from summarizer.llm.environment import resolve_settings
from tests.conftest import ROOT, SEEDS
from testsupport.headlines import headline_problems

RECORDED = ROOT / "fixtures" / "recorded"
FOLDERS = sorted(p for p in RECORDED.iterdir() if p.is_dir())


def _records(folder: Path) -> list[Record]:
    return [Record.read(p) for p in sorted(folder.glob("*.json"))]


def _articles(folder: Path) -> set[str]:
    return {r.article.path for r in _records(folder) if r.article and r.article.path}


def _replay(folder: Path, tmp_path: Path) -> tuple[Briefing, dict[str, str]]:
    (model,) = {r.model for r in _records(folder)}
    settings = resolve_settings(  # passes auto: offline, answers recorded either way serve
        model=model, offline=True, cache=str(tmp_path / "cache"), fixtures=[str(folder)], synthesis=False, passes="auto"
    )
    return summarise([str(SEEDS.relative_to(ROOT))], settings)


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # article paths in the records are relative to the repository


def test_there_are_recordings_of_every_seed() -> None:
    assert FOLDERS, "fixtures/recorded/ holds no model's recordings"
    for folder in FOLDERS:
        assert _articles(folder) == {f"seeds/{p.name}" for p in SEEDS.glob("*.txt")}, folder.name


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_recordings_say_what_answered_and_answer_todays_request(folder: Path) -> None:
    for path in sorted(folder.glob("*.json")):
        record = Record.read(path)
        assert record.origin == "recorded" and record.model and record.usage and record.usage.completion_tokens > 0
        p = record.provenance
        assert p is not None and re.fullmatch("[0-9a-f]{64}", p.model_file_sha256 or ""), path.name
        assert p.runtime and p.runtime_version and p.temperature == 0 and p.seed is not None
        status = fixture_status(path, ROOT)
        assert not status.stale, f"{path.name} answers another prompt or schema: record it again ({status.problem})"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_replayed_offline_every_shown_quote_is_its_articles_words(
    folder: Path, tmp_path: Path, no_sockets: list[object]
) -> None:
    briefing, texts = _replay(folder, tmp_path)
    assert not briefing.failures and briefing.stats.llm_calls == 0 and not no_sockets
    assert briefing.stats.cache_hits == 0 and briefing.provenance is not None
    assert briefing.provenance.answers == {"recorded": len(_articles(folder))}
    for quote in briefing.quotes:
        for citation in quote.citations:
            g = citation.grounding
            assert g.status != "ungrounded" and g.start is not None and g.end is not None
            assert texts[citation.source][g.start : g.end] == quote.text, (citation.source, quote.text)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_unverified_quotes_are_listed_and_not_shown(folder: Path, tmp_path: Path) -> None:
    briefing, texts = _replay(folder, tmp_path)
    shown = {(c.source, q.text) for q in briefing.quotes for c in q.citations}
    unverified = [n for n in briefing.not_verified if n.kind == "quote"]
    assert briefing.stats.ungrounded_dropped == len(unverified)
    for item in unverified:
        assert (item.source, item.text) not in shown and item.text not in texts[item.source]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_no_item_cites_a_source_that_does_not_contain_it(folder: Path, tmp_path: Path) -> None:
    briefing, texts = _replay(folder, tmp_path)
    assert {s.id for s in briefing.sources} == set(texts)
    spans: list[tuple[str, str, Any]] = [
        (a.source, a.evidence, a.grounding) for e in briefing.events for a in e.accounts
    ]
    spans += [(s.source, s.evidence, s.grounding) for p in briefing.positions for s in p.stances]
    spans += [(c.source, q.text, c.grounding) for q in briefing.quotes for c in q.citations]
    for source, span, g in spans:
        assert g.status != "ungrounded" and g.start is not None and g.end is not None, (source, span)
        assert texts[source][g.start : g.end].strip(), (source, span)
    cited = {
        s for item in [*briefing.actors, *briefing.events, *briefing.quotes, *briefing.positions] for s in item.sources
    }
    assert cited <= set(texts)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_the_json_briefing_validates_against_its_schema(folder: Path, tmp_path: Path) -> None:
    briefing, _ = _replay(folder, tmp_path)
    schema = json.loads((ROOT / "schemas" / "briefing.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(briefing.model_dump_json()), schema)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_headlines_from_weak_answers_are_whole_and_short(folder: Path, tmp_path: Path) -> None:
    briefing, _ = _replay(folder, tmp_path)
    assert briefing.stories
    assert {s.headline: headline_problems(s.headline) for s in briefing.stories if headline_problems(s.headline)} == {}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_quote_shows_a_speaker_only_where_its_article_names_that_speaker(folder: Path, tmp_path: Path) -> None:
    briefing, _ = _replay(folder, tmp_path)
    shown = [q for q in briefing.quotes if q.speaker_check and q.speaker_check.status == "confirmed"]
    for quote in shown:
        assert quote.speaker_check is not None and quote.speaker_check.words and quote.speaker_check.cue
    for story in briefing.stories:
        for key in story.key_quotes:
            entry = next(q for q in briefing.quotes if q.id == key.quote)
            assert entry in shown and key.speaker == entry.speaker, (story.headline, entry.text, entry.speaker_name)
