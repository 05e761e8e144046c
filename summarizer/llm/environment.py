"""Settings from flags and the environment, and the messages that say how to change them.

The settings themselves are frozen data (llm/config.py); this module reads OPENAI_* and
SUMMARIZER_* variables, decides where the cache lives, and words what a user is told when a
setting stands in the way (no model to ask, an offline miss, an article too long).
"""

from __future__ import annotations

import os
from pathlib import Path

from summarizer.llm.chunking import CHARS_PER_TOKEN
from summarizer.llm.config import (
    DEFAULT_MODEL,
    LOCAL_TIMEOUT,
    MODES,
    PASSES,
    REMOTE_TIMEOUT,
    ConfigError,
    ModelConfig,
    RunConfig,
    Settings,
    StoreConfig,
    check_base_url,
    default_mode,
    is_local,
)


def cache_dir(explicit: str | None = None) -> Path:
    """`--cache-dir`, else SUMMARIZER_CACHE_DIR, else the platform's user cache directory."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("SUMMARIZER_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarizer", appauthor=False))


def fixture_dirs(explicit: list[str] | None = None) -> tuple[Path, ...]:
    """Read-only response folders: `--fixtures`, else SUMMARIZER_FIXTURES, else ./fixtures if present.
    An empty list given means none (what `fixtures export` and the batch commands ask for)."""
    if explicit is not None:
        return tuple(Path(p) for p in explicit)
    env = os.environ.get("SUMMARIZER_FIXTURES")
    if env is not None:
        return tuple(Path(p) for p in env.split(os.pathsep) if p)
    local = Path("fixtures")
    return (local,) if local.is_dir() else ()


def _batch_poll() -> float:
    poll = os.environ.get("SUMMARIZER_BATCH_POLL") or "30"
    try:
        return max(0.0, float(poll))
    except ValueError as exc:
        raise ConfigError(f"SUMMARIZER_BATCH_POLL={poll!r} is not a number of seconds") from exc


def resolve_settings(
    *,
    model: str | None = None,
    base_url: str | None = None,
    mode: str | None = None,
    lang: str = "en",
    offline: bool = False,
    concurrency: int = 8,
    cache: str | None = None,
    fixtures: list[str] | None = None,
    synthesis: bool = True,
    timeout: float | None = None,
    reasks: int = 2,
    batch: bool = False,
    passes: str | None = None,
) -> Settings:
    """Flags first, then OPENAI_* / SUMMARIZER_* environment variables, then defaults."""
    base = base_url or os.environ.get("OPENAI_BASE_URL") or None
    if base is not None:
        check_base_url(base, "--base-url" if base_url else "OPENAI_BASE_URL")
    # Offline, nothing is sent: an answer recorded in any mode will do unless one is asked for.
    chosen_mode = (mode or ("auto" if offline else default_mode(base))).lower()
    if chosen_mode not in MODES:
        raise ConfigError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    if concurrency < 1:
        raise ConfigError("--concurrency must be 1 or more")
    if timeout is not None and timeout <= 0:
        raise ConfigError("--timeout must be a positive number of seconds")
    if reasks < 0:
        raise ConfigError("--reasks must be 0 or more")
    passes = passes or os.environ.get("SUMMARIZER_PASSES") or "auto"
    if passes not in PASSES:
        raise ConfigError(f"unknown --passes / SUMMARIZER_PASSES {passes!r}; choose one of {', '.join(PASSES)}")
    local = is_local(base)
    wait = timeout or (LOCAL_TIMEOUT if local else REMOTE_TIMEOUT)
    return Settings(
        model=ModelConfig(
            name=model or os.environ.get("SUMMARIZER_MODEL") or DEFAULT_MODEL,
            base_url=base,
            api_key=os.environ.get("OPENAI_API_KEY") or None,
            mode=chosen_mode,
            timeout=wait,
            transport_deadline=max(wait, REMOTE_TIMEOUT),
            retry_timeouts=not local,
            max_retries=reasks,
        ),
        run=RunConfig(
            lang=lang,
            offline=offline,
            concurrency=concurrency,
            synthesis=synthesis,
            batch=batch,
            batch_poll=_batch_poll(),
            passes=passes,
        ),
        stores=StoreConfig(cache_dir=cache_dir(cache), fixture_dirs=fixture_dirs(fixtures)),
    )


def answer_sources(stores: StoreConfig) -> str:
    """Where an offline run looks for answers, and how to point it elsewhere (for a miss)."""
    cache = f"{stores.cache_dir / 'responses.sqlite3'}" if stores.cache_dir else "no response cache"
    if stores.fixture_dirs:
        fixtures = "the fixture folder(s) " + ", ".join(str(p) for p in stores.fixture_dirs)
    else:
        fixtures = f"no fixture folder (no ./fixtures folder in {Path.cwd()})"
    return (
        f"looked for cached answers in {cache} and {fixtures}; give --fixtures DIR (or SUMMARIZER_FIXTURES) "
        "with recorded or reference responses, e.g. the fixtures/ folder of the summarizer repository, "
        "or run without --offline to ask the model"
    )


def require_network_access(settings: Settings, missing: list[str]) -> None:
    """Raise ConfigError when articles need a model call and there is no model to call."""
    if not missing or settings.run.offline:
        return
    names = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    if not settings.model.reachable:
        raise ConfigError(
            f"no cached response for {names}, and no model to ask: set OPENAI_API_KEY, or give --base-url "
            "for an OpenAI-compatible server (Ollama, vLLM, llama.cpp), or use --offline with cached responses."
        )


def too_long(parts: int, run: RunConfig) -> str:
    """Why an article over the parts limit is not sent."""
    return (
        f"too long: it would take {parts} requests of about {run.token_budget} tokens each; the limit is "
        f"{run.max_parts} (MAX_PARTS_PER_ARTICLE, about {run.max_parts * run.token_budget * CHARS_PER_TOKEN:,} "
        "characters); split the file into articles"
    )
