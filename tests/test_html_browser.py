"""The HTML briefing in a real browser (headless Chromium): it renders, and article text cannot run."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REFERENCE, ROOT
from testsupport.articles import write_reference

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EVIL = "Er sagte: „Wir reden weiter und sehen dann weiter.“ <script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\">"


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_briefing_renders_and_scripts_in_articles_do_not_run(tmp_path: Path) -> None:
    write_reference(
        tmp_path,
        "evil",
        EVIL,
        {
            "summary": "A test.",
            "actors": [{"name": "Er", "kind": "person"}],
            "quotes": [{"text": "Wir reden weiter und sehen dann weiter.", "speaker": "Er", "kind": "direct"}],
        },
    )
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(REFERENCE, tmp_path / "fx" / "reference")
    import sys

    def run(*args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr

    run("fixtures", "rekey", "fx")
    page = tmp_path / "briefing.html"
    run("summarise", "seeds", "evil.txt", "--offline", "--fixtures", "fx", "--format", "html", "-o", str(page), "-q")

    dom = _browser(tmp_path, "--virtual-time-budget=2000", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    assert "<title>News briefing</title>" in dom.stdout and "PWNED</title>" not in dom.stdout
    assert "<script" not in dom.stdout.lower() and "<img" not in dom.stdout.lower()
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom.stdout
    assert dom.stdout.count("<mark>") > 50  # the cited spans are highlighted in the source texts
    assert "Sergej Lawrow" in dom.stdout

    shot = tmp_path / "shot.png"
    done = _browser(tmp_path, "--window-size=1200,2000", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 20_000  # a page with text on it, not a blank
