"""BENCHMARKS.md's table of headline figures, written from bench/figures.json (which bench/run_all
fills: every benchmark records its figures there, each with the commit that produced it).

Reproduce / use:
  python bench/figures.py table   print the table as Markdown
  python bench/figures.py doc     write it into BENCHMARKS.md, between the two marker lines (the
                                  first time, in place of the document's first table)
  python bench/figures.py check   exit 1 when BENCHMARKS.md's table is not the one figures.json gives
  python bench/figures.py exact   recompute the exact figures (seconds), record them, and write the table
                                  again where BENCHMARKS.md has it: what to run when a change moves one

A figure the tree gives the same way every time (`exact`: token, word and request counts) is checked
against the tree itself by tests/test_benchmark_figures.py; the others (times and their ratios) are
dated with their commit, the day and the machine's load, since the machine is shared and noisy.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import Figure, record

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "bench" / "figures.json"
DOC = ROOT / "BENCHMARKS.md"
BEGIN = "<!-- figures: written by `python bench/figures.py doc` from bench/figures.json; edit neither by hand -->"
END = "<!-- /figures -->"


def load(path: Path = FIGURES) -> dict[str, Any]:
    recorded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return recorded


def table(recorded: dict[str, Any]) -> str:
    """The Markdown table of every recorded figure, in the order run_all produced them."""
    lines = [
        f"Machine: {recorded.get('machine', 'not recorded')}.",
        "",
        "| What | Figure | Goal | Met? | Measured at | Reproduce |",
        "|---|---|---|---|---|---|",
    ]
    for f in recorded["figures"].values():
        met = "" if f["met"] is None else ("yes" if f["met"] else "no")
        at = f"exact, checked by the tests ({f['commit']})" if f["exact"] else f"{f['commit']}, {f['date']}, load {f['load']}"
        lines.append(f"| {f['what']} | **{f['shown']}** | {f['goal']} | {met} | {at} | `{f['command']}` |")
    return "\n".join(lines)


def block(recorded: dict[str, Any]) -> str:
    return f"{BEGIN}\n{table(recorded)}\n{END}"


def in_doc(text: str) -> str | None:
    """The marked block of a document, or None when it has none."""
    if BEGIN not in text or END not in text:
        return None
    return BEGIN + text.split(BEGIN, 1)[1].split(END, 1)[0] + END


def write_doc(doc: Path = DOC, figures: Path = FIGURES) -> None:
    """Replace the document's marked block with the table of `figures`; a document without one has
    its first Markdown table replaced (the hand-written table, the first time)."""
    text = doc.read_text(encoding="utf-8")
    current = in_doc(text) or _first_table(text)
    if current is None:
        raise SystemExit(f"{doc.name} has neither a table nor the marker lines:\n{BEGIN}\n{END}")
    doc.write_text(text.replace(current, block(load(figures)), 1), encoding="utf-8")


def _first_table(text: str) -> str | None:
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.startswith("|")), None)
    if first is None:
        return None
    last = next((i for i in range(first, len(lines)) if not lines[i].startswith("|")), len(lines))
    return "\n".join(lines[first:last])


def problems(doc: Path = DOC, figures: Path = FIGURES) -> list[str]:
    """What makes the document's table differ from the figures file (nothing: they agree)."""
    current = in_doc(doc.read_text(encoding="utf-8"))
    if current is None:
        return [f"{doc.name} has no table written from {figures.name} (`python bench/figures.py doc`)"]
    wanted = block(load(figures))
    if current == wanted:
        return []
    have, want = current.splitlines(), wanted.splitlines()
    return [f"- {line}" for line in have if line not in want] + [f"+ {line}" for line in want if line not in have]


def exact_figures() -> list[tuple[str, list[Figure]]]:
    """Every exact figure as the tree gives it now, by the command that gives it (as bench/run_all runs it)."""
    import brief_length
    import extraction_quality
    import live_faults
    import prompt_tokens

    from testsupport.articles import make_articles

    articles, seed = 1000, 11
    found = [
        ("python bench/prompt_tokens.py", prompt_tokens.figures(prompt_tokens.measure())),
        ("python bench/extraction_quality.py", extraction_quality.figures()),
        (
            f"python bench/brief_length.py --articles {articles} --seed {seed}",
            brief_length.figures(brief_length.seeds(), brief_length.day(articles, seed)),
        ),
    ]
    n, latency, fault_seed = 50, 0.05, 3
    with tempfile.TemporaryDirectory() as tmp:
        responses = make_articles(Path(tmp) / "in", n)
        faulted = live_faults.faulted_run(Path(tmp), responses, latency, fault_seed)
    command = f"python bench/live_faults.py --articles {n} --latency {latency} --seed {fault_seed}"
    found.append((command, live_faults.figures(n, faulted)))
    return [(command, [f for f in figures if f.exact]) for command, figures in found]


def refresh_exact(doc: Path = DOC, figures: Path = FIGURES) -> None:
    for command, found in exact_figures():
        record(figures, command, found)
    if in_doc(doc.read_text(encoding="utf-8")) is not None:
        write_doc(doc, figures)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "table"
    if command == "table":
        print(table(load()))
    elif command == "doc":
        write_doc()
    elif command == "exact":
        refresh_exact()
    elif command == "check":
        found = problems()
        print("\n".join(found) or f"{DOC.name} states the figures of {FIGURES.name}")
        sys.exit(1 if found else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
