"""A story's headline: who did what, where, in at most HEADLINE_WORDS words, from its lead event.

A headline is the lead event's description made short the way a subeditor does it, never cut off
mid-phrase: only its main clause (what follows a semicolon, a dash or a 'which …' is detail),
people by their surnames once the title before a name is dropped ('US Secretary of State Marco
Rubio' → 'Rubio'), then trailing phrases ('for the first talks since …') dropped one at a time
while it is too long. The place stays in or is added. Where no clause fits, the headline names the
people and the kind of event ('Rubio–Lavrov meeting in Riyadh'). A disputed event takes no side: it
is named, and each account is given ('Rubio–Lavrov meeting: postponed or cancelled').
"""

from __future__ import annotations

import re

from summarizer.contracts.briefing import ActorEntry, Briefing, EventEntry
from summarizer.stories.phrases import phrase
from summarizer.text.events import event_kind
from summarizer.text.names import canonical_form

HEADLINE_WORDS = 12
MIN_WORDS = 3  # a shortened clause keeps at least its subject, verb and object
# Where a clause's detail starts: what follows is dropped first.
_DETAIL = re.compile(
    r"\s*(?:;|\s[–—]\s|\s\(|,\s(?:which|who|where|while|after|as|saying|according|because|"
    r"der|die|das|wo|nachdem|während|weil|als|wobei|laut)\b)",
    re.IGNORECASE,
)
# Words a trailing phrase starts with (English, German, French): a headline may end before them.
# A strong one starts a phrase of its own ('for the first talks since …'); a weak one may start a
# phrase inside another ('for a summit aimed at …'), so a cut there is tried only after the strong ones.
_STRONG = frozenset(
    [
        "for", "to", "after", "before", "amid", "since", "despite", "following", "during", "ahead",
        "while", "against", "für", "um", "nach", "seit", "trotz", "wegen", "während", "gegen", "pour",
        "après", "avant", "depuis", "malgré", "lors", "contre",
    ]
)  # fmt: skip
_WEAK = frozenset(
    [
        "on", "about", "with", "over", "at", "by", "from", "via", "as", "that", "toward", "towards",
        "between", "among", "into", "including", "under", "zu", "zum", "zur", "mit", "über", "bei", "vor",
        "aus", "ab", "bis", "dass", "zwischen", "unter", "sur", "avec", "que", "entre",
    ]
)  # fmt: skip
# A headline never ends on one of these: it would read as cut off.
_ARTICLES_AND_LINKS = [
    "a", "an", "the", "and", "or", "but", "of", "in", "his", "her", "its", "their", "this", "these", "those",
    "due", "according", "owing", "prior", "thanks", "ein", "eine", "einen", "einem", "einer", "der", "die",
    "das", "den", "dem", "des", "und", "oder", "im", "un", "une", "le", "la", "les", "du", "et", "ou", "de", "en",
]  # fmt: skip
_DANGLING = _STRONG | _WEAK | frozenset(_ARTICLES_AND_LINKS)
_WORD_END = re.compile(r"[\s,;:]+$")


def words(text: str) -> int:
    return len(text.split())


def _short_names(text: str, event: EventEntry, actors: dict[str, ActorEntry]) -> str:
    """People named by surname, a title opening the sentence dropped ('Foreign Minister Sergey Lavrov said' → 'Lavrov said')."""
    initiators = [a.initiator for a in event.accounts if a.initiator]
    for actor_id in dict.fromkeys(event.participants + initiators):
        actor = actors.get(actor_id)
        if actor is None or actor.kind.value != "person":
            continue
        surname = actor.name.split()[-1]
        forms = sorted({actor.name, *actor.aliases, *(m.name for m in actor.mentions)}, key=len, reverse=True)
        for form in forms:
            if len(form.split()) < 2 or form not in text:
                continue
            # A title opening the sentence goes with the name ('US Secretary of State Marco Rubio met …'
            # → 'Rubio met …'); elsewhere it is grammar ('seinen russischen Amtskollegen Lawrow').
            title = r"^(?:(?:[A-ZÄÖÜ][\w.-]*|of|der|des)\s+)*"
            text = re.sub(title + re.escape(form) + r"\b", surname, text)
            text = re.sub(r"\b" + re.escape(form) + r"\b", surname, text)
    return text


def _main_clause(text: str) -> str:
    text = " ".join(text.split()).rstrip(".!? ")
    match = _DETAIL.search(text)
    return text[: match.start()] if match and match.start() > 0 else text


def _ends_well(parts: list[str]) -> bool:
    return bool(parts) and _WORD_END.sub("", parts[-1]).casefold() not in _DANGLING


def _has_place(line: str, place: str) -> bool:
    """Whether the line names the place, in any of its spellings ('Riad' is 'Riyadh')."""
    wanted = canonical_form(place)
    return place in line or any(canonical_form(w.strip(",.;:")) == wanted for w in line.split())


def _with_place(line: str, place: str | None) -> str:
    if place and not _has_place(line, place) and words(line) + 1 + words(place) <= HEADLINE_WORDS:
        return f"{line} in {place}"
    return line


def _fit(text: str, place: str | None) -> str | None:
    """The sentence whole if it fits; else its main clause, trailing phrases dropped until it fits;
    None when no cut leaves a whole clause."""
    text = " ".join(text.split()).rstrip(".!? ")
    if words(text) <= HEADLINE_WORDS:
        return _with_place(text, place)
    parts = _main_clause(text).split()
    starts = range(len(parts) - 1, MIN_WORDS - 1, -1)
    cuts = [len(parts)]
    cuts += [i for i in starts if parts[i].casefold() in _STRONG]
    cuts += [i for i in starts if parts[i].casefold() in _WEAK]
    for cut in cuts:
        kept = parts[:cut]
        kept[-1] = _WORD_END.sub("", kept[-1])
        while cut < len(parts) and len(kept) > MIN_WORDS and not _ends_well(kept):
            kept.pop()  # 'halted due' (to …): the phrase's head goes with it
        if len(kept) <= HEADLINE_WORDS and (cut == len(parts) or _ends_well(kept)):
            return _with_place(" ".join(kept), place)
    return None


def event_subject(e: EventEntry, b: Briefing, lang: str) -> str | None:
    """An event named without taking a side: its people and its kind ('Rubio–Lawrow meeting')."""
    kind = event_kind(e.description) or event_kind(" ".join(a.evidence for a in e.accounts))
    if kind is None:
        return None
    actors = {a.id: a for a in b.actors}
    people = [actors[p] for p in e.participants if p in actors and actors[p].kind.value == "person"]
    named = people or [actors[p] for p in e.participants if p in actors]
    if not named:
        return None
    names = "–".join(a.name.split()[-1] if a.kind.value == "person" else a.name for a in named[:3])
    return phrase(lang, "kind_of", names=names, kind=phrase(lang, f"k_{kind}"))


def event_headline(e: EventEntry, b: Briefing, lang: str) -> str:
    """Who did what, where: the event's description shortened, or its people and kind."""
    actors = {a.id: a for a in b.actors}
    clause = _short_names(e.description, e, actors)
    fitted = _fit(clause, e.location)
    if fitted:
        return fitted
    subject = event_subject(e, b, lang)
    if subject and e.location and words(subject) + 1 + words(e.location) <= HEADLINE_WORDS:
        return f"{subject} in {e.location}"
    if subject and words(subject) <= HEADLINE_WORDS:
        return subject
    return text_headline(clause)


def text_headline(text: str) -> str:
    """A sentence (a summary's, a title) as a headline: its main clause fitted, else its opening words
    up to the last place a phrase may end."""
    fitted = _fit(text, None)
    if fitted:
        return fitted
    parts = _main_clause(text).split()[:HEADLINE_WORDS]
    while len(parts) > 1 and not _ends_well(parts):
        parts.pop()
    return _WORD_END.sub("", " ".join(parts))


def disputed_headline(e: EventEntry, b: Briefing, lang: str, sides: list[str], bare_sides: list[str]) -> str:
    """The event named, then each account: with who did it where that fits, else the accounts alone."""
    # Without a kind of event to name, the merge's own neutral naming of it ('X–Y event disputed').
    subject = event_subject(e, b, lang) or text_headline(e.description.split(":")[0])
    joiner = phrase(lang, "or")
    for told in (sides, bare_sides):
        line = f"{subject}: {joiner.join(told)}"
        if words(line) <= HEADLINE_WORDS:
            return line
    subject = text_headline(" ".join(subject.split()[: HEADLINE_WORDS - words(joiner.join(bare_sides)) - 1]))
    return f"{subject}: {joiner.join(bare_sides)}"
