"""The model seam: an Extractor answers requests with validated response models.

The pipeline talks to a model only through an Extractor, in the spirit of simonw/llm's
`Model.execute` and langextract's batched `infer`: `extract(request)` answers one request now,
`extract_all(jobs)` answers a run's jobs and yields each outcome as it is in. A realtime backend
inherits `RealtimeExtractor` and writes `extract`; a bulk backend (summarizer.batch's
BatchExtractor) writes `extract_all` and plugs in the same way. `InstructorExtractor`
(instructor over the openai SDK, any OpenAI-compatible server) is the production realtime one.

What makes an answer acceptable beyond its schema is a `Check` carried by the request: a typed
policy that raises ValueError while the model should be asked again (its message goes back to the
model) and is told when the last attempt is under way. `GroundedQuotes` is the policy for
extractions: every quote must be found in the article, and what it located travels with the job.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from summarizer.contracts.extraction import Extraction, Quote
from summarizer.contracts.salvage import salvage_extraction
from summarizer.llm.chunking import Part
from summarizer.llm.client import Salvage, ask, make_client
from summarizer.llm.config import ModelConfig
from summarizer.llm.outcome import CallOutcome
from summarizer.text.ground import Groundings
from summarizer.text.quotescan import fold_quote, quotation_candidates

if TYPE_CHECKING:
    from instructor import AsyncInstructor

M = TypeVar("M", bound=BaseModel)

# Checks an answer: raise ValueError (the message is sent back to the model) to ask again.
# The flag is True on the last attempt, when the answer will be taken whatever the check says.
Check = Callable[[M, bool], None]

# A line of the numbered quotations as the prompt shows it ("3. words"), or a bare number.
_NUMBERED = re.compile(r"\s*(?P<number>\d{1,3})\.?(?:\s+(?P<words>\S.*?))?\s*", re.DOTALL)


@dataclass(frozen=True)
class ExtractionRequest(Generic[M]):
    """One request: the rendered messages, the response model, and the policy beyond the schema."""

    messages: list[dict[str, str]]
    response_model: type[M]
    check: Check[M] | None = None
    salvage: Salvage[M] | None = None
    # The answer's length bound, when the request knows it (a pass sized from its article); else the model's.
    max_tokens: int | None = None


@dataclass(frozen=True)
class ExtractionJob:
    """One extraction request of a run: the article and part it is for, the request, the one key
    its answer is stored under and the keys a stored answer may have had (all modes `auto` may
    become). What the request's check located (`groundings`) travels with it to the merge."""

    article_id: str
    path: str  # the article's path as given
    index: int  # the part's number, from 0
    total: int  # parts of the article
    part: Part
    request: ExtractionRequest[Any]  # an Extraction, or one pass's answer (`step`)
    key: str
    lookup: tuple[str, ...] = ()
    step: str = ""  # the pass this request is of (llm/passes), "" for the one-request extraction

    @property
    def groundings(self) -> Groundings | None:
        """The spans the check located in the part's text (offsets into it: `part.in_article` maps them)."""
        check = self.request.check
        return check.groundings if isinstance(check, GroundedQuotes) else None

    @property
    def where(self) -> str:
        """Which part, for messages: " (part 2 of 3)", or nothing for a whole article."""
        return f" (part {self.index + 1} of {self.total})" if self.total > 1 else ""


# What `extract_all` gives: an async generator of (job, outcome), closed by its reader when it stops early.
Outcomes = AsyncGenerator[tuple[ExtractionJob, CallOutcome[Any]], None]


class Extractor(Protocol):
    """Anything that turns requests into validated answers and says what each cost: one request
    now (`extract`), or a run's jobs, each outcome yielded as it is in (`extract_all`)."""

    async def extract(self, request: ExtractionRequest[M]) -> CallOutcome[M]: ...

    def extract_all(self, jobs: Sequence[ExtractionJob]) -> Outcomes: ...


T = TypeVar("T")
R = TypeVar("R")


async def each_as_completed(
    items: Sequence[T], ask: Callable[[T], Awaitable[R]], in_flight: int
) -> AsyncGenerator[tuple[T, R], None]:
    """(item, answer) for every item, `ask` running on at most `in_flight` at once, yielded in the
    order they complete. Stopping early (an unreachable endpoint, Ctrl-C) cancels the rest."""
    bound = asyncio.Semaphore(in_flight)

    async def one(item: T) -> tuple[T, R]:
        async with bound:
            return item, await ask(item)

    tasks = [asyncio.ensure_future(one(item)) for item in items]
    try:
        for done in asyncio.as_completed(tasks):
            yield await done
    finally:
        for task in tasks:
            task.cancel()


class RealtimeExtractor:
    """A backend answering one request at a time: `extract_all` asks `extract` for every job, at
    most `in_flight` at once, and yields the outcomes in the order they complete. Stopping early
    (an unreachable endpoint, Ctrl-C) cancels what is still under way."""

    in_flight = 16

    async def extract(self, request: ExtractionRequest[M]) -> CallOutcome[M]:
        raise NotImplementedError

    async def extract_all(self, jobs: Sequence[ExtractionJob]) -> Outcomes:
        async with aclosing(each_as_completed(jobs, lambda job: self.extract(job.request), self.in_flight)) as each:
            async for job, outcome in each:
                yield job, outcome


@dataclass
class GroundedQuotes:
    """Quotes and evidence must be in the article: an answer quoting words the article does not
    contain is re-asked, naming the closest passage, while attempts remain. On the last attempt it
    is taken; the merge then shows neither the quote nor the account the evidence was to bear out,
    lists them as not verified and counts the quotes, never keeping them silently.

    A quote that names one of the numbered quotations (`candidates`) takes that quotation's words
    unless its text is part of them (a split quote): picked by number, verbatim by construction.
    A quote or evidence the article lacks that is one of those numbered lines copied with its number
    ("3. Sie sollten aufhören…", or just "3") is read as that quotation: the words the model
    pointed at are the article's. Each quote is located once (`groundings`), and the merge reuses
    what was found.
    """

    groundings: Groundings
    candidates: list[str] = field(default_factory=list)

    def __call__(self, extraction: Extraction, final_attempt: bool) -> None:
        for quote in extraction.quotes:
            if quote.candidate is None:
                quote.candidate, quote.text = self._numbered(quote.text)
            self._take_candidate(quote)
        for event in extraction.events:
            event.evidence = self._numbered(event.evidence)[1]
        for position in extraction.positions:
            position.evidence = self._numbered(position.evidence)[1]
        spans = [(f"quotes[{i}].text", q.text, "quote") for i, q in enumerate(extraction.quotes)]
        spans += [(f"events[{i}].evidence", e.evidence, "evidence") for i, e in enumerate(extraction.events)]
        spans += [(f"positions[{i}].evidence", p.evidence, "evidence") for i, p in enumerate(extraction.positions)]
        problems = [
            f"{where} {span!r} is not in the article. Closest passage: {self.groundings.closest_passage(span)!r}. "
            f"Copy the {what} verbatim from the article or remove it."
            for where, span, what in spans
            if self.groundings.ground(span).status == "ungrounded"  # located once, reused by the merge
        ]
        if problems and not final_attempt:
            raise ValueError(" ".join(problems))

    def _numbered(self, span: str) -> tuple[int | None, str]:
        """(number, words) for a span that is a numbered quotation copied with its number: the
        model's line "N. words" or a bare "N", when the article does not hold the span word for word
        (a fuzzy match of "N. words" is not the article's words) and the words are quotation N's
        or part of them. Anything else: (None, span) unchanged."""
        match = _NUMBERED.fullmatch(span)
        if not match or not self.candidates or self.groundings.ground(span).status in ("exact", "normalised"):
            return None, span
        number, words = int(match["number"]), match["words"] or ""
        if not 1 <= number <= len(self.candidates):
            return None, span
        quotation = self.candidates[number - 1]
        if words and fold_quote(words) not in fold_quote(quotation):
            return None, span
        return number, words or quotation

    def _take_candidate(self, quote: Quote) -> None:
        number = quote.candidate
        if number is None or not 1 <= number <= len(self.candidates):
            quote.candidate = None  # no such quotation: the quote stands on its own words
            return
        words = self.candidates[number - 1]
        if not fold_quote(quote.text) or fold_quote(quote.text) not in fold_quote(words):
            quote.text = words


def extraction_request(
    messages: list[dict[str, str]], article_text: str, candidates: list[str] | None = None
) -> ExtractionRequest[Extraction]:
    """The request for one article's (or one part's) extraction: its quotes checked against the text,
    and what is valid of the last answer kept when the re-asks run out. `candidates`: the numbered
    quotations the messages show, when the caller found them already (else found here)."""
    found = quotation_candidates(article_text) if candidates is None else candidates
    check = GroundedQuotes(Groundings(article_text), found)
    return ExtractionRequest(messages, Extraction, check, partial(salvage_extraction, article_text=article_text))


class InstructorExtractor(RealtimeExtractor):
    """instructor over the openai SDK. The HTTP client is made on the first request, so a run
    served entirely from the cache never builds one (nor imports openai)."""

    def __init__(self, model: ModelConfig, concurrency: int) -> None:
        self.model = model
        self.concurrency = concurrency
        # The transport keeps `concurrency` requests on the wire; a few more extractions may be
        # between requests (validating an answer, waiting out a retry) without holding a slot.
        self.in_flight = concurrency * 2
        self._client: AsyncInstructor | None = None

    async def extract(self, request: ExtractionRequest[M]) -> CallOutcome[M]:
        if self._client is None:
            self._client = make_client(self.model, self.concurrency)
        model = self.model if request.max_tokens is None else replace(self.model, max_tokens=request.max_tokens)
        return await ask(self._client, request.messages, request.response_model, model, request.check, request.salvage)
