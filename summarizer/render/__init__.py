"""Briefing → Markdown, JSON or a self-contained HTML page. Never imports llm or app."""
