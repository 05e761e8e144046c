"""What shapes a run, as frozen data in three parts: the model asked (`ModelConfig`), the run
(`RunConfig`) and the stores read and written (`StoreConfig`). Reading flags and the environment,
and the messages that say how to change a setting, are llm/environment.py's."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from summarizer.llm.key import request_keys, schema_text

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
# How an article is asked for: "1", one request for the whole extraction (verbatim spans, for large
# models and any server answering the public contract); "3", the multi-pass protocol of llm/passes
# (actors, then each quotation's speaker and the events: choices and numbers, for small models).
PASSES = ("auto", "1", "3")
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


@dataclass(frozen=True)
class ModelConfig:
    """The model asked and how: endpoint, name, request shape, timeouts, re-asks and sampling.
    `api_key` never appears in repr, logs or the cache."""

    name: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str = "tools"  # `auto` is settled before the first request (llm/detect.py)
    timeout: float = REMOTE_TIMEOUT
    transport_attempts: int = 5
    transport_deadline: float = 120.0
    # A local server keeps computing an answer its client gave up on, so a timed-out request sent
    # again only queues behind it: timeouts are retried against remote APIs only.
    retry_timeouts: bool = True
    max_retries: int = 2  # re-asks after an invalid answer
    max_tokens: int | None = None
    temperature: float = DEFAULT_TEMPERATURE
    seed: int | None = DEFAULT_SEED

    @property
    def sampling(self) -> dict[str, Any]:
        """The sampling parameters sent with every request (and so part of its key)."""
        return sampling(self.temperature, self.seed)

    @property
    def reachable(self) -> bool:
        """Whether there is a model to ask: a key for OpenAI's API, or an endpoint of one's own."""
        return bool(self.api_key or self.base_url)

    def request_key(
        self, messages: Sequence[Mapping[str, str]], response_model: type[BaseModel], mode: str | None = None
    ) -> str:
        """The cache key of asking this model for `response_model` with these messages (in `mode`,
        by default the configured one)."""
        return self.request_keys(messages, response_model, (mode or self.mode,))[0]

    def request_keys(
        self, messages: Sequence[Mapping[str, str]], response_model: type[BaseModel], modes: Sequence[str]
    ) -> list[str]:
        """`request_key` in each of `modes` (the messages serialised once for all)."""
        return request_keys(self.name, messages, schema_text(response_model), modes, self.sampling)


@dataclass(frozen=True)
class RunConfig:
    """How a run goes: its language, whether it may use the network, how much at once, in how many parts."""

    lang: str = "en"
    offline: bool = False
    concurrency: int = 8
    synthesis: bool = True
    token_budget: int = DEFAULT_TOKEN_BUDGET
    max_parts: int = MAX_PARTS_PER_ARTICLE
    batch: bool = False  # cache misses go through the Batch API (summarizer/batch) instead of realtime
    batch_poll: float = 30.0  # seconds between polls of a running batch
    passes: str = "auto"  # one of PASSES; see Settings.protocols


@dataclass(frozen=True)
class StoreConfig:
    """Where answers are kept: the response cache's folder and the read-only fixture folders."""

    cache_dir: Path | None = None
    fixture_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a run, in its three parts; frozen, so a key made from it stays true."""

    model: ModelConfig = field(default_factory=ModelConfig)
    run: RunConfig = field(default_factory=RunConfig)
    stores: StoreConfig = field(default_factory=StoreConfig)

    def with_mode(self, mode: str) -> Settings:
        """The same settings asking in `mode` (what `auto` settled as)."""
        return replace(self, model=replace(self.model, mode=mode))

    def request_key(self, messages: Sequence[Mapping[str, str]], response_model: type[BaseModel]) -> str:
        """The cache key of asking the configured model for `response_model` with these messages."""
        return self.model.request_key(messages, response_model)

    @property
    def lookup_modes(self) -> tuple[str, ...]:
        """The modes whose stored answers serve this run: the chosen one; while the mode is `auto`,
        each it may become; offline, where nothing is sent, any mode an answer was recorded in."""
        if self.model.mode != "auto":
            return (self.model.mode,)
        return tuple(m for m in MODES if m != "auto") if self.run.offline else AUTO_MODES

    @property
    def protocols(self) -> tuple[str, ...]:
        """The protocols ("1", "3") whose answers serve this run, in the order tried: the chosen
        one; `auto` asks a server on this machine in passes (a small model there did far better so:
        README "Running a local model") and any other in one request; offline, where nothing is
        asked, an answer recorded either way serves (the one request first)."""
        if self.run.passes != "auto":
            return (self.run.passes,)
        if self.run.offline:
            return ("1", "3")
        return ("3",) if is_local(self.model.base_url) else ("1",)

    def lookup_keys(self, messages: Sequence[Mapping[str, str]], response_model: type[BaseModel]) -> list[str]:
        """The keys under which a stored answer serves this run, one per mode in `lookup_modes`."""
        return self.model.request_keys(messages, response_model, self.lookup_modes)
