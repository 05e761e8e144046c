"""Run settings resolved from flags and environment; one place decides where the cache lives."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from summarizer.llm.key import request_key, response_schema

if TYPE_CHECKING:
    from pydantic import BaseModel

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TEMPERATURE = 0.0
# Sent with every request, so a server that samples at all samples the same way each time.
DEFAULT_SEED = 42
DEFAULT_TOKEN_BUDGET = 6000  # article tokens per request (estimated offline); longer articles go in parts
# At most this many parts per article (about 480,000 characters at the default budget, a hundred
# times a long news article). Longer texts are books or dumps, not articles: they fail alone,
# with that reason, instead of sending hundreds of requests.
MAX_PARTS_PER_ARTICLE = 20
OPENAI_URL = "https://api.openai.com/v1"
OPENAI_HOST = "api.openai.com"
MODES = ("auto", "tools", "json_schema", "json_object", "md_json")
# What `auto` may turn out to be: a server's native schema support, either the OpenAI request shape
# or the one llama-cpp-python's server takes instead (it rejects json_schema; see llm/detect.py).
AUTO_MODES = ("json_schema", "json_object")
REMOTE_TIMEOUT = 120.0
# A model on local CPU cores takes minutes per article (1.5B on 2 cores: 1-6 min), and one that
# loops until its 8k context is full 10 min or more; that answer is worth waiting for, since what it
# completed is kept (llm/reask.py), while a timed-out one is lost and keeps the server busy.
LOCAL_TIMEOUT = 900.0


class ConfigError(Exception):
    """A setting is missing or wrong; the message says how to fix it."""


def check_base_url(url: str, source: str) -> str:
    """The endpoint URL if it is an http(s) URL with a host; ConfigError naming `source` otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{source} {url!r} is not a URL of an OpenAI-compatible server; give e.g. http://localhost:11434/v1"
        )
    return url


def shown_url(url: str | None) -> str:
    """The endpoint as it may appear in messages: no user name, password or query (keys live there)."""
    parts = urlsplit(url or OPENAI_URL)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return f"{parts.scheme}://{netloc}{parts.path}"


def cache_dir(explicit: str | None = None) -> Path:
    """`--cache-dir`, else SUMMARIZER_CACHE_DIR, else the platform's user cache directory."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("SUMMARIZER_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarizer", appauthor=False))


def fixture_dirs(explicit: list[str] | None = None) -> list[Path]:
    """Read-only response folders: `--fixtures`, else SUMMARIZER_FIXTURES, else ./fixtures if present."""
    if explicit:
        return [Path(p) for p in explicit]
    env = os.environ.get("SUMMARIZER_FIXTURES")
    if env is not None:
        return [Path(p) for p in env.split(os.pathsep) if p]
    local = Path("fixtures")
    return [local] if local.is_dir() else []


def default_mode(base_url: str | None) -> str:
    """TOOLS for OpenAI's own API; for other OpenAI-compatible servers, `auto` (see llm/detect.py)."""
    if not base_url or OPENAI_HOST in base_url:
        return "tools"
    return "auto"


def is_local(base_url: str | None) -> bool:
    """Whether the endpoint runs on this machine (loopback), where one server works one request at a time."""
    if not base_url:
        return False
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sampling(temperature: float, seed: int | None) -> dict[str, Any]:
    """Sampling parameters as they go into a request and its key (no seed: none sent)."""
    return {"temperature": temperature} if seed is None else {"temperature": temperature, "seed": seed}


@dataclass
class Settings:
    """Everything that shapes a run. `api_key` never appears in repr, logs or the cache."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str = "tools"
    lang: str = "en"
    offline: bool = False
    concurrency: int = 8
    max_retries: int = 2  # re-asks after an invalid answer
    transport_attempts: int = 5
    transport_deadline: float = 120.0
    timeout: float = REMOTE_TIMEOUT
    # A local server keeps computing an answer its client gave up on, so a timed-out request sent
    # again only queues behind it: timeouts are retried against remote APIs only.
    retry_timeouts: bool = True
    max_tokens: int | None = None
    temperature: float = DEFAULT_TEMPERATURE
    seed: int | None = DEFAULT_SEED
    synthesis: bool = True
    token_budget: int = DEFAULT_TOKEN_BUDGET
    max_parts: int = MAX_PARTS_PER_ARTICLE
    cache_dir: Path | None = None
    fixture_dirs: list[Path] = field(default_factory=list)
    batch: bool = False  # cache misses go through the Batch API (app/batchrun.py) instead of realtime
    batch_poll: float = 30.0  # seconds between polls of a running batch

    @classmethod
    def resolve(
        cls,
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
        local = is_local(base)
        wait = timeout or (LOCAL_TIMEOUT if local else REMOTE_TIMEOUT)
        poll = os.environ.get("SUMMARIZER_BATCH_POLL") or "30"
        try:
            batch_poll = max(0.0, float(poll))
        except ValueError as exc:
            raise ConfigError(f"SUMMARIZER_BATCH_POLL={poll!r} is not a number of seconds") from exc
        return cls(
            timeout=wait,
            transport_deadline=max(wait, REMOTE_TIMEOUT),
            retry_timeouts=not local,
            max_retries=reasks,
            model=model or os.environ.get("SUMMARIZER_MODEL") or DEFAULT_MODEL,
            base_url=base,
            api_key=os.environ.get("OPENAI_API_KEY") or None,
            mode=chosen_mode,
            lang=lang,
            offline=offline,
            concurrency=concurrency,
            cache_dir=cache_dir(cache),
            fixture_dirs=fixture_dirs(fixtures),
            synthesis=synthesis,
            batch=batch,
            batch_poll=batch_poll,
        )

    @property
    def sampling(self) -> dict[str, Any]:
        """The sampling parameters sent with every request (and so part of its key)."""
        return sampling(self.temperature, self.seed)

    def request_key(self, messages: Sequence[Mapping[str, str]], response_model: type[BaseModel]) -> str:
        """The cache key of asking the configured model for `response_model` with these messages."""
        return request_key(self.model, messages, response_schema(response_model), self.mode, self.sampling)

    @property
    def lookup_modes(self) -> tuple[str, ...]:
        """The modes whose stored answers serve this run: the chosen one; while the mode is `auto`,
        each it may become; offline, where nothing is sent, any mode an answer was recorded in."""
        if self.mode != "auto":
            return (self.mode,)
        return tuple(m for m in MODES if m != "auto") if self.offline else AUTO_MODES

    def lookup_keys(self, messages: Sequence[Mapping[str, str]], response_model: type[BaseModel]) -> list[str]:
        """The keys under which a stored answer serves this run, one per mode in `lookup_modes`."""
        schema = response_schema(response_model)
        return [request_key(self.model, messages, schema, mode, self.sampling) for mode in self.lookup_modes]

    def answer_sources(self) -> str:
        """Where an offline run looks for answers, and how to point it elsewhere (for a miss)."""
        cache = f"{self.cache_dir / 'responses.sqlite3'}" if self.cache_dir else "no response cache"
        if self.fixture_dirs:
            fixtures = "the fixture folder(s) " + ", ".join(str(p) for p in self.fixture_dirs)
        else:
            fixtures = f"no fixture folder (no ./fixtures folder in {Path.cwd()})"
        return (
            f"looked for cached answers in {cache} and {fixtures}; give --fixtures DIR (or SUMMARIZER_FIXTURES) "
            "with recorded or reference responses, e.g. the fixtures/ folder of the summarizer repository, "
            "or run without --offline to ask the model"
        )

    def require_network_access(self, missing: list[str]) -> None:
        """Raise ConfigError when articles need a model call and there is no model to call."""
        if not missing or self.offline:
            return
        names = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        if not self.api_key and not self.base_url:
            raise ConfigError(
                f"no cached response for {names}, and no model to ask: set OPENAI_API_KEY, or give --base-url "
                "for an OpenAI-compatible server (Ollama, vLLM, llama.cpp), or use --offline with cached responses."
            )
