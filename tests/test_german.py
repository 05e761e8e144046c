"""The demo in German: hand-written reference answers for --lang de, and an offline run that says
what is missing when the answers for a language are not there."""

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.app.cli import cli
from summarizer.text.events import event_kind
from tests.conftest import REFERENCE, REFERENCE_DE, ROOT

# Function words: a German sentence has some of the first and none of the second.
GERMAN_WORDS = {
    "der",
    "die",
    "das",
    "den",
    "dem",
    "und",
    "nicht",
    "mit",
    "ein",
    "eine",
    "einen",
    "sich",
    "hat",
    "von",
    "auf",
    "zu",
    "sagte",
}
ENGLISH_WORDS = {"the", "and", "of", "to", "is", "has", "with", "that"}


def _doc(folder: Path, name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((folder / name).read_text(encoding="utf-8"))
    return doc


def _german(text: str) -> bool:
    words = set(re.findall(r"\w+", text.lower()))
    return bool(words & GERMAN_WORDS) and not words & ENGLISH_WORDS


@pytest.mark.parametrize("name", sorted(p.name for p in REFERENCE.glob("*.json")))
def test_german_answers_keep_the_articles_words_and_write_their_own(name: str) -> None:
    en, de = _doc(REFERENCE, name), _doc(REFERENCE_DE, name)
    assert (de["origin"], de["lang"], de["usage"], de["article"]) == ("reference", "de", None, en["article"])
    assert de["key"] != en["key"]  # the prompt names the language, so the request differs
    e, d = en["response"], de["response"]
    assert d["actors"] == e["actors"]
    assert [(q["text"], q["speaker"], q["kind"]) for q in d["quotes"]] == [
        (q["text"], q["speaker"], q["kind"]) for q in e["quotes"]
    ]
    assert all(q["translation"] is None for q in d["quotes"])  # every seed quote is German already
    facts = ("status", "date", "date_text", "location", "participants", "initiator", "evidence")
    assert [[x.get(k) for k in facts] for x in d["events"]] == [[x.get(k) for k in facts] for x in e["events"]]
    assert [(p["actor"], p["stance"], p["evidence"]) for p in d["positions"]] == [
        (p["actor"], p["stance"], p["evidence"]) for p in e["positions"]
    ]
    written = [d["summary"]] + [x["description"] for x in d["events"]] + [p["summary"] for p in d["positions"]]
    english = {e["summary"]} | {x["description"] for x in e["events"]} | {p["summary"] for p in e["positions"]}
    assert not english & set(written)
    assert all(_german(t) for t in [d["summary"], *(x["description"] for x in d["events"])])
    assert not {p["topic"] for p in d["positions"]} & {p["topic"] for p in e["positions"]}


def test_the_german_demo_runs_offline(no_sockets: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["summarise", "seeds", "--offline", "--lang", "de", "-q"])
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert "Treffen Rubio–Lawrow: Die Darstellungen gehen auseinander" in md
    assert "Sergej Lawrow" in md and "Sergey Lavrov" not in md


def test_an_offline_miss_names_the_language_that_has_no_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    only_english = ["summarise", "seeds", "--offline", "--fixtures", str(REFERENCE), "--lang", "de"]
    result = CliRunner().invoke(cli, only_english)
    assert result.exit_code == 4
    assert "no reference answers for --lang de" in result.stderr and "--lang en" in result.stderr
    assert "looked for cached answers in" not in result.stderr  # the folder was searched; the language is missing
    other_model = CliRunner().invoke(cli, ["summarise", "seeds", "--offline", "--model", "gpt-9", "--lang", "de"])
    assert "no reference answers from --model gpt-9 for --lang de" in other_model.stderr


def test_an_offline_miss_with_no_answer_anywhere_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["summarise", "seeds", "--offline", "--fixtures", str(tmp_path)])
    assert result.exit_code == 4
    assert f"looked for cached answers in {tmp_path / 'cache'}" in result.stderr and str(tmp_path) in result.stderr


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        # A German compound names its kind by its last part; the English wording gives the same kinds.
        ("Moskau sagt ein persönliches Vorbereitungstreffen zwischen Lawrow und Rubio ab.", "meeting"),
        ("Moscow cancels an in-person preparatory meeting between Lavrov and Rubio.", "meeting"),
        ("Trump verzichtet auf das geplante Gipfeltreffen mit Putin.", "summit"),
        ("Russland startete neue Luftangriffe auf Charkiw.", "attack"),
        # The verb comes first: what was refused at a meeting is a decision, not the meeting.
        ("Trump lehnt bei seinem Treffen mit Selenskyj die Bitte um Tomahawk-Raketen ab.", "decision"),
        ("Trump kündigt an, einen zweiten Gipfel mit Putin abzuhalten.", "statement"),
        ("Trump announces that he will hold a second summit with Putin.", "statement"),
        # Lower-case words are no nouns: "betreffen" (to concern) is no meeting.
        ("Die Sanktionen betreffen Banken und Exporte.", None),
    ],
)
def test_kinds_of_event_read_the_same_in_german_and_english(description: str, kind: str | None) -> None:
    assert event_kind(description) == kind


# English words the renderers and the stories layer would write in an English brief.
ENGLISH_LABELS = [
    "the",
    "and",
    "of",
    "sources",
    "source",
    "outlet",
    "outlets",
    "article",
    "articles",
    "agree",
    "report",
    "reported",
    "Reported",
    "Contested",
    "Key",
    "quotes",
    "Timeline",
    "Background",
    "Coverage",
    "developing",
    "significance",
    "postponed",
    "cancelled",
    "rejected",
    "supports",
    "opposes",
    "Stances",
    "single",
    "detail",
    "events",
    "failed",
    "unknown",
    "Accounts",
    "differ",
    "Top",
    "stories",
    "briefing",
    "Stats",
    "cache",
    "retries",
]


# And those the detail writes: the appendix of `--detail full` and the HTML page's sections.
ENGLISH_DETAIL = [
    "Appendix",
    "item",
    "Overview",
    "composed",
    "model",
    "developments",
    "status",
    "when",
    "where",
    "who",
    "by",
    "None",
    "found",
    "Actor",
    "Kind",
    "written",
    "Roles",
    "Topic",
    "Stance",
    "person",
    "country",
    "organisation",
    "group",
    "conditional",
    "indirect",
    "exact",
    "normalised",
    "fuzzy",
    "Undated",
    "summaries",
    "Nothing",
    "included",
    "Partial",
    "direct",
    "quotations",
    "extracted",
    "run",
    "said",
    "part",
    "Contents",
]


def _own_words(text: str, fmt: str) -> str:
    """What the renderers wrote: without the articles' words (quoted, or the HTML page's article texts)."""
    if fmt == "html":
        text = text.split("</style>", 1)[1]
        text = re.sub(r'<div class="article">.*?</div>', " ", text, flags=re.S)  # the articles, highlighted
        text = re.sub(r"<q\b[^>]*>.*?</q>", " ", text, flags=re.S)  # evidence, quotes and titles
        text = re.sub(r'aria-label="([^"]*)"', r"> \1 <", text)  # what a screen reader says is shown too
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"„[^“]*“", " ", text)  # the articles' own words, quoted


@pytest.mark.parametrize(
    ("fmt", "detail", "words"),
    [
        ("md", "brief", ENGLISH_LABELS),
        ("md", "full", ENGLISH_LABELS + ENGLISH_DETAIL),
        ("html", "brief", ENGLISH_LABELS + ENGLISH_DETAIL),  # the cards and every detail section
    ],
    ids=["md", "md full", "html"],
)
def test_the_german_brief_writes_its_own_words_in_german(
    monkeypatch: pytest.MonkeyPatch, fmt: str, detail: str, words: list[str]
) -> None:
    monkeypatch.chdir(ROOT)
    args = ["summarise", "seeds", "--offline", "--lang", "de", "--format", fmt, "--detail", detail, "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    text = _own_words(result.stdout, fmt)
    found = sorted({w for w in words if re.search(rf"(?<![\w-]){w}(?![\w-])", text)})
    assert found == [], found
