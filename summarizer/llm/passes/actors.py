"""Pass 1, actors: the model names the actors of each passage; the code keeps only names the article
contains, merges the passages' lists, and finds aliases and roles in the text.

A passage is a few consecutive sentences: asked for a whole article, a 1.5B model lists the first
handful of names and stops; asked passage by passage, it finds the speakers named once, late in
the article (measured on the seeds, see README "Running a local model").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.contracts.extraction import Actor, ActorKind
from summarizer.llm.passes.answers import ActorMention
from summarizer.text.display import role_words
from summarizer.text.ground import normalise
from summarizer.text.names import name_key
from summarizer.text.numbered import NumberedArticle, Sentence

# Sentences per actors request, by length: about 400 prompt tokens. Passages of 900 characters
# found as many actors, but a 7,800-character article took ten requests and 900 completion tokens.
PASSAGE_CHARS = 1500
# Words a model puts before a name that are not part of it ("Laut CNN", "Der Kreml").
_LEADING = frozenset(
    [
        "laut",
        "der",
        "die",
        "das",
        "dem",
        "den",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "the",
        "a",
        "an",
        "according",
        "to",
    ]
)


def passages(article: NumberedArticle, limit: int = PASSAGE_CHARS) -> list[tuple[Sentence, ...]]:
    """The article's sentences in runs of at most `limit` characters (a longer sentence alone)."""
    runs: list[list[Sentence]] = [[]]
    size = 0
    for sentence in article.sentences:
        if runs[-1] and size + len(sentence.text) > limit:
            runs.append([])
            size = 0
        runs[-1].append(sentence)
        size += len(sentence.text) + 1
    return [tuple(run) for run in runs if run]


@dataclass
class _Found:
    name: str
    kind: ActorKind
    forms: set[str] = field(default_factory=set)


def actors_from_mentions(mentions: list[ActorMention], text: str) -> list[Actor]:
    """The article's actors from the passages' mentions: each name the article contains, once.

    A mention whose words end another's ("Rubio", "Marco Rubio") is that actor's alias; the fullest
    form is the name. A mention the article does not contain (a translation, a made-up name) is left out.
    """
    found: list[_Found] = []
    for mention in mentions:
        name = _in_article(mention.name, text)
        if name is None:
            continue
        match = next((f for f in found if _same_actor(f, name)), None)
        if match is None:
            found.append(_Found(name, mention.kind, {name}))
            continue
        match.forms.add(name)
        if len(name.split()) > len(match.name.split()):
            match.name = name
    return [_actor(f, text) for f in found]


def _in_article(name: str, text: str) -> str | None:
    """The name as it stands in the article (leading function words dropped), or None if it is not there."""
    words = name.split()
    while len(words) > 1 and words[0].casefold() in _LEADING:
        words = words[1:]
    candidate = " ".join(words).strip(" ,.;:")
    if "/" in candidate:
        return None  # a photo credit ("FAZRY ISMAIL/EPA/Shutterstock"), not an actor
    if candidate and _occurs(candidate, text):
        return candidate
    return None


def _occurs(form: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(normalise(form))}(?!\w)", _folded(text)) is not None


@lru_cache(maxsize=8)
def _folded(text: str) -> str:
    return normalise(text)


def _same_actor(found: _Found, name: str) -> bool:
    key = name_key(name)
    if any(name_key(form) == key for form in found.forms):
        return True
    if found.kind != ActorKind.person:
        return False
    words, known = key.split(), name_key(found.name).split()
    shorter, longer = sorted((words, known), key=len)
    return len(shorter[-1]) >= 3 and longer[-len(shorter) :] == shorter


def _actor(found: _Found, text: str) -> Actor:
    aliases = sorted(f for f in found.forms if f != found.name)
    if found.kind == ActorKind.person and len(found.name.split()) > 1:
        surname = found.name.split()[-1]
        if surname not in aliases and _occurs(surname, text):
            aliases.append(surname)
    return Actor(name=found.name, kind=found.kind, role=role_before(found.name, text), aliases=aliases)


def role_before(name: str, text: str) -> str | None:
    """The role words the article puts directly before a person's name ("Kremlsprecher Dmitri
    Peskow", "dem russischen Außenminister Sergej Lawrow"), as written; None when there are none."""
    known = role_words()
    match = re.search(rf"((?:[\w-]+\s+){{1,4}}){re.escape(name)}(?!\w)", text)
    if match is None:
        return None
    words = match.group(1).split()
    kept: list[str] = []
    for word in reversed(words):
        if is_role_word(word, known):
            kept.insert(0, word)
        else:
            break
    return " ".join(kept) if kept and any(w[:1].isupper() for w in kept) else None


def is_role_word(word: str, known: frozenset[str] | None = None) -> bool:
    """Whether a word is a role's ("Kremlsprecher", "russischen", "Vize-Außenminister")."""
    known = role_words() if known is None else known
    folded = word.casefold()
    return folded in known or folded.split("-")[-1] in known or any(folded.endswith(n) for n in known if len(n) >= 7)


def person_named(words: str, text: str) -> Actor:
    """A person as the article names them as a speaker, role words before the name set apart
    ("Kremlsprecher Dmitri Peskow": Dmitri Peskow, role Kremlsprecher)."""
    parts = words.split()
    while len(parts) > 2 and is_role_word(parts[0]):
        parts = parts[1:]
    name = " ".join(parts)
    return Actor(name=name, kind=ActorKind.person, role=role_before(name, text))
