"""What a run cost: its calls summed into its stats, and priced from genai-prices' bundled data
(offline); unknown prices stay unknown."""

from __future__ import annotations

import logging
from typing import Any

from summarizer.contracts.briefing import Stats
from summarizer.llm.config import OPENAI_HOST
from summarizer.llm.outcome import CallOutcome

log = logging.getLogger(__name__)


def cost_usd(
    model: str, prompt_tokens: int, completion_tokens: int, base_url: str | None = None, batch: bool = False
) -> float | None:
    """The USD cost of this usage, 0.0 for none, None when the model or provider has no known price.

    `batch`: at the price table's batch rates (genai-prices' `processing: batch` entries; for OpenAI
    the documented Batch API discount of 50%).
    """
    if prompt_tokens == 0 and completion_tokens == 0:
        return 0.0
    from genai_prices import Usage, calc_price

    usage = Usage(input_tokens=prompt_tokens, output_tokens=completion_tokens)
    context = {"processing": "batch"} if batch else None
    try:
        if not base_url or OPENAI_HOST in base_url:
            price = calc_price(usage, model, provider_id="openai", price_context=context)
        else:
            price = calc_price(usage, model, provider_api_url=base_url, price_context=context)
    except LookupError as exc:
        log.info("price unknown for %s: %s", model, exc)
        return None
    return round(float(price.total_price), 6)


def price_run(st: Stats, model: str, base_url: str | None) -> None:
    """A run's cost: realtime tokens at the realtime price, batch tokens at the batch price; when any
    went by batch, also what all of them would have cost in realtime."""
    realtime = cost_usd(
        model, st.prompt_tokens - st.batch_prompt_tokens, st.completion_tokens - st.batch_completion_tokens, base_url
    )
    if not st.batch_requests:
        st.cost_usd = realtime
        return
    batch = cost_usd(model, st.batch_prompt_tokens, st.batch_completion_tokens, base_url, batch=True)
    st.cost_usd = None if realtime is None or batch is None else round(realtime + batch, 6)
    st.cost_at_realtime_usd = cost_usd(model, st.prompt_tokens, st.completion_tokens, base_url)


def add_cost(stats: Stats, outcome: CallOutcome[Any]) -> None:
    """Add what a model call cost to the run's stats: requests, retries, tokens, and the rows and
    tokens a batch answered at the batch price."""
    stats.llm_calls += outcome.requests + outcome.batch_rows
    stats.retries += outcome.retries
    stats.invalid_dropped += len(outcome.repairs)
    stats.connection_failures += outcome.connection_failures
    stats.batch_requests += outcome.batch_rows
    stats.batch_prompt_tokens += outcome.batch_usage.prompt_tokens
    stats.batch_completion_tokens += outcome.batch_usage.completion_tokens
    spent = outcome.spent
    stats.prompt_tokens += spent.prompt_tokens
    stats.completion_tokens += spent.completion_tokens
