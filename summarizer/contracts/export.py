"""The JSON Schema files in schemas/, exported from the Pydantic models (a test fails on drift)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.contracts.briefing import Briefing
from summarizer.contracts.extraction import Extraction


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema of each public model."""
    return {
        "extraction.schema.json": Extraction.model_json_schema(),
        "briefing.schema.json": Briefing.model_json_schema(),
    }


def schema_text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export_schemas(directory: Path) -> list[Path]:
    """Write every schema file into `directory`; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in schema_documents().items():
        path = directory / name
        path.write_text(schema_text(document), encoding="utf-8")
        written.append(path)
    return written
