"""Source catalogues: outlet, country, owner, kind and publication date by file or URL pattern."""

from pathlib import Path

import pytest

from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import load_articles
from summarizer.text.sources import SourcesError, read_catalogue
from tests.conftest import SEEDS
from testsupport.cli import invoke

TOML = """
[[source]]
match = "https://www.example-news.com/*"
outlet = "Example News"
country = "Germany"
owner = "Example Media Group"
kind = "commercial"

[[source]]
match = "state-*.md"
outlet = "State Wire"
kind = "state-funded"
published = "2025-10-21"
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_catalogue_fills_what_front_matter_leaves_open_and_never_overrides_it(tmp_path: Path) -> None:
    cat = read_catalogue(_write(tmp_path, "cat.toml", TOML))
    _write(tmp_path / "in", "a.md", "---\nurl: https://www.example-news.com/x\n---\nText A.")
    _write(tmp_path / "in", "state-1.md", "---\npublished: 2025-10-20\noutlet: Own Name\n---\nText B.")
    _write(tmp_path / "in", "other.md", "Text C.")
    articles, errors = load_articles([str(tmp_path / "in")], catalogue=cat)
    by_name = {Path(a.path).name: a for a in articles}
    assert not errors
    a = by_name["a.md"]
    assert (a.outlet, a.meta["country"], a.meta["owner"], a.meta["kind"]) == (
        "Example News",
        "Germany",
        "Example Media Group",
        "commercial",
    )
    state = by_name["state-1.md"]
    assert (state.outlet, state.published, state.meta["kind"]) == ("Own Name", "2025-10-20", "state-funded")
    other = by_name["other.md"]
    assert other.outlet is None and "kind" not in other.meta  # unknown stays unknown


def test_csv_catalogues_read_like_toml(tmp_path: Path) -> None:
    cat = read_catalogue(_write(tmp_path, "cat.csv", "match,outlet,kind\n*.txt,Wire,agency\n"))
    assert cat.lookup("in/x.txt") == {"outlet": "Wire", "kind": "agency"}
    assert cat.lookup("in/x.md") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[source]]\noutlet = "X"\n', "`match`"),
        ('[[source]]\nmatch = "*"\nowner_name = "X"\n', "unknown field(s) owner_name"),
        ('[[source]]\nmatch = "*"\npublished = "21.10.2025"\n', "use YYYY-MM-DD"),
        ("[[source]\n", "not valid TOML"),
    ],
)
def test_a_broken_catalogue_says_what_to_fix(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourcesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_catalogue(_write(tmp_path, "cat.toml", text))


def test_cli_rejects_a_broken_sources_file_with_exit_1(tmp_path: Path) -> None:
    bad = _write(tmp_path, "s.toml", '[[source]]\nmatch = "*"\ncolour = "red"\n')
    article = _write(tmp_path, "a.txt", "Text.")
    result = invoke("summarise", str(article), "--sources", str(bad), "--offline", "-q")
    assert result.exit_code == 1 and "unknown field(s) colour" in result.output


def test_the_seeds_take_their_publication_dates_from_the_catalogue_beside_them() -> None:
    articles, _ = load_articles([str(SEEDS)])
    dates = {Path(a.path).name[:3]: a.published for a in articles}
    assert dates == {
        "000": "2025-10-21",
        "001": "2025-10-22",
        "002": "2025-02-18",
        "003": "2025-10-22",
        "004": "2025-04-16",
    }
    assert all(a.outlet is None for a in articles)  # the copies name no outlet; none is guessed
    # The date stays out of the request (relative dates are resolved in code), so the reference
    # fixtures answer dated and undated runs alike.
    assert "2025-02-18" not in extraction_messages(articles[2])[1]["content"]
