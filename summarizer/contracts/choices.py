"""The choices every layer must agree on: the briefing languages, the output formats and the Markdown detail.

Kept free of imports so the command line can offer them without loading the models.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "de": "German"}  # code → the name the prompts use
FORMATS = ("md", "json", "html")
DETAILS = ("brief", "full")  # Markdown: the ranked stories, or the stories and an appendix of every item
