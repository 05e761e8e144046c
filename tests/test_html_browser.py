"""The HTML briefing in a real browser (headless Chromium): it renders, and article text cannot run."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REFERENCE, ROOT
from testsupport.articles import write_reference
from testsupport.cli import invoke

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
    def run(*args: str) -> None:
        done = invoke(*args, cwd=tmp_path)
        assert done.exit_code == 0, done.stderr

    run("fixtures", "rekey", "fx")
    page = tmp_path / "briefing.html"
    run("summarise", "seeds", "evil.txt", "--offline", "--fixtures", "fx", "--format", "html", "-o", str(page), "-q")

    dom = _browser(tmp_path, "--virtual-time-budget=2000", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    assert "<title>News briefing</title>" in dom.stdout and "PWNED</title>" not in dom.stdout
    assert "<script" not in dom.stdout.lower() and "<img" not in dom.stdout.lower()
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom.stdout
    assert dom.stdout.count("<mark>") > 50  # the cited spans are highlighted in the source texts
    assert "Sergey Lavrov" in dom.stdout

    # Every link on the page lands somewhere: story cards, sections, events, highlighted spans.
    ids = set(re.findall(r'\bid="([^"]+)"', dom.stdout))
    targets = set(re.findall(r'href="#([^"]+)"', dom.stdout))
    assert targets and targets <= ids, sorted(targets - ids)[:5]
    for section in (
        "stories",
        "overview",
        "disagreements",
        "events",
        "timeline",
        "quotes",
        "positions",
        "actors",
        "sources",
        "stats",
    ):
        assert section in ids
    cards = re.findall(r'<article class="card" id="(s\d+)"', dom.stdout)
    assert cards and all(f'href="#{c}"' in dom.stdout for c in cards)  # the table of contents lists each card
    assert dom.stdout.count("<details") >= 10  # the detail is collapsible
    quote_links = re.findall(
        r'<blockquote><b>[^<]+</b>: <q[^>]*>[^<]+</q> <a class="cite" href="#(s-[^"]+)"', dom.stdout
    )
    assert quote_links and all(f'id="{q}"' in dom.stdout for q in quote_links)  # key quotes link to their spans

    for width in (390, 1280):  # a phone and a desktop
        shot = tmp_path / f"shot-{width}.png"
        done = _browser(
            tmp_path, f"--window-size={width},2000", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri()
        )
        assert done.returncode == 0, done.stderr
        assert shot.stat().st_size > 20_000  # a page with text on it, not a blank
