"""The `summarizer` command as a user runs it, for tests and benchmarks: one way to run it.

`invoke` runs it in this process, through click's CliRunner around the console script's own
`main()` (so its exit codes, not click's), with stdout and stderr apart as a terminal keeps them.
`run` starts it as a child process, for what needs one: a signal, a kill, two processes on one
cache, a timing of start-up. `command` is the argument list both of those run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from summarizer.app.cli import main

ROOT = Path(__file__).resolve().parent.parent  # where a run starts unless told otherwise, as the tests' paths assume
Env = Mapping[str, str | None]  # variables to set; None removes one


@dataclass(frozen=True)
class Ran:
    """What one run of the command left: its exit code and what it wrote to stdout and stderr."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """stdout, then stderr."""
        return self.stdout + self.stderr


def command(*args: str) -> list[str]:
    """The command line that starts `summarizer ARGS` with this interpreter."""
    return [sys.executable, "-m", "summarizer", *args]


def child_env(env: Env | None = None) -> dict[str, str]:
    """This process's environment with `env` applied: what a child process is started with."""
    merged = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return merged


def run(*args: str, cwd: Path = ROOT, env: Env | None = None, timeout: float = 120) -> Ran:
    """`summarizer ARGS` as a child process."""
    done = subprocess.run(command(*args), capture_output=True, text=True, cwd=cwd, env=child_env(env), timeout=timeout)
    return Ran(done.returncode, done.stdout, done.stderr)


def invoke(*args: str, cwd: Path = ROOT, env: Env | None = None) -> Ran:
    """`summarizer ARGS` in this process, left as it was found: environment, working directory, logging.

    A fresh process has no logging handlers, so a library warning reaches stderr through logging's
    last resort; pytest's capture handlers on the root logger are set aside for the run to keep it so.
    """
    root = logging.getLogger()
    handlers = root.handlers[:]
    with contextlib.chdir(cwd), CliRunner().isolation(env=env) as (stdout, stderr, _):
        root.handlers.clear()
        try:
            main(list(args), prog_name="summarizer")
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc.code)
        finally:
            root.handlers[:] = handlers
            sys.stdout.flush()
            sys.stderr.flush()
        return Ran(code, stdout.getvalue().decode(), stderr.getvalue().decode())


def _exit_code(code: object) -> int:
    """As the interpreter exits on SystemExit: None is 0, a number itself, anything else printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
