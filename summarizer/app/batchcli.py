"""`summarizer batch …`: the batches a cache knows about. Thin: flags in, app/batchops.py, print."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from summarizer.app.exitcodes import EXIT_PARTIAL
from summarizer.llm.config import MODES, ConfigError, Settings
from summarizer.llm.environment import resolve_settings
from summarizer.text.wording import count


def _where(command: Callable[..., None]) -> Callable[..., None]:
    """Which cache and which endpoint: shared by every batch command."""
    command = click.option(
        "--base-url",
        help="OpenAI-compatible endpoint with /files and /batches [env OPENAI_BASE_URL; default: the one "
        "each batch was submitted to].",
    )(command)
    return click.option(
        "--cache-dir", type=click.Path(file_okay=False), help="Response cache directory [env SUMMARIZER_CACHE_DIR]."
    )(command)


def _settings(**values: Any) -> Settings:
    try:
        return resolve_settings(**values)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def _user_errors() -> Iterator[None]:
    """What stops a batch command is said in a line, exit 1, never a traceback: a setting, an
    endpoint that cannot be reached or refuses (batch.api.BatchAPIError names it), a file, the
    cache database."""
    try:
        yield
    except (ConfigError, OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.Error as exc:
        raise click.ClickException(f"the cache database cannot be used: {exc}") from exc


def _failures(failures: list[tuple[str, str]]) -> None:
    for where, reason in failures:
        click.echo(f"failed: {where} — {reason}" if where else f"note: {reason}", err=True)


@click.group()
def batch() -> None:
    """Batches this cache has submitted or exported: status, wait, cancel, export, import."""


@batch.command("status")
@_where
@click.option("--local", is_flag=True, help="Show what the cache recorded; do not ask the API.")
def batch_status(cache_dir: str | None, base_url: str | None, local: bool) -> None:
    """List the cache's batches with their state and request counts, and any failed requests."""
    from summarizer.app.batchops import status

    settings = _settings(cache=cache_dir, base_url=base_url, fixtures=[])
    with _user_errors():
        states = status(settings, ask_api=not local)
    if not states:
        click.echo("no batches in this cache", err=True)
    for state in states:
        b, info = state.stored, state.info
        when = datetime.fromtimestamp(b.created, UTC).strftime("%Y-%m-%d %H:%M")
        counts = (
            f"{info.completed} completed, {info.failed} failed of {info.total}" if info else f"{b.requests} requests"
        )
        shown = info.status if info else b.status
        done = "results stored" if b.ingested else "results not yet stored"
        if b.submitting:
            done = "uploaded, not yet started: `summarizer batch wait` or the same run again starts it"
        at = f"  at {b.endpoint}" if b.endpoint else ""
        click.echo(f"{b.id}  {shown:<11} {counts}  {when} UTC  {b.model}{at}  {done}")
        if info and info.problem:
            click.echo(f"note: {b.id}: {info.problem}", err=True)
        _failures(state.failures)


@batch.command("wait")
@_where
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def batch_wait(cache_dir: str | None, base_url: str | None, quiet: bool) -> None:
    """Wait for every open batch of the cache and store its answers in the cache."""
    from summarizer.app.batchops import wait
    from summarizer.app.batchview import BatchLines

    settings = _settings(cache=cache_dir, base_url=base_url, fixtures=[])
    with _user_errors():
        result = wait(settings, None if quiet else BatchLines())
    _failures(result.failures)
    click.echo(f"{count(result.answered, 'answer stored')}, {len(result.failures)} failed", err=True)
    if result.failures:
        sys.exit(EXIT_PARTIAL)


@batch.command("cancel")
@click.argument("ids", nargs=-1)
@_where
def batch_cancel(ids: tuple[str, ...], cache_dir: str | None, base_url: str | None) -> None:
    """Cancel the batches IDS (default: every open batch of the cache); `batch wait` then keeps what they answered."""
    from summarizer.app.batchops import cancel

    settings = _settings(cache=cache_dir, base_url=base_url, fixtures=[])
    with _user_errors():
        infos = cancel(settings, list(ids))
    for info in infos:
        click.echo(f"{info.id}  {info.status}", err=True)


@batch.command("export")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out", default="batch-requests", show_default=True, type=click.Path(file_okay=False), help="Folder for the JSONL."
)
@click.option("--model", help="Model the requests name [env SUMMARIZER_MODEL; default gpt-4o-mini].")
@click.option(
    "--mode", type=click.Choice(MODES), help="instructor mode [default: tools for OpenAI, json_schema otherwise]."
)
@click.option("--lang", type=click.Choice(["en", "de"]), default="en", show_default=True, help="Briefing language.")
@click.option(
    "--fixtures",
    "fixture_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Read-only folder of recorded responses (repeatable); their articles are not exported.",
)
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the article files.")
@_where
def batch_export(
    paths: tuple[str, ...],
    out: str,
    model: str | None,
    mode: str | None,
    lang: str,
    fixture_dirs: tuple[str, ...],
    encoding: str,
    cache_dir: str | None,
    base_url: str | None,
) -> None:
    """Write the uncached requests for the articles in PATHS as batch JSONL, without submitting them
    (for `vllm run-batch` or an upload of your own); `batch import` takes the results."""
    from summarizer.app.batchops import export_requests

    settings = _settings(
        model=model, base_url=base_url, mode=mode, lang=lang, cache=cache_dir, fixtures=list(fixture_dirs) or None
    )
    with _user_errors():
        files, skipped = export_requests(list(paths), settings, Path(out), encoding)
    for path in files:
        click.echo(str(path))
    for where, reason in skipped:
        click.echo(f"not exported: {where} — {reason}", err=True)
    if not files and not skipped:
        click.echo("every request is answered in the cache; nothing to export", err=True)
    if skipped:
        sys.exit(EXIT_PARTIAL)


@batch.command("import")
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@_where
def batch_import(results: str, cache_dir: str | None, base_url: str | None) -> None:
    """Store the answers in RESULTS (a batch output file, e.g. from `vllm run-batch`) in the cache.

    Rows that fail validation are re-asked in realtime when a model is configured, else listed.
    """
    from summarizer.app.batchops import import_results

    settings = _settings(cache=cache_dir, base_url=base_url, fixtures=[])
    with _user_errors():
        result, still = import_results(Path(results), settings)
    _failures(result.failures)
    click.echo(
        f"{count(result.answered, 'answer stored')}, {len(result.failures)} failed"
        + (f"; {count(still, 'exported request')} still without a result" if still else ""),
        err=True,
    )
    if result.failures:
        sys.exit(EXIT_PARTIAL)
