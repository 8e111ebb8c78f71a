"""Term changes need both sides: a request changes nothing until the other side consents.

张想's posting (两江 home, 天府 host) is in post on the tests' day, 2026-09-01, and runs
until 2026-12-31.
"""

import re
from datetime import date

import pytest

from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.postings import services as s
from exchange.postings import term_changes as tc
from exchange.postings.models import Posting
from exchange.postings.term_inbox import consent_count, consent_todos
from exchange.web.todos import todos_for

END = date(2026, 12, 31)


def codes(error):
    return {(reason.field, reason.code) for reason in error.value.reasons}


@pytest.fixture
def posting(users, world):
    return db.session.get(Posting, world.p_zx)


def test_an_extension_waits_for_the_other_side(posting, users):
    change = tc.extend_posting(posting, users.hr_tf, date(2027, 3, 31), "项目需要", posting.version)
    assert change.is_pending and change.side == "host"
    assert posting.planned_end_date == END and posting.extensions == []
    consent = [t.key for t in todos_for(users.hr_lj)]
    assert f"term_change:{change.id}:consent" in consent
    assert not [t for t in todos_for(users.hr_tf) if t.key.startswith("term_change:")]
    # The bell counts what the inbox lists: the other side's, not the asking side's.
    assert consent_count(users.hr_lj) == len(consent_todos(users.hr_lj)) == 1
    assert consent_count(users.hr_tf) == len(consent_todos(users.hr_tf)) == 0
    with pytest.raises(NotAllowed):  # the side that asked does not consent to itself
        tc.agree_term_change(change, users.hr_tf, "", change.version)
    tc.agree_term_change(change, users.hr_lj, "", change.version)
    assert change.status == "agreed" and change.applied_at is not None
    assert posting.planned_end_date == date(2027, 3, 31)
    assert [e.reason for e in posting.extensions] == ["项目需要"]
    assert not [t for t in todos_for(users.hr_lj) if t.key.startswith("term_change:")]
    assert consent_count(users.hr_lj) == 0


def test_an_early_end_waits_for_the_other_side(posting, users):
    change = tc.end_posting_early(
        posting, users.hr_lj, date(2026, 9, 1), "家中有事", posting.version, category="family"
    )
    assert posting.status == "active" and posting.actual_end_date is None
    tc.agree_term_change(change, users.hr_tf, "同意", change.version)
    assert posting.status == "ended_early" and posting.actual_end_date == date(2026, 9, 1)
    assert posting.end_reason == "家中有事"


def test_a_declined_request_changes_nothing(posting, users):
    change = tc.extend_posting(posting, users.hr_lj, date(2027, 2, 28), "项目需要", posting.version)
    with pytest.raises(DomainError) as e:
        tc.decline_term_change(change, users.hr_tf, " ", change.version)
    assert codes(e) == {("reason", "required")}
    tc.decline_term_change(change, users.hr_tf, "本单位不需要延期", change.version)
    assert change.status == "declined" and change.decision_reason == "本单位不需要延期"
    assert posting.planned_end_date == END and posting.extensions == []
    with pytest.raises(DomainError) as e:
        tc.agree_term_change(change, users.hr_tf, "", change.version)
    assert codes(e) == {(None, "not_pending")}
    # Declined, it no longer blocks a new request.
    again = tc.extend_posting(posting, users.hr_lj, date(2027, 1, 31), "缩短", posting.version)
    assert again.is_pending


def test_one_request_at_a_time_and_only_the_asker_withdraws(posting, users):
    change = tc.extend_posting(posting, users.hr_lj, date(2027, 2, 28), "项目需要", posting.version)
    with pytest.raises(DomainError) as e:
        tc.end_posting_early(
            posting, users.hr_tf, date(2026, 10, 31), "任务完成", None, category="tasks_done"
        )
    assert codes(e) == {(None, "pending_request")}
    with pytest.raises(ConflictError):  # the posting's page changed when the request came
        tc.extend_posting(posting, users.hr_tf, date(2027, 1, 31), "理由", 1)
    with pytest.raises(ConflictError):
        tc.withdraw_term_change(change, users.hr_lj, change.version + 1)
    for who in (users.hr_tf, users.hr_cd, users.leader, users.zx, users.admin):
        with pytest.raises(NotAllowed):
            tc.withdraw_term_change(change, who, change.version)
    tc.withdraw_term_change(change, users.hr_lj, change.version)
    assert change.status == "withdrawn" and posting.planned_end_date == END


def test_strangers_may_not_ask(posting, users):
    for who in (users.hr_cd, users.leader, users.zx):
        with pytest.raises(NotAllowed):
            tc.extend_posting(posting, who, date(2027, 2, 28), "理由", None)


def test_the_admin_decides_directly_with_a_reason(posting, users):
    change = tc.extend_posting(posting, users.admin, date(2027, 2, 28), "组织部决定", None)
    assert change.side == "admin" and change.status == "agreed"
    assert posting.planned_end_date == date(2027, 2, 28)
    asked = tc.end_posting_early(
        posting,
        users.hr_tf,
        date(2026, 11, 30),
        "表现不佳",
        None,
        category="poor_performance",
        kind="recall",
    )
    with pytest.raises(DomainError) as e:  # in place of the home side: with a reason
        tc.agree_term_change(asked, users.admin, "", asked.version)
    assert codes(e) == {("note", "required")}
    tc.agree_term_change(asked, users.admin, "经协调同意召回", asked.version)
    assert asked.decided_by_id == users.admin.id and asked.decision_reason == "经协调同意召回"


def test_an_early_end_ahead_is_applied_by_the_daily_job(posting, users):
    """A recall decided today for the end of next month."""
    change = tc.end_posting_early(
        posting,
        users.hr_lj,
        date(2026, 10, 31),
        "原单位工作需要",
        posting.version,
        category="home_need",
        kind="recall",
    )
    tc.agree_term_change(change, users.hr_tf, "", change.version)
    assert change.status == "agreed" and change.applied_at is None
    assert posting.status == "active"
    with pytest.raises(DomainError) as e:  # nothing else is asked once an end is agreed
        tc.extend_posting(posting, users.hr_tf, date(2027, 2, 28), "理由", None)
    assert codes(e) == {(None, "end_scheduled")}
    assert s.advance_postings(date(2026, 10, 30))["ended_early"] == 0
    assert posting.status == "active"
    assert s.advance_postings(date(2026, 10, 31))["ended_early"] == 1
    assert posting.status == "ended_early" and posting.actual_end_date == date(2026, 10, 31)
    assert change.applied_at is not None
    assert s.advance_postings(date(2026, 11, 1))["ended_early"] == 0


def test_an_ending_names_its_kind_and_reason(posting, users):
    with pytest.raises(DomainError) as e:
        tc.end_posting_early(
            posting, users.hr_lj, date(2026, 10, 31), "理由", None, category="x", kind="extension"
        )
    assert codes(e) == {("kind", "invalid_choice"), ("category", "invalid_choice")}


def test_the_page_shows_the_request_and_the_other_side_answers(client, auth, world, app):
    auth.login("hr.tianfu")
    asked = client.post(
        f"/postings/{world.p_zx}/extend",
        data={"extend-new_end_date": "2027-02-28", "extend-reason": "招商项目需要"},
    )
    assert asked.status_code == 302
    page = client.get(f"/postings/{world.p_zx}").get_data(as_text=True)
    assert "招商项目需要" in page and "/withdraw" in page and "/agree" not in page
    auth.logout()
    auth.login("hr.liangjiang")
    page = client.get(f"/postings/{world.p_zx}").get_data(as_text=True)
    assert f"/postings/{world.p_zx}/extend" not in page  # one request at a time
    [agree] = re.findall(r'action="([^"]+/agree)"', page)
    version = re.search(r'name="agree-version"[^>]*value="(\d+)"', page)
    version = version or re.search(r'value="(\d+)"[^>]*name="agree-version"', page)
    agreed = client.post(agree, data={"agree-version": version.group(1)})
    assert agreed.status_code == 302
    with app.app_context():
        assert db.session.get(Posting, world.p_zx).planned_end_date == date(2027, 2, 28)
    again = client.post(agree, data={"agree-version": version.group(1)})
    assert again.status_code == 409  # the request changed since the form was opened
