"""Every generated sentence a briefing shows, checked against the evidence it rests on.

Headlines, ledes, agreed facts, card timeline lines, event descriptions, positions' summaries and
the overview each get a `SentenceCheck` (summarizer.text.support) with the spans they rest on: an
event's accounts' evidence, a stance's evidence, the items an overview sentence cites, or the
whole article for a sentence made from its summary. A sentence that fails is not shown: the
caller falls back to another, and the failure is listed under not_verified with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from summarizer.contracts.briefing import Briefing, EventAccount, EventEntry, NotVerified, StanceAccount, source_label
from summarizer.contracts.checks import CheckedSentence, EvidenceSpan, SentenceCheck
from summarizer.text.sentences import split_sentences
from summarizer.text.support import Names, Said, check_support, said

COMPOSED = SentenceCheck(status="supported", composed=True)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9„\"])")
_COUNTS = re.compile(r"\s*\(\d+(?: (?:sources?|Quellen?))?\)")  # "postponed by the United States (1)": a count the rules add


def labels_pattern(b: Briefing) -> re.Pattern[str] | None:
    """The sources' labels and outlets as the rules add them to a line, in brackets: "(000)", "(Wire,
    000)", and shortened with the line: "(Courrier du Port,…", "(Courrier du…". They are the rules'
    own words, no claim."""
    labels = {source_label(s) for s in b.sources} | {s.outlet for s in b.sources if s.outlet}
    if not labels:
        return None
    cut = {" ".join(label.split()[:n]) for label in labels for n in range(1, len(label.split()))}
    one = "(?:" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + ")"
    part = "(?:" + "|".join(map(re.escape, sorted(labels | cut, key=len, reverse=True))) + ")"
    return re.compile(rf"\s*\((?:{one}, )*(?:{one}\)|{part},?\s*…)")


class Verifier:
    """The support check for one briefing: evidence looked up by item, failures noted once each."""

    def __init__(self, b: Briefing, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.events = {e.id: e for e in b.events}
        self.positions = {p.id: p for p in b.positions}
        self.disagreements = {d.id: d for d in b.disagreements}
        self.actors = Names([[a.name, *a.aliases] for a in b.actors])
        self._labels = labels_pattern(b)
        self.lang = b.language
        self.rules_overview = b.overview_by == "rules"
        self.failures: list[NotVerified] = []
        self._paragraph_cache: dict[str, list[tuple[int, int]]] = {}
        self._memo: dict[tuple[str, tuple[tuple[str, int, int], ...]], SentenceCheck] = {}
        self._noted: set[tuple[str, str]] = set()
        # Each text's index kept for the whole briefing: a widely reported event's articles are read
        # once, not again for every sentence resting on it (said()'s bounded cache thrashed at 1,000 articles)
        self._said: dict[str, Said] = {}

    def _check(self, text: str, spans: list[EvidenceSpan], quoted: list[str] | None = None) -> SentenceCheck:
        """`text` against the spans (their words, or `quoted` where an account gives its evidence);
        one sentence on one evidence is read once, however often a card shows it."""
        key = (" ".join(text.split()).rstrip("."), tuple((s.source, s.start, s.end) for s in spans))
        if key not in self._memo:
            self._memo[key] = self._read(text, spans, quoted)
        return self._memo[key]

    def _read(self, text: str, spans: list[EvidenceSpan], quoted: list[str] | None) -> SentenceCheck:
        evidence = quoted if quoted is not None else [self.texts.get(s.source, "")[s.start : s.end] for s in spans]
        sources = list(dict.fromkeys(s.source for s in spans))
        claim = _COUNTS.sub("", text)
        claim = self._labels.sub("", claim) if self._labels else claim
        verdict = check_support(
            claim,
            [e for e in evidence if e],
            [self.texts[s] for s in sources if s in self.texts],
            self.actors,
            [p for s in spans for p in self._paragraphs(s)],
            self.lang,
            self._read_text,
        )
        return SentenceCheck(status=verdict.status, reasons=list(verdict.reasons), spans=spans)

    def _read_text(self, text: str) -> Said:
        found = self._said.get(text)
        if found is None:
            found = self._said[text] = said(text)
        return found

    def _paragraphs(self, span: EvidenceSpan) -> list[str]:
        """The paragraphs a span stands in: the evidence's context for numbers and dates."""
        if span.source not in self._paragraph_cache:
            text = self.texts.get(span.source, "")
            paragraphs: dict[int, list[tuple[int, int]]] = {}
            for s in split_sentences(text):
                paragraphs.setdefault(s.paragraph, []).append((s.start, s.end))
            self._paragraph_cache[span.source] = [(p[0][0], p[-1][1]) for p in paragraphs.values()]
        text = self.texts.get(span.source, "")
        return [text[a:b] for a, b in self._paragraph_cache[span.source] if b > span.start and a < span.end]

    def account(self, a: EventAccount | StanceAccount, text: str) -> SentenceCheck:
        """A sentence resting on one account (its description, a stance's summary)."""
        return self._check(text, _spans([a]), [a.evidence])

    def event(self, event_id: str | None, text: str) -> SentenceCheck:
        """A sentence resting on an event: its accounts' evidence."""
        event = self.events.get(event_id or "")
        if event is None:
            return SentenceCheck(status="unsupported", reasons=["rests on no event of the briefing"])
        return self._check(text, _spans(event.accounts), [a.evidence for a in event.accounts])

    def source(self, source_id: str, text: str) -> SentenceCheck:
        """A sentence resting on a whole article (one made from its summary)."""
        article = self.texts.get(source_id, "")
        return self._check(text, [EvidenceSpan(source=source_id, start=0, end=len(article))])

    def cited(self, ids: Iterable[str], text: str) -> SentenceCheck:
        """A sentence citing events, positions or disagreements: their evidence."""
        accounts: list[EventAccount | StanceAccount] = []
        for item in ids:
            if item in self.events:
                accounts += self.events[item].accounts
            elif item in self.positions:
                accounts += self.positions[item].stances
            elif item in self.disagreements:
                accounts += [a for e in self._disputed(item) for a in e.accounts]
        if not accounts:
            return COMPOSED
        return self._check(text, _spans(accounts), [a.evidence for a in accounts])

    def _disputed(self, disagreement: str) -> list[EventEntry]:
        about = self.disagreements[disagreement].about
        return [self.events[about]] if about in self.events else []

    def shown(self, text: str, check: SentenceCheck, where: str) -> bool:
        """Whether a sentence may be shown; one that may not is listed once under not_verified."""
        if check.status == "supported":
            return True
        source = check.spans[0].source if check.spans else ""
        said = (" ".join(text.split()).rstrip(".").casefold(), source)  # one sentence, however often shown
        if said not in self._noted:
            self._noted.add(said)
            self.failures.append(
                NotVerified(source=source, kind="sentence", text=text, reason=f"{where}: " + "; ".join(check.reasons))
            )
        return False


def verify_items(b: Briefing, verify: Verifier) -> None:
    """Check every event's description (each account's and the merged one) and every stance's summary."""
    for e in b.events:
        e.check = verify.event(e.id, e.description)
        verify.shown(e.description, e.check, "event")
        for a in e.accounts:
            a.check = verify.account(a, a.description)
            verify.shown(a.description, a.check, "event account")
    for p in b.positions:
        for stance in p.stances:
            stance.check = verify.account(stance, stance.summary)
            verify.shown(stance.summary, stance.check, "position")
    for source in b.sources:
        for sentence in _SENTENCE_END.split(source.summary or ""):
            if sentence.strip():
                check = verify.source(source.id, sentence)
                source.summary_sentences.append(CheckedSentence(text=sentence.strip(), check=check))
                verify.shown(sentence.strip(), check, "summary")


def check_overview(b: Briefing, texts: Mapping[str, str]) -> None:
    """Check the overview's sentences against the items they cite (again after a model rewrote it)."""
    verify = Verifier(b, texts)
    for sentence in b.overview:
        if verify.rules_overview and all(c in verify.disagreements for c in sentence.cites):
            sentence.check = COMPOSED  # the counts and subjects of the briefing's own disagreements
        else:
            sentence.check = verify.cited(sentence.cites, sentence.text)
        verify.shown(sentence.text, sentence.check, "overview")
    b.not_verified += [n for n in verify.failures if n not in b.not_verified]


def _spans(accounts: Iterable[EventAccount | StanceAccount]) -> list[EvidenceSpan]:
    return [
        EvidenceSpan(source=a.source, start=a.grounding.start, end=a.grounding.end)
        for a in accounts
        if a.grounding.start is not None and a.grounding.end is not None
    ]
