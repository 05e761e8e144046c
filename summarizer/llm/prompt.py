"""Jinja templates → chat messages. Templates render in a sandbox; the article is fenced as data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from summarizer.contracts.choices import LANGUAGES
from summarizer.text.ingest import Article

_FENCE_CLOSE = "</article>"


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
    """Article text that cannot close its <article> fence early."""
    return text.replace(_FENCE_CLOSE, "</ article>").replace(_FENCE_CLOSE.upper(), "</ ARTICLE>")


def render(template: str, **values: object) -> str:
    """Render one template from the prompts directory."""
    return _environment(prompts_dir()).get_template(template).render(**values).strip()


@lru_cache(maxsize=8)
def _system_message(directory: Path, lang: str) -> str:
    return render("extract_system.j2", language=LANGUAGES[lang])


def extraction_messages(
    article: Article, lang: str = "en", text: str | None = None, part: tuple[int, int] = (1, 1)
) -> list[dict[str, str]]:
    """System and user messages asking for the extraction of one article (or one part of a long one)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown briefing language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return [
        {"role": "system", "content": _system_message(prompts_dir(), lang)},
        {
            "role": "user",
            "content": render(
                "extract_user.j2",
                article_id=article.id,
                title=article.meta.get("title"),
                published=article.published,
                part=part,
                text=fence(article.text if text is None else text),
            ),
        },
    ]
