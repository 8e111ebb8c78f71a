"""The two-sided flow: the host writes and proposes, the home side confirms and locks."""

from datetime import date

import pytest

from exchange.appraisals import queries
from exchange.appraisals import services as s
from exchange.appraisals.models import AppraisalKind, AppraisalStatus
from exchange.audit.models import AuditEvent
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.programmes.models import TermRule

EOT = AppraisalKind.END_OF_TERM
ANNUAL = AppraisalKind.ANNUAL


def eot_part(grade="excellent", **kw):
    values = dict(
        grade=grade,
        performance="政治坚定，作风扎实",
        achievements="引进总部企业三家",
        shortcomings="政策把握需加强",
        expectations="带回经验",
    )
    values.update(kw)
    return s.HostPart(**values)


def codes(excinfo) -> list[str]:
    return excinfo.value.codes


def test_end_of_term_cannot_open_before_its_window(posting, users, on):
    on(date(2026, 11, 30))  # the window (30 days) opens on 2026-12-01
    with pytest.raises(DomainError) as e:
        s.sign_host_part(posting, EOT, None, eot_part(), users.hr_tf, None)
    assert codes(e) == ["window_not_open"]
    on(date(2026, 12, 1))
    appraisal = s.sign_host_part(posting, EOT, None, eot_part(), users.hr_tf, None)
    assert appraisal.status == AppraisalStatus.HOST_SIGNED
    assert appraisal.host_signed_by == users.hr_tf


def test_the_window_is_a_programme_setting(posting, users, on):
    posting.programme.term_rules.append(TermRule(kind="appraisal_window_days", value=60))
    db.session.flush()
    on(date(2026, 11, 1))
    assert s.sign_host_part(posting, EOT, None, eot_part(), users.hr_tf, None).id


def test_only_the_host_writes_and_no_grade_is_assumed(posting, users, on):
    on(date(2026, 12, 10))
    with pytest.raises(NotAllowed):
        s.sign_host_part(posting, EOT, None, eot_part(), users.hr_lj, None)
    with pytest.raises(DomainError) as e:
        s.sign_host_part(posting, EOT, None, eot_part(grade=None), users.hr_tf, None)
    assert codes(e) == ["grade_required"]
    with pytest.raises(DomainError) as e:
        s.sign_host_part(posting, EOT, None, eot_part(performance=" "), users.hr_tf, None)
    assert codes(e) == ["required"]


def test_both_sign_then_it_is_locked_and_corrections_keep_the_earlier_version(posting, users, on):
    on(date(2026, 12, 10))
    a = s.sign_host_part(posting, EOT, None, eot_part("competent"), users.hr_tf, None)
    with pytest.raises(NotAllowed):
        s.sign_home_part(a, s.HomePart("同意"), users.hr_tf, a.version)
    with pytest.raises(DomainError) as e:
        s.sign_home_part(a, s.HomePart(""), users.hr_lj, a.version)
    assert codes(e) == ["required"]
    with pytest.raises(ConflictError):
        s.sign_home_part(a, s.HomePart("同意"), users.hr_lj, a.version + 1)
    s.sign_home_part(a, s.HomePart("同意接收单位鉴定意见"), users.hr_lj, a.version)
    assert a.is_locked and a.result == "competent" and a.home_signed_by == users.hr_lj

    # Edited after locking without a reason: refused; by signing again: refused.
    with pytest.raises(DomainError) as e:
        s.sign_host_part(posting, EOT, None, eot_part("excellent"), users.hr_tf, a.version)
    assert codes(e) == ["locked"]
    with pytest.raises(DomainError) as e:
        s.correct(a, eot_part("excellent"), None, "  ", users.hr_tf, a.version)
    assert codes(e) == ["reason_required"]
    with pytest.raises(NotAllowed):
        s.correct(a, None, s.HomePart("改"), "笔误", users.hr_tf, a.version)

    s.correct(a, eot_part("excellent"), None, "等次录入有误", users.hr_tf, a.version)
    assert a.revision == 2 and a.final_grade == "excellent" and a.is_locked
    [earlier] = a.versions
    assert earlier.revision == 1 and earlier.reason == "等次录入有误"
    assert earlier.content["proposed_grade"] == "competent"
    assert earlier.content["home_opinion"] == "同意接收单位鉴定意见"
    actions = [e.action for e in db.session.query(AuditEvent).filter_by(object_type="appraisal")]
    assert actions == ["appraisal.host_sign", "appraisal.home_sign", "appraisal.correct"]


def test_annual_grade_is_the_home_sides_unless_the_programme_says_host(posting, users, on):
    with pytest.raises(DomainError) as e:
        s.sign_host_part(posting, ANNUAL, 2027, s.HostPart("excellent", "x"), users.hr_tf, None)
    assert codes(e) == ["year_outside_posting"]
    a = s.sign_host_part(
        posting, ANNUAL, 2026, s.HostPart("excellent", "分管商务"), users.hr_tf, None
    )
    with pytest.raises(DomainError) as e:
        s.sign_home_part(a, s.HomePart(""), users.hr_lj, a.version)
    assert codes(e) == ["grade_required"]
    s.sign_home_part(a, s.HomePart("", "competent"), users.hr_lj, a.version)
    assert a.result == "competent"
    assert queries.annual_results(posting.cadre_id) == {2026: "competent"}


def test_host_decides_the_annual_grade_when_the_programme_says_so(posting, users):
    posting.programme.term_rules.append(TermRule(kind="annual_grade_by_host", value=1))
    db.session.flush()
    a = s.sign_host_part(posting, ANNUAL, 2026, s.HostPart("excellent", "x"), users.hr_tf, None)
    s.sign_home_part(a, s.HomePart("", "not_competent"), users.hr_lj, a.version)
    assert a.result == "excellent"


def test_overdue_appraisals_are_in_both_sides_to_do_lists(posting, users, on):
    on(date(2027, 1, 5))
    assert posting in queries.end_of_term_due(users.hr_lj, date(2027, 1, 5))
    assert posting in queries.end_of_term_due(users.hr_tf, date(2027, 1, 5))
    assert posting not in queries.end_of_term_due(users.hr_cd, date(2027, 1, 5))
    assert posting not in queries.end_of_term_due(users.hr_lj, date(2026, 9, 1))
    a = s.sign_host_part(posting, EOT, None, eot_part(), users.hr_tf, None)
    s.sign_home_part(a, s.HomePart("同意"), users.hr_lj, a.version)
    assert posting not in queries.end_of_term_due(users.hr_lj, date(2027, 1, 5))


def test_the_audit_trail_says_what_each_side_signed(posting, users):
    a = s.sign_host_part(posting, ANNUAL, 2026, s.HostPart("excellent", "x"), users.hr_tf, None)
    s.sign_home_part(a, s.HomePart("同意", "competent"), users.hr_lj, a.version)
    event = db.session.query(AuditEvent).filter_by(action="appraisal.home_sign").one()
    assert event.changes["status"] == ["host_signed", "locked"]
    assert event.changes["final_grade"] == [None, "competent"]
    assert {event.district_id, event.other_district_id} == {
        posting.home_district_id,
        posting.host_district_id,
    }


def test_the_open_end_of_term_appraisal_waits_in_the_host_then_the_home_inbox(posting, users, on):
    from exchange.web.todos import todos_for

    def waiting(user):
        return [t.key for t in todos_for(user) if t.key.startswith(f"appraisal:{posting.id}:")]

    on(date(2026, 11, 30))  # the window opens on 2026-12-01
    assert waiting(users.hr_tf) == waiting(users.hr_lj) == []
    on(date(2026, 12, 1))
    assert waiting(users.hr_tf) == [f"appraisal:{posting.id}:host"]
    assert waiting(users.hr_lj) == []
    appraisal = s.sign_host_part(posting, EOT, None, eot_part(), users.hr_tf, None)
    assert waiting(users.hr_tf) == []
    assert waiting(users.hr_lj) == [f"appraisal:{posting.id}:home"]
    s.sign_home_part(
        appraisal,
        s.HomePart(opinion="同意", final_grade="excellent"),
        users.hr_lj,
        appraisal.version,
    )
    assert waiting(users.hr_tf) == waiting(users.hr_lj) == []
