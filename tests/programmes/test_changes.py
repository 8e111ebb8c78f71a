"""Programme change requests (issue 12): a member proposes, every other member confirms;
a decline changes nothing; the admin applies directly; every event reaches every member."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange import policy
from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.errors_domain import ConflictError, DomainError
from exchange.extensions import db
from exchange.notifications.models import Notification
from exchange.programmes import changes
from exchange.programmes.models import Programme, ProgrammeChangeRequest
from tests.security.browser import form_values


def codes(error):
    return {(reason.field, reason.code) for reason in error.value.reasons}


@pytest.fixture
def user_of(ctx, world):
    return lambda key: db.session.get(User, world.user_ids[key])


@pytest.fixture
def programme(ctx, world):
    return db.session.get(Programme, world.programme)


def proposal(programme, **kw):
    values = changes.data_of(programme).__dict__ | kw
    return changes.ProgrammeData(**values)


EDITS = {
    "quotas": lambda w, p: {"quotas": {**changes.data_of(p).quotas, (w.lj, w.tf): 9}},
    "rules": lambda w, p: {"term_rules": {"max_extensions": (1, "确因工作需要可延期一次")}},
    "window": lambda w, p: {"end_date": date(2031, 6, 30)},
    "members": lambda w, p: {"district_ids": [w.lj, w.tf, w.cd], "report_cadence_months": 3},
}


@pytest.mark.parametrize("what", EDITS)
def test_a_change_applies_only_once_every_other_member_confirmed(programme, user_of, world, what):
    before = changes.as_json(changes.data_of(programme))
    change = changes.propose_programme_change(
        programme,
        proposal(programme, **EDITS[what](world, programme)),
        user_of("hr_lj"),
        programme.version,
        "两区协商调整",
    )
    assert change.changes and change.awaiting_ids == [world.tf, world.cd]
    assert changes.as_json(changes.data_of(programme)) == before
    changes.confirm_programme_change(change, user_of("hr_tf"), change.version)
    assert change.is_pending and changes.as_json(changes.data_of(programme)) == before
    changes.confirm_programme_change(change, user_of("hr_cd"), change.version)
    assert change.status == "applied"
    db.session.expire_all()
    assert changes.as_json(changes.data_of(programme)) == change.proposed


def test_the_proposer_cannot_confirm_and_a_decline_changes_nothing(programme, user_of):
    before = changes.as_json(changes.data_of(programme))
    change = changes.propose_programme_change(
        programme, proposal(programme, team_leader="王某"), user_of("hr_tf"), None, "换领队"
    )
    assert not policy.can_confirm_programme_change(user_of("hr_tf"), change)
    with pytest.raises(DomainError) as refused:
        changes.decline_programme_change(change, user_of("hr_cd"), " ", change.version)
    assert codes(refused) == {("reason", "required")}
    changes.decline_programme_change(change, user_of("hr_cd"), "不同意", change.version)
    assert change.status == "declined"
    assert changes.as_json(changes.data_of(programme)) == before
    assert not policy.can_confirm_programme_change(user_of("hr_lj"), change)


def test_withdraw_and_a_second_pending_request_is_refused(programme, user_of):
    first = changes.propose_programme_change(
        programme, proposal(programme, team_leader="甲"), user_of("hr_lj"), None, "理由"
    )
    with pytest.raises(ConflictError) as refused:
        changes.propose_programme_change(
            programme, proposal(programme, team_leader="乙"), user_of("hr_tf"), None, "理由"
        )
    assert codes(refused) == {(None, "pending_request")}
    assert not policy.can_withdraw_programme_change(user_of("hr_tf"), first)
    changes.withdraw_programme_change(first, user_of("hr_lj"), first.version)
    assert first.status == "withdrawn"
    changes.propose_programme_change(
        programme, proposal(programme, team_leader="乙"), user_of("hr_tf"), None, "理由"
    )


def test_stale_versions_are_409(programme, user_of):
    opened = programme.version
    with pytest.raises(ConflictError):
        changes.propose_programme_change(
            programme, proposal(programme, team_leader="甲"), user_of("hr_lj"), opened + 1, "理由"
        )
    change = changes.propose_programme_change(
        programme, proposal(programme, team_leader="甲"), user_of("hr_lj"), opened, "理由"
    )
    seen = change.version
    changes.confirm_programme_change(change, user_of("hr_tf"), seen)
    with pytest.raises(ConflictError) as refused:
        changes.confirm_programme_change(change, user_of("hr_cd"), seen)
    assert codes(refused) == {("version", "stale")}


def test_a_change_that_no_longer_validates_is_refused_at_the_last_confirmation(programme, user_of):
    change = changes.propose_programme_change(
        programme, proposal(programme, team_leader="甲"), user_of("hr_lj"), None, "理由"
    )
    changes.apply_programme_change_directly(
        programme, proposal(programme, report_cadence_months=2), user_of("admin"), None, "统筹"
    )
    changes.confirm_programme_change(change, user_of("hr_tf"))
    with pytest.raises(ConflictError) as refused:
        changes.confirm_programme_change(change, user_of("hr_cd"))
    assert codes(refused) == {(None, "programme_changed")}


def test_nothing_changed_and_no_reason_are_refused(programme, user_of):
    with pytest.raises(DomainError) as refused:
        changes.propose_programme_change(
            programme, proposal(programme), user_of("hr_lj"), None, "理由"
        )
    assert codes(refused) == {(None, "unchanged")}
    with pytest.raises(DomainError) as refused:
        changes.propose_programme_change(
            programme, proposal(programme, team_leader="甲"), user_of("hr_lj"), None, ""
        )
    assert codes(refused) == {("reason", "required")}


def _actions_seen_by(user, programme_id):
    return {
        e.action
        for e in db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.object_type == "programme",
                AuditEvent.object_id == programme_id,
                policy.audit_scope(user),
            )
        )
    }


def test_every_programme_event_reaches_every_members_audit_view(programme, user_of):
    first = changes.propose_programme_change(
        programme, proposal(programme, team_leader="甲"), user_of("hr_lj"), None, "理由"
    )
    changes.decline_programme_change(first, user_of("hr_cd"), "不同意")
    second = changes.propose_programme_change(
        programme, proposal(programme, team_leader="乙"), user_of("hr_lj"), None, "理由"
    )
    changes.withdraw_programme_change(second, user_of("hr_lj"))
    third = changes.propose_programme_change(
        programme, proposal(programme, team_leader="丙"), user_of("hr_tf"), None, "理由"
    )
    changes.confirm_programme_change(third, user_of("hr_lj"))
    changes.confirm_programme_change(third, user_of("hr_cd"))
    changes.apply_programme_change_directly(
        programme, proposal(programme, team_leader="丁"), user_of("admin"), None, "统筹调整"
    )
    expected = {
        "programme.change_proposed",
        "programme.change_declined",
        "programme.change_withdrawn",
        "programme.change_confirmed",
        "programme.change_applied",
        "programme.change_directly",
        "programme.update",
    }
    for who in ("hr_lj", "hr_tf", "hr_cd"):
        assert expected <= _actions_seen_by(user_of(who), programme.id), who


def test_the_admins_direct_change_is_visible_to_every_member(client, auth, world, app):
    auth.login("admin")
    page = client.get(f"/programmes/{world.programme}/edit").get_data(as_text=True)
    assert "reason" in page
    with app.app_context():
        programme = db.session.get(Programme, world.programme)
        form = _form_of(programme, world)
    form.update({"team_leader": "统筹领队", "reason": "联席会议决定"})
    response = client.post(f"/programmes/{world.programme}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    for username, key in (
        ("hr.liangjiang", "hr_lj"),
        ("hr.tianfu", "hr_tf"),
        ("hr.cdedz", "hr_cd"),
    ):
        auth.logout()
        auth.login(username)
        audit = client.get("/audit?action=programme.change_directly").get_data(as_text=True)
        assert "programme.change_directly" in audit, username
        detail = client.get(f"/programmes/{world.programme}").get_data(as_text=True)
        assert "统筹领队" in detail and "联席会议决定" in detail
        with app.app_context():
            assert db.session.scalar(
                sa.select(Notification.id).where(Notification.user_id == world.user_ids[key])
            )


def _form_of(programme, world) -> dict:
    data = changes.data_of(programme)
    form = {
        "name": data.name,
        "start_date": data.start_date.isoformat(),
        "end_date": data.end_date.isoformat(),
        "standard_term_months": str(data.standard_term_months),
        "report_cadence_months": str(data.report_cadence_months),
        "district_ids": [str(d) for d in data.district_ids],
        "version": str(programme.version),
    }
    for (home, host), limit in data.quotas.items():
        form[f"quota_{home}_{host}"] = str(limit)
    return form


def test_member_hr_proposes_through_the_form_and_others_confirm_on_the_page(
    client, auth, world, app
):
    auth.login("hr.liangjiang")
    with app.app_context():
        form = _form_of(db.session.get(Programme, world.programme), world)
    form.update({"report_cadence_months": "3", "reason": "按季度报送"})
    response = client.post(f"/programmes/{world.programme}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    again = client.post(f"/programmes/{world.programme}/edit", data=form)
    assert again.status_code == 409
    with app.app_context():
        assert db.session.get(Programme, world.programme).report_cadence_months == 1
        change = db.session.scalar(sa.select(ProgrammeChangeRequest))
        change_id, version = change.id, change.version
    for username in ("hr.tianfu", "hr.cdedz"):
        auth.logout()
        auth.login(username)
        page = client.get(f"/programmes/{world.programme}").get_data(as_text=True)
        assert "按季度报送" in page
        url = f"/programmes/{world.programme}/changes/{change_id}/confirm"
        opened = form_values(page, url, f"/programmes/{world.programme}")
        assert opened["confirm-version"] == str(version)
        assert client.post(url, data=opened).status_code == 302
        version += 1
    with app.app_context():
        assert db.session.get(Programme, world.programme).report_cadence_months == 3


def test_the_demo_shows_a_change_waiting_for_tianfu(app, runner, client, auth):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert "nothing to add" in runner.invoke(args=["seed-demo"]).output
    with app.app_context():
        change = db.session.scalar(sa.select(ProgrammeChangeRequest))
        assert change.is_pending and change.changes
        programme_id = change.programme_id
        tianfu = db.session.scalar(sa.select(User).where(User.username == "hr.tianfu"))
        assert change.awaiting_ids == [tianfu.district_id]
    auth.login("hr.tianfu", app.config["DEMO_PASSWORD"])
    page = client.get(f"/programmes/{programme_id}").get_data(as_text=True)
    assert "变更申请" in page and "（演示数据）" in page and "确认变更" in page
    assert "名额 · 两江新区 → 四川天府新区" in page
    assert "待确认的批次变更" in client.get("/notifications").get_data(as_text=True)


def test_answers_on_the_page_refuse_a_missing_reason_and_a_stale_form(client, auth, world, app):
    with app.test_request_context():
        programme = db.session.get(Programme, world.programme)
        change = changes.propose_programme_change(
            programme,
            proposal(programme, team_leader="甲"),
            db.session.get(User, world.user_ids["hr_lj"]),
            None,
            "换领队",
        )
        db.session.commit()
        change_id, version = change.id, change.version
    auth.login("hr.liangjiang")
    edit = client.get(f"/programmes/{world.programme}/edit").get_data(as_text=True)
    assert "已有一项变更在等待确认" in edit and "提出变更" in edit
    auth.logout()
    auth.login("hr.tianfu")
    url = f"/programmes/{world.programme}/changes/{change_id}/decline"
    missing = client.post(url, data={"decline-version": str(version)})
    assert missing.status_code == 400
    stale = client.post(url, data={"decline-version": str(version + 1), "decline-reason": "否"})
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(ProgrammeChangeRequest, change_id).is_pending


def test_a_district_added_by_the_change_confirms_it_too(programme, user_of, world):
    from tests import factories as f

    gaoxin = f.create_district("gaoxin", "成都高新区", "四川省")
    hr_gx = f.create_user("hr.gaoxin", "hr", district=gaoxin)
    members = [world.lj, world.tf, world.cd, gaoxin.id]
    change = changes.propose_programme_change(
        programme, proposal(programme, district_ids=members), user_of("hr_lj"), None, "扩大范围"
    )
    assert change.changes["district_ids"] == [[world.lj, world.tf, world.cd], sorted(members)]
    for key in ("hr_tf", "hr_cd"):
        changes.confirm_programme_change(change, user_of(key))
    assert change.is_pending and change.awaiting_ids == [gaoxin.id]
    assert gaoxin.id not in {d.id for d in programme.districts}
    changes.confirm_programme_change(change, hr_gx)
    assert change.status == "applied"
    assert gaoxin.id in {d.id for d in programme.districts}
    seen = _actions_seen_by(hr_gx, programme.id)
    assert {"programme.change_proposed", "programme.change_applied"} <= seen


def drafted(world, **kw):
    values = dict(
        name="2027年川渝互派第二批",
        start_date=date(2027, 1, 1),
        end_date=date(2028, 12, 31),
        standard_term_months=6,
        report_cadence_months=1,
        district_ids=[world.lj, world.tf],
    )
    return changes.ProgrammeData(**(values | kw))


def test_a_programme_drafted_by_a_member_is_in_force_once_the_others_confirm(user_of, world):
    from exchange.postings import rules

    change = changes.create_programme(drafted(world), user_of("hr_lj"), None, "拟新增一批")
    programme = change.programme
    assert programme.is_draft and change.awaiting_ids == [world.tf]
    term = rules.Term(
        programme=programme,
        cadre_id=None,
        home_district_id=world.lj,
        host_district_id=world.tf,
        start_date=date(2027, 3, 1),
        planned_end_date=date(2027, 8, 31),
    )
    assert ("programme_id", "programme_draft") in {r[:2] for r in rules.check_in_force(term)}
    changes.confirm_programme_change(change, user_of("hr_tf"), change.version)
    assert change.status == "applied" and not programme.is_draft
    assert rules.check_in_force(term) == []
    actions = set(
        db.session.scalars(
            sa.select(AuditEvent.action).where(
                AuditEvent.object_type == "programme", AuditEvent.object_id == programme.id
            )
        )
    )
    assert {"programme.create", "programme.change_proposed", "programme.in_force"} <= actions


def test_a_declined_draft_stays_a_draft_and_the_admins_programme_is_in_force(user_of, world):
    change = changes.create_programme(drafted(world), user_of("hr_lj"), None, "")
    changes.decline_programme_change(change, user_of("hr_tf"), "名额未商定", change.version)
    assert change.programme.is_draft
    made = changes.create_programme(drafted(world, name="组织部新批次"), user_of("admin"))
    assert isinstance(made, Programme) and not made.is_draft
