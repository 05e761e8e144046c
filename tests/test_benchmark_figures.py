"""BENCHMARKS.md states no figure the tree does not give.

bench/run_all records every headline figure in bench/figures.json with the commit that produced it,
and BENCHMARKS.md's table is written from that file (bench/figures.py). The exact figures (token,
word and request counts: the same on every run) are recomputed here, in this process, and must
equal the recorded ones exactly; a change that moves one fails until `python bench/figures.py
exact` records it again. Times and their ratios are noisy and stay dated with their commit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def figures_tool() -> Iterator[ModuleType]:
    """bench/figures.py, imported as the benchmarks import each other (bench/ on the path)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import figures

        yield figures
    finally:
        sys.path.remove(str(ROOT / "bench"))


@pytest.fixture(scope="module")
def recomputed(figures_tool: ModuleType) -> dict[str, Any]:
    return {f.key: f.value for _, found in figures_tool.exact_figures() for f in found}


def test_every_exact_figure_recorded_is_what_the_tree_gives(figures_tool: ModuleType, recomputed: dict[str, Any]) -> None:
    recorded = figures_tool.load()["figures"]
    exact = {key: f["value"] for key, f in recorded.items() if f["exact"]}
    drifted = {key: (value, recomputed.get(key)) for key, value in exact.items() if recomputed.get(key) != value}
    assert drifted == {}, f"(recorded, now) differ; record them again with `python bench/figures.py exact`: {drifted}"


def test_every_exact_figure_the_benchmarks_give_is_recorded(figures_tool: ModuleType, recomputed: dict[str, Any]) -> None:
    recorded = figures_tool.load()["figures"]
    assert sorted(k for k in recomputed if not recorded.get(k, {}).get("exact")) == []


def test_the_table_written_from_the_figures_is_checked_against_them(figures_tool: ModuleType, tmp_path: Path) -> None:
    """`doc` replaces a document's first table with the figures' table; `check` then finds nothing,
    and finds the figure that changed afterwards, or a table edited by hand."""
    figures = tmp_path / "figures.json"
    entry = {"what": "Cache path", "value": 3.4, "shown": "3.4 ×", "goal": "≤ 3 ×", "met": False, "exact": False}
    stamp = {"commit": "abc1234567", "date": "2025-10-22", "load": 1.5, "command": "python bench/cache_overhead.py"}
    recorded = {"machine": "2 cores", "figures": {"cache.path_ratio": {**entry, **stamp}}}
    figures.write_text(json.dumps(recorded, ensure_ascii=False), encoding="utf-8")
    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text("# Benchmarks\n\n| # | What | Figure |\n|---|---|---|\n| 3 | Cache path | **5.4 ×** |\n\nText.\n")
    assert figures_tool.problems(doc, figures) != []
    figures_tool.write_doc(doc, figures)
    assert "**3.4 ×**" in doc.read_text(encoding="utf-8") and "5.4 ×" not in doc.read_text(encoding="utf-8") and doc.read_text(encoding="utf-8").endswith("\nText.\n")
    assert figures_tool.problems(doc, figures) == []
    figures.write_text(figures.read_text(encoding="utf-8").replace('"3.4 ×"', '"3.9 ×"'))
    assert figures_tool.problems(doc, figures) != []
    figures_tool.write_doc(doc, figures)
    doc.write_text(doc.read_text(encoding="utf-8").replace("**3.9 ×**", "**2.9 ×**"))
    assert figures_tool.problems(doc, figures) != []


def test_benchmarks_md_states_the_recorded_figures(figures_tool: ModuleType) -> None:
    assert figures_tool.problems() == []
