"""`summarizer fixtures …`, `summarizer eval` and `summarizer schemas`: the commands around recorded and
reference answers. Thin: flags in, the library call, print."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summarizer.app.exitcodes import EXIT_NOTHING, EXIT_PARTIAL

if TYPE_CHECKING:
    from summarizer.app.evaluate import EvalReport
from summarizer.app.options import shared_options
from summarizer.llm.config import ConfigError
from summarizer.llm.environment import resolve_settings
from summarizer.text.wording import count


@click.group()
def fixtures() -> None:
    """Manage the readable response fixtures used for offline runs and tests."""


@fixtures.command("rekey")
@click.argument("directory", default="fixtures", type=click.Path(exists=True, file_okay=False))
@shared_options("root")
def fixtures_rekey(directory: str, root: str) -> None:
    """Re-key hand-written reference fixtures after a prompt or schema change.

    Every reference fixture below DIRECTORY, in every language (fixtures/reference, fixtures/reference-de);
    recorded ones answered one exact request and are left as they are.
    """
    from summarizer.app.fixtures import rekey

    try:
        changed = rekey(Path(directory), Path(root))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    for status in changed:
        click.echo(f"re-keyed {status.path}", err=True)
    click.echo(f"{count(len(changed), 'fixture')} re-keyed", err=True)


@fixtures.command("check")
@click.argument("directory", default="fixtures", type=click.Path(exists=True, file_okay=False))
@shared_options("root")
def fixtures_check(directory: str, root: str) -> None:
    """Fail when a fixture's key no longer matches today's prompt and schema."""
    from summarizer.app.fixtures import fixture_status

    stale = [s for s in (fixture_status(p, Path(root)) for p in sorted(Path(directory).rglob("*.json"))) if s.stale]
    for s in stale:
        click.echo(f"stale: {s.path}" + (f" ({s.problem})" if s.problem else ""), err=True)
    if stale:
        raise click.ClickException(f"{count(len(stale), 'stale fixture')}; run `summarizer fixtures rekey` for reference ones")
    click.echo("all fixtures current", err=True)


@fixtures.command("export")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Folder to write the fixture files to [default: fixtures/recorded/MODEL].",
)
@shared_options(
    "model",
    "mode",
    "lang",
    "cache_dir",
    model="Model the responses were recorded with [env SUMMARIZER_MODEL].",
    mode="Mode they were recorded in [default: any].",
    lang="Briefing language they were recorded for.",
)
@click.option(
    "--model-file",
    type=click.Path(exists=True, dir_okay=False),
    help="The weights file the server ran (e.g. a GGUF); its sha256 goes into each fixture's provenance.",
)
@click.option("--runtime", help="What served the model, for the provenance (e.g. 'llama-cpp-python server').")
@click.option("--runtime-version", help="Its version, for the provenance.")
def fixtures_export(
    paths: tuple[str, ...],
    out: str | None,
    model: str | None,
    mode: str | None,
    lang: str,
    cache_dir: str | None,
    model_file: str | None,
    runtime: str | None,
    runtime_version: str | None,
) -> None:
    """Write cached (recorded) responses for the articles in PATHS as fixture files."""
    from summarizer.app.fixtures import export_recorded, file_sha256
    from summarizer.contracts.record import Provenance

    try:
        # Offline: export never asks a model, and finds answers recorded in any mode.
        settings = resolve_settings(model=model, mode=mode, lang=lang, offline=True, cache=cache_dir, fixtures=[])
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    given = Provenance(
        model_file_sha256=file_sha256(Path(model_file)) if model_file else None,
        runtime=runtime,
        runtime_version=runtime_version,
    )
    target_dir = Path(out) if out else Path("fixtures", "recorded", _folder_name(settings.model.name))
    written, missing = export_recorded(list(paths), settings, target_dir, given)
    for target in written:
        click.echo(f"wrote {target}", err=True)
    for shown in missing:
        click.echo(f"not in the cache: {shown}", err=True)
    if missing:
        raise click.ClickException(
            f"{count(len(missing), 'article')} {'has' if len(missing) == 1 else 'have'} no recorded response for model {settings.model.name!r}; run `summarizer "
            "summarise` on them with that --model first (and the same --lang)"
        )


def _folder_name(model: str) -> str:
    """A model name as one folder name: 'qwen2.5:14b' → 'qwen2.5-14b'."""
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in model).strip(".-") or "model"


@click.command("eval")
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of gold annotations (fixture format, see docs/gold-format.md).",
)
@click.option(
    "--pred",
    "pred_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Folder of predictions in the same format; without it the configured model is run over the gold articles.",
)
@shared_options("root")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)
@shared_options(
    "model",
    "base_url",
    "mode",
    "timeout",
    "offline",
    "cache_dir",
    "batch",
    model="Model to evaluate when --pred is not given [env SUMMARIZER_MODEL].",
    base_url="OpenAI-compatible endpoint of that model [env OPENAI_BASE_URL].",
    offline="Score only recorded answers from the cache; open no connection.",
)
def evaluate_command(
    gold_dir: str,
    pred_dir: str | None,
    root: str,
    fmt: str,
    model: str | None,
    base_url: str | None,
    mode: str | None,
    timeout: float | None,
    offline: bool,
    cache_dir: str | None,
    batch: bool,
) -> None:
    """Score extractions against gold annotations: precision, recall and F1 per kind of item.

    Exit 0 when every article was scored, 3 when some had no usable prediction, 4 when none had.
    """

    from summarizer.app.evaluate import evaluate, evaluate_folders

    try:
        settings = resolve_settings(
            model=model,
            base_url=base_url,
            mode=mode,
            offline=offline,
            cache=cache_dir,
            fixtures=[],
            timeout=timeout,
            batch=batch,
        )
        if pred_dir:
            reports = evaluate_folders(Path(gold_dir), Path(root), Path(pred_dir))
        else:
            reports = [(Path("."), evaluate(Path(gold_dir), Path(root), None, settings))]
    except (ConfigError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    _show(reports, fmt)
    articles = sum(len(r.articles) for _, r in reports)
    failed = sum(len(r.failures) for _, r in reports)
    if failed == articles:
        click.echo("every article failed: no prediction to score (reasons above)", err=True)
        sys.exit(EXIT_NOTHING)
    if failed:
        sys.exit(EXIT_PARTIAL)


def _show(reports: list[tuple[Path, EvalReport]], fmt: str) -> None:
    """One set's report as it always was; several (one per model folder) compared first, then each."""
    import json

    from summarizer.app.evaluate import comparison_table

    if fmt == "json":
        if len(reports) == 1:
            click.echo(json.dumps(reports[0][1].to_json(), ensure_ascii=False, indent=2))
        else:
            sets = [{"predictions": str(folder), **report.to_json()} for folder, report in reports]
            click.echo(json.dumps({"sets": sets}, ensure_ascii=False, indent=2))
        return
    if len(reports) == 1:
        click.echo(reports[0][1].format_table())
        return
    click.echo(comparison_table(reports) + "\n")
    for folder, report in reports:
        click.echo(f"== {folder}\n{report.format_table()}")


@click.command("schemas")
@click.argument("directory", default="schemas", type=click.Path(file_okay=False))
def schemas_export(directory: str) -> None:
    """Write the JSON Schemas of the extraction and the briefing into DIRECTORY."""
    from summarizer.contracts.export import export_schemas

    for path in export_schemas(Path(directory)):
        click.echo(f"wrote {path}", err=True)
