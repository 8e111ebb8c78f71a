"""The landing page of each role."""

import sqlalchemy as sa
from flask import redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from exchange import policy
from exchange.auth.models import User
from exchange.extensions import db
from exchange.home import bp
from exchange.org.models import Department, District
from exchange.postings.models import Posting, PostingStatus
from exchange.postings.queries import (
    POSTING_ORDER,
    current_posting_of,
    incoming_postings,
    outgoing_postings,
    visible_postings,
)
from exchange.reports.models import ReflectionLog
from exchange.web import sections
from exchange.web.paging import keyset_page, list_page_size, wants_exact_count

# Rows of each list on a landing page; the whole list pages on /postings.
HOME_ROWS = 20


def _all(stmt) -> list:
    return list(db.session.scalars(stmt).unique().all())


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


def _first_page(stmt):
    """The first page of a list of postings, with its capped total; the rest is on /postings."""
    return keyset_page(
        db.session,
        stmt,
        POSTING_ORDER,
        None,
        page_size=list_page_size(HOME_ROWS),
        exact_count=wants_exact_count(),
    )


def hr_home():
    district_id = current_user.district_id
    outgoing = _first_page(outgoing_postings(current_user, district_id))
    incoming = _first_page(incoming_postings(current_user, district_id))
    return render_template(
        "home/hr.html",
        district=current_user.district,
        outgoing=outgoing,
        incoming=incoming,
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
    in_post = _first_page(visible_postings(current_user, Posting.status == PostingStatus.ACTIVE))
    waiting = Posting.status.in_([PostingStatus.ACCEPTED, PostingStatus.PROPOSED])
    return render_template(
        "home/leader.html",
        in_post=in_post,
        upcoming=_first_page(visible_postings(current_user, waiting)),
        sections=sections.for_home(current_user),
    )


def admin_home():
    districts = _all(
        sa.select(District).options(joinedload(District.departments)).order_by(District.id)
    )
    users = db.session.scalars(
        sa.select(User).options(joinedload(User.district)).order_by(User.role, User.username)
    ).all()
    department_count = db.session.scalar(sa.select(sa.func.count(Department.id)))
    return render_template(
        "home/admin.html",
        districts=districts,
        users=users,
        department_count=department_count,
        sections=sections.for_home(current_user),
    )
