"""The landing page of each role."""

import sqlalchemy as sa
from flask import redirect, render_template, url_for
from flask_login import current_user

from exchange import policy
from exchange.auth.models import User
from exchange.extensions import db
from exchange.home import bp
from exchange.org.models import Department, District, display_ordering
from exchange.postings.models import HOLDING_STATUSES, Posting, PostingStatus
from exchange.postings.queries import (
    current_posting_of,
    incoming_postings,
    outgoing_postings,
    visible_postings,
)
from exchange.reports.models import ReflectionLog
from exchange.web import sections
from exchange.web.paging import Total, capped_count, list_page_size, wants_exact_count

HOME_ROWS = 20  # rows of each list on a home page; the roster and the lists show the rest


def _all(stmt) -> list:
    return list(db.session.scalars(stmt).unique().all())


def _first(stmt) -> tuple[list, Total]:
    """The first ``HOME_ROWS`` postings of ``stmt`` (or the app's LIST_PAGE_SIZE) and how
    many there are (capped)."""
    shown = list(db.session.scalars(stmt.limit(list_page_size(HOME_ROWS))).unique())
    return shown, capped_count(db.session, stmt, exact=wants_exact_count())


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if policy.is_hr(current_user):
        return hr_home()
    if policy.is_cadre(current_user):
        return cadre_home()
    if policy.is_leader(current_user):
        return leader_home()
    if policy.is_admin(current_user):
        return admin_home()
    policy.require(False)


def hr_home():
    """The district's postings under way (proposed, accepted, in post) each way; the
    finished ones are history, in the roster."""
    district_id = current_user.district_id
    current = Posting.status.in_(HOLDING_STATUSES)
    outgoing, outgoing_total = _first(outgoing_postings(current_user, district_id).where(current))
    incoming, incoming_total = _first(incoming_postings(current_user, district_id).where(current))
    return render_template(
        "home/hr.html",
        district=current_user.district,
        outgoing=outgoing,
        outgoing_total=outgoing_total,
        incoming=incoming,
        incoming_total=incoming_total,
        sections=sections.for_home(current_user),
    )


def cadre_home():
    cadre = current_user.cadre
    posting = db.session.scalars(current_posting_of(cadre.id)).unique().first()
    past = [p for p in cadre.postings if p is not posting]
    reports = db.session.scalars(
        sa.select(ReflectionLog)
        .where(policy.report_scope(current_user))
        .order_by(ReflectionLog.report_date.desc(), ReflectionLog.id.desc())
    ).all()
    return render_template(
        "home/cadre.html",
        cadre=cadre,
        posting=posting,
        past=past,
        reports=reports,
        sections=sections.for_home(current_user),
    )


def leader_home():
    in_post, in_post_total = _first(
        visible_postings(current_user, Posting.status == PostingStatus.ACTIVE)
    )
    waiting = Posting.status.in_([PostingStatus.ACCEPTED, PostingStatus.PROPOSED])
    upcoming, upcoming_total = _first(visible_postings(current_user, waiting))
    return render_template(
        "home/leader.html",
        in_post=in_post,
        in_post_total=in_post_total,
        upcoming=upcoming,
        upcoming_total=upcoming_total,
        sections=sections.for_home(current_user),
    )


def admin_home():
    """The region at a glance: each district with its number of departments, and the
    accounts by role. The lists themselves (thousands of accounts in a region) are on the
    district and account pages."""
    departments = (
        sa.select(Department.district_id, sa.func.count().label("n"))
        .group_by(Department.district_id)
        .subquery()
    )
    districts = db.session.execute(
        sa.select(District, sa.func.coalesce(departments.c.n, 0))
        .outerjoin(departments, departments.c.district_id == District.id)
        .order_by(*display_ordering(District))
    ).all()
    accounts = db.session.execute(
        sa.select(User.role, User.active, sa.func.count())
        .group_by(User.role, User.active)
        .order_by(User.role, User.active.desc())
    ).all()
    return render_template(
        "home/admin.html",
        districts=districts,
        department_count=sum(n for _district, n in districts),
        accounts=accounts,
        account_count=sum(n for _role, _active, n in accounts),
        sections=sections.for_home(current_user),
    )
