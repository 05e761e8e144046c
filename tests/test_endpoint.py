"""A dead or wrong endpoint: fail fast naming it, count only answered requests, keep stderr readable."""

import socket
import time
from pathlib import Path

import pytest

from summarizer.app.pipeline import summarise
from summarizer.llm.config import ConfigError
from summarizer.llm.environment import resolve_settings
from tests.conftest import REFERENCE
from tests.test_live import ARTICLE, ARTICLE_ID
from testsupport.cli import invoke
from testsupport.fakeserver import responses_from_fixtures, serve
from testsupport.settings import make_settings


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _articles(directory: Path, count: int) -> Path:
    directory.mkdir()
    for i in range(count):
        (directory / f"a{i}.txt").write_text(f"Meldung {i}: Der Kreml sagte am Dienstag etwas.", encoding="utf-8")
    return directory


def test_a_dead_endpoint_fails_fast_naming_it_without_the_key(tmp_path: Path) -> None:
    url = f"http://user:hunter2@127.0.0.1:{closed_port()}/v1?api-key=sk-in-url"
    env = {"OPENAI_API_KEY": "sk-secret-never-shown", "SUMMARIZER_CACHE_DIR": str(tmp_path / "c")}
    started = time.monotonic()
    options = ["--fixtures", "none", "--no-synthesis", "-q", "--concurrency", "4"]
    done = invoke("summarise", str(_articles(tmp_path / "in", 30)), "--base-url", url, *options, env=env)
    elapsed = time.monotonic() - started
    assert done.exit_code == 1, done.stderr
    shown = url.split("@")[1].split("?")[0]
    assert f"cannot reach the model server at http://{shown}" in done.stderr
    for secret in ("sk-secret-never-shown", "hunter2", "sk-in-url"):
        assert secret not in done.stderr + done.stdout
    assert "Max retries exceeded" not in done.stderr and "API call failed" not in done.stderr
    assert len(done.stderr.splitlines()) <= 5, done.stderr
    assert elapsed < 30, elapsed  # 30 articles x 5 transport attempts used to take minutes


def test_only_answered_requests_are_llm_calls(tmp_path: Path) -> None:
    with serve(responses_from_fixtures(REFERENCE)) as server:
        server.queue(ARTICLE_ID, "drop")
        settings = make_settings(
            model="m", base_url=server.url, mode="json_schema", cache_dir=tmp_path / "c", synthesis=False
        )
        briefing, _ = summarise([str(ARTICLE)], settings)
    st = briefing.stats
    assert (st.llm_calls, st.connection_failures, st.retries) == (1, 1, 1)


def test_an_endpoint_that_goes_away_mid_run_stops_the_run(tmp_path: Path) -> None:
    """Answers received before the endpoint went away stay cached."""
    articles = _articles(tmp_path / "in", 6)
    with serve({}) as server:
        url = server.url
        settings = make_settings(
            model="m", base_url=url, mode="json_schema", cache_dir=tmp_path / "c", concurrency=1, synthesis=False
        )
        summarise([str(articles / "a0.txt")], settings)
    with pytest.raises(ConfigError, match=f"cannot reach the model server at {url}"):
        summarise([str(articles)], settings)
    from summarizer.llm.cache import ResponseCache

    cache = ResponseCache(tmp_path / "c")
    try:
        assert cache._db is not None
        assert cache._db.execute("SELECT count(*) FROM responses").fetchone()[0] == 1
    finally:
        cache.close()


@pytest.mark.parametrize("given", ["not a url", "localhost:11434", "ftp://example.org/v1", "http://"])
def test_a_base_url_that_is_not_a_url_is_refused(given: str) -> None:
    with pytest.raises(ConfigError, match="is not a URL"):
        resolve_settings(base_url=given)
