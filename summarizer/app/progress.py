"""Progress on stderr: a rich bar on a terminal, plain lines otherwise (logs, CI, pipes)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Protocol

import click

if TYPE_CHECKING:
    from summarizer.text.ingest import Article


class Progress(Protocol):
    """What the pipeline reports while it works."""

    def start(self, total: int) -> None: ...

    def update(self, article: Article, status: str) -> None: ...

    def finish(self) -> None: ...


class Silent:
    def start(self, total: int) -> None:
        return None

    def update(self, article: Article, status: str) -> None:
        return None

    def finish(self) -> None:
        return None


class Lines:
    """One line per finished article: `[3/50]  extracted  path`."""

    def __init__(self) -> None:
        self.total = self.done = 0

    def start(self, total: int) -> None:
        self.total = total

    def update(self, article: Article, status: str) -> None:
        self.done += 1
        click.echo(f"[{self.done}/{self.total}] {status:>9}  {article.path}", err=True)

    def finish(self) -> None:
        return None


class Bar:
    """A rich progress bar, with failures printed above it as they happen."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: Any = None
        self._batch_task: Any = None

    def batch_counts(self, completed: int, failed: int, total: int) -> None:
        """Requests a batch has answered so far (completed / failed / total), on a line under the articles."""
        if self._batch_task is None:
            self._batch_task = self._progress.add_task("batch requests", total=total)
        self._progress.update(
            self._batch_task, total=total, completed=completed + failed, description=f"batch requests, {failed} failed"
        )

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("articles", total=total)

    def update(self, article: Article, status: str) -> None:
        if status in ("failed", "missing"):
            self._progress.console.print(f"{status}: {article.path}")
        self._progress.advance(self._task)

    def finish(self) -> None:
        self._progress.stop()


class Tally:
    """Counts what became of the articles while passing each report on (for the interrupt message)."""

    def __init__(self, inner: Progress) -> None:
        self.inner = inner
        self.total = 0
        self.statuses: dict[str, int] = {}

    def start(self, total: int) -> None:
        self.total = total
        self.inner.start(total)

    def update(self, article: Article, status: str) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.inner.update(article, status)

    def finish(self) -> None:
        self.inner.finish()

    @property
    def completed(self) -> int:
        """Articles whose extraction is in the cache: answered in this run, or before it."""
        return sum(self.statuses.get(s, 0) for s in ("extracted", "cached", "reference", "recorded"))


def for_terminal(quiet: bool) -> Progress:
    """Silent with --quiet, a bar on a terminal, lines elsewhere."""
    if quiet:
        return Silent()
    return Bar() if sys.stderr.isatty() else Lines()
