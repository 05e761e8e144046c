"""How batch progress and batch lists are shown on stderr: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import click

from summarizer.app.progress import Bar, Lines, Progress, Tally
from summarizer.batch.run import BatchProgress


class BatchLines(BatchProgress):
    """One line whenever the counts or states change: `batches: 2 in_progress · 1200/10000 done, 3 failed`."""

    def __init__(self) -> None:
        self._last = ""

    def update(self, completed: int, failed: int, total: int, statuses: dict[str, str]) -> None:
        states: dict[str, int] = {}
        for status in statuses.values():
            states[status] = states.get(status, 0) + 1
        shown = ", ".join(f"{n} {s}" for s, n in sorted(states.items()))
        line = f"batches: {shown} · {completed + failed}/{total} done, {failed} failed"
        if line != self._last:
            click.echo(line, err=True)
            self._last = line

    def waiting(self, note: str) -> None:
        click.echo(note, err=True)


class BatchBar(BatchProgress):
    """The counts as a second bar under the articles bar (one live display at a time)."""

    def __init__(self, bar: Bar) -> None:
        self._bar = bar

    def update(self, completed: int, failed: int, total: int, statuses: dict[str, str]) -> None:
        self._bar.batch_counts(completed, failed, total)

    def waiting(self, note: str) -> None:
        click.echo(note, err=True)  # rich shows what reaches stderr above the live bars


def batch_progress(progress: Progress | None) -> BatchProgress | None:
    """Batch progress in the manner of the run's article progress: bar, lines, or nothing."""
    if isinstance(progress, Tally):  # the CLI counts the articles for its interrupt message
        progress = progress.inner
    if isinstance(progress, Bar):
        return BatchBar(progress)
    if isinstance(progress, Lines):
        return BatchLines()
    return None
