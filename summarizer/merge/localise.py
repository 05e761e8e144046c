"""The merged briefing as its reader meets it: sources labelled and named, places in the briefing
language, and a neutral headline for an event whose sources disagree on what became of it."""

from __future__ import annotations

import re
from collections import Counter

from summarizer.contracts.briefing import ActorEntry, Briefing, EventEntry, Source, SourceCopy, source_label
from summarizer.contracts.extraction import ActorKind, EventStatus
from summarizer.text.display import citation_labels, natural_key, place_name, status_word
from summarizer.text.events import event_kind, is_occasion
from summarizer.text.ingest import Article
from summarizer.text.names import canonical_form

MAX_NAMED = 3  # a side reported by more sources is cited by their number
_CALLED_OFF = {EventStatus.postponed, EventStatus.cancelled, EventStatus.rejected}
_WORDS = {
    "en": {
        "called_off": "called off",
        "disputed": "disputed",
        "by": "by",
        "or": "or",
        "event": "event",
        "sources": "sources",
    },
    "de": {
        "called_off": "abgesagt",
        "disputed": "umstritten",
        "by": "durch",  # with the accusative the display names carry: "durch die Vereinigten Staaten"
        "or": "oder",
        "event": "Ereignis",
        "sources": "Quellen",
    },
}
_KIND_NOUNS = {
    "de": {"meeting": "Treffen", "summit": "Gipfel", "call": "Telefonat", "attack": "Angriff"},
}


def source_entry(article: Article, summary: str | None) -> Source:
    """What the briefing says about one source: front matter and catalogue fields, never guessed."""
    meta = article.meta
    return Source(
        id=article.id,
        path=article.path,
        title=article.title or article.path.rsplit("/", 1)[-1],
        published=article.published,
        outlet=article.outlet,
        url=meta.get("url"),
        country=meta.get("country"),
        owner=meta.get("owner"),
        kind=meta.get("kind"),
        summary=summary,
        copies=[SourceCopy(path=c.path, outlet=c.outlet, url=c.url, title=c.title) for c in article.copies],
    )


def label_sources(sources: list[Source]) -> list[Source]:
    """Give each source its short citation label."""
    for source, label in zip(sources, citation_labels([(s.path, s.outlet) for s in sources]), strict=True):
        source.label = label
    return sources


def localise_events(
    events: list[EventEntry], actors: list[ActorEntry], sources: list[Source], lang: str
) -> list[EventEntry]:
    """Places in the briefing language, names spelled its way, and a neutral headline for an event
    whose sources disagree on what became of it."""
    respell = Respeller(actors)
    for event in events:
        if event.location:
            event.location = place_name(event.location, lang)
        event.description = respell(event.description)  # accounts keep each source's own wording
        if event.status == "disputed":
            event.description = neutral_headline(event, actors, sources, lang)
    return events


def localise(briefing: Briefing) -> None:
    """Names spelled the briefing's way in the rest of the generated text: summaries, translations."""
    respell = Respeller(briefing.actors)
    for source in briefing.sources:
        source.summary = respell(source.summary) if source.summary else source.summary
    for position in briefing.positions:
        for stance in position.stances:
            stance.summary = respell(stance.summary)
    for quote in briefing.quotes:
        quote.translation = respell(quote.translation) if quote.translation else quote.translation


class Respeller:
    """Rewrites an article's spelling of a person or country in generated text to the display form:
    'Sergej Lawrow' → 'Sergey Lavrov', 'Lawrow' → 'Lavrov', 'Russland' → 'Russia' (English briefing)."""

    def __init__(self, actors: list[ActorEntry]) -> None:
        table: dict[str, str] = {}
        for actor in actors:
            if actor.kind == ActorKind.person:
                table.update(_person_spellings(actor))
            elif actor.kind == ActorKind.country and " " not in actor.name:
                # Countries whose display form is one word (Russia); 'the United States' reads wrong after "the".
                table.update({a: actor.name for a in actor.aliases if _same_word(a, actor.name)})
        self._table = table
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(table, key=len, reverse=True)) + r")\b")
            if table
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._table[m.group(1)], text)


def _same_word(alias: str, shown: str) -> bool:
    return (
        " " not in alias and alias != shown and alias[:1].isupper() and canonical_form(alias) == canonical_form(shown)
    )


def _person_spellings(actor: ActorEntry) -> dict[str, str]:
    """Each capitalised word of an alias spelled like the display name's word it stands for."""
    shown = actor.name.split()
    table: dict[str, str] = {}
    for alias in actor.aliases:
        words = alias.split()
        if len(words) == len(shown):
            table.update({w: d for w, d in zip(words, shown, strict=True) if _same_word(w, d)})
        elif len(words) == 1 and _same_word(words[0], shown[-1]):
            table[words[0]] = shown[-1]
    return table


def neutral_headline(event: EventEntry, actor_list: list[ActorEntry], sources: list[Source], lang: str) -> str:
    """'Rubio–Lavrov meeting called off: postponed by the United States (000) or cancelled by Russia
    (001)': each side with who acted and who reports it; no side taken."""
    lang = lang if lang in _WORDS else "en"
    words = _WORDS[lang]
    actors = {a.id: a for a in actor_list}
    labels = {s.id: source_label(s) for s in sources}
    people = [actors[p] for p in event.participants if p in actors and actors[p].kind == ActorKind.person]
    names = [a.name.split()[-1] for a in people] or [actors[p].name for p in event.participants if p in actors]
    kinds = Counter(k for a in event.accounts if is_occasion(k := event_kind(a.description)))
    kind = kinds.most_common(1)[0][0] if kinds else None
    noun = _KIND_NOUNS.get(lang, {}).get(kind or "", kind) if kind else words["event"]
    subject = f"{'–'.join(names[:3])} {noun}".strip() if lang == "en" else f"{noun} {'–'.join(names[:3])}".strip()
    primary = [a for a in event.accounts if not a.aspect and a.status != EventStatus.unclear]
    called_off = all(a.status in _CALLED_OFF for a in primary)
    sides: list[str] = []
    # Sides in the order of their first source's label: no side is put first for what it says.
    primary.sort(key=lambda a: natural_key(labels.get(a.source, a.source)))
    for status in dict.fromkeys(a.status for a in primary):
        accounts = [a for a in primary if a.status == status]
        who = [actors[a.initiator].name for a in accounts if a.initiator and a.initiator in actors]
        by = f" {words['by']} {' / '.join(dict.fromkeys(who))}" if who else ""
        cited_by = list(dict.fromkeys(labels.get(a.source, a.source) for a in accounts))
        cited = ", ".join(cited_by) if len(cited_by) <= MAX_NAMED else f"{len(cited_by)} {words['sources']}"
        sides.append(f"{status_word(status.value, lang)}{by} ({cited})")
    verdict = words["called_off"] if called_off else words["disputed"]
    joined = f" {words['or']} ".join(sides)
    return f"{subject[:1].upper()}{subject[1:]} {verdict}: {joined}"
