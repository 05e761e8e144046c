"""Why an offline run found no stored answer for an article, said as what is missing.

The request key carries the model, the prompt (and with it the briefing language), the schema and
the sampling, so a miss has a cause a reader can act on: the fixtures answer these articles, but in
another language, from another model, or for an older prompt. Where no fixture answers them at all,
the hint says where was looked and how to point elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from summarizer.contracts.record import Record
from summarizer.llm.cache import load_fixture_index
from summarizer.llm.config import DEFAULT_MODEL, Settings
from summarizer.llm.environment import answer_sources
from summarizer.text.ingest import Article, read_article


def _answers_for(paths: Iterable[str], fixture_dirs: Iterable[Path]) -> list[Record]:
    """The fixtures that answer any of these articles (by content id, else by path), whatever their key."""
    ids, shown = set(), set(paths)
    for path in shown:
        article = read_article(Path(path), path)
        if isinstance(article, Article):
            ids.add(article.id)
    return [
        r
        for r in load_fixture_index(fixture_dirs).values()
        if r.article is not None and (r.article.id in ids or r.article.path in shown)
    ]


def _kind(records: list[Record]) -> str:
    origins = {r.origin for r in records}
    return f"{origins.pop()} answers" if len(origins) == 1 else "answers"


def _listed(values: Iterable[str], flag: str) -> str:
    return ", ".join(f"{flag} {v}" for v in sorted(set(values)))


def offline_hint(settings: Settings, missed: list[str]) -> str:
    """One line for the end of an offline run whose articles in `missed` had no stored answer."""
    lang, model = settings.run.lang, settings.model.name
    found = _answers_for(missed, settings.stores.fixture_dirs)
    if not found:
        return answer_sources(settings.stores)
    in_lang = [r for r in found if (r.lang or "en") == lang]
    if not in_lang:
        return (
            f"no {_kind(found)} for --lang {lang}: the fixtures answer these articles only for "
            f"{_listed((r.lang or 'en' for r in found), '--lang')}; run with that language, or without --offline "
            "to ask a model"
        )
    by_model = [r for r in in_lang if (r.model or DEFAULT_MODEL) == model]
    if not by_model:
        return (
            f"no {_kind(in_lang)} from --model {model} for --lang {lang}: the fixtures hold "
            f"answers from {_listed((r.model or DEFAULT_MODEL for r in in_lang), '--model')}"
        )
    return (
        f"the {_kind(by_model)} for these articles no longer match today's prompt or schema: run "
        "`summarizer fixtures rekey` for reference answers, or record the others again"
    )
