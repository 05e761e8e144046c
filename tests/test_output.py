"""The output file: written whole or not at all; a pipe or device is written to, never replaced."""

import os
import stat
import threading
from pathlib import Path

import pytest

from summarizer.app.output import OutputError, check_target, write_atomically


def test_a_failed_write_leaves_the_previous_file_and_no_litter(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    target.write_text("yesterday\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "half a briefing \ud800 that cannot be encoded")
    assert target.read_text(encoding="utf-8") == "yesterday\n"
    assert [p.name for p in tmp_path.iterdir()] == ["b.md"]


def test_a_written_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    check_target(fifo)
    write_atomically(fifo, "through the pipe")
    reader.join(timeout=10)
    assert got == ["through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_folder_is_not_a_target(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="it is a folder"):
        check_target(tmp_path)
