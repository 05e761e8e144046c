"""The seeds' briefing as snapshots: the Markdown one small file per section, and the JSON contract.

Tests compare against the stored files and never write them; `python -m tests.update_snapshots`
rewrites them after an intended change (review `git diff tests/snapshots` before committing).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import PINNED_EPOCH
from testsupport.cli import Ran, invoke

STORE = Path(__file__).resolve().parent / "snapshots" / "seeds"
UPDATE = "python -m tests.update_snapshots"
# Settings from the environment that would change the request keys (and so miss the fixtures).
_UNSET = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "SUMMARIZER_FIXTURES")


def run_seeds(fmt: str, cache_dir: Path) -> Ran:
    """`summarizer summarise seeds --offline` from the repository root, answered by the reference fixtures."""
    args = ["summarise", "seeds", "--offline", "--fixtures", "fixtures/reference", "--cache-dir", str(cache_dir)]
    # In the repository's root (invoke's default): paths are shown as given, relative, like a user's.
    env: dict[str, str | None] = {**dict.fromkeys(_UNSET), "SOURCE_DATE_EPOCH": PINNED_EPOCH}
    return invoke(*args, "--format", fmt, "-q", env=env)


def markdown_sections(md: str) -> dict[str, str]:
    """The Markdown cut before each `## ` heading: '00-head.md', '01-overview.md', … in document order."""
    parts = re.split(r"(?m)^(?=## )", md)
    names = ["head"] + [re.sub(r"[^a-z0-9]+", "-", p.splitlines()[0][3:].lower()).strip("-") for p in parts[1:]]
    return {f"{i:02d}-{name}.md": part for i, (name, part) in enumerate(zip(names, parts, strict=True))}


def snapshots(md: str, briefing_json: str) -> dict[str, str]:
    """File name under STORE → content, for one run's Markdown and JSON."""
    files = {f"md/{name}": text for name, text in markdown_sections(md).items()}
    files["briefing.json"] = briefing_json
    return files


def stored() -> dict[str, str]:
    """The snapshot files as committed."""
    return {p.relative_to(STORE).as_posix(): p.read_text(encoding="utf-8") for p in STORE.rglob("*") if p.is_file()}


def json_parts(text: str) -> dict[str, str]:
    """A JSON briefing by top-level field, each re-serialised, so a failure names the field that changed."""
    return {key: json.dumps(value, ensure_ascii=False, indent=1) for key, value in json.loads(text).items()}
