"""Cache misses through batch runners: OpenAI's Batch API (Files + Batches) or `vllm run-batch` files.

A layer of its own over llm and under app: the Files and Batches client, the JSONL request and
result files, the batch tables (their own migrations in the cache's file), ingest and run, and
BatchExtractor, which answers a run's jobs through batches behind the same seam as a realtime
extractor. Never imports app, merge, stories or render.
"""
