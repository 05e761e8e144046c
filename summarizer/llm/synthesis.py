"""The briefing's overview: written by the model from the merged structure, every sentence citing
item ids that exist, or, without a model, composed deterministically from the same structure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from summarizer.contracts.briefing import Briefing, OverviewSentence
from summarizer.contracts.choices import LANGUAGES
from summarizer.llm.prompt import render

MAX_EVENTS = 25  # the most-reported events; the overview is no place for the long tail
MAX_POSITIONS = 30


class SynthesisSentence(BaseModel):
    text: str
    cites: list[str] = Field(description="Ids of the items the sentence rests on, e.g. ['e1', 'd2'].")


class Synthesis(BaseModel):
    """An overview of the briefing in a few cited sentences."""

    sentences: list[SynthesisSentence]


@dataclass(frozen=True)
class CitesKnown:
    """The check on an overview (see llm.extractor.Check): every sentence cites, and only ids that
    exist in the briefing it summarises. Applied to fresh answers (re-asked, on every attempt) and
    to cached ones alike, since a cached overview may belong to a briefing with other ids."""

    known: frozenset[str]

    def problems(self, synthesis: Synthesis) -> list[str]:
        found = []
        for i, sentence in enumerate(synthesis.sentences):
            if not sentence.cites:
                found.append(f"sentences[{i}] cites nothing")
            unknown = [c for c in sentence.cites if c not in self.known]
            if unknown:
                found.append(f"sentences[{i}] cites unknown ids {unknown}")
        if not synthesis.sentences:
            found.append("no sentences")
        return found

    def __call__(self, synthesis: Synthesis, final_attempt: bool) -> None:
        problems = self.problems(synthesis)
        if problems:
            raise ValueError("; ".join(problems) + f". Cite only these ids: {', '.join(sorted(self.known))}.")


def _items(b: Briefing) -> dict[str, Any]:
    events = b.events[:MAX_EVENTS]
    return {
        "sources": len(b.sources),
        "events": [
            {
                "id": e.id,
                "sources": len(e.sources),
                "status": str(getattr(e.status, "value", e.status)),
                "description": e.description,
            }
            for e in events
        ],
        "disagreements": [
            {"id": d.id, "subject": d.subject, "sides": " | ".join(s.label for s in d.sides)} for d in b.disagreements
        ],
        "positions": [
            {
                "id": p.id,
                "actor": p.actor_name,
                "topic": p.topic,
                "stances": ", ".join(s.stance.value for s in p.stances),
            }
            for p in b.positions[:MAX_POSITIONS]
        ],
    }


def synthesis_messages(b: Briefing, lang: str) -> tuple[list[dict[str, str]], list[str]]:
    """The messages asking for an overview, and the ids the answer may cite."""
    items = _items(b)
    known = (
        [e["id"] for e in items["events"]]
        + [d["id"] for d in items["disagreements"]]
        + [p["id"] for p in items["positions"]]
    )
    messages = [
        {"role": "system", "content": render("synthesis_system.j2", language=LANGUAGES[lang])},
        {"role": "user", "content": render("synthesis_user.j2", **items)},
    ]
    return messages, known


def from_synthesis(synthesis: Synthesis) -> list[OverviewSentence]:
    return [OverviewSentence(text=s.text, cites=s.cites) for s in synthesis.sentences]
