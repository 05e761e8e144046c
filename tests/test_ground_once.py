"""Every span is located once, on every path an answer takes: the check that accepts an answer
locates its quotes and evidence, and the merge reuses what it found instead of grounding again.

Each test counts the calls of the real grounding function (text.ground.ground, wrapped) while
the answers come in and while the merge runs, over real HTTP to the fake servers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import summarizer.text.ground as ground_module
from summarizer.app.pipeline import ExtractionRun, extract_articles, run_sync
from summarizer.contracts.briefing import Briefing
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import Settings
from summarizer.merge.build import build_briefing
from summarizer.text.ingest import load_articles
from tests.conftest import REFERENCE, SEEDS
from tests.test_live import ARTICLE, ARTICLE_ID
from testsupport.fakebatch import serve_batches
from testsupport.fakeserver import FakeServer, responses_from_fixtures, serve
from testsupport.settings import make_settings


class Located:
    """The calls of the grounding function: (span, text searched), in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def spans(self, since: int = 0) -> list[str]:
        return [span for span, _ in self.calls[since:]]

    def twice(self) -> list[str]:
        """Spans located more than once in the same text."""
        return [span for (span, _), n in Counter(self.calls).items() if n > 1]


@pytest.fixture
def located(monkeypatch: pytest.MonkeyPatch) -> Located:
    seen = Located()
    real = ground_module.ground

    def counting(span: str, text: str) -> ground_module.Grounding:
        seen.calls.append((span, hash(text)))
        return real(span, text)

    monkeypatch.setattr(ground_module, "ground", counting)
    return seen


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with serve(responses_from_fixtures(REFERENCE)) as fake:
        yield fake


def _settings(server: FakeServer, tmp_path: Path, **over: object) -> Settings:
    values: dict[str, object] = {
        "model": "test-model",
        "base_url": server.url,
        "mode": "json_schema",
        "cache_dir": tmp_path / "cache",
        "transport_deadline": 20,
        "synthesis": False,
    }
    return make_settings(**{**values, **over})


def _spans(run: ExtractionRun) -> set[str]:
    x = [r.extraction for r in run.results]
    return {q.text for e in x for q in e.quotes} | {v.evidence for e in x for v in (*e.events, *e.positions)}


def extract_then_merge(paths: list[str], settings: Settings, located: Located) -> tuple[ExtractionRun, Briefing]:
    """Extract (every answer fresh), then merge, asserting that the merge located no span again."""
    articles, _ = load_articles(paths)
    cache = ResponseCache(settings.stores.cache_dir)
    try:
        run = run_sync(extract_articles(articles, settings, cache))
    finally:
        cache.close()
    assert run.results and not run.failures and run.stats.cache_hits == 0
    checked = len(located.calls)
    assert _spans(run) <= set(located.spans())  # every span of the answers was located by a check
    briefing = build_briefing(run.results, settings.run.lang, run.failures, run.stats)
    assert located.spans(checked) == []  # the merge grounded nothing a second time
    assert located.twice() == []  # nor did the checks: each span once in each text
    return run, briefing


def test_realtime_one_part(server: FakeServer, tmp_path: Path, located: Located) -> None:
    _, briefing = extract_then_merge([str(ARTICLE)], _settings(server, tmp_path), located)
    assert server.count() == 1 and briefing.quotes


def test_realtime_several_parts(server: FakeServer, tmp_path: Path, located: Located) -> None:
    long_article = tmp_path / "long.txt"
    long_article.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3]))
    run, briefing = extract_then_merge([str(long_article)], _settings(server, tmp_path, token_budget=1500), located)
    assert server.count() >= 3 and briefing.quotes
    (text,) = (r.article.text for r in run.results)
    for quote in briefing.quotes:  # the parts' groundings, moved into the whole article's coordinates
        (c,) = quote.citations
        assert c.grounding.start is not None and text[c.grounding.start : c.grounding.end] == quote.text


def test_realtime_reask_after_an_ungrounded_answer(server: FakeServer, tmp_path: Path, located: Located) -> None:
    server.queue(ARTICLE_ID, "fabricated")  # a quote the article lacks: re-asked with the closest passage
    _, briefing = extract_then_merge([str(ARTICLE)], _settings(server, tmp_path), located)
    assert [r.step for r in server.requests] == ["fabricated", "ok"] and briefing.quotes


def _batch(server: FakeServer, batches_url: str, tmp_path: Path) -> Settings:
    return _settings(server, tmp_path, base_url=batches_url, mode="tools", batch=True, batch_poll=0.01)


def test_batch(server: FakeServer, tmp_path: Path, located: Located) -> None:
    with serve_batches(server.url) as batches:
        run, briefing = extract_then_merge([str(SEEDS)], _batch(server, batches.url, tmp_path), located)
    assert batches.uploads == 1 and batches.realtime == 0 and run.stats.batch_requests == 5 and briefing.quotes


def test_batch_refused_row_reasked_in_realtime(server: FakeServer, tmp_path: Path, located: Located) -> None:
    server.queue(ARTICLE_ID, "fabricated")  # the batch's answer quotes words the article lacks: refused
    with serve_batches(server.url) as batches:
        run, briefing = extract_then_merge([str(ARTICLE)], _batch(server, batches.url, tmp_path), located)
    assert batches.realtime == 1 and [r.step for r in server.requests] == ["fabricated", "ok"]
    assert run.stats.batch_requests == 1 and briefing.quotes
