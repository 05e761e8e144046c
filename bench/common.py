"""Shared by the benchmarks: the repository on the path (they run as scripts), and the headline
figures each one publishes.

Articles, the local test server and the command line come from the `testsupport` package, as for
the tests.

`publish` prints a benchmark's headline figures and, when `BENCH_FIGURES` names a file (bench/run_all
sets it), records them there with the commit that produced them, the date, the machine's load and
the command; BENCHMARKS.md's table is written from that file (bench/figures.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # a plain `python bench/x.py` from a checkout without `pip install -e`

FIGURES_ENV = "BENCH_FIGURES"


@dataclass(frozen=True)
class Figure:
    """One headline figure: `shown` is how BENCHMARKS.md states it; `value` is what is compared.

    `exact`: the tree gives the same value on every run (token and word counts, request counts), so
    tests/test_benchmark_figures.py recomputes it and fails when the recorded one is no longer true.
    Other figures (times and their ratios) are noisy; they are dated with the commit instead.
    """

    key: str
    what: str
    value: float
    shown: str
    goal: str = ""
    met: bool | None = None
    exact: bool = False


def revision() -> str:
    """The commit of the tree measured, with `+dirty` when its code (summarizer/, bench/, prompts/,
    testsupport/; the figures file aside) differs from it."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "summarizer", "bench", "prompts", "testsupport", ":!bench/figures.json"],
        capture_output=True,
        text=True,
    )
    return (head.stdout.strip() or "unknown") + ("+dirty" if changed.stdout.strip() else "")


def publish(command: str, figures: list[Figure]) -> None:
    """Print the figures (one line each) and record them in the file named by $BENCH_FIGURES, if any."""
    for f in figures:
        goal = f" (goal {f.goal}: {'met' if f.met else 'not met'})" if f.goal and f.met is not None else ""
        print(f"figure {f.key}: {f.shown}{goal}")
    target = os.environ.get(FIGURES_ENV)
    if target:
        record(Path(target), command, figures)


def record(path: Path, command: str, figures: list[Figure]) -> None:
    """Write the figures into the figures file at `path` (a figure already there keeps its place)."""
    recorded = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"figures": {}}
    stamp = {
        "commit": revision(),
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "load": round(os.getloadavg()[0], 1),
        "command": command,
    }
    for f in figures:
        recorded["figures"][f.key] = {**asdict(f), **stamp}
    path.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
