"""Positions: each actor's stances on a topic, across sources, topic labels folded together."""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.contracts.briefing import PositionEntry, StanceAccount
from summarizer.merge.inputs import Grounds, R
from summarizer.merge.resolve import ActorIndex
from summarizer.text.topics import TopicIndex


def positions(results: Sequence[R], actors: ActorIndex, grounder: Grounds[R]) -> list[PositionEntry]:
    """One entry per actor and topic, with every source's stance; sorted by topic, then actor."""
    topics = TopicIndex()
    labels: dict[str, str] = {}
    grouped: dict[tuple[str, str], PositionEntry] = {}
    for r in results:
        sid = r.article.id
        for p in r.extraction.positions:
            grounding = grounder(p.evidence, r, "evidence")
            if grounding.status == "ungrounded":
                continue  # a stance its article does not bear out: listed under not_verified, not shown
            actor_id = actors.resolve(sid, p.actor)
            topic = topics.key(p.topic)
            labels.setdefault(topic, p.topic)
            entry = grouped.get((actor_id, topic))
            if entry is None:
                entry = grouped[(actor_id, topic)] = PositionEntry(
                    id="",
                    actor=actor_id,
                    actor_name=actors.by_id[actor_id].name if actor_id in actors.by_id else p.actor,
                    topic=labels[topic],
                    stances=[],
                    sources=[],
                )
            entry.stances.append(
                StanceAccount(
                    source=sid,
                    stance=p.stance,
                    summary=p.summary,
                    evidence=p.evidence,
                    grounding=grounding,
                )
            )
            if entry.sources[-1:] != [sid]:  # articles come in id order: sources stay sorted
                entry.sources.append(sid)
    entries = sorted(grouped.values(), key=lambda e: (e.topic.casefold(), e.actor_name.casefold()))
    for i, entry in enumerate(entries, start=1):
        entry.id = f"p{i}"
        entry.stances.sort(key=lambda s: s.source)
    return entries
