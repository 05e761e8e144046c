"""The multi-pass protocol for small models: which requests an article needs, given the answers in
so far, and the Extraction they add up to.

Round 1 asks for the actors of each passage. Round 2, once every passage has been answered (or
has failed), asks who says each numbered quotation, choosing among the actors found, and for the
summary, events and positions in one request. Each request is cached under its own key; one that
fails leaves the others' findings standing. Every span of the result (quote, evidence) is copied
from the article by the code, with its offsets: grounded by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from pydantic import BaseModel

from summarizer.contracts.choices import LANGUAGES
from summarizer.contracts.extraction import Actor, Extraction
from summarizer.llm.extractor import ExtractionRequest
from summarizer.llm.passes import answers as A
from summarizer.llm.passes.actors import actors_from_mentions, passages
from summarizer.llm.passes.events import events_from_answer, positions_from_answer
from summarizer.llm.passes.quotes import quote_from_answer, speaker_options, speakers_read, window
from summarizer.llm.passes.salvage import salvage_pass_answer
from summarizer.llm.prompt import fence, render
from summarizer.text.ground import Grounding, Groundings
from summarizer.text.numbered import NumberedArticle, number_article

ACTORS = "actors"
SPEAKER = "speaker"
EVENTS = "events"
# Completion tokens per item of each answer, as the local model writes them (JSON keys included):
# the answer's max_tokens is its item bound times this, so a loop stops there and what it
# completed is kept (llm/reask.py), instead of running on until the context is full.
TOKENS_PER_ACTOR = 16
TOKENS_PER_EVENT = 60
TOKENS_PER_POSITION = 55
SPEAKER_TOKENS = 24
SUMMARY_TOKENS = 110


@dataclass(frozen=True)
class PassRequest:
    """One request of the protocol: its step (unique within the article part), the request, and the
    completion tokens it may take."""

    step: str
    request: ExtractionRequest[Any]
    max_tokens: int


Answers = Mapping[str, BaseModel | None]  # step -> its answer; None for a step that failed


@dataclass(frozen=True)
class MultiPass:
    """The passes of one article (or one part of a long one)."""

    article_id: str
    text: str
    title: str = ""
    lang: str = "en"

    @cached_property
    def numbered(self) -> NumberedArticle:
        return number_article(self.text)

    def requests(self, answers: Answers) -> list[PassRequest]:
        """The requests still to make: the actors first; then the quotes' speakers and the events."""
        first = self._actor_requests()
        missing = [r for r in first if r.step not in answers]
        if missing:
            return missing
        actors = self.actors(answers)
        second = [*self._speaker_requests(actors), self._events_request(actors)]
        return [r for r in second if r.step not in answers]

    def actors(self, answers: Answers) -> list[Actor]:
        """The article's actors: every passage's mentions that the article contains, merged."""
        mentions = [
            m
            for r in self._actor_requests()
            if isinstance(answer := answers.get(r.step), A.ActorsAnswer)
            for m in answer.actors
        ]
        return actors_from_mentions(mentions, self.text)

    def extraction(self, answers: Answers) -> tuple[Extraction, Groundings]:
        """What the answers add up to, and the offsets of every quote and evidence in the text."""
        actors, read = speakers_read(self.numbered, self.actors(answers))
        groundings = Groundings(self.text)
        quotes = []
        for quotation in self.numbered.quotations:
            reading = read[quotation.number]
            answer = answers.get(f"{SPEAKER} Q{quotation.number}")
            speaker = reading.speaker or getattr(answer, "speaker", None)
            if speaker is None or not reading.cue:
                continue
            quote, grounding = quote_from_answer(quotation, str(speaker))
            if quote.speaker or _said(quotation.text):
                quotes.append(quote)
                groundings.found.setdefault(quote.text, grounding)
        events_answer = answers.get(EVENTS)
        events = events_from_answer(events_answer, self.numbered, actors) if events_answer else []
        positions = positions_from_answer(events_answer, self.numbered, actors) if events_answer else []
        for sentence in self.numbered.sentences:
            groundings.found.setdefault(sentence.text, _exact(sentence.start, sentence.end))
        summary = str(getattr(events_answer, "summary", "") or "")
        extraction = Extraction(summary=summary, actors=actors, events=events, quotes=quotes, positions=positions)
        return extraction, groundings

    # --- the requests -------------------------------------------------------------------------

    def _system(self) -> str:
        return render("pass_system.j2", language=LANGUAGES[self.lang])

    def _article(self) -> str:
        return render(
            "pass_article.j2",
            article_id=self.article_id,
            title=fence(self.title),
            sentences=[_Fenced(s.number, fence(s.text)) for s in self.numbered.sentences],
            quotations=[_Fenced(q.number, fence(q.text), q.sentence) for q in self.numbered.quotations],
        )

    def _actor_requests(self) -> list[PassRequest]:
        runs = passages(self.numbered)
        requests = []
        for i, run in enumerate(runs, start=1):
            passage = fence(" ".join(s.text for s in run))
            messages = [
                {"role": "system", "content": render("pass_actors_system.j2")},
                {"role": "user", "content": render("pass_actors.j2", article_id=self.article_id, passage=passage)},
            ]
            step = f"{ACTORS} {i}/{len(runs)}"
            tokens = 24 + TOKENS_PER_ACTOR * A.MAX_ACTORS_PER_PASSAGE
            requests.append(PassRequest(step, _request(messages, A.ActorsAnswer), tokens))
        return requests

    def _speaker_requests(self, actors: list[Actor]) -> list[PassRequest]:
        requests = []
        _, read = speakers_read(self.numbered, actors)  # the options: the actors found
        for quotation in self.numbered.quotations:
            reading = read[quotation.number]
            options = speaker_options(self.numbered, quotation, actors)
            if reading.speaker or not reading.cue or not options:
                continue  # the article names the speaker, or no one speaks there
            user = render(
                "pass_speaker.j2",
                article_id=self.article_id,
                passage=fence(window(self.numbered, quotation)),
                quotation=fence(quotation.text),
                options=options,
            )
            messages = [
                {"role": "system", "content": render("pass_speaker_system.j2")},
                {"role": "user", "content": user},
            ]
            model = A.speaker_answer(options)
            requests.append(PassRequest(f"{SPEAKER} Q{quotation.number}", _request(messages, model), SPEAKER_TOKENS))
        return requests

    def _events_request(self, actors: list[Actor]) -> PassRequest:
        sentences = len(self.numbered.sentences)
        events, positions = A.event_bounds(sentences)
        model = A.events_answer(sentences, [a.name for a in actors], events, positions)
        task = render("pass_events.j2", actors=[a.name for a in actors], events=events, positions=positions)
        messages = [
            {"role": "system", "content": self._system()},
            {"role": "user", "content": self._article() + "\n\n" + task},
        ]
        tokens = SUMMARY_TOKENS + TOKENS_PER_EVENT * events + TOKENS_PER_POSITION * positions
        return PassRequest(EVENTS, _request(messages, model), tokens)


@dataclass(frozen=True)
class _Fenced:
    number: int
    text: str
    sentence: int = 0


def _request(messages: list[dict[str, str]], model: type[BaseModel]) -> ExtractionRequest[Any]:
    return ExtractionRequest(messages, model, None, partial(salvage_pass_answer, model=model))


def _exact(start: int, end: int) -> Grounding:
    return Grounding(status="exact", start=start, end=end, score=100.0)


def _said(text: str) -> bool:
    """Whether a quotation nobody is named as saying is still a statement (three words or more),
    kept unattributed, rather than a name, a title or a scare quote."""
    return len(text.split()) >= 3
