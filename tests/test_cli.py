"""The command line end to end on the seeds, offline."""

import json
import logging
import os
import re
from pathlib import Path

import click
import jsonschema
import pytest

from summarizer.app.cli import cli
from tests.conftest import ROOT, SEEDS
from testsupport.articles import write_reference
from testsupport.cli import invoke, run

SEED = "seeds/000_31bc555e087dc2ac.txt"


def test_offline_markdown_briefing_of_the_seeds(no_sockets: list[object]) -> None:
    # Run in the repository's root: paths are shown as given, relative, like a user's.
    args = ["summarise", "seeds", "--offline", "--fixtures", "fixtures/reference", "-q"]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.split("## Top stories", 1)[1].lstrip().startswith("1. [")
    for name in ("Rubio", "Lavrov", "Putin", "Trump"):
        assert name in md
    assert "## Quote ledger" not in md and "## Actors" not in md  # the brief leaves the full lists out
    assert not re.search(r"[0-9a-f]{12}", md), "a hashed file name or id in the Markdown"
    assert "5 articles, 0 failed, 5 reference answers, 0 cache hits, 0 LLM calls" in result.stderr
    full = invoke(*args, "--detail", "full").stdout
    assert full.startswith(md.split("## Sources", 1)[0].rstrip())  # the same stories, then the appendix
    for section in ("# Appendix", "## Quote ledger", "## Actors", "## Positions", "## Timeline"):
        assert section in full
    assert "„Man kann nichts verschieben, was nicht vereinbart war.“ [000 @" in full
    assert not re.search(r"[0-9a-f]{12}", full)
    assert no_sockets == []
    # Every section against its snapshot: tests/test_snapshots.py.


def test_json_briefing_validates_against_the_exported_schema(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = invoke("summarise", "seeds", "--offline", "--format", "json", "-o", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"written to {out}" in result.stderr
    briefing = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "briefing.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(briefing, schema)
    assert {s["path"] for s in briefing["sources"]} == {f"seeds/{p.name}" for p in SEEDS.glob("*.txt")}
    # Fixture answers are no hits of the user's cache: the provenance names them, as reference answers.
    assert briefing["stats"]["cache_hits"] == 0 and briefing["stats"]["llm_calls"] == 0
    assert briefing["provenance"]["answers"] == {"reference": 5} and briefing["provenance"]["models"] == []


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    write_reference(
        tmp_path,
        "evil",
        "Titel\nEr sagte: „<script>alert(1)</script> ist ein Test hier.“",
        {
            "summary": "<b>bold</b>",
            "actors": [{"name": "Er", "kind": "person", "aliases": []}],
            "quotes": [{"text": "<script>alert(1)</script> ist ein Test hier.", "speaker": "Er", "kind": "direct"}],
        },
    )
    assert invoke("fixtures", "rekey", "fx", cwd=tmp_path).exit_code == 0
    result = invoke("summarise", "evil.txt", "--offline", "--format", "html", "--fixtures", "fx", "-q", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "<script>" not in page and "<b>bold</b>" not in page and "&lt;b&gt;bold" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page and "http" not in page.split("<body>")[1].split("</style>")[0]
    anchor = "s-" + page.split('href="#s-', 1)[1].split('"', 1)[0]
    assert f'<a id="{anchor}"></a><mark>' in page  # the quote links to its highlighted span


def test_missing_cache_entry_offline_lists_the_article_and_exits_3(tmp_path: Path) -> None:
    extra = tmp_path / "new.txt"
    extra.write_text("Ein neuer Artikel über nichts.", encoding="utf-8")
    result = invoke("summarise", "seeds", str(extra), "--offline", "-q")
    assert result.exit_code == 3
    assert f"not included: {extra} — no cached response and --offline" in result.stderr
    assert "## Not included" in result.stdout and "Sergey Lavrov" in result.stdout


def test_bad_paths_are_reported_and_the_rest_briefed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Gr\xfc\xdfe aus K\xf6ln".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "nothing").mkdir()
    result = invoke(
        "summarise",
        "seeds/000_31bc555e087dc2ac.txt",
        str(tmp_path),
        str(tmp_path / "nothing"),
        "--offline",
        "-q",
    )
    assert result.exit_code == 3
    assert "empty article" in result.stderr and "binary file" in result.stderr
    # Not UTF-8: its encoding is detected and named (a UTF-8 file beside it is read as UTF-8).
    assert "latin1.txt: not UTF-8; read as cp1252 (detected" in result.stderr
    assert "latin1.txt — no cached response" in result.stderr
    assert "no articles (.txt, .md, .html, .htm, .jsonl files) in this directory" in result.stderr
    assert "Sergey Ryabkov" in result.stdout


def test_usage_errors_exit_1_with_a_hint() -> None:
    result = invoke("summarise")
    assert result.exit_code == 1 and "Missing argument" in result.stderr
    result = invoke("summarise", "seeds", "--concurrency", "0", "--offline")
    assert result.exit_code == 1 and "--concurrency must be 1 or more" in result.stderr


def _walk(command: click.Command, path: str = "summarizer"):  # type: ignore[no-untyped-def]
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _walk(sub, f"{path} {name}")


@pytest.mark.parametrize(("path", "command"), list(_walk(cli)))
def test_every_command_and_option_has_help(path: str, command: click.Command) -> None:
    assert command.help, f"{path} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help", "version"):
            assert param.help, f"{path} {param.opts[0]} has no help text"


def test_html_and_megabyte_articles_get_clear_outcomes(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<html><body>Text</body></html>", encoding="utf-8")
    big = tmp_path / "big.txt"
    paragraph = "Der Kreml erklärte am Dienstag, die Gespräche würden fortgesetzt. " * 20
    big.write_text("\n".join([paragraph] * 800), encoding="utf-8")  # about 1 MB
    assert big.stat().st_size > 1_000_000
    result = invoke(
        "summarise", str(tmp_path / "page.html"), str(big), "seeds/000_31bc555e087dc2ac.txt", "--offline", "-q"
    )
    assert result.exit_code == 3
    assert f"not included: {tmp_path / 'page.html'} — no main text" in result.stderr
    assert f"not included: {big} — too long: it would take 47 requests" in result.stderr
    assert "Sergey Ryabkov" in result.stdout


def test_the_markdown_briefing_ends_with_one_newline(tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    assert invoke("summarise", "seeds", "--offline", "-q", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("summarise", "seedz", "--offline"), {}),  # a usage error: exit 1, the message on stderr
        (("summarise", "--no-such-option"), {}),  # one of click's: exit 1 (not click's 2), as documented
        (("summarise", SEED, "--offline"), {"SUMMARIZER_CACHE_DIR": "README.md"}),  # an unusable cache dir from the environment
    ],
)
def test_a_run_in_process_sees_what_a_process_sees(args: tuple[str, ...], env: dict[str, str]) -> None:
    """The tests' in-process runs (testsupport.cli.invoke) give a child process's exit code, stdout and
    stderr, and leave the environment, working directory and logging as they found them."""
    left = (dict(os.environ), Path.cwd(), logging.getLogger().handlers[:])
    inside = invoke(*args, env=env)
    assert (dict(os.environ), Path.cwd(), logging.getLogger().handlers[:]) == left
    child = run(*args, env=env)
    shown = child.stderr.replace("python -m summarizer", "summarizer")  # the name the console script has
    assert (inside.exit_code, inside.stdout, inside.stderr) == (child.exit_code, child.stdout, shown)
