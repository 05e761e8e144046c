"""Where the text names the article's actors: each name or alias as whole words (case and
typography folded, a German genitive allowed: "Präsident Trumps Umgang"), for the choices a
quotation's speaker is picked from and the participants an event's sentence names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.contracts.extraction import Actor
from summarizer.text.ground import normalise


def mentions(folded: str, actors: Sequence[Actor]) -> list[tuple[int, str]]:
    """(offset in `folded`, actor name) of every mention in folded text (text.ground.normalise), in order."""
    found = []
    for actor in actors:
        for form in (actor.name, *actor.aliases):
            key = normalise(form)
            if not key:
                continue
            for match in re.finditer(rf"(?<!\w){re.escape(key)}(?:s|es)?(?!\w)", folded):
                found.append((match.start(), actor.name))
    return sorted(found)


def named_in(text: str, actors: Sequence[Actor]) -> list[str]:
    """The actors `text` names, in the order it first names them."""
    return list(dict.fromkeys(name for _, name in mentions(normalise(text), actors)))
