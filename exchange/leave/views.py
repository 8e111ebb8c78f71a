"""Leave pages: ask, the list, one leave with its chain, decisions, 销假, the printed form."""

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import clock, policy
from exchange.extensions import db
from exchange.leave import bp, services
from exchange.leave.forms import DecisionForm, LeaveForm, ReportBackForm, TiersForm
from exchange.leave.models import Leave
from exchange.leave.queries import (
    LEAVE_ORDER,
    awaiting,
    days_for,
    leave_first_try,
    leave_list,
    load_leave,
)
from exchange.leave.rules import tiers_of
from exchange.leave.tiers import TierData, set_tiers
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.web import nav
from exchange.web.access import requires
from exchange.web.actions import act
from exchange.web.loaders import load_allowed
from exchange.web.paging import keyset_page, list_page_size, read_cursor, wants_exact_count

nav.add("leave.index", _l("Leave"), policy.can_list_leave, order=30)


@bp.route("/postings/<int:posting_id>/leave/new", methods=["GET", "POST"])
@login_required
def new(posting_id: int):
    posting = load_allowed(Posting, posting_id, policy.can_request_leave)
    form = LeaveForm()

    def render(status):
        return render_template(
            "leave/new.html", form=form, posting=posting, tiers=tiers_of(posting.programme_id)
        ), status

    if not form.is_submitted():
        return render(200)
    data = services.LeaveRequest(
        kind=form.kind.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        reason=form.reason.data or "",
        start_half=form.start_half.data,
        end_half=form.end_half.data,
    )
    return act(
        form,
        lambda: services.request_leave(posting, current_user, data),
        done=_l("Your leave request was sent for approval."),
        success=lambda leave: url_for("leave.detail", leave_id=leave.id),
        failure=render,
    )


@bp.route("/leave")
@requires(policy.can_list_leave)
def index():
    mine = awaiting(current_user)
    problems: list = []
    cursor = read_cursor("cursor", LEAVE_ORDER, problems)
    page = keyset_page(
        db.session,
        leave_list(current_user),
        LEAVE_ORDER,
        cursor,
        page_size=list_page_size(),
        exact_count=wants_exact_count(),
        first_try=leave_first_try(current_user, cursor),
    )
    return render_template(
        "leave/index.html",
        awaiting=mine,
        page=page,
        days=days_for(mine + page.rows),
        problems=problems,
    ), (400 if problems else 200)


def _render_detail(leave: Leave, status: int = 200, **forms):
    forms.setdefault(
        "decision", DecisionForm(formdata=None, version=leave.version, prefix="decision")
    )
    forms.setdefault(
        "report_back",
        ReportBackForm(
            formdata=None, version=leave.version, returned_date=clock.today(), prefix="back"
        ),
    )
    forms.setdefault(
        "withdraw", DecisionForm(formdata=None, version=leave.version, prefix="withdraw")
    )
    return render_template(
        "leave/detail.html",
        leave=leave,
        days=services.days_of(leave),
        expected_return=services.expected_return(leave),
        late=services.is_late(leave),
        forms=forms,
    ), status


def _load(leave_id: int, allowed=policy.can_view_leave) -> Leave:
    return load_allowed(load_leave(leave_id), None, allowed)


@bp.route("/leave/<int:leave_id>")
@login_required
def detail(leave_id: int):
    return _render_detail(_load(leave_id))


def _decide(leave_id: int, approve: bool):
    leave = _load(leave_id, policy.is_leave_approver)  # the service checks the current step
    form = DecisionForm(prefix="decision")
    return act(
        form,
        lambda: services.decide_leave(
            leave, current_user, approve, form.reason.data or "", form.opened_version()
        ),
        done=_l("The leave was approved.") if approve else _l("The leave was not approved."),
        success=url_for("leave.detail", leave_id=leave_id),
        failure=lambda status: _render_detail(_load(leave_id), status, decision=form),
    )


@bp.post("/leave/<int:leave_id>/approve")
@login_required
def approve(leave_id: int):
    return _decide(leave_id, True)


@bp.post("/leave/<int:leave_id>/decline")
@login_required
def decline(leave_id: int):
    return _decide(leave_id, False)


@bp.post("/leave/<int:leave_id>/withdraw")
@login_required
def withdraw(leave_id: int):
    leave = _load(leave_id, policy.can_withdraw_leave)
    form = DecisionForm(prefix="withdraw")
    return act(
        form,
        lambda: services.withdraw_leave(leave, current_user, form.opened_version()),
        done=_l("The leave request was withdrawn."),
        success=url_for("leave.detail", leave_id=leave_id),
        failure=lambda status: _render_detail(_load(leave_id), status, withdraw=form),
    )


@bp.post("/leave/<int:leave_id>/report-back")
@login_required
def report_back(leave_id: int):
    leave = _load(leave_id, policy.can_report_back)
    form = ReportBackForm(prefix="back")
    return act(
        form,
        lambda: services.report_back(
            leave, current_user, form.returned_date.data, form.opened_version()
        ),
        done=_l("You reported back from leave."),
        success=url_for("leave.detail", leave_id=leave_id),
        failure=lambda status: _render_detail(_load(leave_id), status, report_back=form),
    )


@bp.route("/leave/<int:leave_id>/print")
@login_required
def print_form(leave_id: int):
    """请销假审批单: the paper form, filled in, for printing and the file."""
    leave = _load(leave_id)
    return render_template(
        "leave/print.html",
        leave=leave,
        days=services.days_of(leave),
        late=services.is_late(leave),
        printed_on=clock.today(),
    )


@bp.route("/programmes/<int:programme_id>/leave-tiers", methods=["GET", "POST"])
@login_required
def tiers(programme_id: int):
    """The coordinating 组织部 sets who approves leave, by length, for a programme."""
    programme = load_allowed(Programme, programme_id, policy.can_manage_daily_rules)
    form = TiersForm()
    if not form.is_submitted():
        for n, tier in enumerate(tiers_of(programme.id)[:3], 1):
            getattr(form, f"tier{n}_days").data = tier.up_to_days
            for name, side in zip(("first", "second", "third"), tier.approvers, strict=False):
                getattr(form, f"tier{n}_{name}").data = side
            getattr(form, f"tier{n}_source").data = tier.source

    def render(status):
        return render_template("leave/tiers.html", form=form, programme=programme), status

    if not form.is_submitted():
        return render(200)
    data = [
        TierData(
            up_to_days=days.data,
            approvers=(first.data or None, second.data or None, third.data or None),
            source=source.data or "",
        )
        for days, first, second, third, source in form.tier_rows()
        if days.data is not None or first.data or (source.data or "").strip()
    ]
    return act(
        form,
        lambda: set_tiers(programme, current_user, data),
        done=_l("The leave tiers were saved."),
        success=url_for("programmes.detail", programme_id=programme.id),
        failure=render,
    )
