"""Command-line options more than one command takes, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from summarizer.contracts.choices import DETAILS, LANGUAGES
from summarizer.llm.config import MODES, PASSES

# Options more than one command takes, declared once: name → (parameter declarations, settings).
# A command may reword an option's help where it means something narrower there (see shared_options).
_OPTIONS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "model": (("--model",), {"help": "Model name [env SUMMARIZER_MODEL; default gpt-4o-mini]."}),
    "base_url": (
        ("--base-url",),
        {"help": "OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 [env OPENAI_BASE_URL]."},
    ),
    "mode": (
        ("--mode",),
        {
            "type": click.Choice(MODES),
            "help": "Structured-output request shape [default: tools for OpenAI; otherwise auto: json_schema, or "
            "json_object where the server refuses json_schema, as llama-cpp-python's does]. md_json: schema in the prompt.",
        },
    ),
    "lang": (
        ("--lang",),
        {
            "type": click.Choice(list(LANGUAGES)),
            "default": "en",
            "show_default": True,
            "help": "Language of summaries and translations.",
        },
    ),
    "offline": (
        ("--offline",),
        {"is_flag": True, "help": "Never open a network connection; answer from the cache and fixtures only."},
    ),
    "concurrency": (
        ("--concurrency",),
        {"type": int, "default": 8, "show_default": True, "help": "Articles sent to the model at once."},
    ),
    "timeout": (
        ("--timeout",),
        {
            "type": click.FloatRange(min=0, min_open=True),
            "help": "Seconds to wait for one answer [default: 900 for a server on this machine, 120 otherwise].",
        },
    ),
    "reasks": (
        ("--reasks",),
        {
            "type": click.IntRange(min=0),
            "default": 2,
            "show_default": True,
            "help": "How often an invalid answer goes back to the model with the error; what is valid of the last "
            "one is kept.",
        },
    ),
    "passes": (
        ("--passes",),
        {
            "type": click.Choice(PASSES),
            "help": "[env SUMMARIZER_PASSES; default auto] 1: one request per article, spans copied by the model (large models, OpenAI). 3: actors, then "
            "each quotation's speaker and the events, answered with choices and numbers (small local models). "
            "auto: 3 for a server on this machine, else 1; offline, answers recorded either way.",
        },
    ),
    "cache_dir": (
        ("--cache-dir",),
        {"type": click.Path(file_okay=False), "help": "Response cache directory [env SUMMARIZER_CACHE_DIR]."},
    ),
    "fixtures": (
        ("--fixtures", "fixture_dirs"),
        {
            "multiple": True,
            "type": click.Path(file_okay=False),
            "help": "Read-only folder of recorded responses (repeatable) [env SUMMARIZER_FIXTURES; default ./fixtures].",
        },
    ),
    "no_synthesis": (
        ("--no-synthesis",),
        {
            "is_flag": True,
            "help": "Skip the model-written overview; compose it from the merged items without a model.",
        },
    ),
    "quiet": (("-q", "--quiet"), {"is_flag": True, "help": "No progress on stderr; only errors and the summary line."}),
    "batch": (
        ("--batch",),
        {
            "is_flag": True,
            "help": "Send cache misses through the Batch API (half price, up to 24 h) and wait; "
            "a re-run resumes the same batches.",
        },
    ),
    "root": (
        ("--root",),
        {
            "default": ".",
            "show_default": True,
            "type": click.Path(exists=True, file_okay=False),
            "help": "Folder that article paths in the files are relative to.",
        },
    ),
}
_Command = Callable[..., None]


def shared_options(*names: str, **help_texts: str) -> Callable[[_Command], _Command]:
    """Add the named shared options, in the order given; `help_texts` rewords an option's help by name."""

    def decorate(command: _Command) -> _Command:
        for name in reversed(names):
            decls, settings = _OPTIONS[name]
            command = click.option(*decls, **{**settings, "help": help_texts.get(name, settings["help"])})(command)
        return command

    return decorate


def folder_option(flag: str, default: str, help_text: str) -> Callable[[_Command], _Command]:
    """An option naming a folder (which need not exist yet)."""
    return click.option(flag, default=default, show_default=True, type=click.Path(file_okay=False), help=help_text)


# The options that shape a run (model, endpoint, cache, language), shared by summarise and daily.
run_options = shared_options(
    "model",
    "base_url",
    "mode",
    "lang",
    "offline",
    "concurrency",
    "timeout",
    "reasks",
    "passes",
    "cache_dir",
    "fixtures",
    "no_synthesis",
    "quiet",
    "batch",
)


# summarise and daily: how much the Markdown shows.
detail_option = click.option(
    "--detail",
    type=click.Choice(DETAILS),
    default="brief",
    show_default=True,
    help="Markdown: 'brief' is the ranked stories; 'full' adds an appendix with every event, the quote ledger, "
    "actors and positions. JSON and HTML always carry everything.",
)
