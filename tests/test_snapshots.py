"""The seeds' briefing against its snapshots: each Markdown section, and each field of the JSON contract.

The snapshots change only through `python -m tests.update_snapshots`; a test run never writes them.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NetworkBlocked
from tests.snapshot import UPDATE, json_parts, markdown_sections, run_seeds, stored

STORED = stored()
SECTIONS = sorted(n.removeprefix("md/") for n in STORED if n.startswith("md/"))
FIELDS = list(json.loads(STORED["briefing.json"]))


def _refuse(self: socket.socket, address: Any) -> Any:
    raise NetworkBlocked(f"an offline run opened a socket to {address!r}")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The seeds briefed offline, once for the module: format → text."""
    if os.environ.get("UPDATE_SNAPSHOTS"):
        pytest.fail(f"UPDATE_SNAPSHOTS no longer updates anything: run `{UPDATE}`, review, then run the tests")
    cache: Path = tmp_path_factory.mktemp("cache")
    texts = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _refuse)
        for fmt in ("md", "json"):
            result = run_seeds(fmt, cache)
            assert result.exit_code == 0, result.output
            texts[fmt] = result.stdout
    return texts


def test_the_markdown_has_the_sections_of_the_snapshot(outputs: dict[str, str]) -> None:
    assert sorted(markdown_sections(outputs["md"])) == SECTIONS, f"sections added or gone: review, then `{UPDATE}`"


@pytest.mark.parametrize("name", SECTIONS)
def test_markdown_section_matches_its_snapshot(outputs: dict[str, str], name: str) -> None:
    got = markdown_sections(outputs["md"]).get(name)
    assert got == STORED[f"md/{name}"], f"the briefing's {name} changed: review, then `{UPDATE}`"


@pytest.mark.parametrize("field", FIELDS)
def test_json_field_matches_its_snapshot(outputs: dict[str, str], field: str) -> None:
    got, want = json_parts(outputs["json"]), json_parts(STORED["briefing.json"])
    assert got.keys() == want.keys(), f"the JSON contract gained or lost fields: review, then `{UPDATE}`"
    assert got[field] == want[field], f"the JSON briefing's `{field}` changed: review, then `{UPDATE}`"


def test_the_json_briefing_is_byte_identical_to_its_snapshot(outputs: dict[str, str]) -> None:
    # Field by field above says where; this also holds the formatting (indent, key order, final newline).
    assert outputs["json"] == STORED["briefing.json"], f"the JSON briefing changed: review, then `{UPDATE}`"
