"""Event clustering on the seeds: the moments the issue found merged or split wrongly."""

import pytest

from summarizer.contracts.briefing import Briefing, EventAccount, EventEntry
from summarizer.contracts.extraction import EventStatus
from summarizer.merge.build import build_briefing
from summarizer.merge.cluster import cluster_events, entry_status
from summarizer.text.ground import Grounding
from tests.seeds_helpers import seed_results, source_id


@pytest.fixture(scope="module")
def seeds() -> Briefing:
    return build_briefing(seed_results(), "en")


def _with(b: Briefing, *participants: str) -> list[EventEntry]:
    return [e for e in b.events if set(participants) <= set(e.participants)]


def _sources(*prefixes: str) -> set[str]:
    return {source_id(p) for p in prefixes}


def test_the_february_call_stays_apart_from_the_october_call(seeds: Briefing) -> None:
    calls = [e for e in _with(seeds, "donald-trump", "vladimir-putin") if "phone call" in e.description]
    october = next(e for e in calls if source_id("000") in e.sources)
    assert set(october.sources) == _sources("000", "001") and october.date == "2025-10-16"
    february = next(e for e in calls if source_id("002") in e.sources)
    assert february.sources == [source_id("002")]


def test_the_alaska_summit_is_one_event(seeds: Briefing) -> None:
    alaska = [e for e in seeds.events if e.location == "Alaska"]
    assert len(alaska) == 1 and set(alaska[0].sources) == _sources("001", "003")


def test_no_plans_for_a_trump_putin_meeting_is_one_event(seeds: Briefing) -> None:
    found = [
        e for e in seeds.events if any(a.description.startswith("A White House official said") for a in e.accounts)
    ]
    assert len(found) == 1 and set(found[0].sources) == _sources("001", "003")


def test_the_joint_front_line_statement_is_one_event(seeds: Briefing) -> None:
    found = [
        e for e in seeds.events if any("statement" in a.description for a in e.accounts) and e.date == "2025-10-21"
    ]
    joint = [e for e in found if "volodymyr-zelensky" in e.participants]
    assert len(joint) == 1 and set(joint[0].sources) == _sources("001", "003")


def test_the_friday_white_house_meeting_is_one_event_with_its_details_as_aspects(seeds: Briefing) -> None:
    friday = [e for e in _with(seeds, "donald-trump", "volodymyr-zelensky") if e.date == "2025-10-17"]
    assert len(friday) == 1
    meeting = friday[0]
    assert len(meeting.accounts) == 3 and set(meeting.sources) == _sources("001", "003")
    # Refusing the Tomahawks at the meeting is no claim that the meeting was "rejected".
    assert meeting.status == EventStatus.occurred
    assert {a.status for a in meeting.accounts if a.aspect} >= {EventStatus.rejected}


def test_the_budapest_summit_is_unclear_when_most_accounts_say_so(seeds: Briefing) -> None:
    summit = [e for e in seeds.events if e.location == "Budapest" and len(e.sources) == 3]
    assert len(summit) == 1 and summit[0].status == EventStatus.unclear


def _account(source: str, status: str, published: str, date: str | None = None, text: str = "") -> EventAccount:
    return EventAccount(
        source=source,
        description=text or "Trump and Putin held a phone call about Ukraine.",
        status=EventStatus(status),
        participants=["trump", "putin"],
        resolved_date=date,
        date_precision="day" if date else "unknown",
        published=published,
        evidence="x",
        grounding=Grounding(status="exact", start=0, end=1, score=100.0),
    )


def test_an_undated_past_event_cannot_be_a_later_dated_one() -> None:
    early = _account("a", "occurred", "2025-02-18")
    late = _account("b", "occurred", "2025-10-22", "2025-10-16")
    near = _account("c", "occurred", "2025-10-23")
    assert len(cluster_events([early, late])) == 2
    assert len(cluster_events([late, near])) == 1  # same week, one dated: one call


def test_articles_weeks_apart_share_an_event_only_where_both_date_it() -> None:
    assert len(cluster_events([_account("a", "occurred", "2025-04-17"), _account("b", "occurred", "2025-10-22")])) == 2
    dated = [
        _account("a", "occurred", "2025-04-17", "2022-02-24"),
        _account("b", "occurred", "2025-10-22", "2022-02-24"),
    ]
    assert len(cluster_events(dated)) == 1


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["cancelled", "unclear", "unclear"], "unclear"),
        (["cancelled", "cancelled", "unclear"], "cancelled"),
        (["cancelled", "unclear"], "cancelled"),
        (["cancelled", "postponed", "unclear"], "disputed"),
    ],
)
def test_an_event_takes_a_status_only_where_its_accounts_do(statuses: list[str], expected: str) -> None:
    accounts = [_account(str(i), s, "2025-10-22") for i, s in enumerate(statuses)]
    assert entry_status(accounts) == expected


def test_one_joint_statement_is_one_ledger_entry_without_an_attribution_dispute(seeds: Briefing) -> None:
    joint = [q for q in seeds.quotes if q.text.startswith("Wir bleiben dem Grundsatz verpflichtet")]
    assert len(joint) == 1 and set(joint[0].sources) == _sources("001", "003")
    credited = {c.source: c.speaker for c in joint[0].citations}
    assert credited[source_id("001")] != credited[source_id("003")]  # each outlet's own attribution is kept
    # The coalition of the willing and European leaders are overlapping groups: no dispute over who said it.
    assert not [d for d in seeds.disagreements if d.kind == "quote_attribution" and d.about == joint[0].id]


def test_the_quote_ledger_reads_by_speaker_and_keeps_fragments(seeds: Briefing) -> None:
    names = [q.speaker_name.casefold().removeprefix("the ") for q in seeds.quotes]
    assert names == sorted(names)
    assert [q.id for q in seeds.quotes] == [f"q{i}" for i in range(1, len(seeds.quotes) + 1)]
    assert any(len(q.text.split()) < 4 for q in seeds.quotes)  # fragments stay in the ledger
