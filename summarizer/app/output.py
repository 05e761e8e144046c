"""Where a briefing goes: the target is checked before any work, and written whole or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class OutputError(Exception):
    """The output file cannot be written; the message names it and why."""


def _is_regular_or_absent(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True


def check_target(path: Path) -> None:
    """Raise OutputError unless a briefing can be written to `path` (run before any model call).

    A regular file is written beside itself and renamed into place, so its folder must take a
    new file; a device or pipe (/dev/stdout) is written to directly.
    """
    what = f"cannot write the briefing to {path}"
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{what}: no such folder {folder}; create it first or choose another -o")
    if path.is_dir():
        raise OutputError(f"{what}: it is a folder; give a file name")
    if not _is_regular_or_absent(path):
        if not os.access(path, os.W_OK):
            raise OutputError(f"{what}: permission denied")
        return
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{what}: the file is read-only")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", suffix=".check"):
            pass
    except OSError as exc:
        raise OutputError(f"{what}: no file can be created in {folder} ({exc.strerror or exc})") from exc


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`.

    An interrupted or failed write leaves the previous file as it was. Raises OutputError.
    """
    if not _is_regular_or_absent(path):
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write the briefing to {path}: {exc.strerror or exc}") from exc
        return
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise OutputError(f"cannot write the briefing to {path}: {exc.strerror or exc}") from exc
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
