"""What each article of the day is about, as weighted terms: the evidence stories are grouped by.

An article's profile holds the merged events it reports (the strongest glue), the actors who act,
speak or take a position in it, its places and position topics, the content words of its accounts
and summary, and the words of its own lead: the title and the opening words of the text, so the
article itself has a voice and not only what the model made of it. Words are folded across scripts and spellings ('Lawrow' and
'Lavrov' are one word) so a lead in English can meet a lead in German on the names they share.
Each term weighs by its kind and its rarity over the day: a word every article uses tells no story
apart. Background (history recalled as context) is no glue: the invasion of 2022 recalled by two
articles does not make them one story.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from summarizer.contracts.briefing import Briefing
from summarizer.stories.words import evidence_words, lead_language, stem
from summarizer.text.names import canonical_form

# How much one shared term of each kind counts, before its rarity: events, actors (people and
# organisations), places, topics, words of the accounts, words of the article's lead.
WEIGHTS = {"e": 3.0, "p": 1.0, "l": 1.0, "t": 2.0, "w": 1.0, "x": 0.5, "n": 1.0}
LEAD_WORDS = 60  # the title and about the first paragraph: what a reader scans to know the story


def article_lead(title: str, text: str) -> str:
    """The article's title and the first LEAD_WORDS words of its text after the title."""
    body = text.strip()
    if title and body.startswith(title):
        body = body[len(title) :]
    return " ".join([title, *body.split()[:LEAD_WORDS]])


@dataclass
class Profiles:
    """Every source's weighted terms, and what each term is in words (for saying why a story holds)."""

    vectors: dict[str, dict[str, float]]
    lead: dict[str, dict[str, float]]
    names: dict[str, dict[str, float]]
    events: dict[str, dict[str, float]]
    language: dict[str, str | None]
    rare: frozenset[str]
    labels: dict[str, str]


def _words(text: str, kind: str, folded: dict[str, str], labels: dict[str, str]) -> set[str]:
    found = set()
    for key, word in evidence_words(text, folded).items():
        term = f"{kind}:{key}"
        found.add(term)
        labels.setdefault(term, word)
    return found


def _names(b: Briefing, folded: dict[str, str]) -> dict[str, set[str]]:
    """Each source's name words: of the actors it mentions and the places it reports, as stems."""
    names: dict[str, set[str]] = {s.id: set() for s in b.sources}
    for a in b.actors:
        for m in a.mentions:
            names[m.source].update(evidence_words(m.name, folded))
    for e in b.events:
        for acc in e.accounts:
            if acc.location:
                names[acc.source].update(evidence_words(acc.location, folded))
    return names


def _terms(b: Briefing, leads: Mapping[str, str], background: set[str], labels: dict[str, str]) -> dict[str, set[str]]:
    terms: dict[str, set[str]] = {s.id: set() for s in b.sources}
    folded: dict[str, str] = {}  # each distinct word folded once
    names = _names(b, folded)
    for s in b.sources:
        terms[s.id].update(_words(s.summary or "", "w", folded, labels))
        lead = _words(leads[s.id], "x", folded, labels)
        terms[s.id].update(lead)
        # A name in the lead is the same word in every language: 'Lavrov' opens the English report too.
        terms[s.id].update(f"n:{t[2:]}" for t in lead if t[2:] in names[s.id])
    for a in b.actors:
        labels[f"p:{a.id}"] = a.name  # actors count where they act, speak or take a position, not where named
    for e in b.events:
        if e.id in background:
            continue
        labels[f"e:{e.id}"] = e.description
        for acc in e.accounts:
            mine = terms[acc.source]
            mine.add(f"e:{e.id}")
            mine.update(_words(acc.description, "w", folded, labels))
            mine.update(f"p:{p}" for p in acc.participants)
            if acc.location:
                place = f"l:{canonical_form(acc.location)}"
                mine.add(place)
                labels.setdefault(place, acc.location)
    for q in b.quotes:
        for sid in q.sources:
            terms[sid].add(f"p:{q.speaker}")
    for p in b.positions:
        topic = f"t:{canonical_form(p.topic)}"
        labels.setdefault(topic, p.topic)
        for sid in p.sources:
            terms[sid].update((f"p:{p.actor}", topic))
    return terms


def profiles(b: Briefing, leads: Mapping[str, str], background: set[str], rare_share: float) -> Profiles:
    """Each source's terms weighted by kind and rarity (terms no other source has are left out: they
    can match nothing, and a long article's many own names would sink its likeness to any story)."""
    labels: dict[str, str] = {}
    terms = _terms(b, leads, background, labels)
    df: Counter[str] = Counter(t for ts in terms.values() for t in ts)
    n = len(terms)
    idf = {t: math.log((n + 1) / count) for t, count in df.items()}
    vectors = {sid: {t: WEIGHTS[t[0]] * idf[t] for t in ts if df[t] > 1 and t[0] != "n"} for sid, ts in terms.items()}
    # The lead keeps its own words too: two leads alike in what they share but not in what they say
    # otherwise (two obituaries: 'ist tot') are not alike.
    lead = {sid: {t: idf[t] for t in ts if t[0] == "x"} for sid, ts in terms.items()}
    names = {sid: {t: idf[t] for t in ts if t[0] == "n"} for sid, ts in terms.items()}
    events = {sid: {t: w for t, w in v.items() if t[0] == "e"} for sid, v in vectors.items()}
    ceiling = max(2.0, rare_share * n)
    rare = frozenset(t for t, count in df.items() if 1 < count <= ceiling)
    language = {sid: lead_language(leads[sid]) for sid in terms}
    return Profiles(vectors, lead, names, events, language, rare, labels)


def evidence_key(term: str) -> str:
    """One key per piece of evidence: a name shared as an actor and as a word of the lead counts once."""
    kind, _, value = term.partition(":")
    if kind in ("w", "x", "n"):
        return value
    if kind in ("p", "l"):
        return stem(value.replace("-", " ").split(" ")[-1].casefold())
    return term
