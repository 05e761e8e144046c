"""Score extractions against a gold set: precision, recall and F1 per kind of item, per article and overall.

Gold and predictions are fixture files (docs/gold-format.md). Items are matched the way the merge
matches them across sources (`app.scoring`), so a score says how well a model feeds the briefing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.app.predictions import extractions_of, in_passes, prediction_folders, replayed
from summarizer.app.scoring import KINDS, Counts, score_article
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Record
from summarizer.llm.cache import M, ResponseCache, Served
from summarizer.llm.config import Settings
from summarizer.llm.environment import resolve_settings
from summarizer.text.ingest import Article, IngestError, read_article
from summarizer.text.wording import count

# --- the report --------------------------------------------------------------------------------


@dataclass
class ArticleScore:
    """One gold article's counts per kind; a failed prediction counts every gold item as missed."""

    article_id: str
    path: str
    counts: dict[str, Counts]
    failure: str | None = None

    def to_json(self) -> dict[str, Any]:
        """This article's scores as a JSON-ready dict."""
        return {
            "id": self.article_id,
            "path": self.path,
            "failure": self.failure,
            "scores": {kind: self.counts[kind].to_json() for kind in KINDS},
        }


@dataclass
class EvalReport:
    """Per-article and overall (micro-averaged) scores of one evaluation run."""

    articles: list[ArticleScore]
    unmatched_predictions: list[str] = field(default_factory=list)

    @property
    def overall(self) -> dict[str, Counts]:
        """Counts summed over all articles, so the rates are micro-averages."""
        totals = {kind: Counts() for kind in KINDS}
        for article in self.articles:
            for kind in KINDS:
                totals[kind] = totals[kind] + article.counts[kind]
        return totals

    @property
    def failures(self) -> list[ArticleScore]:
        """Articles with no usable prediction."""
        return [a for a in self.articles if a.failure is not None]

    def to_json(self) -> dict[str, Any]:
        """The whole report as a JSON-ready dict."""
        return {
            "kinds": list(KINDS),
            "articles_scored": len(self.articles),
            "articles_failed": len(self.failures),
            "overall": {kind: counts.to_json() for kind, counts in self.overall.items()},
            "articles": [a.to_json() for a in self.articles],
            "unmatched_predictions": list(self.unmatched_predictions),
        }

    def format_table(self) -> str:
        """Plain-text tables: overall first, then one per article."""
        heading = f"overall ({count(len(self.articles), 'article')}, {len(self.failures)} failed)"
        blocks = [_table(heading, self.overall)]
        for a in self.articles:
            title = f"{a.article_id}  {a.path}" + (f"  FAILED: {a.failure}" if a.failure else "")
            blocks.append(_table(title, a.counts))
        if self.unmatched_predictions:
            blocks.append("predictions without a gold article: " + ", ".join(self.unmatched_predictions))
        return "\n\n".join(blocks) + "\n"


def _table(title: str, counts: dict[str, Counts]) -> str:
    lines = [title, f"{'kind':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for kind in KINDS:
        c = counts[kind]
        lines.append(f"{kind:<10} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}")
    return "\n".join(lines)


# --- files and runs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledFile:
    """One fixture-format file: the article it answers for and its record."""

    file: Path
    article_id: str
    article_path: str
    record: Record


def load_labelled(directory: Path, root: Path) -> list[LabelledFile]:
    """Every *.json fixture-format file under `directory`, with its article id (computed when absent)."""
    found: list[LabelledFile] = []
    seen: dict[str, Path] = {}
    for file in sorted(directory.rglob("*.json")):
        try:
            record = Record.read(file)
            if record.article is None or not record.article.path:
                raise ValueError("no article.path")
        except (OSError, ValueError) as exc:
            raise ValueError(f"{file}: not a fixture-format file ({_first_line(exc)})") from exc
        article_path = record.article.path
        article_id = record.article.id
        if not article_id:
            article = read_article(root / article_path, article_path)
            if isinstance(article, IngestError):
                raise ValueError(f"{file}: no article.id, and its article cannot be read: {article.reason}")
            article_id = article.id
        if article_id in seen:
            raise ValueError(f"{file} and {seen[article_id]} are both for article {article_id}")
        seen[article_id] = file
        found.append(LabelledFile(file, str(article_id), article_path, record))
    return found


def _extraction(item: LabelledFile) -> Extraction:
    return Extraction.model_validate(item.record.response)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def evaluate(gold_dir: Path, root: Path, pred_dir: Path | None = None, settings: Settings | None = None) -> EvalReport:
    """Score predictions (files in `pred_dir`, else the configured model) against the gold set under `root`."""
    # An invalid gold file raises ValueError, and a model that must be asked but cannot be raises
    # ConfigError: either way no score would mean anything, unlike one article's failed extraction.
    gold = load_labelled(gold_dir, root)
    if not gold:
        raise ValueError(f"no gold files (*.json) in {gold_dir}; the format is in docs/gold-format.md")
    gold_extractions: dict[str, Extraction] = {}
    for item in gold:
        try:
            gold_extractions[item.article_id] = _extraction(item)
        except ValidationError as exc:
            raise ValueError(f"{item.file}: gold response is not a valid extraction: {_first_line(exc)}") from exc

    predictions: dict[str, Extraction] = {}
    failures: dict[str, str] = {}
    unmatched: list[str] = []
    staged = in_passes(pred_dir) if pred_dir is not None else []
    if pred_dir is not None and staged:
        replay = replayed(pred_dir, staged, {g.article_id: g.article_path for g in gold}, root)
        predictions, failures, unmatched = replay.extractions, replay.failures, replay.unmatched
    elif pred_dir is not None:
        for item in load_labelled(pred_dir, root):
            if item.article_id not in gold_extractions:
                unmatched.append(item.article_path)
                continue
            try:
                predictions[item.article_id] = _extraction(item)
            except ValidationError as exc:
                failures[item.article_id] = f"invalid prediction in {item.file.name}: {_first_line(exc)}"
    else:
        predictions, failures = _run_model(gold, root, settings or resolve_settings())

    empty = Extraction(summary="")
    scores: list[ArticleScore] = []
    for item in sorted(gold, key=lambda g: (g.article_path, g.article_id)):
        pred = predictions.get(item.article_id)
        failure = None
        if pred is None:
            failure = failures.get(item.article_id) or "no prediction for this article"
        # A failure is scored against an empty extraction: every gold item counts as missed.
        counts = score_article(gold_extractions[item.article_id], pred if pred is not None else empty)
        scores.append(ArticleScore(item.article_id, item.article_path, counts, failure))
    return EvalReport(scores, sorted(unmatched))


def evaluate_folders(gold_dir: Path, root: Path, pred_dir: Path) -> list[tuple[Path, EvalReport]]:
    """One report per prediction set under `pred_dir` (each model folder apart: app/predictions.py)."""
    return [(folder, evaluate(gold_dir, root, folder)) for folder in prediction_folders(pred_dir)]


def comparison_table(reports: list[tuple[Path, EvalReport]]) -> str:
    """F1 per kind, one row per prediction set: how the models (and protocols) compare."""
    width = max(len(str(folder)) for folder, _ in reports)
    lines = ["F1 per kind, overall", f"{'predictions':<{width}} " + " ".join(f"{kind:>9}" for kind in KINDS)]
    for folder, report in reports:
        overall = report.overall
        lines.append(f"{folder!s:<{width}} " + " ".join(f"{overall[kind].f1:9.3f}" for kind in KINDS))
    return "\n".join(lines)


class _PredictionCache(ResponseCache):
    """The response cache without hand-written answers, so the gold set is never scored as a prediction."""

    def __init__(self, settings: Settings, gold: list[LabelledFile]) -> None:
        super().__init__(settings.stores.cache_dir, settings.stores.fixture_dirs)
        self._gold = [g.record for g in gold]

    def get(self, key: str) -> Record | None:
        """The stored record for `key`, unless it is a reference fixture or one of the gold files."""
        record = super().get(key)
        # Reference fixtures (and usually the gold set) are keyed as if a model had answered, and
        # ./fixtures is a default fixture folder: served as predictions, the gold would score itself.
        if record is None or record.origin == "reference" or record in self._gold:
            return None
        return record

    def get_served(self, key: str, model: type[M]) -> tuple[M, Served] | None:
        """As the plain cache, for entries `get` lets through (get_response asks this too)."""
        return super().get_served(key, model) if self.get(key) is not None else None


def _run_model(
    gold: list[LabelledFile], root: Path, settings: Settings
) -> tuple[dict[str, Extraction], dict[str, str]]:
    """Extract every gold article with the configured model, cache first; failures by article id."""
    failures: dict[str, str] = {}
    articles: list[Article] = []
    for item in gold:
        article = read_article(root / item.article_path, item.article_path)
        if isinstance(article, IngestError):
            failures[item.article_id] = article.reason
        elif article.id != item.article_id:
            # The gold describes other text than the file now holds: its items would not be in it.
            failures[item.article_id] = f"article text changed since the gold was written (now {article.id})"
        else:
            articles.append(article)
    extractions, failed = extractions_of(articles, settings, _PredictionCache(settings, gold))
    return extractions, {**failures, **failed}
