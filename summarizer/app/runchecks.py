"""The options of `summarise` and `daily` about where articles come from and where things are
kept: declared once, grouped in --help, and checked before anything is read, fetched or sent."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from summarizer.llm.config import ConfigError, Settings
from summarizer.llm.environment import cache_dir

# Help sections, in the order shown; an option not named here is listed under "Other options".
OTHER = "Other"
HELP_GROUPS: dict[str, tuple[str, ...]] = {
    "Input": ("day", "inbox", "feeds", "encoding", "published", "sources_file"),
    "Model": ("model", "base_url", "mode", "lang", "offline", "concurrency", "timeout", "reasks", "passes", "no_synthesis", "batch"),
    "Output": ("output", "fmt", "detail", "out", "quiet"),
    "Cache": ("cache_dir", "no_cache", "fixture_dirs", "store"),
}
_Command = Callable[..., None]


class GroupedCommand(click.Command):
    """A command whose --help lists its options in the sections of HELP_GROUPS."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
            if record is None:
                continue
            title = next((t for t, names in HELP_GROUPS.items() if param.name in names), OTHER)
            sections.setdefault(title, []).append(record)
        for title in (*HELP_GROUPS, OTHER):
            if title in sections:
                with formatter.section(f"{title} options"):
                    formatter.write_dl(sections[title])


def source_options(command: _Command) -> _Command:
    """--feeds and --no-cache, shared by summarise and daily."""
    command = click.option(
        "--no-cache",
        is_flag=True,
        help="Run without the response cache and the article store, on purpose: every answer is asked for "
        "and every page fetched again.",
    )(command)
    return click.option(
        "--feeds",
        type=click.Path(exists=True, dir_okay=False),
        help="A feed list: OPML, or one RSS/Atom/JSON Feed URL a line; each item's page is fetched once into "
        "the article store beside the cache.",
    )(command)


def checked_model(model: str | None) -> str | None:
    """--model as given; an empty name is a usage error, not the default model."""
    if model is not None and not model.strip():
        raise click.BadParameter("give a model name, or leave --model out for the default", param_hint="--model")
    return model


def usable_cache_dir(flag: str | None, no_cache: bool) -> Path | None:
    """The cache directory, checked usable (not created: the cache does that when it first stores
    something); None with --no-cache.

    ConfigError naming the directory and where it was set (flag, environment, default): a run
    that cannot keep its answers would pay for every one of them again on the next run.
    """
    if no_cache:
        return None
    path = cache_dir(flag)
    where = (
        f"--cache-dir {flag}"
        if flag
        else f"SUMMARIZER_CACHE_DIR={path}"
        if os.environ.get("SUMMARIZER_CACHE_DIR")
        else f"the default cache directory {path}"
    )
    try:
        _probe(path)
    except OSError as exc:
        raise ConfigError(
            f"{where} cannot be used as the cache directory ({exc.strerror or exc}); give --cache-dir a folder "
            "you can write to, or --no-cache to run without a cache (every answer is then paid for again)"
        ) from exc
    return path


def _probe(path: Path) -> None:
    """Raise OSError unless files can be made in `path`, or `path` can be made: tried in it, or in
    its nearest existing parent, with a probe that is removed at once."""
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(20, f"{path} is a file")
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise NotADirectoryError(20, f"{existing} is a file")
    shutil.rmtree(tempfile.mkdtemp(dir=existing, prefix=".summarizer-probe-"))


def apart_from_inputs(target: Path, inputs: list[str], flag: str) -> None:
    """ConfigError when `target` (an output file or folder) is an input file or lies inside an input
    folder: it would overwrite an article, or be read as one on the next run."""
    where = target.resolve()
    for given in inputs:
        source = Path(given)
        if not source.exists():
            continue
        source = source.resolve()
        if where == source:
            raise ConfigError(f"{flag} {target} is one of the inputs ({given}): it would be overwritten; write elsewhere")
        if source.is_dir() and source in where.parents:
            raise ConfigError(
                f"{flag} {target} is inside the input folder {given}: the next run would read it as an article; "
                f"write it outside, e.g. {flag} {source.parent / target.name}"
            )


def with_checked_cache(settings: Settings, opts: dict[str, Any]) -> Settings:
    """The settings with the cache directory checked (usable_cache_dir), or none with --no-cache."""
    cache = usable_cache_dir(opts.get("cache_dir"), bool(opts.get("no_cache")))
    return replace(settings, stores=replace(settings.stores, cache_dir=cache))
