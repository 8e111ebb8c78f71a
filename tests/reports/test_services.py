"""Report services: validation, permissions, versions, comments and the audit trail."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports import services
from exchange.reports.models import Comment, ReflectionLog
from exchange.reports.services import BODY_MAX, COMMENT_MAX, TAGS_MAX, TITLE_MAX, ReportData


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


def codes(error):
    """The refusal's reasons as (field, code) pairs: tests compare codes, never wording."""
    return {(reason.field, reason.code) for reason in error.value.reasons}


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
    ("changes", "reason"),
    [
        ({"title": "  "}, ("title", "required")),
        ({"title": "题" * (TITLE_MAX + 1)}, ("title", "too_long")),
        ({"body": ""}, ("body", "required")),
        ({"body": "字" * (BODY_MAX + 1)}, ("body", "too_long")),
        ({"tags": "标签" * TAGS_MAX}, ("tags", "too_long")),
        ({"kind": "poem"}, ("kind", "invalid_choice")),
        ({"report_date": None}, ("report_date", "required")),
        # the article's misprint
        ({"report_date": date(2020, 1, 2)}, ("report_date", "outside_posting")),
        ({"report_date": date(2027, 1, 1)}, ("report_date", "outside_posting")),
        ({"period_start_date": date(2026, 5, 31)}, ("period_start_date", "outside_posting")),
        ({"period_end_date": date(2027, 1, 1)}, ("period_end_date", "outside_posting")),
        (
            {"period_start_date": date(2026, 7, 31), "period_end_date": date(2026, 7, 1)},
            ("period_end_date", "before_start"),
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_written(setup, changes, reason):
    posting, user_of = setup
    before = count(ReflectionLog)
    with pytest.raises(DomainError) as refused:
        services.create_report(posting, user_of("zx"), data(**changes))
    assert codes(refused) == {reason}
    assert count(ReflectionLog) == before


@pytest.mark.parametrize("who", ["dz", "hr_lj", "hr_tf", "admin", "leader"])
def test_only_the_official_writes_on_their_posting(setup, who):
    posting, user_of = setup
    with pytest.raises(NotAllowed) as refused:
        services.create_report(posting, user_of(who), data())
    assert codes(refused) == {("posting_id", "not_allowed")}


def test_update_submit_and_no_more_edits(setup):
    posting, user_of = setup
    zx = user_of("zx")
    report = services.create_report(posting, zx, data())
    version = report.version
    services.update_report(report, zx, data(title="七月报告（修改）"), version)
    assert report.title == "七月报告（修改）"
    with pytest.raises(ConflictError) as refused:
        services.update_report(report, zx, data(title="旧表单"), version)
    assert codes(refused) == {("version", "stale")}
    with pytest.raises(DomainError) as refused:
        services.update_report(report, zx, data(title=" "), report.version)
    assert codes(refused) == {("title", "required")}
    services.submit_report(report, zx)
    assert report.is_submitted and report.submitted_at is not None
    with pytest.raises(NotAllowed):
        services.update_report(report, zx, data(title="偷改"), report.version)
    with pytest.raises(NotAllowed):
        services.submit_report(report, zx)
    assert report.title == "七月报告（修改）"


def test_someone_else_cannot_edit_a_draft(setup, world):
    posting, user_of = setup
    draft = db.session.get(ReflectionLog, world.r_zx_draft)
    for who in ("dz", "hr_lj", "admin", "leader"):
        with pytest.raises(NotAllowed):
            services.update_report(draft, user_of(who), data(), None)
        with pytest.raises(NotAllowed):
            services.submit_report(draft, user_of(who))


def test_versions_keep_history(setup, world):
    posting, user_of = setup
    zx = user_of("zx")
    original = db.session.get(ReflectionLog, world.r_zx)
    v2 = services.add_version(original, zx, data(title="补充说明", kind="reflection"))
    assert v2.parent_id == original.id and v2.status == "draft"
    assert [r.id for r in services.history_of(v2)] == [original.id, v2.id]
    assert services.history_of(original)[0] is original
    for who in ("dz", "hr_lj", "admin", "leader"):
        with pytest.raises(NotAllowed):
            services.add_version(original, user_of(who), data())
    with pytest.raises(NotAllowed):  # a draft takes edits, not versions
        services.add_version(db.session.get(ReflectionLog, world.r_zx_draft), zx, data())


def test_no_new_versions_once_the_posting_takes_no_reports(setup, world):
    posting, user_of = setup
    original = db.session.get(ReflectionLog, world.r_zx)
    posting.status = "cancelled"
    with pytest.raises(NotAllowed):
        services.add_version(original, user_of("zx"), data())


def test_comments_and_remarks(setup, world):
    posting, user_of = setup
    report = db.session.get(ReflectionLog, world.r_zx)
    services.add_comment(report, user_of("hr_tf"), "已阅，很好。")
    services.add_comment(report, user_of("admin"), "阅。")
    remark = services.add_remark(report, user_of("leader"), "望把经验带回两江。")
    assert remark.kind == "remark"
    for who in ("hr_cd", "zx", "dz"):
        with pytest.raises(NotAllowed):
            services.add_comment(report, user_of(who), "x")
    for who in ("hr_lj", "admin", "zx"):
        with pytest.raises(NotAllowed):
            services.add_remark(report, user_of(who), "x")
    before = count(Comment)
    with pytest.raises(DomainError) as refused:
        services.add_comment(report, user_of("hr_lj"), "   ")
    assert codes(refused) == {("body", "required")}
    with pytest.raises(DomainError) as refused:
        services.add_remark(report, user_of("leader"), "字" * (COMMENT_MAX + 1))
    assert codes(refused) == {("body", "too_long")}
    assert count(Comment) == before


def test_drafts_take_no_comments(setup, world):
    posting, user_of = setup
    draft = db.session.get(ReflectionLog, world.r_zx_draft)
    with pytest.raises(NotAllowed):
        services.add_comment(draft, user_of("hr_lj"), "x")
    with pytest.raises(NotAllowed):
        services.add_remark(draft, user_of("leader"), "x")


@pytest.mark.parametrize("status", ["proposed", "declined", "cancelled"])
def test_no_reports_on_postings_that_never_ran(setup, status):
    posting, user_of = setup
    posting.status = status
    with pytest.raises(NotAllowed) as refused:
        services.create_report(posting, user_of("zx"), data())
    assert codes(refused) == {("posting_id", "not_allowed")}


@pytest.mark.parametrize("status", ["accepted", "completed", "ended_early"])
def test_reports_on_accepted_and_finished_postings(setup, status):
    posting, user_of = setup
    posting.status = status
    assert services.create_report(posting, user_of("zx"), data()).status == "draft"
