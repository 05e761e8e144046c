"""Prompt tokens per request beyond what the article itself brings: ours against instructor's
default request for the same fields written as a plain Pydantic model (no descriptions, no system
prompt), in TOOLS and JSON_SCHEMA mode.

Reproduce: python bench/prompt_tokens.py
Both requests go through the real openai SDK and instructor to the local test server, which counts
prompt tokens as characters / 4 of the messages and the tool or response-format JSON (the same
offline estimate as summarizer.llm.chunking). Overhead = prompt tokens - the article's own tokens.
Ours also carries the article's passages in quotation marks again, numbered (a quote is picked by
its number, so its words are the article's by construction): that is article content, and is
counted apart as such; what remains is ours against the plain request's overhead.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from common import ROOT, Figure, publish
from pydantic import BaseModel, Field

from summarizer.contracts.extraction import ActorKind, EventStatus, QuoteKind, Stance
from summarizer.llm.config import ModelConfig
from summarizer.llm.extractor import InstructorExtractor, extraction_request
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import Article, load_articles
from summarizer.text.quotescan import quotation_candidates
from testsupport.fakeserver import FakeServer, estimate_tokens, responses_from_fixtures, serve

PLAIN_INSTRUCTION = "Extract the actors, events, quotes and positions from this news article.\n\n"
GOAL = 1.0
MODES = ("tools", "json_schema")


# The plain schema: the same fields and types as summarizer.contracts.extraction, written as a user of instructor
# would without tuning (no descriptions), sent the way instructor sends any model by default.
class PlainActor(BaseModel):
    name: str
    kind: ActorKind
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)


class PlainEvent(BaseModel):
    description: str
    status: EventStatus
    date: str | None = None
    date_text: str | None = None
    location: str | None = None
    participants: list[str] = Field(default_factory=list)
    initiator: str | None = None
    background: bool = False
    evidence: str


class PlainQuote(BaseModel):
    candidate: int | None = None
    text: str
    speaker: str
    kind: QuoteKind
    translation: str | None = None


class PlainPosition(BaseModel):
    actor: str
    topic: str
    stance: Stance
    summary: str
    evidence: str


class PlainExtraction(BaseModel):
    summary: str
    actors: list[PlainActor] = Field(default_factory=list)
    events: list[PlainEvent] = Field(default_factory=list)
    quotes: list[PlainQuote] = Field(default_factory=list)
    positions: list[PlainPosition] = Field(default_factory=list)


@dataclass(frozen=True)
class Measured:
    """Mean tokens per request over the seeds, in one mode."""

    ours: float  # beyond the article and its numbered quotations
    quotations: float  # the numbered quotations' own words
    plain: float  # instructor's default request, beyond the article
    system: float  # of ours: the system prompt
    schema: float  # of ours: the schema as sent


async def _measure(server: FakeServer, articles: list[Article], mode: str) -> Measured:
    import instructor
    import openai

    model = ModelConfig(name="gpt-4o-mini", base_url=server.url, mode=mode, max_retries=0)
    extractor = InstructorExtractor(model, concurrency=8)
    modes = {"tools": instructor.Mode.TOOLS, "json_schema": instructor.Mode.JSON_SCHEMA}
    plain_client = instructor.from_openai(
        openai.AsyncOpenAI(api_key="x", base_url=server.url, max_retries=0), mode=modes[mode]
    )
    ours, quoted, plain, system, schema = [], [], [], [], []
    for article in articles:
        quotations = quotation_candidates(article.text)
        messages = extraction_messages(article, quotations=quotations)
        outcome = await extractor.extract(extraction_request(messages, article.text, quotations))
        body = server.requests[-1].body
        schema.append(estimate_tokens(json.dumps(body.get("tools") or body.get("response_format"), ensure_ascii=False)))
        system.append(estimate_tokens(messages[0]["content"]))
        quoted.append(estimate_tokens("".join(quotations)) if quotations else 0)
        ours.append(outcome.usage.prompt_tokens - estimate_tokens(article.text) - quoted[-1])
        _, completion = await plain_client.create_with_completion(
            response_model=PlainExtraction,
            messages=[{"role": "user", "content": PLAIN_INSTRUCTION + article.text}],
            model=model.name,
            max_retries=0,
        )
        plain.append(completion.usage.prompt_tokens - estimate_tokens(article.text))
    n = len(articles)
    return Measured(sum(ours) / n, sum(quoted) / n, sum(plain) / n, sum(system) / n, sum(schema) / n)


def measure() -> dict[str, Measured]:
    """Our request and the plain one for every seed, in each mode, through a fresh test server."""
    articles, _ = load_articles([str(ROOT / "seeds")])
    with serve(responses_from_fixtures(ROOT / "fixtures" / "reference")) as server:
        return {mode: asyncio.run(_measure(server, articles, mode)) for mode in MODES}


def figures(found: dict[str, Measured]) -> list[Figure]:
    """The headline figures: exact, since the seeds, prompts, schema and the token estimate are fixed."""
    out = []
    for mode, m in found.items():
        ratio = m.ours / m.plain
        out.append(
            Figure(
                f"prompt.{mode}.ratio",
                f"Prompt tokens per request beyond the article and its numbered quotations ({mode}), "
                "ours vs instructor's default request with a plain schema of the same fields",
                round(ratio, 2),
                f"{ratio:.2f} × ({m.ours:.0f} vs {m.plain:.0f}; system prompt {m.system:.0f}, schema {m.schema:.0f}; "
                f"the numbered quotations {m.quotations:.0f} more)",
                f"≤ {GOAL:.1f} ×",
                ratio <= GOAL,
                exact=True,
            )
        )
        for name, value in (("ours", m.ours), ("plain", m.plain), ("quotations", m.quotations)):
            out.append(Figure(f"prompt.{mode}.{name}", f"— {name} tokens ({mode})", round(value), f"{value:.0f}", exact=True))
    return out


def main() -> None:
    found = measure()
    for mode, m in found.items():
        print(
            f"{mode}: tokens per request beyond the article: ours {m.ours + m.quotations:.0f}, of them the numbered "
            f"quotations' words {m.quotations:.0f}; beyond both {m.ours:.0f} (system prompt {m.system:.0f}, schema as "
            f"sent {m.schema:.0f}, the rest the user message's frame and JSON escaping)"
        )
        print(
            f"  instructor's default request with the plain schema: {m.plain:.0f}; ratio {m.ours / m.plain:.2f} × "
            f"(goal ≤ {GOAL:.1f} ×); with the quotations counted as overhead {(m.ours + m.quotations) / m.plain:.2f} ×"
        )
    publish("python bench/prompt_tokens.py", figures(found))
    print("reproduce: python bench/prompt_tokens.py")


if __name__ == "__main__":
    main()
