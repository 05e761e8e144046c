"""Settings for tests and benchmarks from flat names, each value handed to the part it belongs to."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from summarizer.llm.config import ModelConfig, RunConfig, Settings, StoreConfig

_MODEL = {f.name for f in fields(ModelConfig)} - {"name"}
_RUN = {f.name for f in fields(RunConfig)}
_STORES = {f.name for f in fields(StoreConfig)}


def changed(settings: Settings, **values: Any) -> Settings:
    """`settings` with these values: `model` is the model's name; the others are named as in
    ModelConfig, RunConfig and StoreConfig (fixture_dirs may be a list)."""
    model, run, stores = {}, {}, {}
    for name, value in values.items():
        if name == "model":
            model["name"] = value
        elif name in _MODEL:
            model[name] = value
        elif name in _RUN:
            run[name] = value
        elif name in _STORES:
            stores[name] = tuple(Path(p) for p in value) if name == "fixture_dirs" else value
        else:
            raise TypeError(f"no setting {name!r}")
    return Settings(replace(settings.model, **model), replace(settings.run, **run), replace(settings.stores, **stores))


def make_settings(**values: Any) -> Settings:
    """The default settings with these values (see `changed`); one request per article unless
    `passes` says otherwise (the test servers are local, where `auto` would ask in passes)."""
    return changed(Settings(), **{"passes": "1", **values})
