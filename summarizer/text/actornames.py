"""How a text names an actor: word keys (case, transliteration and spelling variants folded),
an actor's forms (name, aliases, surname, role), and where they stand in a speaker slot, the names
that do not speak there (a genitive, a preposition's object) left out."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from anyascii import anyascii

from summarizer.text.names import HONORIFICS, alias_table, fold_case
from summarizer.text.slots import TOKEN, lexicon
from summarizer.text.wordlists import words as listed

PRONOUN = -1  # a hit that is a pronoun, not an actor


_ENDINGS = frozenset(["", "e", "s", "n", "r", "m", "es", "en", "er", "em", "ns"])


_STEM = 4  # shorter words must match exactly
_FULL, _SURNAME, _ROLE = 3, 2, 1


_TITLES = HONORIFICS - {"sprecher", "spokesman", "spokeswoman"}  # "Sprecher Koch-Mehrins" is not Koch-Mehrin


_NP_WORDS = 5  # a conjunct longer than this after "und" is a clause of its own, not a second speaker


class Named(Protocol):
    """An actor as the extraction gives it."""

    @property
    def name(self) -> str: ...

    @property
    def aliases(self) -> list[str]: ...

    @property
    def role(self) -> str | None: ...

    @property
    def kind(self) -> object: ...


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """A word as compared: case-folded, transliterated, spelling variants unified ('Lawrow' → 'lavrov')."""
    key = anyascii(fold_case(word)).lower().strip(".'’")
    table = alias_table()
    if key in table:
        return table[key]
    for ending in ("s", "es", "n"):  # a genitive of a listed spelling: "Frankreichs", "Lawrows"
        if key.endswith(ending) and key[: -len(ending)] in table:
            return table[key[: -len(ending)]]
    return key


def same_word(a: str, b: str) -> bool:
    """Two word keys are one word, German endings aside ('kremls' = 'kreml', 'russische' = 'russischer')."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= _STEM and a[n:] in _ENDINGS and b[n:] in _ENDINGS


def word_list(text: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(text) if m.group()[0].isalnum()]


def is_person(actor: Named) -> bool:
    return str(getattr(actor.kind, "value", actor.kind)) == "person"


def forms_of(actor: Named) -> list[tuple[tuple[str, ...], int]]:
    """The words that name an actor, with their weight: name and aliases, a person's surname, role."""
    forms = []
    for text in (actor.name, *actor.aliases):
        keys = [word_key(w) for w in word_list(text)]
        while len(keys) > 1 and keys[0] in _TITLES:
            keys = keys[1:]
        if keys:
            forms.append((tuple(keys), _FULL))
    words = actor.name.split()
    if str(getattr(actor.kind, "value", actor.kind)) in ("person", "other") and 2 <= len(words) <= 4 and all(
        w[:1].isupper() for w in words
    ):
        forms.append(((word_key(words[-1]),), _SURNAME))
    return forms


def role_keys(actor: Named) -> list[str]:
    """The content words of an actor's role ('ehemaliger US-Botschafter in Kiew' → ehemaliger, us-botschafter, kiew)."""
    lex = lexicon()
    skip = lex["prepositions"] | listed("reading", "determiners")
    return [word_key(w) for w in word_list(actor.role or "") if fold_case(w) not in skip]


@dataclass(frozen=True)
class Hit:
    start: int  # word index in the slot
    end: int
    actor: int  # index into the actors, or PRONOUN
    weight: int


def joined(words: list[str], hits: list[Hit], pick: Hit) -> tuple[list[int], bool]:
    """Speakers joined to `pick` by 'und'/'and' ("Selenskyj und die Koalition"), and whether a
    joined part names no actor ("Selenskyj und seine Unterstützer")."""
    joined: list[int] = []
    for step in (1, -1):
        i = pick.end if step > 0 else pick.start - 1
        while 0 <= i < len(words) and fold_case(words[i]) in ("und", "and"):
            part: list[int] = []
            j = i + step
            while 0 <= j < len(words) and fold_case(words[j]) not in ("und", "and") and len(part) < _NP_WORDS:
                part.append(j)
                j += step
            inside = [h for h in hits if h.actor >= 0 and part and min(part) <= h.start and h.end - 1 <= max(part)]
            if not inside:
                return joined, any(words[k][:1].isupper() for k in part)
            joined += [h.actor for h in inside]
            i = j
    return joined, False


ROLE_SHARE = 0.6  # of a role's content words a description must have, its longest word among them


def role_hits(keys: list[str], role: list[str], actor: int) -> list[Hit]:
    """Where `keys` describe the actor by its role: most of the role's words near its longest one
    ("der für die Region zuständige Koordinator" for the role "Koordinator für die Region")."""
    if not role:
        return []
    head = max(role, key=len)
    found = []
    for p, k in enumerate(keys):
        if not same_word(k, head):
            continue
        near = range(max(0, p - len(role) - 2), min(len(keys), p + len(role) + 3))
        matched = [i for i in near if any(same_word(keys[i], r) for r in role)]
        if len({r for r in role if any(same_word(keys[i], r) for i in matched)}) >= ROLE_SHARE * len(role):
            found.append(Hit(min(matched), max(matched) + 1, actor, 2 * _ROLE))
    return found


def dependent(words: list[str], hit: Hit) -> bool:
    """A name that does not speak: it qualifies a noun (behind 'des'/'of' after a noun, or a genitive
    before one) or is the object of a preposition ('mit Rubio', 'mit dem Präsidenten X')."""
    lex = lexicon()
    if hit.actor < 0:
        return False
    before = fold_case(words[hit.start - 1]) if hit.start >= 1 else ""
    if hit.start >= 2 and before in lex["genitive"] | lex["of"] and words[hit.start - 2][:1].isupper():
        return fold_case(words[hit.start - 2]) not in lex["partitive"]  # "Einer der Feuerwehrmänner": the group
    if before in lex["of"]:
        return True
    tail = words[hit.end - 1]
    if tail.endswith("s") and hit.end < len(words) and words[hit.end][:1].isupper():
        return True
    return _after_preposition(words, hit.start, lex)


def _after_preposition(words: list[str], start: int, lex: dict[str, object]) -> bool:
    """Whether the name at `start` ends a prepositional phrase: PREP (DET) (ADJ…) (a title noun) NAME."""
    k = start - 1
    if k >= 0 and words[k][:1].isupper() and fold_case(words[k]) not in listed("reading", "determiners"):
        k -= 1  # one title noun: "mit dem ukrainischen Präsidenten Wolodymyr Selenskyj"
    while k >= 0 and words[k][:1].islower() and (
        fold_case(words[k]) in listed("reading", "determiners") or fold_case(words[k]).endswith(("e", "en", "er", "em", "es"))
    ) and fold_case(words[k]) not in lex["prepositions"]:  # type: ignore[operator]
        k -= 1
    return k >= 0 and fold_case(words[k]) in lex["prepositions"]  # type: ignore[operator]


def name_run(words: list[str]) -> str | None:
    """Capitalised words in a row (two or more), not after an article or preposition ("der Insel
    Timor"): a name that none of the actors has ("Steven Pifer"); None without one."""
    lex = lexicon()
    after = lex["prepositions"] | listed("reading", "determiners")
    for i, (a, b) in enumerate(itertools.pairwise(words)):
        if a[:1].isupper() and b[:1].isupper() and (i == 0 or fold_case(words[i - 1]) not in after) and fold_case(a) not in after:
            j = i + 2
            while j < len(words) and words[j][:1].isupper():
                j += 1
            return " ".join(words[i:j])
    return None
