"""Pure functions over article text: ingest, grounding, names, dates, event words, the quotation scan.

The bottom layer: imports nothing else from the project (import-linter enforces this)."""
