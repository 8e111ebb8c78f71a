"""Programme rules of daily management, set by the coordinating 组织部 with their source."""

from decimal import Decimal

import pytest

from exchange.attendance.rules import RuleData, set_rule
from exchange.attendance.schedule import rules_for
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.leave.rules import chain_for
from exchange.leave.tiers import TierData, set_tiers
from exchange.programmes.models import Programme
from exchange.talks.models import TalkRule
from exchange.talks.rules import Cadence, set_cadence


@pytest.fixture
def programme(ctx, world):
    return db.session.get(Programme, world.programme)


def test_tiers_replace_the_default_chain(programme, user):
    set_tiers(
        programme,
        user("admin"),
        [
            TierData(Decimal(2), ("host", None, None), "通知第三条"),
            TierData(None, ("host", "coordinator", None), "通知第四条"),
        ],
    )
    assert chain_for(programme.id, Decimal(2)).approvers == ("host",)
    assert chain_for(programme.id, Decimal("2.5")).approvers == ("host", "coordinator")
    assert chain_for(programme.id, Decimal(30)).source == "通知第四条"


@pytest.mark.parametrize(
    ("tiers", "field", "code"),
    [
        ([TierData(Decimal(3), ("host",), "x")], "tier1_days", "last_has_limit"),
        ([TierData(None, ("host",), "x"), TierData(None, ("home",), "x")], "tier1_days", "open_before_last"),
        ([TierData(Decimal(5), ("host",), "x"), TierData(Decimal(3), ("home",), "x"), TierData(None, ("home",), "x")], "tier2_days", "limits_must_grow"),
        ([TierData(None, ("host", None, "home"), "x")], "tier1_first", "approvers_in_order"),
        ([TierData(None, ("host", "host"), "x")], "tier1_first", "repeated_approver"),
        ([TierData(None, ("leader",), "x")], "tier1_first", "invalid_choice"),
        ([TierData(None, ("host",), " ")], "tier1_source", "required"),
    ],
)  # fmt: skip
def test_bad_tiers_are_refused(programme, user, tiers, field, code):
    with pytest.raises(DomainError) as caught:
        set_tiers(programme, user("admin"), tiers)
    assert (field, code) in [(r.field, r.code) for r in caught.value.reasons]


def test_attendance_rule_and_cadence(programme, user):
    set_rule(programme, user("admin"), RuleData(10, "次月10日前", 95, "不少于95%"))
    rule = rules_for([programme.id])[programme.id]
    assert (rule.due_day, rule.min_presence_percent) == (10, 95)
    with pytest.raises(DomainError) as caught:
        set_rule(programme, user("admin"), RuleData(31, "", 120, "x"))
    assert set(caught.value.codes) == {"invalid_due_day", "required", "invalid_percent"}
    set_cadence(programme, user("admin"), [Cadence("home", 3, "每季度"), Cadence("host", None)])
    assert [(r.side, r.every_months) for r in db.session.query(TalkRule)] == [("home", 3)]
    with pytest.raises(DomainError) as caught:
        set_cadence(programme, user("admin"), [Cadence("host", 5, "x")])
    assert caught.value.codes == ["invalid_cadence"]


def test_only_the_coordinating_department_sets_rules(programme, user):
    for key in ("hr_lj", "hr_tf", "leader", "zx"):
        with pytest.raises(NotAllowed):
            set_tiers(programme, user(key), [TierData(None, ("host",), "x")])
        with pytest.raises(NotAllowed):
            set_rule(programme, user(key), RuleData(5, "x", 90, "x"))
        with pytest.raises(NotAllowed):
            set_cadence(programme, user(key), [Cadence("home", 3, "x")])
