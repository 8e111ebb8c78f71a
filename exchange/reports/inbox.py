"""What reports put in the inbox: reports to comment on (HR) or to give a 批示 (leaders)
(待办); a message when someone comments or remarks; the leader's list awaiting a 批示."""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from exchange import clock, policy
from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.clock import TZ
from exchange.db import built_once_a_day
from exchange.extensions import db
from exchange.notifications import handover
from exchange.postings.models import Posting
from exchange.reports.models import Comment, CommentKind, ReflectionLog, ReportStatus
from exchange.web import todos
from exchange.web.params import parse_date, parse_id

#: Reports submitted this many days ago or less wait for a comment or a 批示.
REVIEW_WINDOW_DAYS = 30


def _recent_submitted_stmt(user, *where):
    since = datetime.combine(clock.today() - timedelta(days=REVIEW_WINDOW_DAYS), time(), TZ)
    # The scope never leads: the planner starts from the last weeks' submissions (an
    # index range) rather than from every posting of a district
    # (``policy.report_scope_in_report_order``; looking each submission's posting up
    # instead was 4.9 against 2.4 ms for the busiest district at 100,000 postings).
    in_scope = policy.report_scope_in_report_order(user, ReflectionLog)
    return sa.select(ReflectionLog).where(
        ReflectionLog.submitted_at >= since,
        ReflectionLog.status == ReportStatus.SUBMITTED,
        in_scope,
        *where,
    )


def _awaiting(user):
    """(statement of the reports waiting for ``user``, kind, action), or None."""
    if policy.is_hr(user):
        commented = (
            sa.select(Comment.id)
            .join(User, Comment.author_id == User.id)
            .where(Comment.report_id == ReflectionLog.id, User.district_id == user.district_id)
        )
        stmt = _recent_submitted_stmt(user, ~sa.exists(commented))
        return stmt, _l("Report to comment on"), "comment"
    if policy.is_leader(user):
        remarked = sa.select(Comment.id).where(
            Comment.report_id == ReflectionLog.id, Comment.kind == CommentKind.REMARK
        )
        stmt = _recent_submitted_stmt(user, ~sa.exists(remarked))
        return stmt, _l("Report awaiting a remark (批示)"), "remark"
    return None


_REPORTS_POSTING = sa.orm.aliased(Posting, name="reports_posting")  # made once: see leave.queries


def review_todos(user) -> list[todos.Todo]:
    """HR: reports of their district's postings that nobody of the district commented on.
    Leaders: reports without a 批示. Read as plain values (a region's leader may have
    thousands waiting)."""
    awaiting = _awaiting(user)
    if awaiting is None:
        return []
    stmt, kind, action = awaiting
    posting = _REPORTS_POSTING  # the scope's own Posting stays a correlated test
    rows = db.session.execute(
        stmt.with_only_columns(
            ReflectionLog.id, ReflectionLog.title, ReflectionLog.submitted_at, Cadre.name
        )
        .join(posting, posting.id == ReflectionLog.posting_id)
        .join(Cadre, Cadre.id == posting.cadre_id)
        .order_by(ReflectionLog.submitted_at)
    )
    return [
        todos.Todo(
            key=f"report:{report_id}:{action}",
            kind=kind,
            title=f"{name} · {title}",
            link=handover.path_for("reports.detail", report_id=report_id),
            since=submitted_at.date(),
        )
        for report_id, title, submitted_at, name in rows
    ]


def review_count(user) -> int:
    """``len(review_todos(user))`` as one COUNT."""
    if not (policy.is_hr(user) or policy.is_leader(user)):
        return 0
    return db.session.scalar(_review_count_statement(user)) or 0


@built_once_a_day
def _review_count_statement(user):
    stmt, _kind, _action = _awaiting(user)
    return stmt.with_only_columns(sa.func.count(ReflectionLog.id))


todos.add("reviews", review_todos, count=review_count)


def commented(comment: Comment) -> None:
    """A comment tells the author; a 批示 tells the author and both sides' HR."""
    report = comment.report
    users = [report.author]
    if comment.kind == CommentKind.REMARK:
        users += handover.hr_of(report.posting.home_district_id, report.posting.host_district_id)
        text = _l("A leader remarked on the report %(title)s.", title=report.title)
    else:
        text = _l(
            "%(who)s commented on the report %(title)s.",
            who=str(comment.author),
            title=report.title,
        )
    handover.tell(
        [u for u in users if u.id != comment.author_id],
        f"report.{comment.kind}:{comment.id}",
        text,
        ("reports.detail", {"report_id": report.id}),
    )


# The leader's home page: reports awaiting a 批示, with filters ----------------------------


def awaiting_remark(user):
    """Submitted reports without a 批示, filtered by kind, person, district and date
    (query string ``ar_kind``, ``ar_person``, ``ar_district``, ``ar_from``, ``ar_to``)."""
    from flask import request

    from exchange.org.models import District
    from exchange.reports.models import ReportKind

    if not policy.is_leader(user):
        return None
    args = request.args
    remarked = sa.select(Comment.id).where(
        Comment.report_id == ReflectionLog.id, Comment.kind == CommentKind.REMARK
    )
    where = [
        policy.report_scope(user, ReflectionLog, Posting),
        ReflectionLog.status == ReportStatus.SUBMITTED,
        ~sa.exists(remarked),
    ]
    kind = args.get("ar_kind", "")
    if kind in {k.value for k in ReportKind}:
        where.append(ReflectionLog.kind == kind)
    person = args.get("ar_person", "").strip()[:40]
    if person:
        from exchange.cadres.models import Cadre

        where.append(Posting.cadre.has(Cadre.name.contains(person, autoescape=True)))
    district = parse_id(args.get("ar_district"))
    if district:
        where.append(
            sa.or_(Posting.home_district_id == district, Posting.host_district_id == district)
        )
    for name, op in (("ar_from", "__ge__"), ("ar_to", "__le__")):
        if day := parse_date(args.get(name)):
            where.append(getattr(ReflectionLog.report_date, op)(day))
    reports = (
        db.session.scalars(
            sa.select(ReflectionLog)
            .join(Posting, ReflectionLog.posting_id == Posting.id)
            .where(*where)
            .options(joinedload(ReflectionLog.posting).joinedload(Posting.cadre))
            .order_by(ReflectionLog.submitted_at.desc())
            .limit(50)
        )
        .unique()
        .all()
    )
    return {
        "reports": reports,
        "kinds": [(k.value, k.value) for k in ReportKind],
        "districts": db.session.scalars(sa.select(District).order_by(District.id)).all(),
        "args": args,
    }


def _register_sections() -> None:
    from exchange.web import sections

    sections.add_home("leader", "reports/_home_awaiting_remark.html", awaiting_remark, order=5)


_register_sections()
