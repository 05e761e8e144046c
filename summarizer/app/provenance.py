"""Where a briefing comes from: its news day, when it was made, the models, and the origin of its answers.

The generation time is the clock's, unless SOURCE_DATE_EPOCH (seconds since 1970, the
reproducible-builds convention) pins it: then two runs over the same answers give the same bytes.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime

from summarizer.app.extraction import ExtractionRun
from summarizer.contracts.briefing import Briefing
from summarizer.contracts.checks import REFERENCE_LINE, AnswerOrigin, BriefingProvenance
from summarizer.llm.config import ConfigError
from summarizer.stories.group import news_day
from summarizer.text.dates import parse_iso

PIN = "SOURCE_DATE_EPOCH"


def generated_at() -> str:
    """Now (UTC, to the second), or the moment SOURCE_DATE_EPOCH names."""
    pinned = os.environ.get(PIN, "").strip()
    if not pinned:
        return datetime.now(UTC).isoformat(timespec="seconds")
    try:
        return datetime.fromtimestamp(int(pinned), UTC).isoformat(timespec="seconds")
    except (ValueError, OverflowError, OSError) as exc:
        raise ConfigError(f"{PIN}={pinned!r} is not a time: give seconds since 1970-01-01 UTC, or unset it") from exc


def provenance_of(
    b: Briefing, run: ExtractionRun, model: str, overview_model: str | None, generated: str
) -> BriefingProvenance:
    """The provenance of a briefing made from `run`'s answers (`model` asked the live ones)."""
    answers: Counter[AnswerOrigin] = Counter()
    models: set[str] = set()
    briefed = {r.article.id for r in run.results}
    for article in sorted(briefed):
        served = run.served.get(article)
        if article in run.asked or served is None:
            answers["live"] += 1
            models.add(model)
        elif served.origin == "reference":
            answers["reference"] += 1
        else:
            answers["recorded"] += 1
            models.add(served.model or model)
    if overview_model:
        models.add(overview_model)
    days = sorted(d for d in (parse_iso(s.published) for s in b.sources) if d)
    day = news_day(b)
    return BriefingProvenance(
        news_day=day.isoformat() if day else None,
        published_from=days[0].isoformat() if days else None,
        published_to=days[-1].isoformat() if days else None,
        generated=generated,
        models=sorted(models),
        answers=dict(sorted(answers.items())),
        note=REFERENCE_LINE if answers["reference"] else None,
    )
