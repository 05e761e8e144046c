"""The choices every layer must agree on: the briefing languages and the output formats.

Kept free of imports so the command line can offer them without loading the models.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "de": "German"}  # code → the name the prompts use
FORMATS = ("md", "json", "html")
