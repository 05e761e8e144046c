"""Brief length: words of the default Markdown brief of the seeds and of a 1,000-article synthetic day.

Reproduce: python bench/brief_length.py [--articles 1000] [--seed 11]

Goals (issue 12): the seeds' brief at most 1,300 words (a third of their 3,856 words), opening with
their most covered story; the 1,000-article day at most 4,000 words with its top 15 stories as
cards. The full Markdown (`--detail full`) is shown for comparison: the brief leaves that detail to
the appendix and to JSON.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from summarizer.contracts.briefing import Briefing  # noqa: E402
from summarizer.render.formats import render  # noqa: E402
from summarizer.stories import briefing_with_stories  # noqa: E402
from tests.seeds_helpers import seed_results  # noqa: E402
from testsupport.storyday import story_day  # noqa: E402

SEEDS_GOAL = 1300
DAY_GOAL = 4000
DAY_CARDS = 15


def _words(text: str) -> int:
    return len(text.split())


def _report(name: str, briefing: Briefing, goal: int, cards_goal: int | None, input_words: int) -> bool:
    started = time.perf_counter()
    brief = render(briefing, "md")
    full = render(briefing, "md", detail="full")
    seconds = time.perf_counter() - started
    cards = len(re.findall(r"^### \d+ · ", brief, flags=re.MULTILINE))
    words = _words(brief)
    ok = words <= goal and (cards_goal is None or cards == min(cards_goal, len(briefing.stories)))
    top = briefing.stories[0] if briefing.stories else None
    print(
        f"{name}: {len(briefing.sources)} articles ({input_words} words in), {len(briefing.stories)} stories\n"
        f"  brief {words} words, {cards} story cards (goal ≤ {goal} words"
        f"{f', top {cards_goal} as cards' if cards_goal else ''}): {'ok' if ok else 'OVER BUDGET'}\n"
        f"  --detail full {_words(full)} words; rendering both {seconds:.2f} s\n"
        f"  first story: {top.headline if top else '—'} ({top.coverage.independent_outlets if top else 0} outlets)"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    seeds = seed_results()
    ok = _report(
        "seeds", briefing_with_stories(seeds, "en"), SEEDS_GOAL, None, sum(_words(r.article.text) for r in seeds)
    )
    day, _ = story_day(args.articles, args.seed)
    ok &= _report(
        f"synthetic day (testsupport/storyday.py, seed {args.seed})",
        briefing_with_stories(day, "en"),
        DAY_GOAL,
        DAY_CARDS,
        sum(_words(r.article.text) for r in day),
    )
    print(f"reproduce: python bench/brief_length.py --articles {args.articles} --seed {args.seed}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
