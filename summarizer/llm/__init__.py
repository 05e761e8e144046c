"""Talking to a model: settings, prompts, the request key, the Extractor seam, the client with its retries,
the response cache, long-article chunking, the synthesis request and costs. Never imports batch, merge,
render or app."""
