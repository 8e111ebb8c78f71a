"""Attendance pages: the sheets due and late, writing a month's sheet, one sheet."""

from datetime import date

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import clock, policy
from exchange.attendance import bp, services
from exchange.attendance.forms import RuleForm, SheetForm
from exchange.attendance.models import AttendanceSheet
from exchange.attendance.queries import writable_postings
from exchange.attendance.rules import RuleData, set_rule
from exchange.attendance.schedule import (
    leave_days_in,
    month_end,
    month_start,
    oldest_outstanding,
    outstanding_count,
    rules_for,
)
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.web import nav
from exchange.web.access import requires
from exchange.web.actions import act
from exchange.web.loaders import load_allowed
from exchange.web.paging import Keyset, keyset_page, list_page_size, read_cursor, wants_exact_count
from exchange.web.params import parse_date
from exchange.workdays.days import working_days

# Newest month first, paged by keyset: with an index on (month, id) a page reads only its rows.
SHEET_ORDER = Keyset((AttendanceSheet.month, AttendanceSheet.id), ("date", "int"), descending=True)

nav.add("attendance.index", _l("Attendance"), policy.can_list_attendance, order=31)


#: The oldest sheets due the page lists, as the talks page does: a region's administrator
#: has tens of thousands (rendering every one took 3 s of a 5 s page).
DUE_SHOWN = 50


@bp.route("/attendance")
@requires(policy.can_list_attendance)
def index():
    as_of = clock.today()
    postings = writable_postings(current_user).where(Posting.start_date <= as_of)
    sheets = (
        sa.select(AttendanceSheet)
        .join(Posting, AttendanceSheet.posting_id == Posting.id)
        .where(policy.attendance_scope(current_user, AttendanceSheet, Posting))
        .options(sa.orm.joinedload(AttendanceSheet.posting).joinedload(Posting.cadre))
    )
    problems: list = []
    page = keyset_page(
        db.session,
        sheets,
        SHEET_ORDER,
        read_cursor("cursor", SHEET_ORDER, problems),
        page_size=list_page_size(),
        exact_count=wants_exact_count(),
    )
    return render_template(
        "attendance/index.html",
        due=oldest_outstanding(postings, DUE_SHOWN, as_of)[:DUE_SHOWN],
        due_total=outstanding_count(postings, as_of),
        page=page,
        problems=problems,
    ), (400 if problems else 200)


def _month_arg() -> date | None:
    return parse_date((request.args.get("month") or "") + "-01")


def _prefill(posting: Posting, month: date) -> dict:
    first, last = max(month, posting.start_date), min(month_end(month), posting.end_date)
    on_leave = leave_days_in(posting, first, last)
    return {
        "month": month,
        "days_on_leave": on_leave,
        "days_on_site": max(working_days(first, last) - on_leave, 0),
        "days_travel": 0,
        "days_absent": 0,
    }


def _data(form) -> services.SheetData:
    return services.SheetData(
        month=form.month.data,
        days_on_site=form.days_on_site.data,
        days_on_leave=form.days_on_leave.data,
        days_travel=form.days_travel.data,
        days_absent=form.days_absent.data,
        note=form.note.data or "",
    )


@bp.route("/postings/<int:posting_id>/attendance/new", methods=["GET", "POST"])
@login_required
def new(posting_id: int):
    posting = load_allowed(Posting, posting_id, policy.can_write_attendance)
    month = _month_arg() or month_start(min(clock.today(), posting.end_date))
    form = SheetForm(data=_prefill(posting, month) if request.method == "GET" else None)

    def render(status):
        return render_template("attendance/form.html", form=form, posting=posting), status

    if not form.is_submitted():
        return render(200)
    return act(
        form,
        lambda: services.create_sheet(
            posting, current_user, _data(form), submit=bool(form.submit_sheet.data)
        ),
        done=_l("The attendance sheet was saved."),
        success=lambda sheet: url_for("attendance.detail", sheet_id=sheet.id),
        failure=render,
    )


@bp.route("/attendance/<int:sheet_id>")
@login_required
def detail(sheet_id: int):
    sheet = load_allowed(AttendanceSheet, sheet_id, policy.can_view_attendance)
    return render_template("attendance/detail.html", sheet=sheet)


@bp.route("/attendance/<int:sheet_id>/edit", methods=["GET", "POST"])
@login_required
def edit(sheet_id: int):
    sheet = load_allowed(AttendanceSheet, sheet_id, policy.can_edit_attendance)
    form = SheetForm(obj=sheet if request.method == "GET" else None)

    def render(status):
        return render_template(
            "attendance/form.html", form=form, posting=sheet.posting, sheet=sheet
        ), status

    if not form.is_submitted():
        form.version.data = sheet.version
        return render(200)
    return act(
        form,
        lambda: services.update_sheet(
            sheet,
            current_user,
            _data(form),
            form.opened_version(),
            submit=bool(form.submit_sheet.data),
        ),
        done=_l("The attendance sheet was saved."),
        success=url_for("attendance.detail", sheet_id=sheet_id),
        failure=render,
    )


@bp.route("/programmes/<int:programme_id>/attendance-rule", methods=["GET", "POST"])
@login_required
def rule(programme_id: int):
    """The coordinating 组织部 sets when sheets fall due and the least presence."""
    programme = load_allowed(Programme, programme_id, policy.can_manage_daily_rules)
    current = rules_for([programme.id])[programme.id]
    form = RuleForm(obj=current if request.method == "GET" else None)

    def render(status):
        return render_template("attendance/rule.html", form=form, programme=programme), status

    if not form.is_submitted():
        return render(200)
    data = RuleData(
        form.due_day.data,
        form.due_source.data or "",
        form.min_presence_percent.data,
        form.presence_source.data or "",
    )
    return act(
        form,
        lambda: set_rule(programme, current_user, data),
        done=_l("The attendance rule was saved."),
        success=url_for("programmes.detail", programme_id=programme.id),
        failure=render,
    )
