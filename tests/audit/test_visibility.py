"""An audit event never shows more of a record than its reader could see by opening it now."""

import pytest

from exchange import policy
from exchange.audit.shown import audited_tables
from exchange.extensions import db
from exchange.reports.models import ReflectionLog
from exchange.reports.services import ReportData, update_report


def test_every_kind_of_record_has_a_visibility_rule(app):
    with app.app_context():
        missing = audited_tables() - set(policy.AUDIT_RULES)
    assert not missing, f"no rule in policy.AUDIT_RULES for: {sorted(missing)}"


def _edit_draft(app, world):
    with app.app_context():
        from exchange.auth.models import User

        report = db.session.get(ReflectionLog, world.r_zx_draft)
        author = db.session.get(User, world.user_ids["zx"])
        data = ReportData(
            report.kind,
            "秘密的新标题",
            report.report_date,
            "只有作者能读的正文",
            report.period_start_date,
            report.period_end_date,
            report.tags,
        )
        update_report(report, author, data, report.version)
        db.session.commit()
        import sqlalchemy as sa

        from exchange.audit.models import AuditEvent

        return db.session.scalar(
            sa.select(AuditEvent.id).where(AuditEvent.action == "report.update")
        )


@pytest.mark.parametrize("reader", ["admin", "hr.liangjiang", "hr.tianfu"])
def test_a_draft_edit_shows_no_content_to_others(client, auth, world, app, reader):
    event_id = _edit_draft(app, world)
    auth.login(reader)
    for url in ("/audit", f"/audit/{event_id}", "/"):
        body = client.get(url).get_data(as_text=True)
        assert "秘密的新标题" not in body and "只有作者能读的正文" not in body
        assert "张想的草稿" not in body
    body = client.get(f"/audit/{event_id}").get_data(as_text=True)
    assert "草稿已修改" in body
    assert client.get(f"/reports/{world.r_zx_draft}").status_code == 403


def test_talk_notes_are_hidden_where_the_notes_are(ctx, world):
    from types import SimpleNamespace

    from exchange.auth.models import User

    hr = db.session.get(User, world.user_ids["hr_lj"])
    zx = db.session.get(User, world.user_ids["zx"])
    posting = SimpleNamespace(
        home_district_id=world.lj, host_district_id=world.tf, cadre_id=world.cadre_zx
    )
    talk = SimpleNamespace(posting=posting, shared=False)
    event = SimpleNamespace(object_type="talk", action="talk.record")
    assert policy.audit_hidden_fields(hr, event, talk) == policy.SHOW_ALL
    assert policy.audit_hidden_fields(zx, event, talk) == policy.TALK_NOTES
    talk.shared = True
    assert policy.audit_hidden_fields(zx, event, talk) == policy.SHOW_ALL


def test_a_record_gone_shows_content_to_admins_only(ctx, world):
    from types import SimpleNamespace

    from exchange.auth.models import User

    admin = db.session.get(User, world.user_ids["admin"])
    hr = db.session.get(User, world.user_ids["hr_lj"])
    event = SimpleNamespace(object_type="posting", action="posting.delete")
    assert policy.audit_hidden_fields(admin, event, None) == policy.SHOW_ALL
    assert policy.audit_hidden_fields(hr, event, None) is policy.HIDE_ALL
    unknown = SimpleNamespace(object_type="no_such_table", action="x.y")
    assert policy.audit_hidden_fields(admin, unknown, None) is policy.HIDE_ALL
