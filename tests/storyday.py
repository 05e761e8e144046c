"""A synthetic day of news with known stories, for the story tests and the benchmarks.

Each story has its own people, place, subject and three to five core events; the articles of a
story (a Zipf-like share of the day: a few big stories, a long tail, some single-article ones)
each report two to four of its core events in their own wording, quote the story's people and take
positions on its topic. The famous actors (Trump, Putin, the EU, …) appear across many stories, and
a third of the articles add an unrelated remark by one of them, so neither a participant nor a
common word is enough to tell stories apart. Every quote and evidence span is written into the
article text, so everything grounds. `truth` maps each article id to its story.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from summarizer.contracts.extraction import Extraction
from summarizer.merge.build import ArticleResult
from summarizer.text.ingest import parse_article

PUBLISHED = "2025-10-22"
FAMOUS = [
    ("Donald Trump", "person", "US-Präsident"),
    ("Wladimir Putin", "person", "russischer Präsident"),
    ("Wolodymyr Selenskyj", "person", "ukrainischer Präsident"),
    ("Emmanuel Macron", "person", "französischer Präsident"),
    ("Europäische Union", "organisation", None),
    ("NATO", "organisation", None),
    ("Russland", "country", None),
    ("Ukraine", "country", None),
]
GIVEN = [
    "Anna",
    "Olena",
    "Maria",
    "Iryna",
    "Sophie",
    "Julia",
    "Petra",
    "Lena",
    "Marta",
    "Taras",
    "Piotr",
    "Thomas",
    "Stefan",
    "Mykola",
    "Oleh",
    "Pavel",
    "Jonas",
    "Marek",
    "Felix",
    "Karl",
]
SYLLABLES = [
    "ko",
    "wal",
    "ski",
    "pet",
    "ren",
    "ber",
    "man",
    "dor",
    "vic",
    "lan",
    "schu",
    "tra",
    "nov",
    "enko",
    "hof",
    "stein",
    "berg",
    "zur",
    "chuk",
    "gen",
    "din",
    "rak",
    "sow",
    "mel",
    "kiw",
]
CITIES = [
    "Kiew",
    "Charkiw",
    "Odessa",
    "Lwiw",
    "Dnipro",
    "Cherson",
    "Brüssel",
    "Berlin",
    "Warschau",
    "Genf",
    "Wien",
    "Riad",
    "Istanbul",
    "London",
    "Helsinki",
    "Prag",
    "Vilnius",
    "Riga",
    "Bukarest",
    "Rom",
    "Madrid",
    "Oslo",
    "Ankara",
    "Tallinn",
]
SUBJECTS = [
    ("reconstruction aid", "Wiederaufbauhilfe"),
    ("air defence supplies", "Lieferungen von Luftabwehr"),
    ("grain exports", "Getreideexporte"),
    ("the power grid", "das Stromnetz"),
    ("a prisoner exchange", "einen Gefangenenaustausch"),
    ("sanctions on oil", "Sanktionen gegen Öl"),
    ("refugee housing", "die Unterbringung von Geflüchteten"),
    ("demining farmland", "die Räumung von Minen auf Ackerland"),
    ("accession talks", "Beitrittsgespräche"),
    ("frozen assets", "eingefrorene Vermögen"),
    ("drone production", "die Produktion von Drohnen"),
    ("evacuating civilians", "die Evakuierung von Zivilisten"),
]
DETAILS = [
    ("generators", "Generatoren"), ("ambulances", "Krankenwagen"), ("schools", "Schulen"), ("bridges", "Brücken"),
    ("shelters", "Schutzräume"), ("transformers", "Transformatoren"), ("buses", "Busse"), ("field hospitals", "Feldlazarette"),
    ("water pumps", "Wasserpumpen"), ("heating plants", "Heizkraftwerke"), ("trucks", "Lastwagen"), ("rail cars", "Eisenbahnwaggons"),
]  # fmt: skip
FORMS = [
    ("{a} met {b} in {city} to discuss {s}", "{a} traf sich in {city} mit {b}, um über {sd} zu sprechen", "occurred"),
    ("{a} and {b} plan a conference in {city} on {s}", "{a} und {b} planen eine Konferenz in {city} über {sd}", "planned"),
    ("{a} signed an agreement on {s} with {b} in {city}", "{a} unterzeichnete in {city} mit {b} eine Vereinbarung über {sd}", "occurred"),
    ("{a} announced a programme on {s} in {city}", "{a} kündigte in {city} ein Programm für {sd} an", "occurred"),
    ("{a} postponed the vote on {s} with {b}", "{a} verschob die Abstimmung über {sd} mit {b}", "postponed"),
]  # fmt: skip
STANCES = ["supports", "opposes", "conditional"]


@dataclass
class _Story:
    label: str
    people: list[tuple[str, str, str | None]]
    topic: str
    events: list[dict[str, Any]] = field(default_factory=list)
    statements: list[tuple[str, str]] = field(default_factory=list)


def _person(rng: random.Random) -> str:
    surname = "".join(rng.choice(SYLLABLES) for _ in range(3))
    return f"{rng.choice(GIVEN)} {surname.capitalize()}"


def _story(index: int, rng: random.Random) -> _Story:
    own = [(_person(rng), "person", "Ministerin") for _ in range(rng.randint(2, 3))]
    famous = rng.sample(FAMOUS, rng.randint(1, 2))
    people = own + famous
    subject, subject_de = rng.choice(SUBJECTS)
    city = rng.choice(CITIES)
    story = _Story(f"story{index:03d}", people, f"{subject} in {city}")
    for _ in range(rng.randint(1, 3)):
        count, (_, detail_de) = rng.randint(2, 900), rng.choice(DETAILS)
        opening = rng.choice(["Wir werden bei", "Niemand verhandelt über", "Es gibt keine Einigung über"])
        said = f"{opening} {subject_de} in {city} nicht nachgeben, es geht um {count} {detail_de}"
        story.statements.append((rng.choice(people)[0], said))
    for k in range(rng.randint(3, 5)):
        form, evidence, status = FORMS[(index + k) % len(FORMS)]
        a, b = own[k % len(own)][0], rng.choice([p for p in people if p[0] != own[k % len(own)][0]])[0]
        detail, detail_de = rng.choice(DETAILS)
        count = rng.randint(2, 900)
        fill = {"a": a, "b": b, "city": city, "s": subject, "sd": subject_de}
        story.events.append(
            {
                "description": form.format(**fill) + f", concerning {count} {detail}.",
                "evidence": evidence.format(**fill) + f", es geht um {count} {detail_de}.",
                "status": status,
                "participants": sorted({a, b}),
                "location": city,
            }
        )
    return story


def _article(story: _Story, serial: int, rng: random.Random) -> tuple[str, dict[str, Any]]:
    events = rng.sample(story.events, min(len(story.events), rng.randint(2, 4)))
    lead = events[0]
    lines = [f"Bericht {serial}: {lead['evidence']}"]
    used: set[str] = set()
    doc_events = []
    for event in events:
        description = event["description"]
        if rng.random() < 0.4:  # another outlet's wording: the detail left out
            description = description.split(", concerning")[0] + "."
        lines.append(event["evidence"])
        doc_events.append({**event, "description": description, "date_text": None, "date": None, "initiator": None})
        used.update(event["participants"])
    quotes, positions = [], []
    speaker, said = rng.choice(story.statements)  # what outlets quote of the story: the same few statements
    lines.append(f"{speaker} sagte: „{said}.“")
    quotes.append({"text": said, "speaker": speaker, "kind": "direct", "translation": None})
    evidence = f"{speaker} äußerte sich zu {story.topic} in Bericht {serial}."
    lines.append(evidence)
    positions.append(
        {
            "actor": speaker,
            "topic": story.topic,
            "stance": rng.choice(STANCES),
            "summary": f"{speaker} on {story.topic}.",
            "evidence": evidence,
        }
    )
    used.add(speaker)
    actors = [p for p in story.people if p[0] in used]
    if rng.random() < 0.33:  # an unrelated remark by someone famous
        name, kind, role = rng.choice(FAMOUS)
        subject, subject_de = rng.choice(SUBJECTS)
        sentence = f"Am Rande äußerte sich {name} zu {subject_de}."
        lines.append(sentence)
        doc_events.append(
            {"description": f"{name} commented on {subject}.", "evidence": sentence, "status": "occurred",
             "participants": [name], "location": None, "date": None, "date_text": None, "initiator": None}
        )  # fmt: skip
        if name not in used:
            actors.append((name, kind, role))
    doc = {
        "summary": f"{lead['description']} The article reports on {story.topic}.",
        "actors": [{"name": n, "kind": k, "role": r, "aliases": []} for n, k, r in actors],
        "events": doc_events,
        "quotes": quotes,
        "positions": positions,
    }
    return "\n".join(lines) + "\n", doc


def story_day(n: int, seed: int = 7, stories: int | None = None) -> tuple[list[ArticleResult], dict[str, str]]:
    """`n` articles on `stories` stories (default about n/12, at least 3); and each article's true story."""
    rng = random.Random(seed)
    count = stories or max(3, n // 12)
    specs = [_story(i, rng) for i in range(count)]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(count)]
    # Every story gets an article; the rest of the day follows the weights.
    chosen = list(range(count))[:n] + rng.choices(range(count), weights=weights, k=max(0, n - count))
    results, truth = [], {}
    for serial, index in enumerate(chosen):
        text, doc = _article(specs[index], serial, rng)
        front = f"---\npublished: {PUBLISHED}\noutlet: Outlet {rng.randrange(max(3, n // 4))}\n---\n"
        article = parse_article(front + text, f"synthetic/{serial:05d}.md")
        results.append(ArticleResult(article, Extraction.model_validate(doc)))
        truth[article.id] = specs[index].label
    return results, truth


def bcubed(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision (purity), recall (completeness) and F1 of a clustering against the truth."""
    pred_groups: dict[str, set[str]] = {}
    true_groups: dict[str, set[str]] = {}
    for item, label in predicted.items():
        pred_groups.setdefault(label, set()).add(item)
    for item, label in truth.items():
        true_groups.setdefault(label, set()).add(item)
    precision = recall = 0.0
    for item in truth:
        mine = pred_groups[predicted[item]]
        theirs = true_groups[truth[item]]
        shared = len(mine & theirs)
        precision += shared / len(mine)
        recall += shared / len(theirs)
    precision, recall = precision / len(truth), recall / len(truth)
    return precision, recall, 2 * precision * recall / (precision + recall)
