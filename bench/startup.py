"""Start-up: `summarizer --help` against `python -c pass`, each the best of several runs.

Reproduce: python bench/startup.py [--runs 10]
openai and instructor are imported only when a request must go out, so help, offline runs and
cache hits never pay for them; the third line shows what they would add.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from common import Figure, publish

from testsupport.cli import command


def best(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    bare = best([sys.executable, "-c", "pass"], args.runs)
    helped = best(command("--help"), args.runs)
    heavy = best([sys.executable, "-c", "import openai, instructor"], args.runs)
    print(f"python -c pass:          {bare * 1000:7.1f} ms")
    print(f"summarizer --help:       {helped * 1000:7.1f} ms  ratio {helped / bare:.1f} ×")
    print(f"import openai+instructor:{heavy * 1000:7.1f} ms  (deferred: paid only by runs that call a model)")
    publish(
        f"python bench/startup.py --runs {args.runs}",
        [
            Figure(
                "startup.help_ratio",
                "Start-up: `summarizer --help` vs `python -c pass` (best of each)",
                round(helped / bare, 1),
                f"{helped / bare:.1f} × ({helped * 1000:.0f} ms vs {bare * 1000:.0f} ms; openai and instructor, "
                f"{heavy * 1000:.0f} ms, load only when a request goes out)",
            )
        ],
    )
    print(f"reproduce: python bench/startup.py --runs {args.runs}")


if __name__ == "__main__":
    main()
