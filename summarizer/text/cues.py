"""The speech cues of one sentence: a verb ("sagte", "said"), "laut X", "X zufolge", "so X",
"according to X", "nach Angaben von X", a colon or ", dass" after a clause, each with the windows
that may hold its speaker (summarizer.text.slots). The word lists are data (data/speech.toml).
"""

from __future__ import annotations

from typing import Any, Literal

from summarizer.text.slots import (
    COLON_WORDS,
    STOPS,
    Token,
    Window,
    clause_start,
    segments_before,
    verb_windows,
    window,
)
from summarizer.text.wordlists import words as listed

CueKind = Literal["verb", "preposition", "colon", "complement", "carried"]
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
            return (i, cue, "preposition", [(window(toks, start, 1, lex), False)])
    if word == lex["nach"]:
        for j in range(i + 1, min(i + 4, len(toks))):  # "nach Angaben", "nach ersten Ermittlungen der Polizei"
            if _source_noun(toks[j], lex):
                start = j + 2 if j + 1 < len(toks) and toks[j + 1].fold in ("von", "vom") else j + 1
                cue = " ".join(t.text for t in toks[i : j + 1])
                return (i, cue, "preposition", [(window(toks, start, 1, lex), False)])
            if not toks[j].word or toks[j].text[:1].isupper():
                break
    if word in lex["after"]:
        return (i, toks[i].text, "preposition", [(window(toks, i - 1, -1, lex), True)])
    if word == lex["so"] and i > 0 and toks[i - 1].text == "," and i + 1 < len(toks):
        j = i + 2 if toks[i + 1].text[:1].islower() and toks[i + 1].fold not in lex["so_followers"] else i + 1
        if j < len(toks) and (toks[j].fold in lex["so_followers"] or toks[j].text[:1].isupper()):
            return (i, toks[i].text, "preposition", [(window(toks, j, 1, lex), False)])  # "so X", "so urteilte X"
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
    start = clause_start(toks, mark - 1)
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
    parts = segments_before(toks, start - 1, lex) if start and toks[start - 1].text == "," else None
    if parts:
        windows += [(list(reversed(p)), True) for p in parts[1:] if p] + [(parts[0], False)]
    first = toks[: next((k for k, t in enumerate(toks) if t.text in STOPS or t.quote), len(toks))]
    windows.append((first[:COLON_WORDS], False))
    return windows


def cues(toks: list[Token], lex: dict[str, Any]) -> list[Cue]:
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
            windows = verb_windows(toks, i, lex)
            earlier = [c for c in found if c[2] == "verb"]
            if i and toks[i - 1].fold in ("und", "and") and earlier:
                windows = earlier[-1][3]  # "X wies … zurück und sagte": the first verb's speaker
            found.append((i, tok.text, "verb", windows))
    return found


