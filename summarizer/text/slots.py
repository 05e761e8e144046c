"""The words that may name a speaker, by their place in a sentence (for summarizer.text.cues).

A sentence is read as tokens, each quotation one token. A verb's speaker stands before it
("Peskow sagte"), after it when something else stands first ("„…“, sagte Peskow"; "Am Dienstag
sagte er"), at its auxiliary for a participle ("hatte Koch-Mehrin gesagt"); a passive's agent
speaks ("vom LSVD aufgefordert"). The word lists are data (data/speech.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from summarizer.text.names import fold_case
from summarizer.text.sentences import Sentence
from summarizer.text.wordlists import speech_data
from summarizer.text.wordlists import words as listed

WINDOW = 14  # words searched on either side of a cue
COLON_WORDS = 20  # words of the clause before a colon searched for its subject
QUOTED = "Zitat"  # a quotation inside a speaker window, as one capitalised word
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
STOPS = frozenset(",;:–—")


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



Window = tuple[list[Token], bool]  # words, nearest the cue first; and whether the speaker is the last of them


def tokens(text: str, sentence: Sentence, masked: list[tuple[int, int]]) -> list[Token]:
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
    return tok.text in STOPS or (tok.fold in lex["boundaries"] and tok.fold not in through)


def window(toks: list[Token], start: int, step: int, lex: dict[str, Any], *, quotes: bool = False) -> list[Token]:
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


def mention(window: Window, in_phrase: bool = False) -> Mention | None:
    words = sorted(window[0], key=lambda w: w.start)
    while words and not (words[-1].word or words[-1].quote):
        words.pop()
    while words and not words[0].word:
        words.pop(0)
    if not any(w.word for w in words):
        return None
    shown = tuple(QUOTED if w.quote else w.text for w in words if w.word or w.quote)
    return Mention(words[0].start, words[-1].end, shown, window[1], in_phrase)


def clause_start(toks: list[Token], i: int) -> int:
    """Index of the first token of the clause the token `i` stands in (after a mark or quotation)."""
    j = i
    while j > 0 and not (toks[j - 1].quote or toks[j - 1].text in STOPS):
        j -= 1
    return j


def segments_before(toks: list[Token], comma: int, lex: dict[str, Any], fronted: bool = False) -> list[list[Token]] | None:
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


def verb_windows(toks: list[Token], i: int, lex: dict[str, Any]) -> list[Window]:
    """Where a speech verb's speaker stands, likeliest first; a participle's at its auxiliary
    ("Stoiber hatte … betont", "hatte Koch-Mehrin damals gesagt")."""
    start = clause_start(toks, i)
    if start == i and i and toks[i - 1].text == ",":
        # an auxiliary may stand before an apposition: "hatte ein Talibanführer, Baitullah Mehsud, erklärt"
        parts = segments_before(toks, i - 1, lex, fronted=True)
        start = parts[0][0].start if parts and parts[0] else start
        start = next((k for k, t in enumerate(toks) if t.start == start), i)
    head_end = clause_start(toks, i) if start < clause_start(toks, i) else i
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
    right = window(toks, i + 1, 1, lex)
    if right and right[0].fold == "sich":  # "äußerte sich der Chef"
        right = right[1:]
    if (right and right[0].fold in lex["object_starts"]) or toks[i].fold in lex["to_addressee"]:
        right = []
    before = toks[i - 1] if i else None
    if before is not None and before.text == ",":
        if i >= 2 and toks[i - 2].quote:
            return [(right, False)]  # „…“, sagte X
        parts = segments_before(toks, i - 1, lex)
        if parts is None:
            return [(right, False)]  # "Wenn …, sagte X": the subject follows the verb
        names = [p for p in parts[1:] if all(t.text[0].isupper() for t in p if t.word)]
        return [(list(reversed(p)), True) for p in names] + [(list(reversed(parts[0])), True), (right, False)]
    if before is None or before.text in STOPS:
        return [(right, False)]
    if before.fold in ("und", "and"):  # "In der Woche blockierte er … und behauptete": the first conjunct's subject
        return [(toks[clause_start(toks, i - 1) : i - 1][:WINDOW], False), (right, False)]
    if before.quote:  # "„…“ sagte er", or a quotation as the object: "beide Seiten als „…“ bezeichneten"
        j = i - 2 if i >= 2 and toks[i - 2].fold not in ("als", "as") else i - 3
        return [(right, False), (window(toks, j, -1, lex), True)]
    left = window(toks, i - 1, -1, lex, quotes=True)
    first = toks[clause_start(toks, i)]
    if first.fold in listed("clauses", "fronted") or (first.fold,) in lex["before"] or not left:
        return [(right, False), (left, True)]
    return [(left, True), (right, False)]


