"""What kind of event a description reports, and its content words: the evidence for clustering."""

from __future__ import annotations

import re

# The first of these words in a description names the kind of event (English and German).
# Two accounts of different kinds are never one event: a phone call is not the summit it prepares.
_KINDS = {
    "call": "call phone telephone phoned telefonat telefonats telefongespräch telefongesprächs anruf anrufs telefonierte",
    "summit": "summit summits gipfel gipfeltreffen gipfels",
    "meeting": "meeting meetings meet meets met talks treffen trifft traf gespräche verhandlungen negotiations visit",
    "attack": "attack attacks attacked strike strikes struck bombing shelling angriff angriffe greift offensive",
    "invasion": "invasion invaded invade überfall invasion einmarsch",
    "annexation": "annexed annexation annektiert annexion",
    "statement": "said says calls statement declared stated told tells wrote writes announces announced kündigte erklärte sagte schrieb erklärung kündigt erklärt schreibt nennt nannte bezeichnet bezeichnete",
    "decision": "rejects rejected refuses refused blocked blocks declines ablehnt lehnte zurückgewiesen blockierte lehnt lehnen blockiert verweigert verweigerte",
    "agreement": "agreed agreement agree deal vereinbarung abkommen einigten",
    "proposal": "proposal proposes proposed vorschlag",
}
_KIND_OF = {word: kind for kind, words in _KINDS.items() for word in words.split()}
# A German compound noun names its kind by its last part: a Vorbereitungstreffen is a meeting, a
# Präsidentengipfel a summit. Only capitalised words count (nouns), so the verb "betreffen" is none.
_COMPOUND_HEADS = {
    "treffen": "meeting",
    "treffens": "meeting",
    "gespräch": "call",
    "gespräche": "meeting",
    "gesprächen": "meeting",
    "telefonat": "call",
    "telefonats": "call",
    "gipfel": "summit",
    "gipfels": "summit",
    "gipfeltreffen": "summit",
    "angriff": "attack",
    "angriffe": "attack",
    "angriffen": "attack",
    "abkommen": "agreement",
    "abkommens": "agreement",
    "vereinbarung": "agreement",
    "vorschlag": "proposal",
}
_MIN_COMPOUND_PREFIX = 3
# Occasions happen at a time and place; acts (saying, refusing, agreeing, proposing) can happen at
# one. An act names the occasion it happened at ("rejects … during his meeting with Zelensky").
_OCCASIONS = frozenset(["call", "summit", "meeting", "attack", "invasion", "annexation"])
_ONE_OCCASION = {frozenset(["summit", "meeting"])}  # a summit is a meeting of leaders
_SUBJECT_WORDS = 5  # a reporting verb this early is the main verb: "The White House calls the call productive"
_WORD = re.compile(r"[^\W\d_]+|\d+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "than",
        "then",
        "into",
        "over",
        "after",
        "before",
        "about",
        "between",
        "during",
        "against",
        "within",
        "without",
        "not",
        "no",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "who",
        "which",
        "what",
        "when",
        "where",
        "while",
        "since",
        "also",
        "said",
        "says",
        "say",
        "both",
        "two",
        "new",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "und",
        "oder",
        "aber",
        "mit",
        "von",
        "zu",
        "zum",
        "zur",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "für",
        "ist",
        "sind",
        "war",
        "waren",
        "hat",
        "haben",
        "hatte",
        "nach",
        "vor",
        "über",
        "bei",
        "als",
        "dass",
        "nicht",
        "sich",
        "er",
        "sie",
        "es",
        "wird",
        "werden",
        "wurde",
    ]
)


def _kind_of(word: str) -> str | None:
    """The kind a word names: itself, or as a German compound noun its last part."""
    folded = word.lower()
    kind = _KIND_OF.get(folded)
    if kind or not word[:1].isupper():
        return kind
    for cut in range(_MIN_COMPOUND_PREFIX, len(folded) - 5):
        head = _COMPOUND_HEADS.get(folded[cut:])
        if head:
            return head
    return None


def event_kind(text: str) -> str | None:
    """The kind named by the first event word of `text` (a reporting verb right after the subject
    first), or None."""
    words = _WORD.findall(text)
    if any(_KIND_OF.get(w.lower()) == "statement" for w in words[:_SUBJECT_WORDS]):
        return "statement"
    for word in words:
        kind = _kind_of(word)
        if kind:
            return kind
    return None


def is_occasion(kind: str | None) -> bool:
    """Calls, meetings, summits, attacks…: things that happen at a time and place (acts happen at them)."""
    return kind in _OCCASIONS


def kinds_named(text: str) -> frozenset[str]:
    """Every kind of event `text` names."""
    return frozenset(k for k in (_kind_of(w) for w in _WORD.findall(text)) if k)


def kinds_compatible(
    x: tuple[str | None, frozenset[str]], y: tuple[str | None, frozenset[str]], same_day: bool
) -> bool:
    """Whether accounts of these kinds (main kind, kinds named) can report one event.

    An act joins the occasion it names only when both are dated to the same day.
    """
    (kx, named_x), (ky, named_y) = x, y
    if not kx or not ky or kx == ky or frozenset([kx, ky]) in _ONE_OCCASION:
        return True
    if not same_day:
        return False
    return (kx not in _OCCASIONS and ky in named_x) or (ky not in _OCCASIONS and kx in named_y)


def content_words(text: str) -> frozenset[str]:
    """Stems (first five letters) of the words that carry content: 'meeting' and 'meetings' agree."""
    return frozenset(w[:5] for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2)
