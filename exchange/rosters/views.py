"""Roster (名册), its exports and print view, and the leadership dashboard."""

import sqlalchemy as sa
from flask import Response, redirect, render_template, request, stream_with_context, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange import policy
from exchange.clock import today
from exchange.errors_domain import DomainError
from exchange.extensions import db
from exchange.org.models import Department, District, display_ordering, name_column
from exchange.postings.models import PostingStatus
from exchange.programmes.models import Programme
from exchange.rosters import bp
from exchange.rosters import dashboard as numbers
from exchange.rosters.exports import (
    collector_paused,
    content_disposition,
    csv_chunks,
    xlsx_chunks,
)
from exchange.rosters.filters import SORT_KEYS, parse_filter
from exchange.rosters.queries import (
    count_roster,
    cursor_for_page,
    export_batches,
    issuing_unit,
    iter_roster,
    roster_page,
)
from exchange.rosters.rows import roster_rows
from exchange.web import nav, sections
from exchange.web.access import requires
from exchange.web.paging import wants_exact_count
from exchange.web.params import MAX_PAGE, parse_id, parse_int

bp.add_app_template_global(roster_rows, "roster_rows")

nav.add("rosters.roster", _l("Roster"), policy.can_view_roster, order=30)
nav.add("rosters.dashboard", _l("Dashboard"), policy.can_view_roster, order=31)


def _home_numbers(user):
    return numbers.headline(db.session, user)


for _role in ("leader", "admin", "hr"):
    sections.add_home(_role, "rosters/_home_numbers.html", _home_numbers, order=10)

PRINT_LIMIT = 2000


def _filter():
    return parse_filter(request.args, current_user.district_id)


def _choices(filt):
    """Districts, departments and programmes for the filter form (small statements).

    The departments are those of one district: the district filtered on, else the user's
    own; a region has thousands, which no one picks from one list (and which cost a page
    more than its rows). The department filtered on is always offered, so it stays chosen.
    """
    districts = db.session.execute(
        sa.select(District.id, name_column(District)).order_by(*display_ordering(District))
    )
    district_id = filt.district_id or current_user.district_id
    shown = [Department.district_id == district_id] if district_id else []
    if filt.department_id:
        shown.append(Department.id == filt.department_id)
    departments = (  # none to offer without a district: no statement at all
        db.session.execute(
            sa.select(Department.id, name_column(District), name_column(Department))
            .join(District, District.id == Department.district_id)
            .where(sa.or_(*shown))
            .order_by(*display_ordering(District), *display_ordering(Department))
        ).all()
        if shown
        else []
    )
    programmes = db.session.execute(
        sa.select(Programme.id, Programme.name).order_by(Programme.start_date.desc())
    )
    return {
        "districts": districts.all(),
        "departments": departments,
        "departments_of": district_id,
        "programmes": programmes.all(),
        "statuses": [s.value for s in PostingStatus],
    }


@bp.route("/roster")
@requires(policy.can_view_roster)
def roster():
    filt, problems = _filter()
    if (number := parse_int(request.args.get("page"), MAX_PAGE, 1)) is not None:
        # "转到第 n 页": find that page's cursor once, then read it like any other page.
        cursor = cursor_for_page(db.session, current_user, filt, number)
        return redirect(url_for("rosters.roster", **filt.query_args(cursor=cursor)))
    page = roster_page(db.session, current_user, filt, exact_count=wants_exact_count())
    return render_template(
        "rosters/roster.html",
        filt=filt,
        problems=problems,
        page=page,
        sort_keys=SORT_KEYS,
        **_choices(filt),
    ), _status(problems)


def _status(problems) -> int:
    """400 when part of the query string was dropped (the page says which), else 200."""
    return 400 if problems else 200


def _refuse_bad_filter(problems) -> None:
    """An export holds exactly what a page showed; a link whose filter does not parse gets
    the reasons (400), not a file of something else."""
    if problems:
        raise DomainError([(None, "bad_filter", message) for message in problems])


def _heading(filt) -> dict:
    """What a roster document states about itself: its date, who made it and when."""
    return {
        "as_of": filt.as_of_date or today(),
        "unit": issuing_unit(current_user),
        "made": today(),
    }


def _title_lines(filt) -> list[str]:
    heading = _heading(filt)
    return [
        _("Cadre exchange roster"),
        "　".join(
            (
                _("As of %(d)s", d=format_date(heading["as_of"], "long")),
                _("Issued by: %(unit)s", unit=heading["unit"]),
                _("Made on: %(d)s", d=format_date(heading["made"], "long")),
            )
        ),
    ]


def _filename(filt, extension: str) -> tuple[str, str]:
    """Named after the roster's date (today's when none is chosen), not the day of export."""
    stamp = (filt.as_of_date or today()).isoformat()
    return f"{_('Cadre exchange roster')}-{stamp}.{extension}", f"roster-{stamp}.{extension}"


@bp.route("/roster/export.csv")
@requires(policy.can_view_roster)
def export_csv():
    filt, problems = _filter()
    _refuse_bad_filter(problems)
    batches = export_batches(db.session, current_user, filt)
    response = Response(
        stream_with_context(
            collector_paused(chunk.encode("utf-8") for chunk in csv_chunks(batches))
        ),
        mimetype="text/csv",
        content_type="text/csv; charset=utf-8",
    )
    response.headers["Content-Disposition"] = content_disposition(*_filename(filt, "csv"))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/roster/export.xlsx")
@requires(policy.can_view_roster)
def export_xlsx():
    filt, problems = _filter()
    _refuse_bad_filter(problems)
    batches = export_batches(db.session, current_user, filt)
    response = Response(
        stream_with_context(
            collector_paused(xlsx_chunks(batches, _("Roster"), _title_lines(filt)))
        ),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = content_disposition(*_filename(filt, "xlsx"))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/roster/print")
@requires(policy.can_view_roster)
def print_view():
    filt, problems = _filter()
    total = count_roster(db.session, current_user, filt, cap=PRINT_LIMIT)
    rows = []
    if total.exact:
        rows = list(iter_roster(db.session, current_user, filt))
    return render_template(
        "rosters/print.html",
        filt=filt,
        problems=problems,
        rows=rows,
        total=total,
        limit=PRINT_LIMIT,
        **_heading(filt),
    ), _status(problems)


def _chosen(arg: str, choices) -> int | None:
    """The id given in ``arg`` if it is one of ``choices`` ((id, name) pairs), else None."""
    value = parse_id(request.args.get(arg))
    return value if value in {ident for ident, _name in choices} else None


def _numbers(session, on, names, programme_id, district_id) -> dict:
    counted = numbers.counted_directions(session, current_user)
    return {
        "headline": numbers.headline(session, current_user, on),
        "headline_links": {
            name: filt.query_args() for name, filt in numbers.headline_filters(on).items()
        },
        "flow_year": numbers.flow_matrix(session, current_user, names, year=on.year),
        "flow_all": numbers.flow_matrix(session, current_user, names, counted=counted),
        "balances": numbers.reciprocity(session, current_user, counted=counted, names=names),
        "per_month": numbers.postings_per_month(
            session, current_user, on, programme_id=programme_id
        ),
        "timeline": numbers.timeline(session, current_user, programme_id, district_id),
    }


@bp.route("/dashboard")
@requires(policy.can_view_roster)
def dashboard():
    """Current numbers and flows; other features add headline cards (page "dashboard")."""
    session, on = db.session, today()
    names = numbers.district_names(session)
    programmes = session.execute(
        sa.select(Programme.id, Programme.name).order_by(Programme.start_date.desc())
    ).all()
    programme_id, district_id = _chosen("programme", programmes), _chosen("district", names)
    return render_template(
        "rosters/dashboard.html",
        on=on,
        programmes=programmes,
        districts=names,
        programme_id=programme_id,
        district_id=district_id,
        **_numbers(session, on, names, programme_id, district_id),
    )
