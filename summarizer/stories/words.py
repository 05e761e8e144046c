"""Words as evidence that two articles tell one story: function words dropped, inflections folded.

The stories layer compares the words of whole leads, so it needs more than the event clusterer's
short stop list (text/events.py): 'auch', 'bisher', 'wurde' or 'heute', shared by two articles of a
small day, would otherwise count as rare common ground. Stems are light and language-blind:
German, English and French inflections stripped, then the first STEM letters, so 'Gipfels' meets
'Gipfel' and 'Vogelgrippevirus' meets 'Vogelgrippe' while 'Weltraum' and 'Weltrekord', or
'Bundestag' and 'Bundesrat', stay apart (five letters would join them).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from summarizer.text.names import alias_table

STEM = 7
_WORD = re.compile(r"[^\W\d_]+")
# Longest first: the first ending that leaves at least MIN_STEM letters is stripped.
_ENDINGS = ("ern", "ing", "en", "er", "es", "em", "ed", "e", "s", "n")
MIN_STEM = 4
LANGUAGE_HINTS = 3


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    """Each language's function words (data/stopwords.txt)."""
    found: dict[str, set[str]] = {}
    words: set[str] = set()
    for line in (Path(__file__).parent / "data" / "stopwords.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            words = found.setdefault(line.strip("[] "), set())
        elif not line.startswith("#"):
            words.update(line.split())
    return {lang: frozenset(ws) for lang, ws in found.items()}


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return frozenset().union(*_function_words().values())


def lead_language(text: str) -> str | None:
    """de, en or fr: the language most of the text's function words belong to; None with fewer than
    LANGUAGE_HINTS of them, or a tie (a headline alone, or another language)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    counts = sorted(((sum(w in fw for w in words), lang) for lang, fw in _function_words().items()), reverse=True)
    (top, lang), (second, _) = counts[0], counts[1]
    return lang if top >= LANGUAGE_HINTS and top > 2 * second else None


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    return alias_table()


def _spelling(word: str) -> str:
    """One spelling for a name's variants across transliterations (aliases.json: 'lawrow' → 'lavrov')."""
    return _spellings().get(word, word)


def stem(word: str) -> str:
    """The folded stem of a lower-case word: ASCII, one spelling for a name, inflection stripped, STEM letters."""
    folded = _spelling(anyascii(word))
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= MIN_STEM:
            folded = folded[: -len(ending)]
            break
    return folded[:STEM]


def evidence_words(text: str, folded: dict[str, str]) -> dict[str, str]:
    """The text's content words as {stem: the word as written first}; `folded` memoises each word's stem."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text):
        low = word.casefold()
        key = folded.get(low)
        if key is None:
            key = folded[low] = "" if len(low) < 3 or low in _stop() else stem(low)
        if key and key not in found:
            found[key] = word
    return found
