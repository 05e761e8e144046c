"""Jinja templates → chat messages. Templates render in a sandbox; the article is fenced as data."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from summarizer.contracts.choices import LANGUAGES
from summarizer.text.ground import normalise_with_map
from summarizer.text.ingest import Article
from summarizer.text.quotescan import quotation_candidates

# An article-like tag as it stands in the folded view of a text (NFKC, case folded, invisible
# characters dropped, whitespace runs one space): "<" however written (full-width and small forms
# fold to it; HTML entities are matched here), any slashes and spaces, then "article".
_TAG_IN_VIEW = re.compile(r"(<|&lt;?|&#0*60;?|&#x0*3c;?)(?:[ /\\\u2044\u2215\u29f8]|&#0*47;?|&#x0*2f;?|&sol;?)*article")
# Every character whose folded form holds "<" or "&", with which each spelling of the tag above
# begins (tests/test_prompt.py checks the list against all of Unicode): a text with none of them
# holds no tag, and needs no folded view (which costs more than rendering the whole prompt).
_TAG_OPENERS = re.compile("[<&\ufe60\ufe64\uff06\uff1c]")
NEUTRAL_BRACKET = "\u2039"  # "‹": reads as a bracket to a human, opens no tag for a model


@lru_cache(maxsize=1)
def prompts_dir() -> Path:
    """The templates: inside the installed package, or the repository's top-level prompts/."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "prompts"
    return packaged if packaged.is_dir() else package.parent / "prompts"


@lru_cache(maxsize=4)
def _environment(directory: Path) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(directory),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )


def fence(text: str) -> str:
    """Article-derived text that cannot open or close an article fence, in any case or spelling.

    The fence itself carries the article id (a hash of the text, which the text therefore cannot
    contain); every article-like tag in the text loses its opening bracket besides.
    """
    if not _TAG_OPENERS.search(text):
        return text
    view, origin = normalise_with_map(text)
    pieces: list[str] = []
    pos = 0
    for match in _TAG_IN_VIEW.finditer(view):
        start, end = origin[match.start(1)], origin[match.end(1) - 1] + 1
        pieces += [text[pos:start], NEUTRAL_BRACKET]
        pos = end
    return "".join(pieces) + text[pos:] if pieces else text


def render(template: str, **values: object) -> str:
    """Render one template from the prompts directory."""
    return _environment(prompts_dir()).get_template(template).render(**values).strip()


@lru_cache(maxsize=8)
def _system_message(directory: Path, lang: str) -> str:
    return render("extract_system.j2", language=LANGUAGES[lang])


def extraction_messages(
    article: Article,
    lang: str = "en",
    text: str | None = None,
    part: tuple[int, int] = (1, 1),
    quotations: list[str] | None = None,
) -> list[dict[str, str]]:
    """System and user messages asking for the extraction of one article (or one part of a long one).
    `quotations`: the text's numbered quotations, when the caller found them already (else found here)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown briefing language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    shown = article.text if text is None else text
    if quotations is None:
        quotations = quotation_candidates(shown)
    return [
        {"role": "system", "content": _system_message(prompts_dir(), lang)},
        {
            "role": "user",
            "content": render(
                "extract_user.j2",
                article_id=article.id,
                title=fence(article.meta.get("title") or ""),
                part=part,
                text=fence(shown),
                quotations=[fence(q) for q in quotations],
            ),
        },
    ]
