"""Posting pages: the HR work list, the proposal form, a posting and its actions."""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.cadres.models import Cadre
from exchange.clock import today
from exchange.dates import add_months
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.postings import bp, services, term_changes
from exchange.postings.forms import (
    ActionForm,
    EndEarlyForm,
    ExtendForm,
    ProposeForm,
    ReasonForm,
)
from exchange.postings.models import Posting, PostingStatus
from exchange.postings.page import asked, load, page_url, render_detail, reshow
from exchange.postings.queries import POSTING_ORDER, side_first_try, visible_postings
from exchange.postings.removal import delete_proposal
from exchange.programmes.models import Programme
from exchange.web import nav
from exchange.web.actions import act
from exchange.web.loaders import load_allowed
from exchange.web.paging import (
    KeysetPage,
    PageCursor,
    keyset_page,
    list_page_size,
    read_cursor,
    wants_exact_count,
)

nav.add("postings.index", _l("My postings"), policy.is_cadre, order=14)
nav.add("postings.index", _l("Postings"), policy.lists_others_postings, order=20)


@dataclass(frozen=True)
class PostingList:
    """One list of the page: its key (and cursor parameter), heading, the cursor that
    opened it (None: its first page) and its page of rows."""

    key: str
    heading: str
    cursor: PageCursor | None
    page: KeysetPage

    @property
    def param(self) -> str:
        return cursor_param(self.key)


def cursor_param(key: str) -> str:
    """Each list pages on its own: ``outgoing_cursor=``; the one list of others ``cursor=``."""
    return "cursor" if key == "all" else f"{key}_cursor"


def _wheres(where: list) -> list:
    """(key, heading, conditions, district column) of each list: HR sees its district's
    three, each of one side of the exchange."""
    if not policy.is_hr(current_user):
        return [("all", _l("Postings"), where, None)]
    return [
        (
            "pending",
            _l("Waiting for your acceptance"),
            [Posting.status == PostingStatus.PROPOSED],
            Posting.host_district_id,
        ),
        ("outgoing", _l("Outgoing"), where, Posting.home_district_id),
        ("incoming", _l("Incoming"), where, Posting.host_district_id),
    ]


def _list(key: str, heading: str, conditions: list, side, problems: list) -> PostingList:
    """A keyset page of one list; the eager loads run once per page, for its rows only.
    An HR officer's list of one side of the exchange looks through the region's newest
    postings first (``queries.side_first_try``)."""
    cursor = read_cursor(cursor_param(key), POSTING_ORDER, problems)
    first_try = None
    if side is not None:
        mine = current_user.district_id
        first_try = side_first_try(current_user, side, conditions, cursor)
        conditions = [side == mine, *conditions]
    page = keyset_page(
        db.session,
        visible_postings(current_user, *conditions),
        POSTING_ORDER,
        cursor,
        page_size=list_page_size(),
        exact_count=wants_exact_count(),
        first_try=first_try,
    )
    return PostingList(key, heading, cursor, page)


@bp.route("/postings")
@login_required
def index():
    status = request.args.get("status", "")
    chosen = PostingStatus.coerce(status)
    where = [Posting.status == chosen] if chosen else []
    problems: list = []
    lists = [_list(*parts, problems) for parts in _wheres(where)]
    # Links keep the status and every list's place (a dropped cursor is its first page);
    # each list's own links change its cursor.
    args = {"status": chosen.value} if chosen else {}
    args |= {item.param: item.cursor.encode() for item in lists if item.cursor}
    return render_template(
        "postings/index.html",
        lists=lists,
        args=args,
        problems=problems,
        status=status,
        statuses={s.value: s.label for s in PostingStatus},
    ), (400 if problems else 200)


# Proposing ----------------------------------------------------------------------------


def _department_choices(district_ids=None):
    stmt = sa.select(Department).join(District).options(joinedload(Department.district))
    if district_ids is not None:
        stmt = stmt.where(Department.district_id.in_(district_ids))
    return [
        SelectChoice(dept.id, dept.name, optgroup=dept.district.name)
        for dept in db.session.scalars(stmt.order_by(District.id, Department.name))
    ]


def _propose_form(cadre: Cadre) -> ProposeForm:
    """The proposal form with its choices; first shown with the cadre's home unit and the
    newest open programme's standard term from tomorrow."""
    programmes = db.session.scalars(
        sa.select(Programme)
        .where(Programme.end_date >= today())
        .order_by(Programme.start_date.desc())
    ).all()
    form = ProposeForm()
    form.programme_id.choices = [
        SelectChoice(p.id, p.name, render_kw={"data-term-months": p.standard_term_months})
        for p in programmes
    ]
    form.home_department_id.choices = _department_choices([cadre.home_department.district_id])
    form.host_department_id.choices = _department_choices()
    if request.method == "GET":
        # One open programme is the answer; among several the HR officer chooses.
        _first_shown(form, cadre, programmes[0] if len(programmes) == 1 else None)
    return form


def _first_shown(form: ProposeForm, cadre: Cadre, programme: Programme | None) -> None:
    form.version.data = cadre.version
    form.home_department_id.data = cadre.home_department_id
    form.home_position.data = cadre.home_position
    start = max(today() + timedelta(days=1), programme.start_date) if programme else today()
    form.start_date.data = start
    if programme:
        form.programme_id.data = programme.id
        end = add_months(start, programme.standard_term_months) - timedelta(days=1)
        form.planned_end_date.data = end


def _proposal(form: ProposeForm, cadre: Cadre) -> services.PostingProposal:
    return services.PostingProposal(
        cadre_id=cadre.id,
        programme_id=form.programme_id.data,
        home_department_id=form.home_department_id.data,
        home_position=form.home_position.data,
        host_department_id=form.host_department_id.data,
        host_position=form.host_position.data,
        portfolio=form.portfolio.data or "",
        start_date=form.start_date.data,
        planned_end_date=form.planned_end_date.data,
    )


@bp.route("/cadres/<int:cadre_id>/propose", methods=["GET", "POST"])
@login_required
def propose(cadre_id: int):
    cadre = load_allowed(Cadre, cadre_id, policy.can_propose_posting)
    form = _propose_form(cadre)
    return act(
        form,
        lambda: services.propose_posting(_proposal(form, form.unchanged(cadre)), current_user),
        done=_l("The posting was proposed; the host district will answer."),
        success=lambda posting: url_for("postings.detail", posting_id=posting.id),
        failure=lambda status: (
            render_template("postings/propose.html", form=form, cadre=cadre),
            status,
        ),
    )


# A posting and its actions --------------------------------------------------------------


@bp.route("/postings/<int:posting_id>")
@login_required
def detail(posting_id: int):
    return render_detail(load(posting_id))


@bp.post("/postings/<int:posting_id>/accept")
@login_required
def accept(posting_id: int):
    posting = load(posting_id, policy.can_accept_posting)
    form = ActionForm(prefix="accept")
    return act(
        form,
        lambda: services.accept_posting(posting, current_user, form.opened_version()),
        done=_l("The posting was accepted."),
        success=page_url(posting_id),
        failure=reshow(posting_id, "accept", form),
    )


@bp.post("/postings/<int:posting_id>/decline")
@login_required
def decline(posting_id: int):
    posting = load(posting_id, policy.can_accept_posting)
    form = ReasonForm(prefix="decline")
    return act(
        form,
        lambda: services.decline_posting(
            posting, current_user, form.reason.data, form.opened_version()
        ),
        done=_l("The posting was declined."),
        success=page_url(posting_id),
        failure=reshow(posting_id, "decline", form),
    )


@bp.post("/postings/<int:posting_id>/start")
@login_required
def start(posting_id: int):
    posting = load(posting_id, policy.can_change_posting)
    form = ActionForm(prefix="start")
    return act(
        form,
        lambda: services.start_posting(posting, current_user, form.opened_version()),
        done=_l("The posting has started."),
        success=page_url(posting_id),
        failure=reshow(posting_id, "start", form),
    )


@bp.post("/postings/<int:posting_id>/extend")
@login_required
def extend(posting_id: int):
    """延期: a side asks (the other consents); the admin extends directly."""
    posting = load(posting_id, policy.can_request_term_change)
    form = ExtendForm(prefix="extend")
    return act(
        form,
        lambda: term_changes.extend_posting(
            posting, current_user, form.new_end_date.data, form.reason.data, form.opened_version()
        ),
        success=asked,
        failure=reshow(posting_id, "extend", form),
    )


@bp.post("/postings/<int:posting_id>/end-early")
@login_required
def end_early(posting_id: int):
    """提前结束 / 召回: a side asks (the other consents); the admin ends directly."""
    posting = load(posting_id, policy.can_request_term_change)
    form = EndEarlyForm(prefix="end")
    return act(
        form,
        lambda: term_changes.end_posting_early(
            posting,
            current_user,
            form.end_date.data,
            form.reason.data,
            form.opened_version(),
            category=form.category.data,
            kind=form.kind.data,
        ),
        success=asked,
        failure=reshow(posting_id, "end_early", form),
    )


@bp.post("/postings/<int:posting_id>/cancel")
@login_required
def cancel(posting_id: int):
    posting = load(posting_id, policy.can_cancel_posting)
    form = ReasonForm(prefix="cancel")
    return act(
        form,
        lambda: services.cancel_posting(
            posting, current_user, form.reason.data, form.opened_version()
        ),
        done=_l("The posting was cancelled."),
        success=page_url(posting_id),
        failure=reshow(posting_id, "cancel", form),
    )


@bp.post("/postings/<int:posting_id>/delete")
@login_required
def delete(posting_id: int):
    """Delete an unanswered proposal (a mistake); its attachments and files go with it."""
    posting = load(posting_id, policy.can_delete_proposal)
    form = ReasonForm(prefix="delete")
    return act(
        form,
        lambda: delete_proposal(posting, current_user, form.reason.data, form.opened_version()),
        done=_l("The proposal was deleted."),
        success=url_for("postings.index"),
        failure=reshow(posting_id, "delete", form),
    )
