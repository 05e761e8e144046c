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
from functools import lru_cache
from typing import Literal, Protocol

from anyascii import anyascii

from summarizer.text.attribution import TOKEN, Attribution, Finder, Mention, lexicon
from summarizer.text.ground import normalise_with_map
from summarizer.text.names import HONORIFICS, alias_table, fold_case
from summarizer.text.wordlists import words as listed

SpeakerStatus = Literal["confirmed", "other", "unconfirmed"]
_ENDINGS = frozenset(["", "e", "s", "n", "r", "m", "es", "en", "er", "em", "ns"])
_STEM = 4  # shorter words must match exactly
_FULL, _SURNAME, _ROLE = 3, 2, 1
_PRONOUN = -1
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


def _words(text: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(text) if m.group()[0].isalnum()]


def _is_person(actor: Named) -> bool:
    return str(getattr(actor.kind, "value", actor.kind)) == "person"


def _forms(actor: Named) -> list[tuple[tuple[str, ...], int]]:
    """The words that name an actor, with their weight: name and aliases, a person's surname, role."""
    forms = []
    for text in (actor.name, *actor.aliases):
        keys = [word_key(w) for w in _words(text)]
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


def _role_keys(actor: Named) -> list[str]:
    """The content words of an actor's role ('ehemaliger US-Botschafter in Kiew' → ehemaliger, us-botschafter, kiew)."""
    lex = lexicon()
    skip = lex["prepositions"] | listed("reading", "determiners")
    return [word_key(w) for w in _words(actor.role or "") if fold_case(w) not in skip]


@dataclass(frozen=True)
class _Hit:
    start: int  # word index in the slot
    end: int
    actor: int  # index into the actors, or _PRONOUN
    weight: int


class SpeakerChecker:
    """The speaker check for one article and its actors (speech acts found and resolved once)."""

    def __init__(self, text: str, actors: list[Named]) -> None:
        self.text = text
        self.actors = actors
        self.finder = Finder(text)
        self._forms = [_forms(a) for a in actors]
        self._roles = [_role_keys(a) for a in actors]
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

    def hits(self, words: list[str], modifiers: bool = False) -> list[_Hit]:
        """Actors' forms and pronouns among `words`; names that qualify a noun or follow a
        preposition left out unless `modifiers`."""
        keys = [word_key(w) for w in words]
        pronouns = lexicon()["pronouns"]
        found = [_Hit(i, i + 1, _PRONOUN, 0) for i, w in enumerate(words) if fold_case(w) in pronouns]
        for a, forms in enumerate(self._forms):
            for form, weight in forms:
                n = len(form)
                for i in range(len(keys) - n + 1):
                    if all(same_word(k, f) for k, f in zip(keys[i : i + n], form, strict=True)):
                        exact = tuple(keys[i : i + n]) == form  # "Koch-Mehrin" over "Koch-Mehrins"
                        found.append(_Hit(i, i + n, a, 2 * weight + exact))
        for a, role in enumerate(self._roles):
            found += _role_hits(keys, role, a)
        longest = [h for h in found if not any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start for o in found)]
        return [h for h in longest if modifiers or not _dependent(words, h)]

    def _read(self, mention: Mention) -> _Read:
        """What one speaker slot names: the speaker nearest its cue, and those joined to it by 'und'."""
        words = list(mention.words)
        hits = self.hits(words, modifiers=mention.in_phrase)
        if not hits:
            run = _name_run(words)
            return _Read(unknown=run is not None, words=run)
        pick = max(hits, key=lambda h: h.start) if mention.last else min(hits, key=lambda h: h.start)
        if pick.actor == _PRONOUN:
            return _Read(pronoun=fold_case(words[pick.start]), words=words[pick.start])
        same = [h for h in hits if (h.start, h.end) == (pick.start, pick.end)]
        best = max(h.weight for h in same)
        tops = {h.actor for h in same if h.weight == best}
        if len(tops) > 1:  # two actors share these words: the text does not tell them apart
            return _Read(unknown=True, words=" ".join(words[pick.start : pick.end]))
        actors, unknown = _joined(words, hits, pick)
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
            return read.unknown or (len(read.actors) == 1 and _is_person(self.actors[read.actors[0]]))

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
            for h in self.hits(_words(self.text[a:b]), modifiers=person):
                if h.actor >= 0 and (not person or _is_person(self.actors[h.actor])):
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


def _joined(words: list[str], hits: list[_Hit], pick: _Hit) -> tuple[list[int], bool]:
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


def _role_hits(keys: list[str], role: list[str], actor: int) -> list[_Hit]:
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
            found.append(_Hit(min(matched), max(matched) + 1, actor, 2 * _ROLE))
    return found


def _dependent(words: list[str], hit: _Hit) -> bool:
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


def _name_run(words: list[str]) -> str | None:
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


def check_speaker(quote: str, claimed: Named, actors: list[Named], text: str) -> SpeakerVerdict:
    """Whether `text` names `claimed` (one of `actors`) as the speaker of `quote`."""
    return SpeakerChecker(text, actors).check_text(quote, claimed)
