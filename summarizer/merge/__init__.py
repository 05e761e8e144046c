"""Many extractions → one briefing: actors resolved, events clustered, quote ledger, positions,
disagreements, timeline. Pure: never imports llm or app."""
