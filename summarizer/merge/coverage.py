"""Quote coverage: how many of an article's direct quotes (found by the quotation scan) the ledger holds."""

from __future__ import annotations

from summarizer.contracts.briefing import Source
from summarizer.text.quotescan import covered_quotes, find_direct_quotes


def note_coverage(source: Source, text: str, spans: list[tuple[int, int]]) -> None:
    """Set the source's direct-quote counts, and the quotes no grounded span in `spans` covers."""
    found = find_direct_quotes(text)
    uncovered = [text[s:e] for s, e in found if not covered_quotes((s, e), spans)]
    source.direct_quotes_found = len(found)
    source.direct_quotes_covered = len(found) - len(uncovered)
    source.uncovered_quotes = uncovered
