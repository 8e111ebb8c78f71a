"""Each rule a proposal or extension is checked against, refused by its code and field."""

from datetime import date

import pytest

from exchange.errors_domain import DomainError
from exchange.extensions import db
from exchange.org.models import Department
from exchange.postings import services as s
from exchange.postings import term_changes as tc
from tests import factories as f
from tests.postings.test_services import proposal


def reasons(error) -> set[tuple[str | None, str]]:
    """The ``(field, code)`` pairs of a refusal."""
    return {(r.field, r.code) for r in error.value.reasons}


def refused(setup, users, **kw):
    with pytest.raises(DomainError) as e:
        s.propose_posting(proposal(setup, **kw), users.hr_lj)
    return reasons(e)


def test_host_in_the_home_district(setup, users):
    assert ("host_department_id", "same_district") in refused(
        setup, users, host_department_id=setup.home.id
    )


def test_end_before_start(setup, users):
    assert refused(setup, users, planned_end_date=date(2027, 2, 1)) == {
        ("planned_end_date", "before_start")
    }


def test_outside_window(setup, users):
    got = refused(setup, users, start_date=date(2026, 11, 1), planned_end_date=date(2027, 3, 1))
    assert ("start_date", "outside_window") in got
    got = refused(setup, users, start_date=date(2029, 9, 1), planned_end_date=date(2030, 2, 28))
    assert ("planned_end_date", "outside_window") in got


def test_district_outside_programme(setup, users, world):
    cd_auto = db.session.get(Department, world.cd_auto)
    got = refused(setup, users, host_department_id=cd_auto.id)
    assert ("programme_id", "not_in_programme") in got


def test_overlap_names_the_posting(setup, users):
    s.propose_posting(proposal(setup), users.hr_lj)
    with pytest.raises(DomainError) as e:
        s.propose_posting(
            proposal(setup, start_date=date(2027, 8, 1), planned_end_date=date(2028, 1, 31)),
            users.hr_lj,
        )
    assert reasons(e) == {("start_date", "overlaps")}
    # The message names the posting it overlaps (the wording is the i18n tests' business).
    assert "李晓雯" in str(e.value.reasons[0].message)


def test_quota_full(setup, users):
    for name in ("甲", "乙"):
        cadre = f.create_cadre(name, setup.home)
        s.propose_posting(proposal(setup, cadre_id=cadre.id), users.hr_lj)
    assert refused(setup, users) == {("host_department_id", "quota_full")}


def test_initial_term_limits(setup, users):
    short = refused(setup, users, planned_end_date=date(2027, 4, 30))
    assert short == {("planned_end_date", "rule_min_initial_term")}
    long = refused(setup, users, planned_end_date=date(2028, 3, 1))
    assert long == {("planned_end_date", "rule_max_initial_term")}
    s.propose_posting(proposal(setup, planned_end_date=date(2028, 2, 29)), users.hr_lj)


def test_min_gap(setup, users):
    f.create_posting(
        setup.cadre, setup.host, setup.programme, date(2027, 1, 1), date(2027, 2, 10), "completed"
    )
    assert refused(setup, users) == {("start_date", "rule_min_gap")}


def test_career_limit(setup, users):
    f.create_posting(
        setup.cadre, setup.host, setup.programme, date(2025, 1, 1), date(2026, 8, 31), "completed"
    )
    got = refused(setup, users, start_date=date(2027, 1, 1), planned_end_date=date(2027, 12, 31))
    assert ("planned_end_date", "rule_max_career") in got


def extend(p, users, new_end, reason):
    """延期 asked by the home side and agreed by the host side."""
    change = tc.extend_posting(p, users.hr_lj, new_end, reason, p.version)
    return tc.agree_term_change(change, users.hr_tf, "", change.version)


def test_extension_limit_and_direction(setup, users):
    p = s.propose_posting(proposal(setup), users.hr_lj)
    s.accept_posting(p, users.hr_tf, p.version)
    with pytest.raises(DomainError) as e:
        tc.extend_posting(p, users.hr_lj, date(2027, 8, 1), "理由", p.version)
    assert [r.field for r in e.value.reasons] == ["new_end_date"]
    extend(p, users, date(2027, 11, 30), "第一次")
    with pytest.raises(DomainError) as e:
        tc.extend_posting(p, users.hr_lj, date(2028, 3, 31), "第二次", p.version)
    assert reasons(e) == {("new_end_date", "rule_max_total_extension")}
    extend(p, users, date(2028, 2, 29), "第二次")
    assert len(p.extensions) == 2


def test_extension_checks_the_career_limit_on_the_new_end(setup, users):
    f.create_posting(
        setup.cadre, setup.host, setup.programme, date(2025, 1, 1), date(2026, 8, 31), "completed"
    )
    p = s.propose_posting(
        proposal(setup, start_date=date(2027, 1, 1), planned_end_date=date(2027, 3, 31)),
        users.hr_lj,
    )
    s.accept_posting(p, users.hr_tf, p.version)
    with pytest.raises(DomainError) as e:
        tc.extend_posting(p, users.hr_lj, date(2027, 7, 31), "理由", p.version)
    assert ("new_end_date", "rule_max_career") in reasons(e)


def test_an_extension_limit_counts_extensions_when_asked_and_when_agreed(setup, users):
    """可延期一次: shown as a rule, and kept when a second extension is asked or agreed."""
    from exchange.postings.rules import rules_checked
    from exchange.programmes.models import TermRule, TermRuleKind

    p = s.propose_posting(proposal(setup), users.hr_lj)
    s.accept_posting(p, users.hr_tf, p.version)
    extend(p, users, date(2027, 9, 30), "第一次")
    asked = tc.extend_posting(p, users.hr_lj, date(2027, 10, 31), "第二次", p.version)
    setup.programme.term_rules.append(TermRule(kind="max_extensions", value=1, source="可延期一次"))
    db.session.flush()
    assert TermRuleKind.MAX_EXTENSIONS.label in {rule.name for rule in rules_checked(p)}
    with pytest.raises(DomainError) as e:  # agreed after the rule came: checked again
        tc.agree_term_change(asked, users.hr_tf, "", asked.version)
    assert reasons(e) == {("new_end_date", "rule_max_extensions")}
    assert p.planned_end_date == date(2027, 9, 30) and asked.is_pending
    tc.withdraw_term_change(asked, users.hr_lj, asked.version)
    with pytest.raises(DomainError) as e:
        tc.extend_posting(p, users.hr_lj, date(2027, 10, 31), "第二次", p.version)
    assert reasons(e) == {("new_end_date", "rule_max_extensions")}
    assert len(p.extensions) == 1


def test_acceptance_checks_the_quota_again(setup, users):
    """Two proposals fit a quota of 2; lowered to 1, only one of them can be accepted."""
    p = s.propose_posting(proposal(setup), users.hr_lj)
    other = f.create_cadre("赵七", setup.home, "科长")
    q = s.propose_posting(proposal(setup, cadre_id=other.id), users.hr_lj)
    [quota] = [x for x in setup.programme.quotas if x.home_district_id == setup.lj.id]
    quota.max_postings = 1
    db.session.flush()
    s.accept_posting(p, users.hr_tf, p.version)
    with pytest.raises(DomainError) as e:
        s.accept_posting(q, users.hr_tf, q.version)
    assert reasons(e) == {("host_department_id", "quota_full")}
    assert q.status == "proposed"
