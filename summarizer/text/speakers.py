"""The speaker check: does the article name this actor as the speaker of this quote?

The finder (summarizer.text.attribution) gives the words in the quote's speaker slot. Here they
are read against the article's actors: a name or alias ("Herr Lawrow"), a person's surname, a role
or description ("der russische Außenminister", "Vertreter des Weißen Hauses"), German endings and
transliterations allowed (Lawrow = Lavrov, Kremls = Kreml). A name that qualifies a noun ("der
Sprecher des Kremls", "Russlands Außenminister") or is the object of a preposition ("mit Rubio")
does not speak. Two speakers joined by "und" both speak. A pronoun refers to the last named
speaker of its paragraph (of the paragraph before, in a paragraph's first sentence), else to whom
its sentence named before it, else to the one person the sentence before names; er/he/she only
to a person.

Verdicts: `confirmed` (the text names the claimed actor), `other` (it names another actor of the
article, and only actors: which), `unconfirmed` (no cue, or words that name no actor, or not all).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from summarizer.text.actornames import (
    PRONOUN,
    Hit,
    Named,
    dependent,
    forms_of,
    is_person,
    joined,
    name_run,
    role_hits,
    role_keys,
    same_word,
    word_key,
    word_list,
)
from summarizer.text.attribution import Attribution, Finder
from summarizer.text.ground import normalise_with_map
from summarizer.text.names import fold_case
from summarizer.text.slots import QUOTED, Mention, lexicon
from summarizer.text.wordlists import words as listed

SpeakerStatus = Literal["confirmed", "other", "unconfirmed"]


@dataclass(frozen=True)
class SpeakerVerdict:
    """What the text says of a quote's speaker: `actors` it names (the claimed one among them when
    confirmed), the words naming the speaker as written, the cue and a one-line reason."""

    status: SpeakerStatus
    actors: tuple[Named, ...] = ()
    mention: str | None = None
    cue: str | None = None
    reason: str = ""
    start: int | None = None  # the quote's place in the article, as read
    end: int | None = None


@dataclass(frozen=True)
class _Read:
    """What a speaker slot names: actors (indices), a pronoun, and whether a name of no actor is among them."""

    actors: tuple[int, ...] = ()
    pronoun: str | None = None
    unknown: bool = False
    words: str | None = None  # the words naming them (a pronoun's: its referent's)

    @property
    def empty(self) -> bool:
        return not self.actors and self.pronoun is None and not self.unknown


class SpeakerChecker:
    """The speaker check for one article and its actors (speech acts found and resolved once)."""

    def __init__(self, text: str, actors: list[Named]) -> None:
        self.text = text
        self.actors = actors
        self.finder = Finder(text)
        # Every actor's forms by the first two letters of their first word: a form can only match
        # where a word begins so (same_word: equal, or equal in at least the first four letters)
        self._by_prefix: dict[str, list[tuple[int, int, tuple[str, ...], int]]] = {}
        for a, forms in enumerate(forms_of(actor) for actor in actors):
            for f, (form, weight) in enumerate(forms):
                self._by_prefix.setdefault(form[0][:2], []).append((a, f, form, weight))
        self._roles = [role_keys(a) for a in actors]
        self._named: dict[tuple[int, int], _Read] = {}  # speech act (sentence, cue offset) → what it names
        self._history: dict[int, list[_Read]] = {}  # paragraph → the speakers it named, in order
        self._before: dict[int, int] = {}  # sentence → how many speakers its paragraph had named before it
        self._paragraphs: dict[int, list[int]] = {}  # paragraph → its sentences
        for sentence in self.finder.sentences:
            self._paragraphs.setdefault(sentence.paragraph, []).append(sentence.index)

    def _ensure(self, paragraph: int, depth: int = 1) -> None:
        """Read the speech acts of a paragraph in order (and of the one before, whose last speaker
        a pronoun opening this one may refer to): only paragraphs with a quote checked are read."""
        if paragraph in self._history or paragraph not in self._paragraphs:
            return
        if depth and paragraph - 1 in self._paragraphs:
            self._ensure(paragraph - 1, depth - 1)
        history = self._history[paragraph] = []
        for index in self._paragraphs[paragraph]:
            self._before[index] = len(history)
            for act in self.finder.acts_of(index):
                read = self._resolve(act, None)
                self._named[(act.sentence, act.cue_start)] = read
                if read.actors or read.unknown:
                    history.append(read)

    def hits(self, words: list[str], modifiers: bool = False) -> list[Hit]:
        """Actors' forms and pronouns among `words`; names that qualify a noun or follow a
        preposition left out unless `modifiers`."""
        keys = [word_key(w) for w in words]
        pronouns = lexicon()["pronouns"]
        found = [Hit(i, i + 1, PRONOUN, 0) for i, w in enumerate(words) if fold_case(w) in pronouns]
        named: list[tuple[tuple[int, int, int], Hit]] = []
        for i, key in enumerate(keys):
            for a, f, form, weight in self._by_prefix.get(key[:2], ()):
                n = len(form)
                if i + n <= len(keys) and all(same_word(k, w) for k, w in zip(keys[i : i + n], form, strict=True)):
                    exact = tuple(keys[i : i + n]) == form  # "Koch-Mehrin" over "Koch-Mehrins"
                    named.append(((a, f, i), Hit(i, i + n, a, 2 * weight + exact)))
        found += [hit for _, hit in sorted(named, key=lambda item: item[0])]  # in actor order, as read
        for a, role in enumerate(self._roles):
            found += role_hits(keys, role, a)
        office = listed("reading", "other_office")  # "der stellvertretende Außenminister" is not the minister
        found = [h for h in found if h.actor == PRONOUN or not office & {fold_case(w) for w in words[max(0, h.start - 2) : h.start]}]
        longest = [h for h in found if not any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start for o in found)]
        return [h for h in longest if modifiers or not dependent(words, h)]

    def _read(self, mention: Mention) -> _Read:
        """What one speaker slot names: the speaker nearest its cue, and those joined to it by 'und'."""
        words = list(mention.words)
        hits = self.hits(words, modifiers=mention.in_phrase)
        if not hits:
            run = name_run(words)
            if run is None and described(words):  # "sagte ein westlicher Beamter": someone unnamed, not the next name
                return _Read(unknown=True, words=mention.text)
            return _Read(unknown=run is not None, words=run)
        pick = max(hits, key=lambda h: h.start) if mention.last else min(hits, key=lambda h: h.start)
        if pick.actor == PRONOUN:
            return _Read(pronoun=fold_case(words[pick.start]), words=words[pick.start])
        same = [h for h in hits if (h.start, h.end) == (pick.start, pick.end)]
        best = max(h.weight for h in same)
        tops = {h.actor for h in same if h.weight == best}
        if len(tops) > 1:  # two actors share these words: the text does not tell them apart
            return _Read(unknown=True, words=" ".join(words[pick.start : pick.end]))
        actors, unknown = joined(words, hits, pick)
        spanned = [h for h in hits if h.actor in (pick.actor, *actors)]
        # several speakers, some named by no actor ("Selenskyj und seine Unterstützer …"): all the words
        shown = mention.text if unknown else " ".join(words[min(h.start for h in spanned) : max(h.end for h in spanned)])
        return _Read(tuple(dict.fromkeys([pick.actor, *actors])), unknown=unknown, words=shown)

    def _resolve(self, act: Attribution, sentence_cut: int | None) -> _Read:
        for window in act.windows:
            read = self._read(window)
            if not read.empty:
                break
        else:
            return _Read()
        if read.pronoun is None:
            return read
        return self._antecedent(act, read.pronoun, window.start if sentence_cut is None else sentence_cut)

    def _antecedent(self, act: Attribution, pronoun: str, at: int) -> _Read:
        """Whom a pronoun refers to (see the module's docstring); nothing when that is not clear."""
        person = pronoun in listed("reading", "person_pronouns")

        def fits(read: _Read) -> bool:
            if not person:
                return True
            return read.unknown or (len(read.actors) == 1 and is_person(self.actors[read.actors[0]]))

        sentence = self.finder.sentences[act.sentence]
        here = self._named_in(sentence.start, min(at, sentence.end), person)
        if here:  # "Der Geschäftsführer ärgerte sich, …; er gibt … an": whom the sentence named before it
            return self._by_name(here)
        earlier = self._history.get(act.paragraph, [])[: self._before.get(act.sentence, 0)]
        first = next(s for s in self.finder.sentences if s.paragraph == act.paragraph).index == act.sentence
        if not earlier and first:
            earlier = self._history.get(act.paragraph - 1, [])
        for read in reversed(earlier):
            if fits(read):
                return read
        if act.sentence == 0:
            return _Read()
        before = self.finder.sentences[act.sentence - 1]
        return self._by_name(self._named_in(before.start, before.end, True))

    def _by_name(self, actors: tuple[int, ...]) -> _Read:
        return _Read(actors, words=" und ".join(self.actors[a].name for a in actors) or None)

    def _named_in(self, start: int, end: int, person: bool) -> tuple[int, ...]:
        """The actors named in `text[start:end]` outside quotations: the one person (`person`), else all."""
        found: dict[int, None] = {}
        for a, b in self.finder.outside_quotes(self.finder.sentences[0].__class__(start, end, 0, 0)):
            for h in self.hits(word_list(self.text[a:b]), modifiers=person):
                if h.actor >= 0 and (not person or is_person(self.actors[h.actor])):
                    found[h.actor] = None
        if person:
            return tuple(found) if len(found) == 1 else ()
        return tuple(found)

    def check(self, start: int, end: int, claimed: Named) -> SpeakerVerdict:
        """The verdict on `claimed` as the speaker of `text[start:end]`."""
        reads = [(act, self._read_act(act)) for act in self.finder.candidates(start, end)]
        act, read = next(((a, r) for a, r in reads if not r.empty), reads[0] if reads else (None, _Read()))
        if act is None:
            return SpeakerVerdict("unconfirmed", reason="no speech cue in its sentence or the one before", start=start, end=end)
        words = read.words or act.speaker.text
        named = tuple(self.actors[i] for i in read.actors)
        said = f"„{words}“ ({act.cue})"
        if any(a is claimed or fold_case(a.name) == fold_case(claimed.name) for a in named):
            return SpeakerVerdict("confirmed", named, words, act.cue, f"named as the speaker: {said}", start, end)
        also = [a for _, r in reads for a in r.actors if self.actors[a] is claimed]
        if named and not read.unknown and not also:  # another cue of the sentence naming the claimed actor: nested
            names = " and ".join(a.name for a in named)
            return SpeakerVerdict("other", named, words, act.cue, f"the article names {names} as the speaker: {said}", start, end)
        if read.empty:
            return SpeakerVerdict("unconfirmed", (), None, act.cue, f"no speaker named where it is quoted ({act.cue})", start, end)
        if not named:
            why = f"the article names „{words}“ as the speaker ({act.cue}), who is not among its actors"
        else:
            why = f"the article names „{words}“ as the speaker ({act.cue}), which does not show that {claimed.name} said it"
        return SpeakerVerdict("unconfirmed", named, words, act.cue, why, start, end)

    def _read_act(self, act: Attribution) -> _Read:
        self._ensure(act.paragraph)
        if act.kind == "carried":
            self._ensure(self.finder.sentences[act.sentence - 1].paragraph)
            return self._named.get((act.sentence - 1, act.cue_start), _Read())
        return self._resolve(act, act.cue_start)  # read again: the span attributed is masked in its sentence now

    def check_text(self, quote: str, claimed: Named) -> SpeakerVerdict:
        """The verdict on `claimed` as the speaker of `quote`, wherever the article has its words:
        the best of its occurrences (confirmed, then other, then unconfirmed)."""
        spans = occurrences(quote, self.text)
        if not spans:
            return SpeakerVerdict("unconfirmed", reason="the quote is not in the article")
        verdicts = [self.check(start, end, claimed) for start, end in spans]
        order = {"confirmed": 0, "other": 1, "unconfirmed": 2}
        return min(verdicts, key=lambda v: order[v.status])


def occurrences(quote: str, text: str) -> list[tuple[int, int]]:
    """Every place the words of `quote` stand in `text` (typography, spacing and case folded)."""
    folded, origin = normalise_with_map(text)
    needle, _ = normalise_with_map(quote)
    needle = needle.strip("\"' ")
    spans, at = [], folded.find(needle) if needle else -1
    while at >= 0:
        spans.append((origin[at], origin[at + len(needle) - 1] + 1))
        at = folded.find(needle, at + 1)
    return spans


def check_speaker(quote: str, claimed: Named, actors: list[Named], text: str) -> SpeakerVerdict:
    """Whether `text` names `claimed` (one of `actors`) as the speaker of `quote`."""
    return SpeakerChecker(text, actors).check_text(quote, claimed)


def described(words: list[str]) -> bool:
    """Whether a speaker slot's words describe someone unnamed: an indefinite article, then
    adjectives and a noun ("ein westlicher Beamter", "a senior official"), or another person's
    office ("der stellvertretende russische Außenminister", "the former ambassador"; not "Der Berater
    … und ehemalige Botschafter …, Juri Uschakow", whose name follows)."""
    if len(words) >= 2 and fold_case(words[0]) in listed("reading", "indefinite") and words[1] != QUOTED:
        return True
    office, determiners = listed("reading", "other_office"), listed("reading", "determiners")
    return any(
        fold_case(a) in determiners and fold_case(b) in office and any(n[:1].isupper() for n in words[i + 2 : i + 5])
        for i, (a, b) in enumerate(itertools.pairwise(words))
    )
