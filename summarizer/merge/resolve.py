"""One actor across sources and spellings: Lawrow / Lavrov / Herr Lawrow.

Mentions are blocked by canonical name form and by the Kölner Phonetik code of the surname, and
each mention is compared only with the cluster leaders of its blocks, never all pairs. Every
merge records why it was made.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, process

from summarizer.contracts.briefing import ActorEntry, Mention
from summarizer.contracts.extraction import Actor, ActorKind, Extraction
from summarizer.text.display import display_name, role_in
from summarizer.text.names import alias_table, canonical_form, overlapping_groups, phonetic, spellings

SURNAME_SIMILARITY = (
    70.0  # phonetic twins must also look alike: 'Lawrow'/'Lavrov' 67 after folding, 'lavrov'/'lavrow' 83
)
GIVEN_NAME_SIMILARITY = 80.0


@dataclass
class _Node:
    source: str
    actor: Actor
    forms: list[str]
    full: list[str]  # tokens of the canonical name
    reasons: list[str] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.full[-1] if self.full else ""

    @property
    def given(self) -> list[str]:
        return self.full[:-1]


def _given_compatible(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return phonetic(x) == phonetic(y) and fuzz.ratio(x, y) >= GIVEN_NAME_SIMILARITY


def _kinds_compatible(a: ActorKind, b: ActorKind) -> bool:
    return a == b or ActorKind.other in (a, b)


def _same_person_possible(a: _Node, b: _Node) -> bool:
    """False for the trap of one surname with two first names (Donald vs Melania Trump)."""
    if not _kinds_compatible(a.actor.kind, b.actor.kind):
        return False
    if a.actor.kind == ActorKind.person and b.actor.kind == ActorKind.person:
        return _given_compatible(a.given, b.given)
    return True


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        self.parent[max(ri, rj)] = min(ri, rj)
        return True


def _why_same_form(a: _Node, b: _Node, form: str) -> str:
    raw_a = next((f for f in (a.actor.name, *a.actor.aliases) if canonical_form(f) == form), a.actor.name)
    raw_b = next((f for f in (b.actor.name, *b.actor.aliases) if canonical_form(f) == form), b.actor.name)
    return _reason(raw_a, raw_b, form)


@lru_cache(maxsize=1 << 20)
def _reason(raw_a: str, raw_b: str, form: str) -> str:
    """Why two written names count as one (the same few pairs recur thousands of times a day)."""
    if anyascii(raw_a).lower() != anyascii(raw_b).lower() and any(t in alias_table() for t in form.split(" ")):
        return f"{raw_a!r} = {raw_b!r} (spelling table)"
    return f"{raw_a!r} = {raw_b!r} (same name)"


class ActorIndex:
    """The merged actors, and the actor id of any name a source used."""

    def __init__(self, entries: list[ActorEntry], lookup: dict[tuple[str, str], str]) -> None:
        self.entries = entries
        self._lookup = lookup
        self.by_id = {e.id: e for e in entries}
        self._related: dict[tuple[str, str], bool] = {}

    def related(self, a: str, b: str) -> bool:
        """Whether two actors are the same or overlapping groups: one part of the other (a White House
        official, the White House) or listed together in the curated table (the coalition of the
        willing, European leaders). People are never related this way."""
        if a == b:
            return True
        key = (a, b) if a < b else (b, a)
        if key not in self._related:
            x, y = self.by_id.get(a), self.by_id.get(b)
            self._related[key] = bool(x and y) and _overlapping(x, y)  # type: ignore[arg-type]
        return self._related[key]

    def id_for(self, source: str, name: str | None) -> str | None:
        """The actor id a name used in `source` refers to, or None."""
        if not name:
            return None
        return self._lookup.get((source, canonical_form(name)))

    def resolve(self, source: str, name: str) -> str:
        """The actor id of a name used in `source`; for a name no actor carries, its canonical form."""
        return self.id_for(source, name) or canonical_form(name)


def _forms(entry: ActorEntry) -> set[str]:
    return {canonical_form(f) for f in (entry.name, *entry.aliases)} - {""}


def _overlapping(x: ActorEntry, y: ActorEntry) -> bool:
    if ActorKind.person in (x.kind, y.kind):
        return False
    fx, fy = _forms(x), _forms(y)
    if any(overlapping_groups(f) & fy for f in fx):
        return True
    sx = {w for f in fx for w in spellings(f)}
    sy = {w for f in fy for w in spellings(f)}
    return any(_part_of(a, b) for a in fx for b in sy) or any(_part_of(b, a) for a in sx for b in fy)


def _part_of(whole: str, part: str) -> bool:
    """'vertreter des weissen hauses' names a part of 'weissen haus' (a German case ending allowed)."""
    if len(part) < 4 or whole == part:
        return False
    return re.search(r"(?:^| )" + re.escape(part) + r"[a-z]{0,2}(?: |$)", whole) is not None


def resolve_actors(extractions: list[tuple[str, Extraction]], lang: str = "en") -> ActorIndex:
    """Cluster the actors of all extractions into real-world actors, named and described in `lang`
    (the articles' own spellings and roles stay as aliases and mentions)."""
    nodes: list[_Node] = []
    for source, extraction in extractions:
        for actor in extraction.actors:
            forms = sorted({canonical_form(f) for f in (actor.name, *actor.aliases)} - {""})
            nodes.append(_Node(source, actor, forms, canonical_form(actor.name).split(" ")))

    uf = _UnionFind(len(nodes))
    leaders: dict[str, list[int]] = defaultdict(list)
    # Phonetic blocks fill up with different people as a day grows; their leaders are kept by
    # surname so that only similarly spelled surnames are compared (rapidfuzz, in C).
    by_surname: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))

    def candidates(i: int, block: str, surname_check: bool) -> list[int]:
        if not surname_check:
            return leaders[block]
        surnames = by_surname[block]
        similar = process.extract(
            nodes[i].surname, list(surnames), scorer=fuzz.ratio, score_cutoff=SURNAME_SIMILARITY, limit=None
        )
        return sorted(j for name, _, _ in similar for j in surnames[name])

    def consider(i: int, block: str, surname_check: bool = False) -> None:
        node = nodes[i]
        matches = [j for j in candidates(i, block, surname_check) if _same_person_possible(node, nodes[j])]
        # A bare surname shared by two different people is ambiguous: link to neither.
        distinct = {" ".join(nodes[j].full) for j in matches if len(nodes[j].full) > 1}
        if len(node.full) == 1 and len(distinct) > 1:
            return
        if not matches:
            leaders[block].append(i)
            if surname_check:
                by_surname[block][node.surname].append(i)
            return
        j = matches[0]
        if uf.union(i, j):
            if surname_check:
                node.reasons.append(
                    f"{node.actor.name!r} ~ {nodes[j].actor.name!r} (Kölner Phonetik {block[2:]}, similar spelling)"
                )
            else:
                node.reasons.append(_why_same_form(node, nodes[j], block[2:]))

    for i, node in enumerate(nodes):
        for form in node.forms:
            consider(i, "f:" + form)
    for i, node in enumerate(nodes):
        if node.actor.kind == ActorKind.person and node.surname:
            consider(i, "p:" + phonetic(node.surname), surname_check=True)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        groups[uf.find(i)].append(i)
    return _entries(nodes, list(groups.values()), lang)


_SLUG = re.compile(r"[^a-z0-9]+")


def _entries(nodes: list[_Node], groups: list[list[int]], lang: str) -> ActorIndex:
    built: list[tuple[str, ActorEntry, list[int]]] = []
    for members in groups:
        names = Counter(nodes[i].actor.name for i in members)
        name = max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n), n))
        kinds = Counter(nodes[i].actor.kind for i in members if nodes[i].actor.kind != ActorKind.other)
        kind = max(kinds, key=lambda k: (kinds[k], k.value)) if kinds else ActorKind.other
        forms = {f for i in members for f in (nodes[i].actor.name, *nodes[i].actor.aliases)}
        mentions = sorted({(nodes[i].source, nodes[i].actor.name, nodes[i].actor.role or "") for i in members})
        shown = display_name(name, lang, person=kind == ActorKind.person)
        entry = ActorEntry(
            id="",
            name=shown,
            kind=kind,
            roles=sorted({role_in(role, lang) for i in members if (role := nodes[i].actor.role)}),
            aliases=sorted(forms - {shown}),
            mentions=[Mention(source=s, name=n, role=r or None) for s, n, r in mentions],
            merged_because=sorted({r for i in members for r in nodes[i].reasons}),
            sources=sorted({nodes[i].source for i in members}),
        )
        # The id comes from the article's form, so it does not change with the briefing language.
        built.append((_SLUG.sub("-", canonical_form(name)).strip("-") or "actor", entry, members))

    built.sort(key=lambda t: (-len(t[1].sources), t[1].name.casefold(), t[0]))
    taken: Counter[str] = Counter()
    lookup: dict[tuple[str, str], str] = {}
    entries = []
    for slug, entry, members in built:
        taken[slug] += 1
        entry.id = slug if taken[slug] == 1 else f"{slug}-{taken[slug]}"
        entries.append(entry)
        for i in members:
            for form in nodes[i].forms:
                lookup.setdefault((nodes[i].source, form), entry.id)
    return ActorIndex(entries, lookup)
