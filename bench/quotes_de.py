"""Direct quotes and their speakers against the German Wikinews quotation corpus (gold annotations).

Reproduce:
    python bench/quotes_de.py PATH                      # the rules alone
    python bench/quotes_de.py PATH --base-url http://127.0.0.1:8080/v1 --model M   # and the model

PATH is a checkout of uhh-lt/german-news-quotation-attribution-2024 (CC BY-NC-SA 4.0: never commit
it, nor anything derived from its text). Only its train split is read, never dev or test. Without
PATH the script says so and exits 0. The model's answers go to the user's response cache (or
--cache-dir), so a re-run asks nothing; nothing of the corpus is written anywhere else.

Scored per article, then summed (micro-averaged):
- direct quotes: a predicted direct quote matches a gold "Direct" annotation when their spans
  overlap by at least half of the longer one (quotation marks excluded), each used once;
- speakers: a matched quote whose predicted speaker names the gold speaker (the speaker's surname,
  or the last word of a group's name, among the gold speaker's words). A gold pronoun speaker
  ("er", "sie") stands for the last named gold speaker before it. Precision counts every predicted
  direct quote with a speaker, recall every gold direct quote with a speaker.
Anchors from the literature: German direct speech detection about 0.85 F1 (Redewiedergabe corpus);
German speaker attribution about 0.83 F1 (GermEval 2023 SpkAtt, parliamentary speech).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT  # noqa: F401  (puts the repository on the path)

from summarizer.text.ground import normalise

PRONOUNS = frozenset(["er", "sie", "es", "ich", "wir", "ihr", "man"])
MARKS = "„“”\"'‚‘’»«"
OVERLAP = 0.5


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class GoldQuote:
    span: Span
    speaker: str | None  # the speaker's words as annotated (a pronoun resolved), None when unannotated


@dataclass(frozen=True)
class CorpusArticle:
    name: str  # the file name: an id, not the text
    text: str
    direct: tuple[GoldQuote, ...]


@dataclass(frozen=True)
class Predicted:
    span: Span
    speaker_forms: tuple[str, ...]  # every form of the predicted speaker's name; () when unattributed


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def row(self, label: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{label:<16} {p:6.3f} {r:6.3f} {f:6.3f} {self.tp:5d} {self.fp:5d} {self.fn:5d}"


@dataclass
class Score:
    quotes: Counts = field(default_factory=Counts)
    speakers: Counts = field(default_factory=Counts)


def _unmarked(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and (text[start] in MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in MARKS or text[end - 1].isspace()):
        end -= 1
    return Span(start, end)


def read_article(path: Path) -> CorpusArticle:
    """One corpus file: its text and its direct quotes with their speakers (pronouns resolved)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = doc["originalText"]
    direct: list[GoldQuote] = []
    last_named: str | None = None
    for annotation in sorted(doc["annotations"], key=lambda a: a["quote"]["spans"][0]["charBegin"]):
        speaker = (annotation.get("speaker") or {}).get("text") or None
        if speaker and speaker.strip().casefold() in PRONOUNS:
            speaker = last_named
        elif speaker:
            last_named = speaker
        if annotation.get("type") != "Direct":
            continue
        spans = annotation["quote"]["spans"]
        span = _unmarked(text, Span(spans[0]["charBegin"], spans[-1]["charEnd"]))
        direct.append(GoldQuote(span, speaker))
    return CorpusArticle(path.name, text, tuple(direct))


def sample(corpus: Path, with_quotes: int, without: int, seed: int) -> list[CorpusArticle]:
    """A fixed sample of the train split: articles with direct quotes and some without (for precision)."""
    train = corpus / "data" / "train"
    if not train.is_dir():
        raise SystemExit(f"{train} is not there: give the checkout of the corpus (its data/train split is read)")
    articles = [read_article(p) for p in sorted(train.glob("*.json"))]
    rng = random.Random(seed)
    quoted = [a for a in articles if a.direct]
    unquoted = [a for a in articles if not a.direct]
    return rng.sample(quoted, min(with_quotes, len(quoted))) + rng.sample(unquoted, min(without, len(unquoted)))


def _overlap(a: Span, b: Span) -> float:
    inter = max(0, min(a.end, b.end) - max(a.start, b.start))
    return inter / max(a.end - a.start, b.end - b.start, 1)


def _names_speaker(forms: Iterable[str], gold: str) -> bool:
    """Whether a predicted speaker names the gold speaker: its last word (a surname, a group's head
    word) among the gold speaker's words, or the other way round."""
    gold_words = set(re.findall(r"\w+", normalise(gold)))
    for form in forms:
        words = re.findall(r"\w+", normalise(form))
        named = words and (
            words[-1] in gold_words or any(w in words for w in gold_words if len(w) >= 4 and w[0].isalpha())
        )
        if named and len(words[-1]) >= 3:
            return True
    return False


def score(article: CorpusArticle, predicted: list[Predicted]) -> Score:
    """Quote and speaker counts of one article's predictions; each gold quote matched once, best overlap first."""
    result = Score()
    pairs = sorted(
        ((_overlap(g.span, p.span), i, j) for i, g in enumerate(article.direct) for j, p in enumerate(predicted)),
        reverse=True,
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for overlap, i, j in pairs:
        if overlap >= OVERLAP and i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    result.quotes = Counts(tp=len(matched), fp=len(predicted) - len(matched), fn=len(article.direct) - len(matched))
    right = sum(
        1
        for i, j in matched.items()
        if article.direct[i].speaker
        and predicted[j].speaker_forms
        and _names_speaker(predicted[j].speaker_forms, article.direct[i].speaker or "")
    )
    attributed = sum(1 for p in predicted if p.speaker_forms)
    gold_attributed = sum(1 for g in article.direct if g.speaker)
    result.speakers = Counts(tp=right, fp=attributed - right, fn=gold_attributed - right)
    return result


def report(label: str, scores: list[Score]) -> str:
    total = Score()
    for s in scores:
        total.quotes.add(s.quotes)
        total.speakers.add(s.speakers)
    head = f"{label}\n{'':<16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    return "\n".join([head, total.quotes.row("direct quotes"), total.speakers.row("speakers")])


def rules_predictions(article: CorpusArticle) -> list[Predicted]:
    """The rules alone, no model and no actor list: every quotation in whose sentence (or the one
    before, for a quotation standing alone) the speaker finder reads a speech cue is a direct
    quote, its speaker the words in the cue's speaker slot; a pronoun there stands for the
    speaker the paragraph named last."""
    from summarizer.text.attribution import Finder
    from summarizer.text.quotescan import quotation_spans
    from summarizer.text.slots import lexicon

    finder = Finder(article.text)
    pronouns = lexicon()["pronouns"]
    found: list[Predicted] = []
    last: dict[int, str] = {}  # paragraph → the words that last named a speaker
    for start, end in quotation_spans(article.text):
        acts = finder.candidates(start, end)
        if not acts:
            continue  # no speech cue: a name, a title, a scare quote
        act = acts[0]
        words = act.speaker.text
        if words.casefold() in pronouns:
            words = last.get(act.paragraph, "")
        elif words:
            last[act.paragraph] = words
        found.append(Predicted(Span(start, end), (words,) if words else ()))
    return found


def model_predictions(articles: list[CorpusArticle], args: argparse.Namespace) -> tuple[list[list[Predicted]], str]:
    """The local model's direct quotes through the multi-pass protocol, cache first (a re-run asks
    nothing), each quote located where the code copied it from; and a line on what it cost."""
    from summarizer.app.extraction import extract_articles
    from summarizer.app.pipeline import run_sync
    from summarizer.llm.cache import ResponseCache
    from summarizer.llm.environment import resolve_settings
    from summarizer.text.ingest import parse_article

    settings = resolve_settings(
        model=args.model,
        base_url=args.base_url,
        cache=args.cache_dir,
        fixtures=[],
        concurrency=1,
        reasks=1,
        synthesis=False,
        passes="3",
    )
    inputs = [parse_article(a.text, f"gnqa-train/{a.name}") for a in articles]
    cache = ResponseCache(settings.stores.cache_dir)
    started = time.monotonic()
    try:
        run = run_sync(extract_articles(inputs, settings, cache))
    finally:
        cache.close()
    seconds = time.monotonic() - started
    by_id = {r.article.id: r for r in run.results}
    predicted: list[list[Predicted]] = []
    for article in inputs:
        result = by_id.get(article.id)
        found: list[Predicted] = []
        if result is not None:
            for quote in result.extraction.quotes:
                g = result.groundings.ground(quote.text) if result.groundings else None
                if quote.kind.value != "direct" or g is None or g.start is None or g.end is None:
                    continue
                actor = result.extraction.actor_for(quote.speaker) if quote.speaker else None
                forms = tuple([actor.name, *actor.aliases]) if actor else ((quote.speaker,) if quote.speaker else ())
                found.append(Predicted(Span(g.start, g.end), forms))
        predicted.append(found)
    s = run.stats
    cost = (
        f"{len(run.results)}/{len(inputs)} articles extracted, {s.llm_calls} requests ({s.cache_hits} from the cache), "
        f"{s.prompt_tokens} prompt + {s.completion_tokens} completion tokens, {seconds:.0f} s"
    )
    return predicted, cost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", help="checkout of uhh-lt/german-news-quotation-attribution-2024")
    parser.add_argument("--with-quotes", type=int, default=24, help="articles with direct quotes in the sample")
    parser.add_argument("--without", type=int, default=6, help="articles without direct quotes in the sample")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--base-url", help="OpenAI-compatible server of the model to score as well")
    parser.add_argument("--model", help="its model name")
    parser.add_argument("--cache-dir", help="response cache [default: the user's, SUMMARIZER_CACHE_DIR]")
    args = parser.parse_args()
    if not args.corpus:
        print(
            "quotes_de: no corpus given (PATH of a checkout of uhh-lt/german-news-quotation-attribution-2024); skipped"
        )
        return
    articles = sample(Path(args.corpus), args.with_quotes, args.without, args.seed)
    gold = sum(len(a.direct) for a in articles)
    print(f"sample: {len(articles)} train articles (seed {args.seed}), {gold} gold direct quotes")
    print(
        "anchors: German direct speech detection about 0.85 F1 (Redewiedergabe corpus), "
        "speaker attribution about 0.83 F1 (GermEval 2023 SpkAtt)"
    )
    print(
        f"reproduce: python bench/quotes_de.py PATH --with-quotes {args.with_quotes} --without {args.without} --seed {args.seed}"
    )
    sys.stdout.flush()
    print(
        report(
            "(a) the rules alone (text/attribution.py, no model, no actor list)",
            [score(a, rules_predictions(a)) for a in articles],
        )
    )
    if args.base_url:
        predicted, cost = model_predictions(articles, args)
        print(
            report(
                f"(b) {args.model} through the multi-pass protocol ({cost})",
                [score(a, p) for a, p in zip(articles, predicted, strict=True)],
            )
        )


if __name__ == "__main__":
    main()
