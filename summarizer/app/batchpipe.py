"""The pipeline's side of batch mode: its cache misses become batch jobs, and the batch's answers are
settled as realtime answers are, their tokens billed at the batch price."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from summarizer.app.batchingest import BatchAnswer, BatchJob
from summarizer.app.batchrun import run_batches
from summarizer.app.batchview import batch_progress
from summarizer.llm.cache import ResponseCache
from summarizer.llm.client import CallOutcome
from summarizer.llm.config import Settings

if TYPE_CHECKING:
    from summarizer.app.extraction import ExtractionRun, _Job, _Parts
    from summarizer.contracts.extraction import Extraction

Settle = Callable[["_Job", CallOutcome["Extraction"], "ExtractionRun", "_Parts"], None]


def batch_jobs(pending: list[_Job], totals: dict[str, int]) -> list[BatchJob]:
    """The misses as batch requests, one per request key."""
    jobs = {}
    for j in pending:
        jobs[j.key] = BatchJob(
            j.key, j.request.messages, j.part.text, j.article.path, j.article.id, j.index, totals[j.article.id]
        )
    return list(jobs.values())


async def through_batches(
    pending: list[_Job], settings: Settings, cache: ResponseCache, run: ExtractionRun, parts: _Parts, settle: Settle
) -> None:
    """The pending requests through the Batch API (app/batchrun.py): each answer is validated, grounded
    and cached there as a realtime one; here it is settled like one, its tokens billed at batch price."""
    from summarizer.app.extraction import add_cost

    answers = await run_batches(batch_jobs(pending, parts.totals), settings, cache, batch_progress(parts.progress))
    st = run.stats
    for job in pending:
        answer = answers.get(job.key) or BatchAnswer(CallOutcome(error="the batch gave no answer for this request"))
        st.llm_calls += answer.batch_rows
        st.batch_requests += answer.batch_rows
        st.batch_prompt_tokens += answer.batch_usage.prompt_tokens
        st.batch_completion_tokens += answer.batch_usage.completion_tokens
        st.prompt_tokens += answer.batch_usage.prompt_tokens
        st.completion_tokens += answer.batch_usage.completion_tokens
        add_cost(st, answer.outcome)  # the realtime part: re-asks and their tokens
        settle(job, answer.outcome, run, parts)
