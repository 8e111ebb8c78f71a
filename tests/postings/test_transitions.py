"""The transition table: the buttons a page shows and the refusals agree with it."""

from datetime import date

import pytest

from exchange.errors_domain import DomainError
from exchange.postings import services as s
from exchange.postings.models import (
    FINISHED_STATUSES,
    HOLDING_STATUSES,
    QUOTA_STATUSES,
    REPORTABLE_STATUSES,
    SERVED_STATUSES,
    PostingStatus,
)
from tests import factories as f

# What an administrator may do to a posting in each status, started or due to start.
ACTIONS = {
    "proposed": {"accept", "decline", "cancel"},
    "accepted": {"start", "extend", "cancel"},
    "active": {"extend", "end_early"},
    "completed": {"evaluate"},
    "ended_early": {"evaluate"},
    "declined": set(),
    "cancelled": set(),
}


def posting_in(setup, status):
    return f.create_posting(
        setup.cadre,
        setup.host,
        setup.programme,
        start_date=date(2027, 3, 1),
        planned_end_date=date(2027, 8, 31),
        status=status,
        actual_end_date=date(2027, 8, 31) if status in FINISHED_STATUSES else None,
    )


@pytest.mark.parametrize("status", list(ACTIONS))
def test_allowed_actions_follow_the_table(setup, users, app, status):
    app.config["TODAY"] = date(2027, 3, 1)
    assert s.allowed_actions(users.admin, posting_in(setup, status)) == ACTIONS[status]


def test_an_accepted_posting_starts_only_on_its_start_date(setup, users, app):
    app.config["TODAY"] = date(2027, 2, 28)
    assert "start" not in s.allowed_actions(users.admin, posting_in(setup, "accepted"))


def test_a_refused_transition_has_its_code(setup, users):
    p = posting_in(setup, "active")
    with pytest.raises(DomainError) as e:
        s.accept_posting(p, users.hr_tf, p.version)
    assert e.value.codes == ["wrong_status"]


def test_the_status_sets():
    every = set(PostingStatus)
    declined_or_cancelled = {PostingStatus.DECLINED, PostingStatus.CANCELLED}
    assert set(QUOTA_STATUSES) == every - declined_or_cancelled
    assert set(REPORTABLE_STATUSES) == every - declined_or_cancelled - {PostingStatus.PROPOSED}
    assert set(SERVED_STATUSES) == set(REPORTABLE_STATUSES) - {PostingStatus.ACCEPTED}
    assert set(HOLDING_STATUSES) | set(FINISHED_STATUSES) == set(QUOTA_STATUSES)
