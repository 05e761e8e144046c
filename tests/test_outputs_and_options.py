"""Outputs never touch inputs; option errors are consistent: an unusable cache is exit 1 naming it,
--no-cache runs without one on purpose, an empty --model is a usage error, --help is grouped."""

from __future__ import annotations

from pathlib import Path

from tests.cli_run import OFFLINE, SEED, SEED_TEXT, run


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    return folder


def test_an_output_naming_an_input_article_is_refused(tmp_path: Path) -> None:
    """-o naming an input article overwrote it, exit 0."""
    article = _folder(tmp_path) / "a.txt"
    done = run("summarise", str(article), *OFFLINE, "-o", str(article))
    assert done.returncode == 1 and f"-o {article} is one of the inputs" in done.stderr
    assert article.read_text(encoding="utf-8") == SEED_TEXT


def test_an_output_inside_an_input_folder_is_refused_with_the_fix(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    done = run("summarise", str(folder), *OFFLINE, "-o", str(folder / "briefing.md"))
    assert done.returncode == 1 and "inside the input folder" in done.stderr
    assert f"-o {tmp_path / 'briefing.md'}" in done.stderr  # the fix names a place outside
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_a_briefing_the_tool_wrote_is_never_read_as_an_article(tmp_path: Path) -> None:
    """A briefing saved among the articles was read as one on the next run: exit 3, and live it cites itself."""
    folder = _folder(tmp_path)
    for fmt in ("md", "html"):
        briefing = run("summarise", str(folder), *OFFLINE, "--format", fmt).stdout
        (folder / f"briefing.{fmt}").write_text(briefing, encoding="utf-8")
    done = run("summarise", str(folder), *OFFLINE)
    assert done.returncode == 0, done.stderr
    assert "1 article, 0 failed" in done.stderr
    assert "briefing.md: a briefing written by summarizer, not an article: skipped" in done.stderr


def test_daily_out_inside_the_inbox_is_refused(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2025-10-22").mkdir(parents=True)
    (inbox / "2025-10-22" / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    store = ["--store", str(tmp_path / "d.sqlite3")]
    done = run("daily", "--date", "2025-10-22", "--inbox", str(inbox), "--out", str(inbox / "2025-10-22"), *store, *OFFLINE)
    assert done.returncode == 1 and "inside the input folder" in done.stderr
    assert sorted(p.name for p in (inbox / "2025-10-22").iterdir()) == ["a.txt"]


def test_an_unusable_cache_dir_is_exit_1_naming_it(tmp_path: Path) -> None:
    """/proc/x, or SUMMARIZER_CACHE_DIR naming a file, ran uncached after a warning (exit 0): every re-run paid again."""
    done = run("summarise", str(SEED), *OFFLINE, "--cache-dir", "/proc/x")
    assert done.returncode == 1 and "--cache-dir /proc/x cannot be used as the cache directory" in done.stderr
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    done = run("summarise", str(SEED), *OFFLINE, env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "a-file")})
    assert done.returncode == 1 and f"SUMMARIZER_CACHE_DIR={tmp_path / 'a-file'} cannot be used" in done.stderr
    assert "--no-cache" in done.stderr


def test_no_cache_runs_without_one_on_purpose(tmp_path: Path) -> None:
    cache = tmp_path / "never"
    done = run("summarise", str(SEED), *OFFLINE, "--no-cache", env={"SUMMARIZER_CACHE_DIR": str(cache)})
    assert done.returncode == 0 and "1 reference answer, 0 cache hits" in done.stderr  # the fixtures still answer
    assert not cache.exists()


def test_an_empty_model_name_is_a_usage_error() -> None:
    """--model '' silently meant gpt-4o-mini."""
    done = run("summarise", str(SEED), *OFFLINE, "--model", "")
    assert done.returncode == 1 and "--model" in done.stderr and "give a model name" in done.stderr


def test_summarise_help_groups_its_options() -> None:
    shown = run("summarise", "--help").stdout
    sections = ["Input options:", "Model options:", "Output options:", "Cache options:"]
    assert all(s in shown for s in sections)
    assert [shown.index(s) for s in sections] == sorted(shown.index(s) for s in sections)
    assert shown.index("--feeds") < shown.index("Model options:") < shown.index("--base-url") < shown.index("Output options:")
    assert shown.index("Output options:") < shown.index("--format") < shown.index("Cache options:") < shown.index("--cache-dir")
