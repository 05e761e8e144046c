"""Data contracts: the extraction the model returns, the briefing we publish, the stored-response record.

Imports only `summarizer.text` below it (import-linter enforces this)."""
