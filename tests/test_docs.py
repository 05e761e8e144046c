"""Cite only what exists: every document that code, tests, benchmarks and docs name is in the repository."""

import re

from tests.conftest import ROOT

# A document as the project cites one: under docs/, or a top-level name in capitals (README.md).
CITED = re.compile(r"(?<![\w./-])(?:docs/[\w-]+|[A-Z][A-Z_]+)\.md\b")
SEARCHED = ("summarizer", "tests", "testsupport", "bench", "docs", "prompts")
KINDS = {".py", ".md", ".j2", ".toml", ".txt"}


def test_every_cited_document_exists() -> None:
    files = [p for d in SEARCHED for p in (ROOT / d).rglob("*") if p.is_file() and p.suffix in KINDS]
    files += [ROOT / "README.md", ROOT / "BENCHMARKS.md", ROOT / "pyproject.toml"]
    cited = {(name, p.relative_to(ROOT).as_posix()) for p in files for name in CITED.findall(p.read_text("utf-8"))}
    assert cited, "no citation found: the pattern no longer matches how documents are named"
    assert sorted((name, where) for name, where in cited if not (ROOT / name).is_file()) == []
