"""The holiday table: everyone in HR reads it; the administrator extends it."""

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import clock, policy
from exchange.extensions import db
from exchange.web import nav
from exchange.web.access import requires
from exchange.web.actions import act
from exchange.web.forms import EmptyForm
from exchange.web.loaders import load_allowed
from exchange.web.params import parse_int
from exchange.workdays import bp, services
from exchange.workdays.forms import DayRangeForm
from exchange.workdays.models import CalendarDay
from exchange.workdays.official import SEEDED_YEARS

nav.add("workdays.index", _l("Holidays"), policy.can_manage_calendar, order=90)


def _render(year: int, form, status: int = 200):
    days = db.session.scalars(
        sa.select(CalendarDay)
        .where(sa.extract("year", CalendarDay.day) == year)
        .order_by(CalendarDay.day)
    ).all()
    return render_template(
        "workdays/index.html",
        year=year,
        days=days,
        form=form,
        remove=EmptyForm(formdata=None),
        seeded=SEEDED_YEARS,
    ), status


def _year() -> int:
    year = parse_int(request.args.get("year"))
    return year if year and 1990 <= year <= 2100 else clock.today().year


@bp.route("/holidays")
@requires(policy.can_view_calendar)
def index():
    return _render(_year(), DayRangeForm(formdata=None))


@bp.post("/holidays")
@requires(policy.can_manage_calendar)
def add():
    form = DayRangeForm()
    data = services.DayRange(
        first=form.first.data,
        last=form.last.data,
        kind=form.kind.data,
        name=form.name.data or "",
        source=form.source.data or "",
    )
    year = form.first.data.year if form.first.data else _year()
    return act(
        form,
        lambda: services.set_days(data, current_user),
        done=_l("The holiday table was updated."),
        success=url_for("workdays.index", year=year),
        failure=lambda status: _render(year, form, status),
    )


@bp.post("/holidays/<int:day_id>/remove")
@login_required
def remove(day_id: int):
    row = load_allowed(CalendarDay, day_id, lambda user, _row: policy.can_manage_calendar(user))
    form = EmptyForm()
    year = row.day.year
    return act(
        form,
        lambda: services.remove_day(row, current_user),
        done=_l("The day was removed from the holiday table."),
        success=url_for("workdays.index", year=year),
        failure=lambda status: _render(year, DayRangeForm(formdata=None), status),
    )
