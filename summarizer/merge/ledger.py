"""The quote ledger: each statement once, citing every source that carries it with the speaker that
source names (two outlets may credit one joint statement to two names for one group)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from summarizer.contracts.briefing import Citation, QuoteEntry, Source, source_label
from summarizer.contracts.checks import SpeakerCheck
from summarizer.contracts.extraction import Extraction, Quote
from summarizer.merge.coverage import note_coverage
from summarizer.merge.inputs import Grounds, R
from summarizer.merge.resolve import ActorIndex
from summarizer.merge.translations import SharedEvent, join_translations
from summarizer.text.display import natural_key
from summarizer.text.quotescan import fold_quote, speaker_named_in
from summarizer.text.speakers import SpeakerChecker

_RANK = {"confirmed": 0, "other": 1, "unconfirmed": 2}

NEAR_IDENTICAL_QUOTE = 95.0


def quote_ledger(
    results: Sequence[R],
    actors: ActorIndex,
    grounder: Grounds[R],
    sources: list[Source],
    together: SharedEvent | None = None,
) -> list[QuoteEntry]:
    """Each quote once per speaker, citing every source that carries it (identical after folding, or
    near-identical, or, where `together` says two sources report one event, in translation: see
    merge/translations.py); quotes the article does not contain go to not_verified instead.

    Also notes on each source how many of the article's direct quotes the ledger covers.
    """
    by_key: dict[tuple[str, str], QuoteEntry] = {}
    by_text: dict[str, list[QuoteEntry]] = defaultdict(list)
    texts_by_speaker: dict[str, list[str]] = defaultdict(list)
    source_by_id = {s.id: s for s in sources}
    for r in results:
        spans: list[tuple[int, int]] = []
        speakers = _Speakers(r.article.id, r.article.text, r.extraction, actors)
        for q in r.extraction.quotes:
            g = grounder(q.text, r, "quote", q.speaker)
            if g.status == "ungrounded" or g.start is None or g.end is None:
                continue  # never shown as a quote: listed under not_verified instead
            spans.append((g.start, g.end))
            speaker_id, text = quote_key(actors, r.article.id, q.text, q.speaker)
            entry = by_key.get((speaker_id, text))
            if entry is None:
                near = _near_identical(texts_by_speaker[speaker_id], text)
                entry = by_key[(speaker_id, near)] if near else None
            if entry is None:
                # The same words another outlet credits to another name: one statement, two attributions.
                entry = next((e for e in by_text.get(text, []) if r.article.id not in e.sources), None)
            shown = actors.by_id[speaker_id].name if speaker_id in actors.by_id else q.speaker
            citation = Citation(
                source=r.article.id,
                grounding=g,
                speaker=speaker_id,
                speaker_name=shown,
                speaker_check=speakers.check(r.article.text[g.start : g.end], q.speaker),
            )
            if entry is None:
                quoted = r.article.text[g.start : g.end]
                entry = by_key[(speaker_id, text)] = _entry(r, q, quoted, speaker_id, actors, citation)
                by_text[text].append(entry)
                texts_by_speaker[speaker_id].append(text)
            elif entry.sources[-1] != r.article.id:  # articles come in id order: sources stay sorted
                entry.citations.append(citation)
                entry.sources.append(r.article.id)
        note_coverage(source_by_id[r.article.id], r.article.text, spans)

    if together is not None:
        kept = {id(e) for e in join_translations(list(by_key.values()), together, sources, actors.related)}
        by_key = {k: e for k, e in by_key.items() if id(e) in kept}
    return _numbered(by_key, sources)


def _numbered(by_key: dict[tuple[str, str], QuoteEntry], sources: list[Source]) -> list[QuoteEntry]:
    """The entries q1, q2, … in the order a reader looks a quote up: by speaker, then by where it first stands."""
    label = {s.id: source_label(s) for s in sources}
    entries = sorted(
        by_key.items(),
        key=lambda kv: (
            kv[1].speaker_name.casefold().removeprefix("the "),
            natural_key(label.get(kv[1].sources[0], "")),
            kv[1].citations[0].grounding.start or 0,
            kv[0],
        ),
    )
    for i, (_, entry) in enumerate(entries, start=1):
        entry.id = f"q{i}"
        entry.speaker_check = _own_check(entry)
    _link_partial_quotes([(text, entry) for (_, text), entry in entries])
    return [e for _, e in entries]


def _own_check(entry: QuoteEntry) -> SpeakerCheck | None:
    """The best check of the entry's own speaker; another outlet's confirmed attribution stays with its citation."""
    own = [c.speaker_check for c in entry.citations if c.speaker_check is not None and c.speaker == entry.speaker]
    return min(own, key=lambda c: _RANK[c.status], default=None)


class _Speakers:
    """The speaker check of one article's quotes against its actors (the article read once, when first needed)."""

    def __init__(self, source: str, text: str, extraction: Extraction, actors: ActorIndex) -> None:
        self.source, self.text, self.extraction, self.actors = source, text, extraction, actors
        self._checker: SpeakerChecker | None = None

    def check(self, quoted: str, speaker: str) -> SpeakerCheck:
        claimed = self.extraction.actor_for(speaker)
        if claimed is None:
            return SpeakerCheck(status="unconfirmed", reason=f"{speaker!r} is not among the article's actors")
        if self._checker is None:
            self._checker = SpeakerChecker(self.text, list(self.extraction.actors))
        verdict = self._checker.check_text(quoted, claimed)
        ids = [self.actors.resolve(self.source, a.name) for a in verdict.actors]
        return SpeakerCheck(
            status=verdict.status,
            named=ids,
            named_names=[self.actors.by_id[i].name if i in self.actors.by_id else i for i in ids],
            words=verdict.mention,
            cue=verdict.cue,
            reason=verdict.reason,
        )


def quote_key(actors: ActorIndex, source: str, text: str, speaker: str) -> tuple[str, str]:
    """What makes two quotes one: the resolved speaker and the folded words."""
    return actors.resolve(source, speaker), fold_quote(text)


def _entry(r: R, q: Quote, quoted: str, speaker_id: str, actors: ActorIndex, citation: Citation) -> QuoteEntry:
    """A new ledger entry: the quote as the article writes it (`quoted`), with its first citation."""
    actor = r.extraction.actor_for(q.speaker)
    forms = [actor.name, *actor.aliases] if actor else [q.speaker]
    return QuoteEntry(
        id="",
        text=quoted,
        speaker=speaker_id,
        speaker_name=actors.by_id[speaker_id].name if speaker_id in actors.by_id else q.speaker,
        kind=q.kind,
        translation=q.translation,
        citations=[citation],
        speaker_in_source=q.kind.value != "direct" or speaker_named_in(forms, r.article.text),
        sources=[r.article.id],
    )


_WORDS = re.compile(r"\w+")
_PARTIAL_CAP = 64
_GRAM = 4  # a partial quote's first words (up to four) stand in the quote that contains it


def _link_partial_quotes(entries: list[tuple[str, QuoteEntry]]) -> None:
    """Point a partial quote at a longer quote of the same speaker that contains it.

    Candidates come from an index of word 4-grams, so this stays near-linear in the number of quotes.
    """
    words = [_WORDS.findall(text) for text, _ in entries]
    sizes = {min(_GRAM, len(w)) for w in words if w}  # shorter grams serve quotes of fewer than four words
    index: dict[tuple[str, tuple[str, ...]], list[tuple[str, QuoteEntry]]] = defaultdict(list)
    for (text, entry), ws in zip(entries, words, strict=True):
        for size in sizes:
            for i in range(len(ws) - size + 1):
                index[(entry.speaker, tuple(ws[i : i + size]))].append((text, entry))
    for (text, entry), ws in zip(entries, words, strict=True):
        candidates = index.get((entry.speaker, tuple(ws[:_GRAM])), [])
        if len(candidates) > _PARTIAL_CAP:
            continue  # a head this common ("die", "wir") links nothing reliably
        longer = [e for t, e in candidates if e is not entry and len(t) > len(text) and text in t]
        if longer:
            entry.part_of = min(longer, key=lambda e: int(e.id[1:])).id


def _near_identical(texts: list[str], text: str) -> str | None:
    """A known text of the same speaker that differs only by a slip (a letter or two)."""
    match = process.extractOne(text, texts, scorer=fuzz.ratio, score_cutoff=NEAR_IDENTICAL_QUOTE)
    return match[0] if match else None
