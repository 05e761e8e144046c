"""Prompt tokens per request beyond the article itself: ours against instructor's default TOOLS
request for the same fields written as a plain Pydantic model (no descriptions, no system prompt).

Reproduce: python bench/prompt_tokens.py
Both requests go through the real openai SDK and instructor to the local test server, which counts
prompt tokens as characters / 4 of the messages and the tool or response-format JSON (the same
offline estimate as summarizer.llm.chunking). Overhead = prompt tokens - the article's own tokens.
"""

from __future__ import annotations

import asyncio
import json

from common import ROOT
from pydantic import BaseModel, Field

from summarizer.contracts.extraction import ActorKind, EventStatus, QuoteKind, Stance
from summarizer.llm.config import ModelConfig
from summarizer.llm.extractor import InstructorExtractor, extraction_request
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import load_articles
from testsupport.fakeserver import estimate_tokens, responses_from_fixtures, serve

PLAIN_INSTRUCTION = "Extract the actors, events, quotes and positions from this news article.\n\n"


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
    evidence: str


class PlainQuote(BaseModel):
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


async def measure(url: str, articles: list, mode: str) -> tuple[list[int], list[int]]:  # type: ignore[type-arg]
    import instructor
    import openai

    model = ModelConfig(name="gpt-4o-mini", base_url=url, mode=mode, max_retries=0)
    extractor = InstructorExtractor(model, concurrency=8)
    modes = {"tools": instructor.Mode.TOOLS, "json_schema": instructor.Mode.JSON_SCHEMA}
    plain_client = instructor.from_openai(
        openai.AsyncOpenAI(api_key="x", base_url=url, max_retries=0), mode=modes[mode]
    )
    ours_tokens, plain = [], []
    for article in articles:
        outcome = await extractor.extract(extraction_request(extraction_messages(article), article.text))
        ours_tokens.append(outcome.usage.prompt_tokens - estimate_tokens(article.text))
        _, completion = await plain_client.create_with_completion(
            response_model=PlainExtraction,
            messages=[{"role": "user", "content": PLAIN_INSTRUCTION + article.text}],
            model=model.name,
            max_retries=0,
        )
        plain.append(completion.usage.prompt_tokens - estimate_tokens(article.text))
    return ours_tokens, plain


def main() -> None:
    articles, _ = load_articles([str(ROOT / "seeds")])
    with serve(responses_from_fixtures(ROOT / "fixtures" / "reference")) as server:
        for mode in ("tools", "json_schema"):
            ours, plain = asyncio.run(measure(server.url, articles, mode))
            mean_ours, mean_plain = sum(ours) / len(ours), sum(plain) / len(plain)
            print(
                f"{mode}: overhead tokens per request (beyond the article): ours {mean_ours:.0f}, "
                f"instructor's default request with the plain schema {mean_plain:.0f}; ratio {mean_ours / mean_plain:.2f} × "
                f"(goal ≤ 0.6 ×)"
            )
            body = server.requests[-2].body
            sent = json.dumps(body.get("tools") or body.get("response_format"), ensure_ascii=False)
            print(
                f"  our schema as sent: {estimate_tokens(sent)} tokens; system prompt: "
                f"{estimate_tokens(body['messages'][0]['content'])} tokens"
            )
    print("reproduce: python bench/prompt_tokens.py")


if __name__ == "__main__":
    main()
