"""Recall without gold: the direct quotations an article contains, and which an extraction covers."""

from __future__ import annotations

import re

from summarizer.text.ground import normalise

# Opening mark, then the shortest run up to a closing mark of the same family. German „…“ is
# often closed with " or (by bad typesetting) a second „, so those count as closers there.
_QUOTATION = re.compile(
    r"„(?P<de>[^„“”\"\n]{2,}?)[“”\"„]"
    r"|»(?P<guil>[^»«\n]{2,}?)«"
    r"|«(?P<fr>[^«»\n]{2,}?)»"
    r"|“(?P<en>[^“”\n]{2,}?)”"
    r"|\"(?P<plain>[^\"\n]{2,}?)\""
)
MIN_WORDS = 3  # shorter quoted fragments are mostly scare quotes and names ("konstruktiv")
COVERED_SHARE = 0.5
MAX_CANDIDATES = 60  # numbered quotations offered to the model per request


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of every passage in quotation marks, marks excluded, in order."""
    spans = []
    for m in _QUOTATION.finditer(text):
        group = next(g for g in ("de", "guil", "fr", "en", "plain") if m.group(g) is not None)
        spans.append((m.start(group), m.end(group)))
    return spans


def quotation_candidates(text: str) -> list[str]:
    """The article's passages in quotation marks, each once, in order: the numbered quotations a
    model may pick quotes from. Short ones are kept: a one-word quotation ("konstruktiv") can be a
    quote, and the model, not the scan, tells it from a scare quote."""
    seen: dict[str, None] = {}
    for start, end in quotation_spans(text):
        passage = text[start:end].strip()
        if passage:
            seen.setdefault(passage, None)
    return list(seen)[:MAX_CANDIDATES]


def fold_quote(text: str) -> str:
    """A quote's words as compared: folded as `normalise` does, surrounding quotation marks dropped."""
    # normalise folds every quotation mark to '"' or "'", so one strip removes any surrounding marks.
    return normalise(text).strip("\"' ")


def find_direct_quotes(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of quoted passages of MIN_WORDS words or more, marks excluded."""
    return [(start, end) for start, end in quotation_spans(text) if len(text[start:end].split()) >= MIN_WORDS]


def covered_quotes(span: tuple[int, int], extracted: list[tuple[int, int]]) -> bool:
    """True when extracted quote spans cover at least half of `span`."""
    start, end = span
    overlap = sum(max(0, min(end, e) - max(start, s)) for s, e in extracted)
    return overlap >= COVERED_SHARE * (end - start)


def speaker_named_in(forms: list[str], text: str) -> bool:
    """Whether any form of a speaker's name (or its last word) occurs in the article."""
    folded = normalise(text)
    for form in forms:
        f = normalise(form)
        if f and (f in folded or f.split(" ")[-1] in folded):
            return True
    return False
