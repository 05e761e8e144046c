"""Who the text says said it: quotations and the words naming their speakers, found by rule.

For every quotation (or any span, such as an indirect quote) the finder looks in its sentence for a
speech cue (a verb such as "sagte", "erklärte", "said"; "laut X", "X zufolge", "so X", "according
to X", "nach Angaben von X"; a colon before the quotation) and takes the words in the cue's
speaker slot: before the verb ("Peskow sagte"; "Steven Pifer, der …, sagte"), after it when
something else stands first ("„…“, sagte Peskow"; "Am Dienstag sagte er"), or the first verb's
slot for a second one ("X wies … zurück und sagte"). A sentence that is little more than the
quotation takes the last speaker of the sentence before. The words found are windows, not yet
actors: summarizer.text.speakers reads actors' names, aliases and roles in them, and resolves a
pronoun. The word lists are data (data/speech.toml); nothing here knows an actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from summarizer.text.names import fold_case
from summarizer.text.sentences import Sentence, quotation_spans, split_sentences
from summarizer.text.wordlists import speech_data
from summarizer.text.wordlists import words as listed

CueKind = Literal["verb", "preposition", "colon", "complement", "carried"]
WINDOW = 14  # words searched on either side of a cue
BARE_WORDS = 3
COLON_WORDS = 20  # words of the clause before a colon searched for its subject  # a sentence with no more words than this beside its quotation continues the one before
QUOTED = "Zitat"  # a quotation inside a speaker window, as one capitalised word
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_STOPS = frozenset(",;:–—")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The cue words of data/speech.toml, case-folded into sets."""
    data = speech_data()

    def words(*keys: str) -> frozenset[str]:
        table: Any = data
        for key in keys:
            table = table[key]
        forms = [w for ws in table.values() for w in ws] if isinstance(table, dict) else table
        return frozenset(fold_case(w) for w in forms)

    preps = data["prepositions"]
    return {
        "verbs": words("verbs"),
        "particles": {fold_case(v): frozenset(ps) for v, ps in data["particle_verbs"].items()},
        "before": [tuple(fold_case(p).split()) for p in preps["before_speaker"]],
        "nach": fold_case(preps["nach"]),
        "nach_nouns": words("prepositions", "nach_nouns"),
        "nach_suffixes": tuple(words("prepositions", "nach_suffixes")),
        "phrases_by_first": _by_first([tuple(p.split()) for p in words("phrases")]),
        "in_phrase": words("in_phrase", "verbs"),
        "quoting": words("colon", "quoting"),
        "view_nouns": words("in_phrase", "view_nouns"),
        "view_verbs": words("in_phrase", "view_verbs"),
        "after": words("prepositions", "after_speaker"),
        "so": fold_case(preps["so"]),
        "so_followers": words("prepositions", "so_followers"),
        "pronouns": words("pronouns"),
        "subjunctive": words("subjunctive"),
        "boundaries": words("boundaries"),
        "object_starts": words("objects", "starts"),
        "addressee": words("objects", "addressee"),
        "to_addressee": words("objects", "to_addressee"),
        "genitive": words("modifiers", "genitive"),
        "partitive": words("partitive", "heads"),
        "of": words("modifiers", "of"),
        "prepositions": words("modifiers", "prepositions"),
        "apposition": words("modifiers", "apposition"),
    }


def _by_first(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    found: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        found.setdefault(p[0], []).append(p)
    return found


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    quote: bool = False  # a whole quotation (or the span attributed), marks included
    word: bool = field(init=False)
    fold: str = field(init=False)  # the word case-folded ("" for marks and quotations)

    def __post_init__(self) -> None:
        word = not self.quote and (self.text[0].isalnum() or self.text[0] == "_")
        object.__setattr__(self, "word", word)
        object.__setattr__(self, "fold", fold_case(self.text) if word else "")


@dataclass(frozen=True)
class Mention:
    """Words of the text in a speaker slot: a name, a description or a pronoun. `words` are the
    words themselves (a quotation among them as QUOTED); `last`: the speaker is the last name
    of them (the slot stands before its cue), else the first."""

    start: int
    end: int
    words: tuple[str, ...]
    last: bool = False
    in_phrase: bool = False  # a name after a preposition may be the speaker ("In dem Antrag heißt es")

    @property
    def text(self) -> str:
        return " ".join("…" if w == QUOTED else w for w in self.words)


@dataclass(frozen=True)
class Attribution:
    """A speech act: the cue, the windows that may hold its speaker (likeliest first), and the
    quotation or span it attributes (None: its sentence quotes nothing)."""

    quote: tuple[int, int] | None
    cue: str
    cue_start: int
    kind: CueKind
    windows: tuple[Mention, ...]
    sentence: int
    paragraph: int

    @property
    def speaker(self) -> Mention:
        """The likeliest window: the words a reader would take as the speaker."""
        return self.windows[0]


Window = tuple[list[Token], bool]  # words, nearest the cue first; and whether the speaker is the last of them


def _tokens(text: str, sentence: Sentence, masked: list[tuple[int, int]]) -> list[Token]:
    """The sentence's words and marks, each masked span (quotations) one token."""
    out: list[Token] = []
    spans = sorted(s for s in masked if s[0] < sentence.end and s[1] > sentence.start)
    at = sentence.start
    for start, end in [*spans, (sentence.end, sentence.end)]:
        for m in TOKEN.finditer(text, at, max(at, start)):
            out.append(Token(m.group(), m.start(), m.end()))
        if end > start:
            out.append(Token(text[start:end], start, end, quote=True))
        at = max(at, end)
    return out


def _stop(tok: Token, lex: dict[str, Any], through: frozenset[str] = frozenset()) -> bool:
    return tok.text in _STOPS or (tok.fold in lex["boundaries"] and tok.fold not in through)


def _window(toks: list[Token], start: int, step: int, lex: dict[str, Any], *, quotes: bool = False) -> list[Token]:
    """Words from `start` on in direction `step` up to a boundary; forward, through 'und' (two
    speakers) and up to an addressee; `quotes`: over quotations (an object before a final verb)."""
    got: list[Token] = []
    i = start
    through = frozenset(["und", "and"]) if step > 0 else frozenset()
    while 0 <= i < len(toks) and len(got) < WINDOW:
        tok = toks[i]
        if tok.text in "()":  # a parenthesis is passed over: "Renate Schmidt (SPD) äußerte"
            close = ")" if step > 0 else "("
            while 0 <= i < len(toks) and toks[i].text != close and (toks[i].text in "()" or not toks[i].quote):
                i += step
                if 0 <= i < len(toks) and toks[i].text == close:
                    break
            i += step
            continue
        if step > 0 and tok.text == "," and got:
            apposition = _apposition(toks, i + 1)
            if apposition:  # "nach Angaben des Direktors, Jefferson Irwin Jauwena, …"
                got += apposition
                i += len(apposition) + 1
            break
        if (tok.quote and not quotes) or _stop(tok, lex, through) or (step > 0 and tok.fold in lex["addressee"]):
            break
        got.append(tok)
        i += step
    return got


def _apposition(toks: list[Token], i: int) -> list[Token]:
    """A name between commas from `i` on (up to four capitalised words, then a comma or the end)."""
    j = i
    while j < len(toks) and toks[j].word and toks[j].text[0].isupper() and j - i < 4:
        j += 1
    ends = j == len(toks) or toks[j].text in ",.;:" or toks[j].quote
    return toks[i:j] if j > i and ends else []


def _mention(window: Window, in_phrase: bool = False) -> Mention | None:
    words = sorted(window[0], key=lambda w: w.start)
    while words and not (words[-1].word or words[-1].quote):
        words.pop()
    while words and not words[0].word:
        words.pop(0)
    if not any(w.word for w in words):
        return None
    shown = tuple(QUOTED if w.quote else w.text for w in words if w.word or w.quote)
    return Mention(words[0].start, words[-1].end, shown, window[1], in_phrase)


def _clause_start(toks: list[Token], i: int) -> int:
    """Index of the first token of the clause the token `i` stands in (after a mark or quotation)."""
    j = i
    while j > 0 and not (toks[j - 1].quote or toks[j - 1].text in _STOPS):
        j -= 1
    return j


def _segments_before(toks: list[Token], comma: int, lex: dict[str, Any], fronted: bool = False) -> list[list[Token]] | None:
    """'Steven Pifer, der Gesandte, der …, sagte': the comma-separated parts before the verb, when
    all after the first are appositions or relative clauses of its noun phrase; else None."""
    parts: list[list[Token]] = [[]]
    j = comma - 1
    while j >= 0 and not toks[j].quote and toks[j].text not in ";:":
        if toks[j].text == ",":
            parts.insert(0, [])
        else:
            parts[0].insert(0, toks[j])
        j -= 1
    head, rest = parts[0], parts[1:]
    if head and head[0].fold in ("wie", "as") and len(head) > 1:
        head = parts[0] = head[1:]  # "Wie die Premierministerin, Anna Bligh, erklärte": the subject follows "wie"
    if not head or not rest or (head[0].fold in listed("clauses", "fronted") and not fronted) or head[0].fold in lex["boundaries"]:
        return None
    for part in rest:
        words = [t for t in part if t.word]
        if not words or not (words[0].fold in lex["apposition"] or words[0].text[0].isupper() or words[0].text.isdigit()):
            return None  # "Lothar Nicht, Ordnungsdezernent der Stadt, sprach": a role after a comma is an apposition
    return parts


def _verb_windows(toks: list[Token], i: int, lex: dict[str, Any]) -> list[Window]:
    """Where a speech verb's speaker stands, likeliest first; a participle's at its auxiliary
    ("Stoiber hatte … betont", "hatte Koch-Mehrin damals gesagt")."""
    start = _clause_start(toks, i)
    if start == i and i and toks[i - 1].text == ",":
        # an auxiliary may stand before an apposition: "hatte ein Talibanführer, Baitullah Mehsud, erklärt"
        parts = _segments_before(toks, i - 1, lex, fronted=True)
        start = parts[0][0].start if parts and parts[0] else start
        start = next((k for k, t in enumerate(toks) if t.start == start), i)
    head_end = _clause_start(toks, i) if start < _clause_start(toks, i) else i
    head_end = next((k for k in range(start, head_end) if toks[k].text == ","), head_end)
    aux = next((j for j in range(head_end - 1, start - 1, -1) if toks[j].fold in listed("clauses", "auxiliaries")), None)
    if aux is not None and not any(t.fold in lex["verbs"] for t in toks[aux + 1 : i]):
        agent = _agent(toks, start, i, aux)
        if agent:
            return [(agent, False)]
        windows = _finite_windows(toks, aux, lex)
        return [([t for t in w if t.start < toks[i].start], last) for w, last in windows]
    return _finite_windows(toks, i, lex)


def _agent(toks: list[Token], start: int, i: int, aux: int) -> list[Token]:
    """A passive's agent speaks: "wurde die Regierung vom LSVD aufgefordert", "Von deutscher Seite wurde gefordert"."""
    if toks[aux].fold not in listed("clauses", "passive"):
        return []
    for k in range(start, i):
        if toks[k].fold in ("von", "vom", "by"):
            return [t for t in toks[k + 1 : i] if t.start < toks[i].start and k + 1 <= toks.index(t) < (aux if k < aux else i)]
    return []


def _finite_windows(toks: list[Token], i: int, lex: dict[str, Any]) -> list[Window]:
    right = _window(toks, i + 1, 1, lex)
    if right and right[0].fold == "sich":  # "äußerte sich der Chef"
        right = right[1:]
    if (right and right[0].fold in lex["object_starts"]) or toks[i].fold in lex["to_addressee"]:
        right = []
    before = toks[i - 1] if i else None
    if before is not None and before.text == ",":
        if i >= 2 and toks[i - 2].quote:
            return [(right, False)]  # „…“, sagte X
        parts = _segments_before(toks, i - 1, lex)
        if parts is None:
            return [(right, False)]  # "Wenn …, sagte X": the subject follows the verb
        names = [p for p in parts[1:] if all(t.text[0].isupper() for t in p if t.word)]
        return [(list(reversed(p)), True) for p in names] + [(list(reversed(parts[0])), True), (right, False)]
    if before is None or before.text in _STOPS:
        return [(right, False)]
    if before.fold in ("und", "and"):  # "In der Woche blockierte er … und behauptete": the first conjunct's subject
        return [(toks[_clause_start(toks, i - 1) : i - 1][:WINDOW], False), (right, False)]
    if before.quote:  # "„…“ sagte er", or a quotation as the object: "beide Seiten als „…“ bezeichneten"
        j = i - 2 if i >= 2 and toks[i - 2].fold not in ("als", "as") else i - 3
        return [(right, False), (_window(toks, j, -1, lex), True)]
    left = _window(toks, i - 1, -1, lex, quotes=True)
    first = toks[_clause_start(toks, i)]
    if first.fold in listed("clauses", "fronted") or (first.fold,) in lex["before"] or not left:
        return [(right, False), (left, True)]
    return [(left, True), (right, False)]


Cue = tuple[int, str, CueKind, list[Window]]  # token index, the cue as written, kind, candidate windows


def _source_noun(tok: Token, lex: dict[str, Any]) -> bool:
    """'Angaben', 'Fernsehbericht', 'Ermittlungen': a noun naming a source's statement."""
    return tok.fold in lex["nach_nouns"] or (tok.text[:1].isupper() and tok.fold.endswith(lex["nach_suffixes"]))


def _prepositional(toks: list[Token], i: int, lex: dict[str, Any]) -> Cue | None:
    word = toks[i].fold
    for phrase in lex["before"]:
        if tuple(t.fold for t in toks[i : i + len(phrase)]) == phrase:
            start = i + len(phrase)
            for j in range(start, min(start + 3, len(toks))):  # "laut Angaben des ZDF", "laut einer Schätzung von X"
                if _source_noun(toks[j], lex):
                    start = j + 2 if j + 1 < len(toks) and toks[j + 1].fold in ("von", "vom") else j + 1
                    break
            cue = " ".join(t.text for t in toks[i : i + len(phrase)])
            return (i, cue, "preposition", [(_window(toks, start, 1, lex), False)])
    if word == lex["nach"]:
        for j in range(i + 1, min(i + 4, len(toks))):  # "nach Angaben", "nach ersten Ermittlungen der Polizei"
            if _source_noun(toks[j], lex):
                start = j + 2 if j + 1 < len(toks) and toks[j + 1].fold in ("von", "vom") else j + 1
                cue = " ".join(t.text for t in toks[i : j + 1])
                return (i, cue, "preposition", [(_window(toks, start, 1, lex), False)])
            if not toks[j].word or toks[j].text[:1].isupper():
                break
    if word in lex["after"]:
        return (i, toks[i].text, "preposition", [(_window(toks, i - 1, -1, lex), True)])
    if word == lex["so"] and i > 0 and toks[i - 1].text == "," and i + 1 < len(toks):
        j = i + 2 if toks[i + 1].text[:1].islower() and toks[i + 1].fold not in lex["so_followers"] else i + 1
        if j < len(toks) and (toks[j].fold in lex["so_followers"] or toks[j].text[:1].isupper()):
            return (i, toks[i].text, "preposition", [(_window(toks, j, 1, lex), False)])  # "so X", "so urteilte X"
    return None


def _view(toks: list[Token], i: int, lex: dict[str, Any]) -> bool:
    """'ist der (gegenteiligen) Ansicht', 'sind der Meinung': a view attributed to the clause's subject."""
    if toks[i].fold not in lex["view_verbs"] or i + 2 >= len(toks) or toks[i + 1].fold not in ("der", "of"):
        return False
    return any(t.fold in lex["view_nouns"] for t in toks[i + 2 : i + 4])


def _introduction(toks: list[Token], mark: int, lex: dict[str, Any]) -> list[Window]:
    """The speaker of what follows a colon or ", dass" in a clause with no speech verb ("Peskow: „…“",
    "warb Obama … mit den Worten: „…“", "X räumte ein, dass"): the first name of the clause; else of
    the noun phrase before its commas; else of the sentence's first clause."""
    start = _clause_start(toks, mark - 1)
    clause = toks[start:mark]
    words = [t for t in clause if t.word]
    if not words or any(t.fold in lex["verbs"] for t in words):
        return []
    quoting = next((k for k, t in enumerate(clause) if t.fold in lex["quoting"]), None)
    if quoting is not None:  # the one quoted speaks, not the one quoting
        aux = next((k for k, t in enumerate(clause[:quoting]) if t.fold in listed("clauses", "passive")), None)
        if aux is None:
            return [(clause[quoting + 1 :], False)]
        return [(clause[aux + 1 : quoting], False), (list(reversed(clause[:aux])), True)]
    windows = [(clause[-COLON_WORDS:], False)]
    parts = _segments_before(toks, start - 1, lex) if start and toks[start - 1].text == "," else None
    if parts:
        windows += [(list(reversed(p)), True) for p in parts[1:] if p] + [(parts[0], False)]
    first = toks[: next((k for k, t in enumerate(toks) if t.text in _STOPS or t.quote), len(toks))]
    windows.append((first[:COLON_WORDS], False))
    return windows


def _cues(toks: list[Token], lex: dict[str, Any]) -> list[Cue]:
    """Every speech cue of a sentence."""
    found: list[Cue] = []
    for i, tok in enumerate(toks):
        if not tok.word:
            if tok.quote and i > 0 and toks[i - 1].text == ":":
                windows = _introduction(toks, i - 1, lex)
                if windows:
                    found.append((i - 1, ":", "colon", windows))
            continue
        if tok.fold in ("dass", "daß") and i > 1 and toks[i - 1].text == ",":
            windows = _introduction(toks, i - 1, lex)
            if windows:  # "Die Organisatoren gestanden ein, dass …": the clause before speaks
                found.append((i, tok.text, "complement", windows))
            continue
        prep = _prepositional(toks, i, lex)
        if prep is not None:
            found.append(prep)
            continue
        if tok.text[:1].isupper() and i > 0:
            continue  # a verb is written small but first in its sentence: "States", "Angaben" are no verbs
        particles = lex["particles"].get(tok.fold)
        phrase = any(
            tuple(t.fold for t in toks[i : i + len(p)]) == p for p in lex["phrases_by_first"].get(tok.fold, ())
        ) or _view(toks, i, lex)
        particle = particles and (any(t.fold in particles for t in toks[i + 1 :]) or (i and toks[i - 1].fold in particles))
        if phrase or tok.fold in lex["verbs"] or particle:
            windows = _verb_windows(toks, i, lex)
            earlier = [c for c in found if c[2] == "verb"]
            if i and toks[i - 1].fold in ("und", "and") and earlier:
                windows = earlier[-1][3]  # "X wies … zurück und sagte": the first verb's speaker
            found.append((i, tok.text, "verb", windows))
    return found


class Finder:
    """The speech acts of one article, found once; then the attribution of any span in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = split_sentences(text)
        self.quotes = [q for q in quotation_spans(text) if not _title(text, q)]
        self._lex = lexicon()
        self._acts_of: dict[int, list[Attribution]] = {}

    def acts_of(self, index: int) -> list[Attribution]:
        """The speech acts of the sentence `index` (found when first asked for)."""
        if index not in self._acts_of:
            self._acts_of[index] = self._acts(self.sentences[index], None)
        return self._acts_of[index]

    def _acts(self, s: Sentence, target: tuple[int, int] | None) -> list[Attribution]:
        masked = self.quotes if target is None else _merged(self.quotes, target)
        toks = _tokens(self.text, s, masked)
        acts = []
        for index, cue, kind, windows in _cues(toks, self._lex):
            in_phrase = fold_case(cue) in self._lex["in_phrase"]
            mentions = tuple(m for w in windows if (m := _mention(w, in_phrase)))
            if mentions:
                quote = _nearest_quote(toks, index) if target is None else target
                acts.append(Attribution(quote, cue, toks[index].start, kind, mentions, s.index, s.paragraph))
        return acts

    def _other_clause(self, toks: list[Token], act: Attribution, target: tuple[int, int]) -> bool:
        """A cue after the span, beyond a clause opener ("„…“, während X erklärte"), speaks of another clause."""
        if act.cue_start < target[1]:
            return False
        return any(t.fold in self._lex["boundaries"] for t in toks if target[1] <= t.start < act.cue_start)

    def outside_quotes(self, s: Sentence) -> list[tuple[int, int]]:
        """The stretches of a sentence outside its quotations."""
        stretches, at = [], s.start
        for start, end in sorted(q for q in self.quotes if q[0] < s.end and q[1] > s.start):
            if start > at:
                stretches.append((at, start))
            at = max(at, end)
        if at < s.end:
            stretches.append((at, s.end))
        return stretches

    def sentence_of(self, at: int) -> Sentence | None:
        return next((s for s in self.sentences if s.start <= at < s.end), None)

    def candidates(self, start: int, end: int) -> list[Attribution]:
        """The speech acts that may attribute `text[start:end]`, likeliest first: the cues of its
        sentence, nearest first; for a sentence of little more than the span, the last speech act
        of the sentence before (kind `carried`)."""
        s = self.sentence_of(start) or self.sentence_of(max(0, end - 1))
        if s is None:
            return []
        if end > s.end:  # a span over several sentences is read from the sentence it starts in
            s = Sentence(s.start, end, s.paragraph, s.index)
        target = _widened(self.quotes, (start, end))
        toks = _tokens(self.text, s, _merged(self.quotes, target))
        acts = sorted(
            self._acts(s, target),
            # a verb's subject speaks; "laut X" beside it names the medium that reports it
            key=lambda a: (self._other_clause(toks, a, target), a.kind != "verb", _distance(a, target)),
        )
        if acts or s.index == 0:
            return acts
        words = [t for t in toks if t.word]
        before = self.sentences[s.index - 1]
        reported = before.paragraph == s.paragraph and any(t.fold in self._lex["subjunctive"] for t in words)
        if (len(words) > BARE_WORDS and not reported) or (before.paragraph != s.paragraph and words):
            return []  # a new paragraph continues the one before only when it is the quotation alone
        if not self.acts_of(before.index):
            return []
        last = self.acts_of(before.index)[-1]
        return [Attribution(target, last.cue, last.cue_start, "carried", last.windows, s.index, s.paragraph)]


def _title(text: str, span: tuple[int, int]) -> bool:
    """A quoted name rather than a quotation: „Die Zeit“, „The Guardian“; after an article, „heise online“."""
    words = text[span[0] + 1 : span[1] - 1].split()
    before = text[max(0, span[0] - 12) : span[0]].split()
    named = before and fold_case(before[-1]) in listed("clauses", "namers") and len(words) <= 3
    return 0 < len(words) <= 4 and (
        bool(named) or all(w[:1].isupper() or w.casefold() in ("und", "der", "des", "of", "the", "and") for w in words)
    )




def _merged(quotes: list[tuple[int, int]], target: tuple[int, int]) -> list[tuple[int, int]]:
    """Quotations with the target among them, any quotation it overlaps taken into it."""
    start, end = target
    return [*(q for q in quotes if q[1] <= start or q[0] >= end), target]


def _widened(quotes: list[tuple[int, int]], span: tuple[int, int]) -> tuple[int, int]:
    """A span inside a quotation stands for the quotation (its marks included)."""
    start, end = span
    for q_start, q_end in quotes:
        if q_start <= start and end <= q_end:
            return q_start, q_end
        if start <= q_start < end or start < q_end <= end:
            start, end = min(start, q_start), max(end, q_end)
    return start, end


def _nearest_quote(toks: list[Token], index: int) -> tuple[int, int] | None:
    spans = [(abs(i - index), (t.start, t.end)) for i, t in enumerate(toks) if t.quote]
    return min(spans)[1] if spans else None


def _distance(a: Attribution, target: tuple[int, int]) -> int:
    return min(abs(a.cue_start - target[0]), abs(a.cue_start - target[1]))


def attributions(text: str) -> list[Attribution]:
    """Every quotation of the article in marks with the likeliest speech act attributing it (where
    the rules find one), in text order: candidate quotations and speakers for a model to choose from."""
    finder = Finder(text)
    return [found[0] for start, end in finder.quotes if (found := finder.candidates(start, end))]
