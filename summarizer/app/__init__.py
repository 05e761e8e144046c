"""Where the layers meet: the pipeline, daily briefings, evaluation, fixture files, progress and the CLI."""
