"""The command line as a user runs it: a subprocess, its exit code, stdout and stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REFERENCE, ROOT, SEEDS

SEED = SEEDS / "000_31bc555e087dc2ac.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
OFFLINE = ("--offline", "--fixtures", str(REFERENCE))


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def with_front_matter(text: str, **fields: str) -> str:
    """`text` under `---` front matter with these fields (the article's id stays that of `text`)."""
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n" + text
