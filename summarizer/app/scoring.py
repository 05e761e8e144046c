"""Scoring one predicted extraction against its gold annotation: counts per kind of item.

Items are matched the way the merge matches them across sources: actors through `resolve_actors`,
quotes by the merge's `quote_key`, topics with the same topic similarity (`text.topics`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from summarizer.contracts.extraction import Extraction, Quote
from summarizer.merge.ledger import quote_key
from summarizer.merge.resolve import ActorIndex, resolve_actors
from summarizer.text.quotescan import fold_quote
from summarizer.text.topics import TOPIC_SIMILARITY, topic_similarity

# quotes: the words found (verbatim after folding), whoever says them; speakers: the words and the
# speaker both right. A model that copies quotes well and attributes them badly shows as the gap.
KINDS = ("actors", "events", "quotes", "speakers", "positions")
EVENT_OVERLAP = 0.5  # Jaccard of resolved participants at which two events of one status are one event
_GOLD, _PRED = "gold", "pred"


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind of item."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted items that are right; 1.0 only when nothing was predicted and nothing missed."""
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Share of gold items found; 1.0 only when there was nothing to find and nothing predicted."""
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        if self.tp == 0:
            return 1.0 if self.fp == 0 and self.fn == 0 else 0.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_json(self) -> dict[str, Any]:
        """The counts and the three rates as a JSON-ready dict."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def score_article(gold: Extraction, pred: Extraction) -> dict[str, Counts]:
    """Counts per kind (actors, events, quotes, speakers, positions) of `pred` measured against `gold`."""
    index = resolve_actors([(_GOLD, gold), (_PRED, pred)])
    return {
        "actors": _score_actors(index),
        "events": _score_events(gold, pred, index),
        "quotes": _score_quotes(gold, pred, lambda side, q: fold_quote(q.text)),
        "speakers": _score_quotes(gold, pred, lambda side, q: quote_key(index, side, q.text, q.speaker)),
        "positions": _score_positions(gold, pred, index),
    }


def _counts(tp: int, n_gold: int, n_pred: int) -> Counts:
    return Counts(tp=tp, fp=n_pred - tp, fn=n_gold - tp)


def _score_actors(index: ActorIndex) -> Counts:
    # Counted per resolved actor, not per list entry: one real actor listed twice is one actor.
    counts = Counts()
    for entry in index.entries:
        in_gold, in_pred = _GOLD in entry.sources, _PRED in entry.sources
        if in_gold and in_pred:
            counts.tp += 1
        elif in_gold:
            counts.fn += 1
        else:
            counts.fp += 1
    return counts


def _score_quotes(gold: Extraction, pred: Extraction, key: Callable[[str, Quote], Hashable]) -> Counts:
    gold_keys = Counter(key(_GOLD, q) for q in gold.quotes)
    pred_keys = Counter(key(_PRED, q) for q in pred.quotes)
    tp = sum((gold_keys & pred_keys).values())  # multiset intersection: one-to-one on equal keys
    return _counts(tp, len(gold.quotes), len(pred.quotes))


def _greedy_matches(n_gold: int, n_pred: int, score: Callable[[int, int], float | None]) -> int:
    """Pairs taken best score first (ties by gold then pred position), each item at most once."""
    pairs = sorted((-s, i, j) for i in range(n_gold) for j in range(n_pred) if (s := score(i, j)) is not None)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
    return len(used_gold)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _score_events(gold: Extraction, pred: Extraction, index: ActorIndex) -> Counts:
    def participants(source: str, extraction: Extraction) -> list[frozenset[str]]:
        return [frozenset(index.resolve(source, n) for n in e.participants) for e in extraction.events]

    gold_p, pred_p = participants(_GOLD, gold), participants(_PRED, pred)

    def score(i: int, j: int) -> float | None:
        if gold.events[i].status != pred.events[j].status:
            return None
        overlap = _jaccard(gold_p[i], pred_p[j])
        return overlap if overlap >= EVENT_OVERLAP else None

    tp = _greedy_matches(len(gold.events), len(pred.events), score)
    return _counts(tp, len(gold.events), len(pred.events))


def _score_positions(gold: Extraction, pred: Extraction, index: ActorIndex) -> Counts:
    gold_keys = [(index.resolve(_GOLD, p.actor), p.topic, p.stance) for p in gold.positions]
    pred_keys = [(index.resolve(_PRED, p.actor), p.topic, p.stance) for p in pred.positions]

    def score(i: int, j: int) -> float | None:
        (ga, gt, gs), (pa, pt, ps) = gold_keys[i], pred_keys[j]
        if ga != pa or gs != ps:
            return None
        similarity = topic_similarity(gt, pt)
        return similarity if similarity >= TOPIC_SIMILARITY else None

    tp = _greedy_matches(len(gold.positions), len(pred.positions), score)
    return _counts(tp, len(gold.positions), len(pred.positions))
