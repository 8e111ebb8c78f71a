"""Report services: validation, permissions, versions, comments and the audit trail."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.errors_domain import ConflictError, DomainError
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports import services
from exchange.reports.models import Comment, ReflectionLog
from exchange.reports.services import BODY_MAX, ReportData


def data(**kw):
    values = dict(
        kind="monthly",
        title="七月工作报告",
        report_date=date(2026, 7, 31),
        body="**工作成效**：对接企业 12 家。",
        tags="工作成效，所学所获、工作成效",
    )
    values.update(kw)
    return ReportData(**values)


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def setup(ctx, world, user_of):
    posting = db.session.get(Posting, world.p_zx)
    return posting, user_of


def test_create_report_flushes_and_audits(setup):
    posting, user_of = setup
    report = services.create_report(posting, user_of("zx"), data())
    assert report.id and report.status == "draft"
    assert report.tags == "工作成效,所学所获"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "report.create"))
    assert event.object_id == report.id and event.changes["title"] == [None, "七月工作报告"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"body": "字" * (BODY_MAX + 1)}, "body"),
        ({"kind": "poem"}, "kind"),
        ({"report_date": None}, "report_date"),
        ({"report_date": date(2020, 1, 2)}, "report_date"),  # the article's misprint
        ({"report_date": date(2027, 1, 1)}, "report_date"),
        ({"period_start_date": date(2026, 5, 31)}, "period_start_date"),
        (
            {"period_start_date": date(2026, 7, 31), "period_end_date": date(2026, 7, 1)},
            "period_end_date",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_written(setup, changes, field):
    posting, user_of = setup
    before = count(ReflectionLog)
    with pytest.raises(DomainError) as refused:
        services.create_report(posting, user_of("zx"), data(**changes))
    assert field in [f for f, *_ in refused.value.reasons]
    assert count(ReflectionLog) == before


def test_date_outside_names_the_postings_dates(setup):
    posting, user_of = setup
    with pytest.raises(DomainError) as refused:
        services.create_report(posting, user_of("zx"), data(report_date=date(2020, 1, 2)))
    message = str(refused.value.reasons[0].message)
    assert "2020年1月2日" in message and "2026年6月1日" in message and "2026年12月31日" in message


@pytest.mark.parametrize("who", ["dz", "hr_lj", "admin", "leader"])
def test_only_the_official_writes_on_their_posting(setup, who):
    posting, user_of = setup
    with pytest.raises(DomainError):
        services.create_report(posting, user_of(who), data())


def test_update_submit_and_no_more_edits(setup):
    posting, user_of = setup
    zx = user_of("zx")
    report = services.create_report(posting, zx, data())
    version = report.version
    services.update_report(report, zx, data(title="七月报告（修改）"), version)
    assert report.title == "七月报告（修改）"
    with pytest.raises(ConflictError):
        services.update_report(report, zx, data(title="旧表单"), version)
    services.submit_report(report, zx)
    assert report.is_submitted and report.submitted_at is not None
    with pytest.raises(DomainError):
        services.update_report(report, zx, data(title="偷改"), report.version)
    with pytest.raises(DomainError):
        services.submit_report(report, zx)
    assert report.title == "七月报告（修改）"


def test_someone_else_cannot_edit_a_draft(setup, world):
    posting, user_of = setup
    draft = db.session.get(ReflectionLog, world.r_zx_draft)
    for who in ("dz", "hr_lj", "admin", "leader"):
        with pytest.raises(DomainError):
            services.update_report(draft, user_of(who), data(), None)
        with pytest.raises(DomainError):
            services.submit_report(draft, user_of(who))


def test_versions_keep_history(setup, world):
    posting, user_of = setup
    zx = user_of("zx")
    original = db.session.get(ReflectionLog, world.r_zx)
    v2 = services.add_version(original, zx, data(title="补充说明", kind="reflection"))
    assert v2.parent_id == original.id and v2.status == "draft"
    assert [r.id for r in services.history_of(v2)] == [original.id, v2.id]
    assert services.history_of(original)[0] is original
    with pytest.raises(DomainError):
        services.add_version(original, user_of("dz"), data())


def test_comments_and_remarks(setup, world):
    posting, user_of = setup
    report = db.session.get(ReflectionLog, world.r_zx)
    services.add_comment(report, user_of("hr_tf"), "已阅，很好。")
    services.add_comment(report, user_of("admin"), "阅。")
    remark = services.add_remark(report, user_of("leader"), "望把经验带回两江。")
    assert remark.kind == "remark"
    for who in ("hr_cd", "zx", "dz"):
        with pytest.raises(DomainError):
            services.add_comment(report, user_of(who), "x")
    for who in ("hr_lj", "admin", "zx"):
        with pytest.raises(DomainError):
            services.add_remark(report, user_of(who), "x")
    before = count(Comment)
    with pytest.raises(DomainError):
        services.add_comment(report, user_of("hr_lj"), "   ")
    with pytest.raises(DomainError):
        services.add_comment(report, user_of("hr_lj"), "字" * 5001)
    assert count(Comment) == before


def test_drafts_take_no_comments(setup, world):
    posting, user_of = setup
    draft = db.session.get(ReflectionLog, world.r_zx_draft)
    with pytest.raises(DomainError):
        services.add_comment(draft, user_of("hr_lj"), "x")
    with pytest.raises(DomainError):
        services.add_remark(draft, user_of("leader"), "x")


@pytest.mark.parametrize("status", ["proposed", "declined", "cancelled"])
def test_no_reports_on_postings_that_never_ran(setup, status):
    posting, user_of = setup
    posting.status = status
    with pytest.raises(DomainError) as refused:
        services.create_report(posting, user_of("zx"), data())
    assert refused.value.reasons[0][0] == "posting_id"
