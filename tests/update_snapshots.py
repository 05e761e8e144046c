"""Rewrite the seeds' snapshots (tests/snapshots/seeds) after an intended change to the briefing.

    python -m tests.update_snapshots

Then review `git diff tests/snapshots` and commit the files with the change that caused them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from tests.snapshot import STORE, run_seeds, snapshots, stored


def main() -> int:
    """Write the snapshots; report which files changed. Exit 1 when the seeds could not be briefed."""
    with tempfile.TemporaryDirectory() as cache:
        runs = {fmt: run_seeds(fmt, Path(cache)) for fmt in ("md", "json")}
    for fmt, result in runs.items():
        if result.exit_code != 0:
            print(f"summarise seeds --format {fmt} failed ({result.exit_code}):\n{result.output}", file=sys.stderr)
            return 1
    before = stored() if STORE.exists() else {}
    after = snapshots(runs["md"].stdout, runs["json"].stdout)
    shutil.rmtree(STORE, ignore_errors=True)  # a section that is gone must not linger as a file
    for name, text in after.items():
        target = STORE / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    changed = sorted(n for n in after.keys() | before.keys() if after.get(n) != before.get(n))
    for name in changed:
        print(f"{'removed' if name not in after else 'added' if name not in before else 'changed'}: {name}")
    print(f"{len(changed)} of {len(after)} snapshot files changed in {STORE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
