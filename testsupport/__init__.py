"""Test support shared by tests/ and bench/: the local OpenAI-compatible server, article makers and
the command runner (cli.py).

A top-level package of the repository, importable wherever the project is installed for
development (`pip install -e '.[dev]'` puts the repository root on the path); never shipped.
"""
