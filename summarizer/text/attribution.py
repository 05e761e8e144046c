"""Who the text says said it: quotations and the words naming their speakers, found by rule.

For every quotation (or any span, such as an indirect quote) the finder looks in its sentence for a
speech cue (a verb such as "sagte", "erklärte", "said"; "laut X", "X zufolge", "so X", "according
to X", "nach Angaben von X"; a colon before the quotation) and takes the words in the cue's
speaker slot: before the verb ("Peskow sagte"; "Steven Pifer, der …, sagte"), after it when
something else stands first ("„…“, sagte Peskow"; "Am Dienstag sagte er"), or the first verb's
slot for a second one ("X wies … zurück und sagte"). A sentence that is little more than the
quotation takes the last speaker of the sentence before. The words found are windows, not yet
actors: summarizer.text.speakers reads actors' names, aliases and roles in them, and resolves a
pronoun. The word lists are data (data/speech.toml); nothing here knows an actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.text.cues import CueKind, cues
from summarizer.text.names import fold_case
from summarizer.text.sentences import Sentence, quotation_spans, split_sentences
from summarizer.text.slots import Mention, Token, lexicon, mention, tokens
from summarizer.text.wordlists import words as listed

BARE_WORDS = 3  # a sentence with no more words than this beside its quotation continues the one before


@dataclass(frozen=True)
class Attribution:
    """A speech act: the cue, the windows that may hold its speaker (likeliest first), and the
    quotation or span it attributes (None: its sentence quotes nothing)."""

    quote: tuple[int, int] | None
    cue: str
    cue_start: int
    kind: CueKind
    windows: tuple[Mention, ...]
    sentence: int
    paragraph: int

    @property
    def speaker(self) -> Mention:
        """The likeliest window: the words a reader would take as the speaker."""
        return self.windows[0]





class Finder:
    """The speech acts of one article, found once; then the attribution of any span in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = split_sentences(text)
        self.quotes = [q for q in quotation_spans(text) if not _title(text, q)]
        self._lex = lexicon()
        self._acts_of: dict[int, list[Attribution]] = {}

    def acts_of(self, index: int) -> list[Attribution]:
        """The speech acts of the sentence `index` (found when first asked for)."""
        if index not in self._acts_of:
            self._acts_of[index] = self._acts(self.sentences[index], None)
        return self._acts_of[index]

    def _acts(self, s: Sentence, target: tuple[int, int] | None) -> list[Attribution]:
        masked = self.quotes if target is None else _merged(self.quotes, target)
        toks = tokens(self.text, s, masked)
        acts = []
        for index, cue, kind, windows in cues(toks, self._lex):
            in_phrase = fold_case(cue) in self._lex["in_phrase"]
            mentions = tuple(m for w in windows if (m := mention(w, in_phrase)))
            if mentions:
                quote = _nearest_quote(toks, index) if target is None else target
                acts.append(Attribution(quote, cue, toks[index].start, kind, mentions, s.index, s.paragraph))
        return acts

    def _other_clause(self, toks: list[Token], act: Attribution, target: tuple[int, int]) -> bool:
        """A cue after the span, beyond a clause opener ("„…“, während X erklärte"), speaks of another clause."""
        if act.cue_start < target[1]:
            return False
        return any(t.fold in self._lex["boundaries"] for t in toks if target[1] <= t.start < act.cue_start)

    def outside_quotes(self, s: Sentence) -> list[tuple[int, int]]:
        """The stretches of a sentence outside its quotations."""
        stretches, at = [], s.start
        for start, end in sorted(q for q in self.quotes if q[0] < s.end and q[1] > s.start):
            if start > at:
                stretches.append((at, start))
            at = max(at, end)
        if at < s.end:
            stretches.append((at, s.end))
        return stretches

    def sentence_of(self, at: int) -> Sentence | None:
        return next((s for s in self.sentences if s.start <= at < s.end), None)

    def candidates(self, start: int, end: int) -> list[Attribution]:
        """The speech acts that may attribute `text[start:end]`, likeliest first: the cues of its
        sentence, nearest first; for a sentence of little more than the span, the last speech act
        of the sentence before (kind `carried`)."""
        s = self.sentence_of(start) or self.sentence_of(max(0, end - 1))
        if s is None:
            return []
        if end > s.end:  # a span over several sentences is read from the sentence it starts in
            s = Sentence(s.start, end, s.paragraph, s.index)
        target = _widened(self.quotes, (start, end))
        toks = tokens(self.text, s, _merged(self.quotes, target))
        acts = sorted(
            self._acts(s, target),
            # a verb's subject speaks; "laut X" beside it names the medium that reports it
            key=lambda a: (self._other_clause(toks, a, target), a.kind != "verb", _distance(a, target)),
        )
        if acts or s.index == 0:
            return acts
        words = [t for t in toks if t.word]
        before = self.sentences[s.index - 1]
        reported = before.paragraph == s.paragraph and any(t.fold in self._lex["subjunctive"] for t in words)
        if (len(words) > BARE_WORDS and not reported) or (before.paragraph != s.paragraph and words):
            return []  # a new paragraph continues the one before only when it is the quotation alone
        if not self.acts_of(before.index):
            return []
        last = self.acts_of(before.index)[-1]
        return [Attribution(target, last.cue, last.cue_start, "carried", last.windows, s.index, s.paragraph)]


def _title(text: str, span: tuple[int, int]) -> bool:
    """A quoted name rather than a quotation: „Die Zeit“, „The Guardian“; after an article, „heise online“."""
    words = text[span[0] + 1 : span[1] - 1].split()
    before = text[max(0, span[0] - 12) : span[0]].split()
    named = before and fold_case(before[-1]) in listed("clauses", "namers") and len(words) <= 3
    return 0 < len(words) <= 4 and (
        bool(named) or all(w[:1].isupper() or w.casefold() in ("und", "der", "des", "of", "the", "and") for w in words)
    )




def _merged(quotes: list[tuple[int, int]], target: tuple[int, int]) -> list[tuple[int, int]]:
    """Quotations with the target among them, any quotation it overlaps taken into it."""
    start, end = target
    return [*(q for q in quotes if q[1] <= start or q[0] >= end), target]


def _widened(quotes: list[tuple[int, int]], span: tuple[int, int]) -> tuple[int, int]:
    """A span inside a quotation stands for the quotation (its marks included)."""
    start, end = span
    for q_start, q_end in quotes:
        if q_start <= start and end <= q_end:
            return q_start, q_end
        if start <= q_start < end or start < q_end <= end:
            start, end = min(start, q_start), max(end, q_end)
    return start, end


def _nearest_quote(toks: list[Token], index: int) -> tuple[int, int] | None:
    spans = [(abs(i - index), (t.start, t.end)) for i, t in enumerate(toks) if t.quote]
    return min(spans)[1] if spans else None


def _distance(a: Attribution, target: tuple[int, int]) -> int:
    return min(abs(a.cue_start - target[0]), abs(a.cue_start - target[1]))


def attributions(text: str) -> list[Attribution]:
    """Every quotation of the article in marks with the likeliest speech act attributing it (where
    the rules find one), in text order: candidate quotations and speakers for a model to choose from."""
    finder = Finder(text)
    return [found[0] for start, end in finder.quotes if (found := finder.candidates(start, end))]
