"""The wheel carries the prompts, and an install from it works from any directory."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REFERENCE, ROOT, SEEDS


def test_wheel_ships_prompts_and_runs_from_another_directory(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("summarizer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "summarizer/prompts/extract_system.j2" in names and "summarizer/text/data/aliases.json" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import summarizer, sys; from summarizer.app.cli import main; "
            "print(summarizer.__file__, file=sys.stderr); sys.argv[0] = 'summarizer'; main()",
            "summarise",
            str(SEEDS),
            "--offline",
            "--fixtures",
            str(REFERENCE),
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert str(site) in run.stderr.splitlines()[0]  # the unpacked wheel, not the checkout
    assert "Sergey Lavrov" in run.stdout
