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
from dataclasses import dataclass

from common import Figure, publish

from summarizer.contracts.briefing import Briefing
from summarizer.render.formats import render
from summarizer.stories import briefing_with_stories
from tests.seeds_helpers import seed_results
from testsupport.storyday import story_day

SEEDS_GOAL = 1300
DAY_GOAL = 4000
DAY_CARDS = 15


def _words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Length:
    """The default Markdown brief of one day: its words and story cards, and the full Markdown's words."""

    name: str
    articles: int
    input_words: int
    stories: int
    words: int
    cards: int
    full_words: int
    render_seconds: float
    top: str


def measure(name: str, briefing: Briefing, input_words: int) -> Length:
    started = time.perf_counter()
    brief = render(briefing, "md")
    full = render(briefing, "md", detail="full")
    seconds = time.perf_counter() - started
    cards = len(re.findall(r"^### \d+ · ", brief, flags=re.MULTILINE))
    top = briefing.stories[0] if briefing.stories else None
    shown = f"{top.headline} ({top.coverage.independent_outlets} outlets)" if top else "—"
    return Length(
        name, len(briefing.sources), input_words, len(briefing.stories), _words(brief), cards, _words(full), seconds, shown
    )


def seeds() -> Length:
    results = seed_results()
    return measure("seeds", briefing_with_stories(results, "en"), sum(_words(r.article.text) for r in results))


def day(articles: int, seed: int) -> Length:
    results, _ = story_day(articles, seed)
    name = f"synthetic day (testsupport/storyday.py, seed {seed})"
    return measure(name, briefing_with_stories(results, "en"), sum(_words(r.article.text) for r in results))


def _ok(m: Length, goal: int, cards_goal: int | None) -> bool:
    return m.words <= goal and (cards_goal is None or m.cards == min(cards_goal, m.stories))


def _report(m: Length, goal: int, cards_goal: int | None) -> bool:
    ok = _ok(m, goal, cards_goal)
    print(
        f"{m.name}: {m.articles} articles ({m.input_words} words in), {m.stories} stories\n"
        f"  brief {m.words} words, {m.cards} story cards (goal ≤ {goal} words"
        f"{f', top {cards_goal} as cards' if cards_goal else ''}): {'ok' if ok else 'OVER BUDGET'}\n"
        f"  --detail full {m.full_words} words; rendering both {m.render_seconds:.2f} s\n"
        f"  first story: {m.top}"
    )
    return ok


def figures(s: Length, d: Length) -> list[Figure]:
    """Exact: the seeds, their reference answers and the synthetic day (a fixed seed) give the same words every run."""
    return [
        Figure(
            "brief.seeds_words",
            "Brief length: default Markdown of the seeds",
            s.words,
            f"{s.words:,} words ({s.stories} stories, input {s.input_words:,} words; `--detail full` {s.full_words:,})",
            f"≤ {SEEDS_GOAL:,}",
            _ok(s, SEEDS_GOAL, None),
            exact=True,
        ),
        Figure("brief.seeds_full_words", "— the seeds with `--detail full`", s.full_words, f"{s.full_words:,} words", exact=True),
        Figure(
            "brief.day_words",
            f"— a {d.articles:,}-article synthetic day with many stories (`testsupport/storyday.py`)",
            d.words,
            f"{d.words:,} words, top {d.cards} as cards ({d.stories} stories, input {d.input_words:,} words)",
            f"≤ {DAY_GOAL:,} with top {DAY_CARDS}",
            _ok(d, DAY_GOAL, DAY_CARDS),
            exact=True,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    s, d = seeds(), day(args.articles, args.seed)
    ok = _report(s, SEEDS_GOAL, None)
    ok &= _report(d, DAY_GOAL, DAY_CARDS)
    publish(f"python bench/brief_length.py --articles {args.articles} --seed {args.seed}", figures(s, d))
    print(f"reproduce: python bench/brief_length.py --articles {args.articles} --seed {args.seed}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
