"""The sources stage, below ingest: what is not a plain file (web pages by URL, RSS/Atom/JSON
feeds, OPML lists) fetched once into an article store and handed on as Articles.

It uses text/ (decoding, page extraction, dates, URLs) and the sqlite store helper; llm, merge,
stories and render never import it, and app is its only caller (import contracts in pyproject.toml).
"""
