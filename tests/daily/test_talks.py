"""Talks: the programme's cadence gives due and late periods; a talk clears its period;
a talk in the future is refused; the official sees notes only when shared."""

from datetime import date

import pytest

from exchange import policy
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.talks.cadence import DONE, DUE, LATE, periods_for
from exchange.talks.models import TalkRule
from exchange.talks.queries import outstanding
from exchange.talks.services import TalkData, record_talk


@pytest.fixture
def quarterly(posting_zx):
    db.session.add(
        TalkRule(
            programme_id=posting_zx.programme_id,
            side="home",
            every_months=3,
            source="派出单位每季度至少谈心谈话一次。",
        )
    )
    db.session.flush()


def talk(day, **kw):
    return TalkData(day, kw.pop("mode", "in_person"), kw.pop("participants", "干部科、张想"), **kw)


def test_cadence_gives_late_and_due_periods(posting_zx, user, quarterly):
    periods = periods_for([posting_zx])[posting_zx.id]
    assert [(p.side, p.first, p.last, p.state) for p in periods] == [
        ("home", date(2026, 6, 1), date(2026, 6, 30), LATE),
        ("home", date(2026, 7, 1), date(2026, 9, 30), DUE),
    ]

    # Home HR has both on their list; host HR none (no host rule); a stranger none of 张想's.
    def mine(key):
        return [p.state for p in outstanding(user(key)) if p.posting.id == posting_zx.id]

    assert (mine("hr_lj"), mine("hr_tf"), mine("hr_cd")) == ([LATE, DUE], [], [])


def test_a_talk_clears_its_period(posting_zx, user, quarterly):
    record_talk(posting_zx, user("hr_lj"), talk(date(2026, 8, 10), topics="思想状况。"))
    states = [p.state for p in periods_for([posting_zx])[posting_zx.id]]
    assert states == [LATE, DONE]
    # A talk by the host side does not count for the home side's cadence.
    record_talk(posting_zx, user("hr_tf"), talk(date(2026, 6, 10)))
    assert [p.state for p in periods_for([posting_zx])[posting_zx.id]] == [LATE, DONE]


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        (talk(date(2026, 9, 2)), "talk_date", "future_date"),
        (talk(date(2026, 5, 20)), "talk_date", "outside_posting"),
        (talk(date(2026, 8, 1), participants=" "), "participants", "required"),
        (talk(date(2026, 8, 1), mode="letter"), "mode", "invalid_choice"),
    ],
)
def test_bad_talks_are_refused(posting_zx, user, data, field, code):
    with pytest.raises(DomainError) as caught:
        record_talk(posting_zx, user("hr_lj"), data)
    assert (field, code) in [(r.field, r.code) for r in caught.value.reasons]


def test_who_records_and_who_reads_the_notes(posting_zx, user):
    for key in ("hr_cd", "leader", "zx", "dz"):
        with pytest.raises(NotAllowed):
            record_talk(posting_zx, user(key), talk(date(2026, 8, 1)))
    private = record_talk(posting_zx, user("hr_lj"), talk(date(2026, 8, 1), issues="住房困难。"))
    shared = record_talk(posting_zx, user("hr_tf"), talk(date(2026, 8, 2), shared=True))
    assert private.side == "home" and shared.side == "host"
    zx = user("zx")
    assert policy.can_view_talk(zx, private) and not policy.can_read_talk_notes(zx, private)
    assert policy.can_read_talk_notes(zx, shared)
    assert policy.can_read_talk_notes(user("hr_tf"), private)
    assert not policy.can_view_talk(user("hr_cd"), private)
    assert not policy.can_view_talk(user("leader"), private)


@pytest.mark.parametrize(
    "today",
    [
        "2026-06-01",
        "2026-06-30",
        "2026-07-01",
        "2026-09-30",
        "2026-10-01",
        "2026-12-31",
        "2027-01-01",
    ],
)
def test_the_bells_count_is_the_lists_length_on_the_edges_of_periods(
    app, posting_zx, user, quarterly, today
):
    """``outstanding_count`` (the bell's, on plain values) counts what ``outstanding``
    lists, on the first and last days of periods and of the posting, before and after a
    talk on a period's last day."""
    from exchange.talks.queries import outstanding_count

    app.config["TODAY"] = today
    keys = ("admin", "hr_lj", "hr_tf", "hr_cd")

    def seen():
        return [(outstanding_count(user(k)), len(outstanding(user(k)))) for k in keys]

    before = seen()
    assert all(count == listed for count, listed in before), before
    if date.fromisoformat(today) >= date(2026, 6, 30):
        record_talk(posting_zx, user("hr_lj"), talk(date(2026, 6, 30)))
        after = seen()
        assert all(count == listed for count, listed in after), after
        assert after[1][0] == before[1][0] - 1  # home HR: the June period is done
