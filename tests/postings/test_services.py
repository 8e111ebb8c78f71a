"""The status machine: every transition, and the refusal of every one not allowed."""

from datetime import date

import pytest

from exchange.audit.models import AuditEvent
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.postings import services as s
from exchange.postings import term_changes as tc
from exchange.postings.models import Posting
from tests import factories as f


def proposal(setup, **kw):
    values = dict(
        cadre_id=setup.cadre.id,
        programme_id=setup.programme.id,
        home_department_id=setup.home.id,
        home_position="副处长",
        host_department_id=setup.host.id,
        host_position="副主任",
        start_date=date(2027, 3, 1),
        planned_end_date=date(2027, 8, 31),
    )
    values.update(kw)
    return s.PostingProposal(**values)


def codes(error):
    """The refusal's reasons as (field, code) pairs: tests compare codes, never wording."""
    return {(reason.field, reason.code) for reason in error.value.reasons}


def assert_status_refusal(error):
    """A transition the posting's status does not allow: a rule refusal (400), not a 403."""
    assert type(error.value) is DomainError
    assert codes(error) == {(None, "wrong_status")}


def audit_actions(posting):
    return [
        e.action
        for e in db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.object_type == "posting", AuditEvent.object_id == posting.id)
            .order_by(AuditEvent.id)
        )
    ]


def test_full_lifecycle(setup, users, app):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    assert p.status == "proposed" and p.version == 1
    s.accept_posting(p, users.hr_tf, p.version)
    assert p.status == "accepted" and p.decided_by_id == users.hr_tf.id
    app.config["TODAY"] = date(2027, 3, 1)
    s.start_posting(p, users.hr_lj, p.version)
    assert p.status == "active"
    change = tc.extend_posting(p, users.hr_tf, date(2027, 10, 31), "项目落地", p.version)
    assert p.planned_end_date == date(2027, 8, 31)  # until the home side consents
    tc.agree_term_change(change, users.hr_lj, "", change.version)
    assert p.planned_end_date == date(2027, 10, 31)
    assert [(e.previous_planned_end_date, e.reason) for e in p.extensions] == [
        (date(2027, 8, 31), "项目落地")
    ]
    app.config["TODAY"] = date(2027, 11, 1)
    s.complete_posting(p, users.hr_lj, p.version)
    assert p.status == "completed" and p.actual_end_date == date(2027, 10, 31)
    assert audit_actions(p) == [
        "posting.propose",
        "posting.accept",
        "posting.start",
        "posting.request_extension",
        "posting.agree_term_change",
        "posting.extend",
        "posting.complete",
    ]


def test_decline_needs_a_reason_and_is_final(setup, users):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    with pytest.raises(DomainError) as e:
        s.decline_posting(p, users.hr_tf, "  ", p.version)
    assert codes(e) == {("reason", "required")}
    s.decline_posting(p, users.hr_tf, "岗位已满", p.version)
    assert p.status == "declined" and p.decision_reason == "岗位已满"
    with pytest.raises(DomainError) as e:
        s.accept_posting(p, users.hr_tf, p.version)
    assert_status_refusal(e)


def test_only_the_host_side_accepts(setup, users):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    for who in (users.hr_lj, users.hr_cd, users.leader, users.zx):
        with pytest.raises(NotAllowed) as e:
            s.accept_posting(p, who, p.version)
        assert codes(e) == {(None, "not_allowed")}
        with pytest.raises(NotAllowed):
            s.decline_posting(p, who, "理由", p.version)
    assert p.status == "proposed"


def test_only_the_home_side_proposes(setup, users):
    for who in (users.hr_tf, users.hr_cd, users.leader, users.zx):
        with pytest.raises(NotAllowed) as e:
            s.propose_posting(proposal(setup), who)
        assert codes(e) == {(None, "not_allowed")}


def test_only_either_side_changes_a_posting(setup, users, app):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    s.accept_posting(p, users.hr_tf, p.version)
    app.config["TODAY"] = date(2027, 3, 1)
    calls = (
        lambda who: s.start_posting(p, who, p.version),
        lambda who: tc.extend_posting(p, who, date(2027, 10, 31), "理由", p.version),
        lambda who: s.cancel_posting(p, who, "理由", p.version),
    )
    for who in (users.hr_cd, users.leader, users.zx):
        for call in calls:
            with pytest.raises(NotAllowed):
                call(who)
    assert p.status == "accepted" and p.planned_end_date == date(2027, 8, 31)


def test_a_proposal_names_what_is_missing_or_wrong(setup, users, world):
    with pytest.raises(DomainError) as e:
        s.propose_posting(proposal(setup, cadre_id=999999), users.hr_lj)
    assert codes(e) == {("cadre_id", "required")}
    with pytest.raises(DomainError) as e:
        s.propose_posting(
            proposal(setup, programme_id=999999, host_department_id=999999), users.hr_lj
        )
    assert codes(e) == {("programme_id", "required"), ("host_department_id", "required")}
    with pytest.raises(DomainError) as e:
        s.propose_posting(proposal(setup, home_department_id=world.tf_hq), users.hr_lj)
    assert codes(e) == {("home_department_id", "other_district")}


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("proposed", "start"),
        ("proposed", "end_early"),
        ("proposed", "complete"),
        ("accepted", "accept"),
        ("accepted", "decline"),
        ("accepted", "end_early"),
        ("active", "accept"),
        ("active", "start"),
        ("active", "cancel"),
        ("completed", "extend"),
        ("completed", "cancel"),
        ("completed", "end_early"),
        ("ended_early", "extend"),
        ("cancelled", "accept"),
        ("cancelled", "start"),
        ("declined", "extend"),
    ],
)
def test_disallowed_transitions_are_refused(setup, users, app, status, action):
    p = f.create_posting(
        setup.cadre,
        setup.host,
        setup.programme,
        start_date=date(2027, 3, 1),
        planned_end_date=date(2027, 8, 31),
        status=status,
        actual_end_date=date(2027, 8, 31) if status in ("completed", "ended_early") else None,
    )
    app.config["TODAY"] = date(2027, 9, 15)
    calls = {
        "accept": lambda: s.accept_posting(p, users.hr_tf, p.version),
        "decline": lambda: s.decline_posting(p, users.hr_tf, "理由", p.version),
        "start": lambda: s.start_posting(p, users.hr_lj, p.version),
        "extend": lambda: tc.extend_posting(p, users.hr_lj, date(2027, 9, 30), "理由", p.version),
        "end_early": lambda: tc.end_posting_early(
            p, users.hr_lj, date(2027, 5, 1), "理由", p.version, category="health"
        ),
        "cancel": lambda: s.cancel_posting(p, users.hr_lj, "理由", p.version),
        "complete": lambda: s.complete_posting(p, users.hr_lj, p.version),
    }
    with pytest.raises(DomainError) as e:
        calls[action]()
    assert_status_refusal(e)
    assert db.session.get(Posting, p.id).status == status


def test_cancel_before_start_and_end_early(setup, users, app):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    s.accept_posting(p, users.hr_tf, p.version)
    with pytest.raises(NotAllowed):  # only the proposing side cancels
        s.cancel_posting(p, users.hr_tf, "工作调整", p.version)
    s.cancel_posting(p, users.hr_lj, "工作调整", p.version)
    assert p.status == "cancelled"
    q = s.propose_posting(proposal(setup), users.hr_lj)
    s.accept_posting(q, users.hr_tf, q.version)
    app.config["TODAY"] = date(2027, 2, 1)
    with pytest.raises(DomainError) as e:
        s.start_posting(q, users.hr_tf, q.version)
    assert codes(e) == {(None, "before_start")}
    app.config["TODAY"] = date(2027, 5, 10)
    s.start_posting(q, users.hr_tf, q.version)
    with pytest.raises(DomainError) as e:
        s.complete_posting(q, users.hr_tf, q.version)
    assert codes(e) == {(None, "not_ended")}
    with pytest.raises(DomainError) as e:
        tc.end_posting_early(q, users.hr_lj, date(2027, 5, 1), "", q.version, category="family")
    assert codes(e) == {("reason", "required")}
    with pytest.raises(DomainError) as e:
        tc.end_posting_early(
            q, users.hr_lj, date(2027, 2, 1), "家庭原因", q.version, category="family"
        )
    assert codes(e) == {("end_date", "before_start")}
    with pytest.raises(DomainError) as e:
        tc.end_posting_early(
            q, users.hr_lj, date(2027, 8, 31), "家庭原因", q.version, category="family"
        )
    assert codes(e) == {("end_date", "not_earlier")}
    change = tc.end_posting_early(
        q, users.hr_lj, date(2027, 5, 1), "家庭原因", q.version, category="family"
    )
    assert q.status == "active" and change.is_pending  # until the host side consents
    tc.agree_term_change(change, users.hr_tf, "", change.version)
    assert q.status == "ended_early" and q.actual_end_date == date(2027, 5, 1)


def test_stale_version_is_a_conflict(setup, users):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    opened = p.version
    s.cancel_posting(p, users.hr_lj, "另有安排", opened)
    with pytest.raises(ConflictError) as e:
        s.accept_posting(p, users.hr_tf, opened)
    assert codes(e) == {("version", "stale")}
    assert p.status == "cancelled"


def test_an_extension_moves_the_end_later_with_a_reason(setup, users):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    with pytest.raises(DomainError) as e:
        tc.extend_posting(p, users.hr_lj, date(2027, 12, 31), "项目落地", p.version)
    assert_status_refusal(e)
    s.accept_posting(p, users.hr_tf, p.version)
    with pytest.raises(DomainError) as e:
        tc.extend_posting(p, users.hr_lj, date(2027, 8, 31), "项目落地", p.version)
    assert codes(e) == {("new_end_date", "not_later")}
    with pytest.raises(DomainError) as e:
        tc.extend_posting(p, users.hr_lj, date(2027, 12, 31), " ", p.version)
    assert codes(e) == {("reason", "required")}
    assert p.planned_end_date == date(2027, 8, 31) and p.extensions == []


def test_advance_starts_and_completes(setup, users):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    s.accept_posting(p, users.hr_tf, p.version)
    assert s.advance_postings(date(2027, 2, 28))["started"] == 0
    assert p.status == "accepted"
    none = {"started": 0, "ended_early": 0, "completed": 0}
    assert s.advance_postings(date(2027, 3, 1)) == {**none, "started": 1}
    assert p.status == "active"
    assert s.advance_postings(date(2027, 8, 31)) == none
    assert s.advance_postings(date(2027, 9, 1)) == {**none, "completed": 1}
    assert p.status == "completed" and p.actual_end_date == date(2027, 8, 31)
