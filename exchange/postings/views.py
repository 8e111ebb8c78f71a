"""Posting pages: the HR work list, the proposal form, a posting and its actions."""

from datetime import timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.cadres.models import Cadre
from exchange.clock import today
from exchange.dates import add_months
from exchange.errors_domain import DomainError, refuse
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.postings import bp, commands, services  # noqa: F401 (commands registers the CLI)
from exchange.postings.forms import (
    ActionForm,
    EndEarlyForm,
    EvaluationForm,
    ExtendForm,
    ProposeForm,
    ReasonForm,
)
from exchange.postings.models import Posting, PostingStatus
from exchange.postings.queries import load_posting, visible_postings
from exchange.postings.rules import rules_checked
from exchange.programmes.models import Programme
from exchange.web import nav, sections

nav.add(
    "postings.index",
    _l("Postings"),
    lambda u: policy.is_admin(u) or policy.is_hr(u) or policy.is_leader(u) or policy.is_cadre(u),
    order=20,
)


def get_posting(posting_id: int) -> Posting:
    """The posting, or 404 when it does not exist and 403 when the user may not see it."""
    posting = db.session.scalars(load_posting(posting_id)).unique().one_or_none()
    if posting is None:
        abort(404)
    policy.require(policy.can_view_posting(current_user, posting))
    return posting


def _all(stmt):
    return db.session.scalars(stmt).unique().all()


@bp.route("/postings")
@login_required
def index():
    status = request.args.get("status", "")
    where = [Posting.status == status] if PostingStatus.coerce(status) else []
    lists = []
    if policy.is_hr(current_user):
        mine = current_user.district_id
        pending = [Posting.host_district_id == mine, Posting.status == PostingStatus.PROPOSED]
        lists = [
            (
                "pending",
                _l("Waiting for your acceptance"),
                _all(visible_postings(current_user, *pending)),
            ),
            (
                "outgoing",
                _l("Outgoing"),
                _all(visible_postings(current_user, Posting.home_district_id == mine, *where)),
            ),
            (
                "incoming",
                _l("Incoming"),
                _all(visible_postings(current_user, Posting.host_district_id == mine, *where)),
            ),
        ]
    else:
        lists = [("all", _l("Postings"), _all(visible_postings(current_user, *where)))]
    return render_template(
        "postings/index.html",
        lists=lists,
        status=status,
        statuses={s.value: s.label for s in PostingStatus},
    )


# Proposing ----------------------------------------------------------------------------


def _department_choices(district_ids=None):
    stmt = sa.select(Department).join(District).options(joinedload(Department.district))
    if district_ids is not None:
        stmt = stmt.where(Department.district_id.in_(district_ids))
    return [
        SelectChoice(dept.id, dept.name, optgroup=dept.district.name)
        for dept in db.session.scalars(stmt.order_by(District.id, Department.name))
    ]


@bp.route("/cadres/<int:cadre_id>/propose", methods=["GET", "POST"])
@login_required
def propose(cadre_id: int):
    cadre = db.get_or_404(Cadre, cadre_id)
    policy.require(policy.can_propose_posting(current_user, cadre))
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
    home_district_id = cadre.home_department.district_id
    form.home_department_id.choices = _department_choices([home_district_id])
    form.host_department_id.choices = _department_choices()
    if request.method == "GET":
        form.home_department_id.data = cadre.home_department_id
        form.home_position.data = cadre.home_position
        programme = programmes[0] if programmes else None
        start = max(today() + timedelta(days=1), programme.start_date) if programme else today()
        form.start_date.data = start
        if programme:
            form.programme_id.data = programme.id
            form.planned_end_date.data = add_months(
                start, programme.standard_term_months
            ) - timedelta(days=1)
    status = 200
    if form.validate_on_submit():
        data = services.PostingProposal(
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
        try:
            posting = services.propose_posting(data, current_user)
        except DomainError as error:
            status = refuse(error, form)
        else:
            db.session.commit()
            flash(_l("The posting was proposed; the host district will answer."), "success")
            return redirect(url_for("postings.detail", posting_id=posting.id))
    elif request.method == "POST":
        status = 400
    return render_template("postings/propose.html", form=form, cadre=cadre), status


# A posting and its actions --------------------------------------------------------------


def _forms(posting: Posting, **given) -> dict:
    forms = {
        "accept": ActionForm(formdata=None, version=posting.version, prefix="accept"),
        "start": ActionForm(formdata=None, version=posting.version, prefix="start"),
        "decline": ReasonForm(formdata=None, version=posting.version, prefix="decline"),
        "cancel": ReasonForm(formdata=None, version=posting.version, prefix="cancel"),
        "delete": ReasonForm(formdata=None, version=posting.version, prefix="delete"),
        "extend": ExtendForm(formdata=None, version=posting.version, prefix="extend"),
        "end_early": EndEarlyForm(
            formdata=None, version=posting.version, end_date=today(), prefix="end"
        ),
        "evaluate": EvaluationForm(
            prefix="evaluate",
            formdata=None,
            grade=posting.evaluation.grade if posting.evaluation else None,
            comments=posting.evaluation.comments if posting.evaluation else "",
        ),
    }
    forms.update(given)
    return forms


def _render_detail(posting: Posting, status: int = 200, **given):
    return (
        render_template(
            "postings/detail.html",
            posting=posting,
            forms=_forms(posting, **given),
            # A refused form stays on the page with its message and what was typed.
            actions=services.allowed_actions(current_user, posting) | set(given),
            checked=rules_checked(posting),
        ),
        status,
    )


@bp.route("/postings/<int:posting_id>")
@login_required
def detail(posting_id: int):
    return _render_detail(get_posting(posting_id))


def _act(posting_id: int, name: str, allowed, form, call, done):
    """Load → check permission → check the form → call the service → map its refusal → commit."""
    posting = get_posting(posting_id)
    policy.require(allowed(current_user, posting))
    if not form.validate_on_submit():
        return _render_detail(posting, 400, **{name: form})
    try:
        call(posting, form)
    except DomainError as error:
        status = refuse(error, form)
        posting = get_posting(posting_id)
        return _render_detail(posting, status, **{name: form})
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("postings.detail", posting_id=posting_id))


@bp.post("/postings/<int:posting_id>/accept")
@login_required
def accept(posting_id: int):
    return _act(
        posting_id,
        "accept",
        policy.can_accept_posting,
        ActionForm(prefix="accept"),
        lambda p, f: services.accept_posting(p, current_user, f.opened_version()),
        _l("The posting was accepted."),
    )


@bp.post("/postings/<int:posting_id>/decline")
@login_required
def decline(posting_id: int):
    return _act(
        posting_id,
        "decline",
        policy.can_accept_posting,
        ReasonForm(prefix="decline"),
        lambda p, f: services.decline_posting(p, current_user, f.reason.data, f.opened_version()),
        _l("The posting was declined."),
    )


@bp.post("/postings/<int:posting_id>/start")
@login_required
def start(posting_id: int):
    return _act(
        posting_id,
        "start",
        policy.can_change_posting,
        ActionForm(prefix="start"),
        lambda p, f: services.start_posting(p, current_user, f.opened_version()),
        _l("The posting has started."),
    )


@bp.post("/postings/<int:posting_id>/extend")
@login_required
def extend(posting_id: int):
    return _act(
        posting_id,
        "extend",
        policy.can_change_posting,
        ExtendForm(prefix="extend"),
        lambda p, f: services.extend_posting(
            p, current_user, f.new_end_date.data, f.reason.data, f.opened_version()
        ),
        _l("The posting was extended."),
    )


@bp.post("/postings/<int:posting_id>/end-early")
@login_required
def end_early(posting_id: int):
    return _act(
        posting_id,
        "end_early",
        policy.can_change_posting,
        EndEarlyForm(prefix="end"),
        lambda p, f: services.end_posting_early(
            p, current_user, f.end_date.data, f.reason.data, f.opened_version()
        ),
        _l("The posting was ended early."),
    )


@bp.post("/postings/<int:posting_id>/cancel")
@login_required
def cancel(posting_id: int):
    return _act(
        posting_id,
        "cancel",
        policy.can_change_posting,
        ReasonForm(prefix="cancel"),
        lambda p, f: services.cancel_posting(p, current_user, f.reason.data, f.opened_version()),
        _l("The posting was cancelled."),
    )


@bp.post("/postings/<int:posting_id>/evaluate")
@login_required
def evaluate(posting_id: int):
    return _act(
        posting_id,
        "evaluate",
        policy.can_evaluate_posting,
        EvaluationForm(prefix="evaluate"),
        lambda p, f: services.record_evaluation(p, current_user, f.grade.data, f.comments.data),
        _l("The evaluation was recorded."),
    )


@bp.post("/postings/<int:posting_id>/delete")
@login_required
def delete(posting_id: int):
    """Delete an unanswered proposal (a mistake); its attachments and files go with it."""
    from exchange.postings.removal import delete_proposal
    from exchange.web.actions import act

    posting = get_posting(posting_id)
    policy.require(policy.can_delete_proposal(current_user, posting))
    form = ReasonForm(prefix="delete")
    return act(
        form,
        lambda: delete_proposal(posting, current_user, form.reason.data, form.opened_version()),
        done=_l("The proposal was deleted."),
        success=url_for("postings.index"),
        failure=lambda status: _render_detail(get_posting(posting_id), status, delete=form),
    )


# Home page sections for HR ---------------------------------------------------------------


def _ending_soon(user):
    """Active postings touching the officer's district that end in the next 30 days."""
    horizon = today() + timedelta(days=30)
    return _all(
        visible_postings(
            user,
            Posting.status == PostingStatus.ACTIVE,
            Posting.planned_end_date <= horizon,
            order_by=(Posting.planned_end_date, Posting.id),
        )
    )


def _waiting(user):
    return _all(
        visible_postings(
            user,
            Posting.host_district_id == user.district_id,
            Posting.status == PostingStatus.PROPOSED,
        )
    )


sections.add_home("hr", "postings/_home_waiting.html", _waiting, order=10)
sections.add_home("hr", "postings/_home_ending.html", _ending_soon, order=11)
