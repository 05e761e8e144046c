"""What a run says on stderr when it ends or is interrupted: every count with the right form of its
noun (summarizer.text.wording), every answer named by where it is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.text.wording import count, noun

if TYPE_CHECKING:
    from summarizer.app.progress import Tally
    from summarizer.contracts.briefing import Briefing

# Progress statuses of an article whose answer is in the response cache: asked in this run and
# stored at once, or stored by an earlier run. Fixture answers ("reference", "recorded") are
# counted by their origin: they are kept in the fixture folders, not in the cache.
_STORED = ("extracted", "cached")
_FIXTURES = ("reference", "recorded")


def closing_line(briefing: Briefing, written: str | None) -> str:
    """'5 articles, 0 failed, 5 reference answers, 0 cache hits, 0 LLM calls, 0+0 tokens, $0.0000, …'."""
    from summarizer.render.facts import answers_text

    st = briefing.stats
    cost = "price unknown" if st.cost_usd is None else f"${st.cost_usd:.4f}"
    if st.batch_requests:
        cost += f" ({count(st.batch_requests, 'request')} at batch price"
        cost += f"; ${st.cost_at_realtime_usd:.4f} in realtime)" if st.cost_at_realtime_usd is not None else ")"
    tokens = st.prompt_tokens + st.completion_tokens
    parts = [
        count(st.articles, "article"),
        f"{st.failures} failed",
        answers_text(briefing, "en"),
        count(st.cache_hits, "cache hit"),
        count(st.llm_calls, "LLM call"),
        *([f"{count(st.connection_failures, 'request')} unanswered"] if st.connection_failures else []),
        f"{st.prompt_tokens}+{st.completion_tokens} {noun(tokens, 'token')}",
        cost,
        f"{count(st.ungrounded_dropped, 'unverified quote')} dropped",
        *([f"{count(st.invalid_dropped, 'invalid reference')} dropped"] if st.invalid_dropped else []),
    ]
    return ", ".join(parts) + (f"; written to {written}" if written else "")


def interrupted_message(tally: Tally) -> str:
    """Ctrl-C: how many articles have their answer kept (stored in the cache, or a fixture's), and how to go on."""
    stored = sum(tally.statuses.get(s, 0) for s in _STORED)
    kept = [f"{count(stored, 'answer stored')} in the cache"]
    kept += [count(tally.statuses[s], f"{s} answer") for s in _FIXTURES if tally.statuses.get(s)]
    return (
        f"Interrupted: {tally.completed} of {count(tally.total, 'article')} answered, {', '.join(kept)}; "
        "run the same command again to resume (stored answers are not asked for again)."
    )
