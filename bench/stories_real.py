"""Stories on real news: a week of German Wikinews articles plus the seeds, grouped by the real merge and
stories code and scored against labels made by reading (bench/data/stories_real_labels.json).

Reproduce: python bench/stories_real.py PATH [--limit N] [--titles]
  PATH is a checkout of the German Wikinews quotation corpus (uhh-lt/german-news-quotation-attribution-2024);
  only its data/train split is read. Without PATH, or without the checkout, the script says so and exits 0.

The extractions are thin and made deterministically from the corpus, no model involved: the gold quotes
and their speakers (each speaker an actor), the title as the article's one event and its first sentence as
that event's evidence (and as its summary). Pronoun speakers ('er', 'sie') are left out: they name no one.

Publication dates: the 224 articles span 17 months (2005-03 to 2006-07), far fewer than a day's news.
They are laid onto the seven days up to the seeds' news day in their order, each day a seventh of the
span: about 32 articles a day, and follow-ups days or weeks apart within a day of each other.

Goals: B-cubed precision ≥ 0.98 and F1 ≥ 0.95; the seeds' three stories unchanged; no headline over
12 words or cut off (testsupport/headlines.py).
Anchor: Miranda et al. (EMNLP 2018) report F1 0.97 on German monolingual news-stream clustering.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from summarizer.app.collector import collection_paused  # noqa: E402
from summarizer.contracts.briefing import Briefing  # noqa: E402
from summarizer.contracts.extraction import Extraction  # noqa: E402
from summarizer.merge.build import ArticleResult  # noqa: E402
from summarizer.stories import briefing_with_stories  # noqa: E402
from summarizer.text.ingest import parse_article  # noqa: E402
from tests.seeds_helpers import seed_results  # noqa: E402
from testsupport.headlines import headline_problems  # noqa: E402
from testsupport.storyday import bcubed  # noqa: E402

LABELS = ROOT / "bench" / "data" / "stories_real_labels.json"
DAYS = 7
GOAL_PRECISION, GOAL_F1 = 0.98, 0.95
HEADLINE_WORDS = 12
ANCHOR = "Miranda et al. (EMNLP 2018): F1 0.97 on German monolingual news-stream clustering"
_NAME = re.compile(r"^(\d+) - (.*) \((\d{4}-\d\d-\d\d)\)$")
# Speakers that name no one: pronouns and the adverbs the corpus marks as a source ("Demnach …").
_PRONOUNS = ["er", "sie", "es", "ich", "wir", "ihr", "du", "man", "der", "die", "das", "dies", "dieser", "diese"]
_NO_ONE = frozenset([*_PRONOUNS, "demnach", "danach", "dazu"])


def _files(train: Path, ids: list[str]) -> dict[str, Path]:
    found = {m.group(1): p for p in train.glob("*.json") if (m := _NAME.match(p.name.removesuffix(".pretty.json")))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise SystemExit(
            f"{len(missing)} labelled articles are not in {train} (first: {missing[0]}): another checkout?"
        )
    return {i: found[i] for i in ids}


def _speaker(annotation: dict[str, Any]) -> str:
    name = " ".join(((annotation.get("speaker") or {}).get("text") or "").split())
    return "" if name.casefold() in _NO_ONE else name


def _quote_text(doc: dict[str, Any], annotation: dict[str, Any]) -> str:
    spans = (annotation.get("quote") or {}).get("spans") or []
    if not spans:
        return ""
    longest = max(spans, key=lambda s: s["charEnd"] - s["charBegin"])
    return str(doc["originalText"][longest["charBegin"] : longest["charEnd"]]).strip()


def thin_extraction(doc: dict[str, Any], title: str) -> Extraction:
    """Gold quotes and speakers, the title as the one event, the first sentence as its evidence."""
    first = next(s["text"].strip() for s in doc["sentences"] if s["text"].strip())
    quotes, speakers = [], {}
    for a in doc["annotations"]:
        speaker, text = _speaker(a), _quote_text(doc, a)
        if speaker and text:
            speakers.setdefault(speaker.casefold(), speaker)
            kind = "direct" if a.get("type") == "Direct" else "indirect"
            quotes.append({"text": text, "speaker": speaker, "kind": kind})
    event = {"description": title, "status": "occurred", "evidence": first}
    return Extraction.model_validate(
        {
            "summary": first,
            "actors": [{"name": n, "kind": "other"} for n in speakers.values()],
            "events": [event],
            "quotes": quotes,
        }
    )


def _laid_out(days: dict[str, date], news_day: date) -> dict[str, date]:
    """Each article's day in the week up to the news day: the corpus span cut into DAYS equal parts."""
    first, last = min(days.values()), max(days.values())
    span = (last - first).days + 1
    start = news_day - timedelta(days=DAYS - 1)
    return {i: start + timedelta(days=(d - first).days * DAYS // span) for i, d in days.items()}


def real_day(corpus: Path, labels: dict[str, Any], limit: int | None) -> tuple[list[ArticleResult], dict[str, str]]:
    """The seeds and the labelled Wikinews articles as the merge sees them, and each article's true story."""
    seeds = seed_results()
    story_of = {i: label for label, s in labels["stories"].items() for i in s["articles"]}
    truth: dict[str, str] = {}
    for r in seeds:
        prefix = Path(r.article.path).name[:3]
        truth[r.article.id] = next(f"seed-{k}" for k, v in labels["seeds"].items() if prefix in v)
    ids: list[str] = labels["articles"]
    if limit is not None:
        ids = ids[:: max(1, len(ids) // limit)][:limit]
    files = _files(corpus / "data" / "train", ids)
    names = {i: _NAME.match(files[i].name.removesuffix(".pretty.json")) for i in ids}
    real = {i: date.fromisoformat(m.group(3)) for i, m in names.items() if m}
    news_day = max(date.fromisoformat(r.article.published or "1970-01-01") for r in seeds)
    published = _laid_out(real, news_day)
    results = list(seeds)
    for i in ids:
        doc = json.loads(files[i].read_text(encoding="utf-8"))
        m = names[i]
        assert m is not None
        title = m.group(2)
        front = f"---\ntitle: {title}\npublished: {published[i].isoformat()}\noutlet: Wikinews\n---\n"
        article = parse_article(front + doc["originalText"], f"gnqa/train/{i}")
        results.append(ArticleResult(article, thin_extraction(doc, title)))
        truth[article.id] = story_of.get(i, f"wikinews-{i}")
    return results, truth


def _impure(b: Briefing, truth: dict[str, str]) -> list[list[str]]:
    return [s.sources for s in b.stories if len({truth[sid] for sid in s.sources}) > 1]


def _split(b: Briefing, truth: dict[str, str]) -> list[str]:
    homes: dict[str, set[str]] = defaultdict(set)
    for s in b.stories:
        for sid in s.sources:
            homes[truth[sid]].add(s.id)
    return sorted(label for label, stories in homes.items() if len(stories) > 1)


@dataclass
class Score:
    articles: int
    stories: int
    precision: float
    recall: float
    f1: float
    impure: list[list[str]]
    split: list[str]
    seeds_kept: bool
    seconds: float
    bad_headlines: list[str]


def score(results: list[ArticleResult], truth: dict[str, str]) -> Score:
    """The real merge and stories code over the articles, timed, and its stories against the labels."""
    truth = {r.article.id: truth[r.article.id] for r in results}
    started = time.perf_counter()
    with collection_paused():
        briefing = briefing_with_stories(results, "de")
    seconds = time.perf_counter() - started
    predicted = {sid: s.id for s in briefing.stories for sid in s.sources}
    precision, recall, f1 = bcubed(predicted, truth)
    impure = _impure(briefing, truth)
    seed_labels = {t for t in truth.values() if t.startswith("seed-")}
    seeds_kept = all(len({predicted[sid] for sid, t in truth.items() if t == label}) == 1 for label in seed_labels)
    seeds_kept = seeds_kept and not any(any(truth[sid].startswith("seed-") for sid in s) for s in impure)
    stories = len(briefing.stories)
    bad = [
        f"{s.headline} ({', '.join(headline_problems(s.headline))})"
        for s in briefing.stories
        if headline_problems(s.headline)
    ]
    split = _split(briefing, truth)
    return Score(len(results), stories, precision, recall, f1, impure, split, seeds_kept, seconds, bad)


def _show_impure(found: Score, results: list[ArticleResult], truth: dict[str, str], titles: bool) -> None:
    path = {r.article.id: r.article.path.rsplit("/", 1)[-1][:12] for r in results}
    title = {r.article.id: r.article.title for r in results}
    for sources in found.impure:
        ordered = sorted(sources, key=lambda s: path[s])
        print(f"  impure: {', '.join(f'{path[s]}={truth[s]}' for s in ordered)}")
        if titles:
            for s in ordered:
                print(f"      {title[s][:90]}")


def report_week(results: list[ArticleResult], truth: dict[str, str], titles: bool) -> bool:
    found = score(results, truth)
    labelled = set(truth.values())
    several = sum(1 for t in labelled if sum(v == t for v in truth.values()) > 1)
    print(
        f"the week: {found.articles} articles ({found.articles - 5} Wikinews + 5 seeds), {len(labelled)} labelled "
        f"stories ({several} of several articles); stories formed: {found.stories}\n"
        f"  B-cubed precision {found.precision:.3f}  recall {found.recall:.3f}  F1 {found.f1:.3f}   "
        f"(goal P ≥ {GOAL_PRECISION}, F1 ≥ {GOAL_F1})\n"
        f"  impure stories (articles of more than one label): {len(found.impure)}\n"
        f"  labelled stories split over several: {len(found.split)} {' '.join(found.split)}\n"
        f"  the seeds' three stories unchanged: {'yes' if found.seeds_kept else 'NO'}\n"
        f"  headlines over {HEADLINE_WORDS} words or cut off: {len(found.bad_headlines)}\n"
        f"  wall time, merge + stories: {found.seconds:.2f} s (shared machine: for scale only)"
    )
    _show_impure(found, results, truth, titles)
    if titles:
        for line in found.bad_headlines:
            print(f"  headline: {line}")
    return found.precision >= GOAL_PRECISION and found.f1 >= GOAL_F1 and found.seeds_kept and not found.bad_headlines


def report_days(results: list[ArticleResult], truth: dict[str, str], titles: bool) -> bool:
    """Each day of the week on its own, with the seeds: small days, where one shared rare word weighs most."""
    seeds = [r for r in results if truth[r.article.id].startswith("seed-")]
    by_day: dict[str, list[ArticleResult]] = defaultdict(list)
    for r in results:
        if r not in seeds:
            by_day[r.article.published or ""].append(r)
    scores = []
    for day in sorted(by_day):
        found = score(seeds + by_day[day], truth)
        scores.append(found)
        print(
            f"  {day}: {found.articles:>3} articles, {found.stories:>3} stories, P {found.precision:.3f} "
            f"R {found.recall:.3f} F1 {found.f1:.3f}, impure {len(found.impure)}"
        )
        _show_impure(found, results, truth, titles)
    n = len(scores)
    precision, recall, f1 = (sum(getattr(s, k) for s in scores) / n for k in ("precision", "recall", "f1"))
    impure = sum(len(s.impure) for s in scores)
    kept = all(s.seeds_kept for s in scores)
    print(
        f"the days, each alone with the seeds (mean of {n}): P {precision:.3f} R {recall:.3f} F1 {f1:.3f}; "
        f"impure stories {impure}; seeds' stories unchanged every day: {'yes' if kept else 'NO'}"
    )
    return precision >= GOAL_PRECISION and f1 >= GOAL_F1 and kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", help="checkout of the German Wikinews quotation corpus")
    parser.add_argument("--limit", type=int, help="only this many Wikinews articles, evenly spaced (with the seeds)")
    parser.add_argument("--titles", action="store_true", help="show the titles of impure stories (not for commits)")
    args = parser.parse_args()
    if not args.path or not (Path(args.path) / "data" / "train").is_dir():
        where = f"no data/train under {args.path}" if args.path else "no corpus path given"
        print(f"stories_real: {where}; skipped. Usage: python bench/stories_real.py PATH/TO/gnqa")
        return
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    results, truth = real_day(Path(args.path), labels, args.limit)
    print(
        "extractions: thin, made deterministically from the corpus (gold quotes and speakers as actors, "
        "the title as the event, the first sentence as its evidence); no model"
    )
    ok = report_week(results, truth, args.titles)
    if not args.limit:
        ok = report_days(results, truth, args.titles) and ok
    limit = f" --limit {args.limit}" if args.limit else ""
    print(
        f"anchor: {ANCHOR}\ngoals met: {'yes' if ok else 'no'}\nreproduce: python bench/stories_real.py {args.path}{limit}"
    )


if __name__ == "__main__":
    main()
