"""The `summarizer` command: parse flags, call the library, print. Briefing to stdout, chatter to stderr."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from summarizer.app.options import detail_option, folder_option, run_options
from summarizer.app.runchecks import (
    GroupedCommand,
    apart_from_inputs,
    checked_model,
    source_options,
    with_checked_cache,
)
from summarizer.contracts.choices import FORMATS
from summarizer.llm.config import ConfigError, Settings
from summarizer.llm.environment import resolve_settings

if TYPE_CHECKING:
    from summarizer.app.progress import Tally
    from summarizer.contracts.briefing import Briefing

from summarizer.app.exitcodes import EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_NOTHING, EXIT_PARTIAL

ALIASES = {"summarize": "summarise"}  # other spellings of command names (not listed in --help)


class _Commands(click.Group):
    """Commands, with the spellings in ALIASES accepted too."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer", message="%(prog)s %(version)s")
def cli() -> None:
    """Turn a day's news articles into one cited, multi-source briefing."""


def _settings(opts: dict[str, Any]) -> Settings:
    try:
        settings = resolve_settings(
            model=checked_model(opts["model"]),
            base_url=opts["base_url"],
            mode=opts["mode"],
            lang=opts["lang"],
            offline=opts["offline"],
            concurrency=opts["concurrency"],
            cache=opts["cache_dir"],
            fixtures=list(opts["fixture_dirs"]) or None,
            synthesis=not opts["no_synthesis"],
            timeout=opts["timeout"],
            reasks=opts["reasks"],
            batch=opts["batch"],
            passes=opts["passes"],
        )
        return with_checked_cache(settings, opts)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _interrupted(tally: Tally) -> NoReturn:
    """Ctrl-C: say what is safe in the cache and how to go on, and exit 130 like any interrupted program."""
    from summarizer.app.closing import interrupted_message

    click.echo(interrupted_message(tally), err=True)
    sys.exit(EXIT_INTERRUPTED)


def _offline_hint(briefing: Briefing, settings: Settings) -> None:
    """Once, after the list of failures: where an offline run looked for answers and how to point it."""
    from summarizer.app.offline import offline_hint
    from summarizer.app.pipeline import OFFLINE_MISS

    missed = [f.path for f in briefing.failures if f.reason.startswith(OFFLINE_MISS)]
    if missed:
        click.echo(offline_hint(settings, missed), err=True)


def _summary_line(briefing: Briefing, written: str | None) -> None:
    from summarizer.app.closing import closing_line

    for failure in briefing.failures:
        click.echo(f"not included: {failure.path} — {failure.reason}", err=True)
    click.echo(closing_line(briefing, written), err=True)


def _deliver(text: str, output: str | None) -> None:
    """The briefing to FILE (whole or not at all), else to stdout."""
    from summarizer.app.output import OutputError, write_atomically

    if not output:
        click.echo(text, nl=False)
        return
    try:
        write_atomically(Path(output), text)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command(cls=GroupedCommand)
@click.argument("paths", nargs=-1)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the briefing to FILE instead of stdout (whole or not at all; checked before any model call).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="md",
    show_default=True,
    help="Briefing format.",
)
@click.option(
    "--encoding",
    help="Encoding of article files that are not valid UTF-8 (e.g. cp1252) [default: detected]; "
    "UTF-8 files and files with a byte order mark are read as such whatever it says.",
)
@click.option(
    "--published",
    help="Publication date (2025-10-22, 22.10.2025, ...) of articles that name none; relative dates resolve against it.",
)
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(exists=True, dir_okay=False),
    help="TOML or CSV mapping file or URL patterns to outlet, country, owner, kind and publication date "
    "(a sources.toml beside the articles is read without it).",
)
@detail_option
@source_options
@run_options
def summarise(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str,
    encoding: str | None,
    published: str | None,
    sources_file: str | None,
    detail: str,
    feeds: str | None,
    **opts: Any,
) -> None:
    """Brief the articles in PATHS: .txt, .md (front matter optional), saved .html pages, .jsonl exports,
    folders of them, and URLs of web pages; with --feeds, the items of feeds too. Also: summarize."""
    from summarizer.app.output import OutputError, check_target
    from summarizer.app.pipeline import summarise as run_summary
    from summarizer.app.progress import Tally, for_terminal
    from summarizer.render.formats import render
    from summarizer.text.published import DateError, iso_published
    from summarizer.text.sources import SourcesError, read_catalogue

    if not paths and not feeds:
        raise click.UsageError("Missing argument 'PATHS...': give article files, folders or URLs, or --feeds FILE.")
    try:
        published = iso_published(published)
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from exc
    settings = _settings(opts)
    tally = Tally(for_terminal(opts["quiet"]))
    try:
        if output:
            apart_from_inputs(Path(output), list(paths), "-o")
            check_target(Path(output))
        catalogue = read_catalogue(Path(sources_file)) if sources_file else None
        briefing, texts = run_summary(
            list(paths),
            settings,
            encoding=encoding,
            progress=tally,
            published=published,
            catalogue=catalogue,
            feeds=feeds,
        )
    except (ConfigError, SourcesError, OutputError) as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        _interrupted(tally)
    if not briefing.sources:
        _summary_line(briefing, None)
        _offline_hint(briefing, settings)
        click.echo("no article could be briefed; nothing written", err=True)
        sys.exit(EXIT_NOTHING)
    _deliver(render(briefing, fmt, texts, detail), output)
    _summary_line(briefing, output)
    _offline_hint(briefing, settings)
    if briefing.failures:
        sys.exit(EXIT_PARTIAL)


@cli.command(cls=GroupedCommand)
@click.option("--date", "day", help="The day to brief (YYYY-MM-DD) [default: today].")
@folder_option(
    "--inbox",
    "inbox",
    "Folder of incoming articles: a sub-folder per day (YYYY-MM-DD), or files with `published:` front matter.",
)
@folder_option("--out", "briefings", "Folder for briefing-DAY.md, .json and .html.")
@click.option(
    "--store",
    type=click.Path(dir_okay=False),
    help="The days' store (sqlite) [default: days.sqlite3 in the cache directory].",
)
@detail_option
@source_options
@run_options
def daily(
    day: str | None, inbox: str, out: str, store: str | None, detail: str, feeds: str | None, **opts: Any
) -> None:
    """Brief one day's articles and say what changed since the previous briefed day; with --feeds,
    the day's feed items are first filed into the inbox's folder of the day."""
    from datetime import date

    from summarizer.app.daily import run_daily
    from summarizer.app.progress import Tally, for_terminal
    from summarizer.text.dates import parse_iso
    from summarizer.text.wording import count

    when = parse_iso(day) if day else date.today()
    if when is None:
        raise click.BadParameter(f"{day!r} is not a date; use YYYY-MM-DD", param_hint="--date")
    settings = _settings(opts)
    if settings.stores.cache_dir is None and not store:
        raise click.UsageError("--no-cache keeps no days' store in the cache directory: give --store FILE too")
    store_path = Path(store) if store else (settings.stores.cache_dir or Path(".")) / "days.sqlite3"
    tally = Tally(for_terminal(opts["quiet"]))
    try:
        apart_from_inputs(Path(out), [inbox], "--out")
        result = run_daily(when, Path(inbox), Path(out), settings, store_path, tally, detail=detail, feeds=feeds)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        _interrupted(tally)
    if result.briefing is None:
        click.echo(
            f"no articles for {result.day} in {inbox} (a folder {inbox}/{result.day}/ or `published: {result.day}` front matter)",
            err=True,
        )
        return
    if not result.briefing.sources:
        _summary_line(result.briefing, None)
        _offline_hint(result.briefing, settings)
        click.echo(
            f"no article of {result.day} could be briefed; no files written, and the day is not compared against",
            err=True,
        )
        sys.exit(EXIT_NOTHING)
    for path in result.files:
        click.echo(str(path))
    changes = result.briefing.changes
    if changes is not None:
        click.echo(f"{count(len(changes.items), 'change')} since {changes.since}", err=True)
    _summary_line(result.briefing, None)
    _offline_hint(result.briefing, settings)
    if result.briefing.failures:
        sys.exit(EXIT_PARTIAL)


def _register_commands() -> None:
    from summarizer.app.batchcli import batch
    from summarizer.app.fixturecli import evaluate_command, fixtures, schemas_export

    for command in (fixtures, evaluate_command, schemas_export, batch):
        cli.add_command(command)


_register_commands()


def main(args: Sequence[str] | None = None, prog_name: str | None = None) -> None:
    """Console entry point: usage errors exit 1 (not click's 2), as documented.

    `args` and `prog_name` default, as in click, to the command line's.
    """
    try:
        cli.main(args=args, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_CONFIG)
    except (click.Abort, KeyboardInterrupt):
        # click turns Ctrl-C outside a command's own handling into Abort: still an interrupt.
        click.echo(
            "Interrupted; answers already received are stored in the cache, and a re-run resumes (batches already "
            "submitted keep running: the same command again, or `summarizer batch wait`, collects them).",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
