"""What makes a headline unreadable at a glance: too long, or cut off mid-phrase. For the story tests
and bench/stories_real.py; its word lists are its own, not the headline code's."""

from __future__ import annotations

MAX_WORDS = 12
# A headline ending on one of these was cut off: an article, a conjunction, a preposition (not a German
# verb particle: "… nimmt weiter zu" is whole).
_ENDS_CUT = frozenset(
    [
        "a", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "due",
        "his", "her", "its", "their", "ein", "eine", "einen", "der", "die", "das", "den", "dem", "des",
        "und", "oder", "von", "mit", "für", "zum", "zur", "im", "am", "bei", "un", "une", "le", "la",
        "les", "des", "du", "et", "ou", "de", "à", "pour", "avec",
    ]
)  # fmt: skip


def headline_problems(headline: str) -> list[str]:
    """Why the headline fails a reader's scan (empty when it does not)."""
    problems = []
    words = headline.split()
    if len(words) > MAX_WORDS:
        problems.append(f"{len(words)} words")
    if "…" in headline or "..." in headline:
        problems.append("an ellipsis")
    if words and (words[-1].casefold() in _ENDS_CUT or headline.rstrip()[-1] in ",;:-–—("):
        problems.append(f"ends on {words[-1]!r}")
    if not words:
        problems.append("empty")
    return problems
