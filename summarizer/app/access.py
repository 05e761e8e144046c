"""The model a run asks: the mode settled once, before the first key is made, and one extractor."""

from __future__ import annotations

from summarizer.app.progress import Progress
from summarizer.llm.config import Settings
from summarizer.llm.detect import settled_mode
from summarizer.llm.extractor import Extractor, InstructorExtractor

OFFLINE_MISS = "no cached response and --offline"  # where was looked: llm.environment.answer_sources()


def default_extractor(settings: Settings, progress: Progress | None = None) -> Extractor:
    """The production backend for `settings`: the Batch API with --batch (its progress shown as the
    run's is), else instructor over the openai SDK."""
    if settings.run.batch:
        from summarizer.app.batchview import batch_progress
        from summarizer.batch.extractor import BatchExtractor

        return BatchExtractor(settings, batch_progress(progress))
    return InstructorExtractor(settings.model, settings.run.concurrency)


async def settle_mode(settings: Settings) -> Settings:
    """The settings with `auto` settled, before the first request: the mode is part of every key
    stored from then on. Batch APIs (OpenAI's, vLLM's) take json_schema; a realtime server is asked."""
    mode = await settled_mode(settings.model, settings.run.batch)
    return settings if mode == settings.model.mode else settings.with_mode(mode)


class ModelAccess:
    """The model a run asks: the settings its requests are keyed in, `auto` settled on first need
    (once per run), and the extractor asked (the caller's, or the default one made then, so the
    extractions and the overview share one client)."""

    def __init__(self, settings: Settings, extractor: Extractor | None = None, progress: Progress | None = None) -> None:
        self.settings = settings
        self.given = extractor
        self._extractor = extractor
        self._progress = progress

    @property
    def can_ask(self) -> bool:
        """A request may go out: the network allowed, and a model given or configured."""
        return not self.settings.run.offline and (self.given is not None or self.settings.model.reachable)

    async def ready(self) -> Extractor:
        """The extractor, with the mode settled first (`settings` says it from then on)."""
        self.settings = await settle_mode(self.settings)
        if self._extractor is None:
            self._extractor = default_extractor(self.settings, self._progress)
        return self._extractor
