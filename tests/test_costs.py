from summarizer.llm.costs import cost_usd


def test_known_model_is_priced_from_bundled_data() -> None:
    small = cost_usd("gpt-4o-mini", 1_000, 100)
    large = cost_usd("gpt-4o-mini", 2_000, 200)
    assert small is not None and large is not None and 0 < small < large


def test_unknown_model_or_provider_has_no_made_up_price() -> None:
    assert cost_usd("my-local-llama", 1_000, 100) is None
    assert cost_usd("gpt-4o-mini", 1_000, 100, base_url="http://127.0.0.1:8000/v1") is None


def test_no_tokens_cost_nothing() -> None:
    assert cost_usd("my-local-llama", 0, 0) == 0.0
