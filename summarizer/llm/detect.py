"""Which structured-output request shape an OpenAI-compatible server takes, found by asking it once.

OpenAI, Ollama, vLLM, LM Studio and llama.cpp's own server take
`response_format: {"type": "json_schema", "json_schema": {...}}`. llama-cpp-python's server
(the local model in tools/local-llm) rejects that with HTTP 500 ("Input should be 'text' or
'json_object'") and takes `{"type": "json_object", "schema": {...}}` instead.

The check is one tiny request in the OpenAI shape (a one-token answer), sent only when a run has
to ask the model something: a server that refuses it and names `json_object` gets `json_object`;
every other outcome, success or an unrelated error, keeps `json_schema`, and an unrelated error
then surfaces on the first real request with its own message. Asking beats guessing from the URL
or from a server's self-description: both say nothing certain about what the server accepts.
"""

from __future__ import annotations

import logging

from summarizer.llm.config import ModelConfig

log = logging.getLogger(__name__)

BATCH_MODE = "json_schema"  # what batch runners (OpenAI's Batch API, vllm run-batch) take for `auto`
PROBE_TIMEOUT = 60.0  # a one-token answer, even from a busy CPU server
PROBE_NAME = "mode_probe"
_PROBE_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": PROBE_NAME, "schema": {"type": "object", "properties": {}}},
}


async def detect_mode(model: ModelConfig) -> str:
    """`json_object` when the server refuses the json_schema request shape in favour of it, else `json_schema`."""
    import openai

    from summarizer.llm.client import NO_KEY_PLACEHOLDER

    client = openai.AsyncOpenAI(
        api_key=model.api_key or NO_KEY_PLACEHOLDER,
        base_url=model.base_url,
        max_retries=0,
        timeout=min(PROBE_TIMEOUT, model.timeout),
    )
    try:
        await client.chat.completions.create(
            model=model.name,
            messages=[{"role": "user", "content": "Answer {}."}],
            max_tokens=1,
            temperature=0,
            extra_body={"response_format": _PROBE_FORMAT},
        )
    except openai.APIStatusError as exc:
        if "json_object" in str(exc):
            log.warning(
                "%s refuses response_format json_schema and takes json_object: using --mode json_object "
                "(give it yourself to skip this check)",
                model.base_url,
            )
            return "json_object"
    except openai.APIError:
        pass
    finally:
        await client.close()
    return "json_schema"


async def settled_mode(model: ModelConfig, batch: bool) -> str:
    """The mode `auto` stands for: json_schema for a batch (nothing is asked), else what the server takes."""
    if model.mode != "auto":
        return model.mode
    return BATCH_MODE if batch else await detect_mode(model)
