"""The batch statistics (统计表) of a programme: on screen, to print, and as XLSX."""

import sqlalchemy as sa
from flask import Response, abort, render_template, request, stream_with_context
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange import policy
from exchange.clock import today
from exchange.extensions import db
from exchange.programmes.models import Programme
from exchange.rosters import bp
from exchange.rosters.exports import content_disposition
from exchange.rosters.queries import issuing_unit
from exchange.rosters.statistics import (
    COUNT_RULE,
    GRASSROOTS_RULE,
    HOST_LEVEL_RULE,
    RANK_RULE,
    programme_statistics,
)
from exchange.rosters.xlsx import Percent, stream_xlsx
from exchange.web import nav
from exchange.web.access import requires

nav.add("rosters.statistics", _l("Statistics"), policy.can_view_roster, order=32)


def _programme():
    """The programme asked for (the latest one by default); 404 for one that does not exist."""
    programmes = db.session.execute(
        sa.select(Programme.id, Programme.name).order_by(Programme.start_date.desc())
    ).all()
    wanted = request.args.get("programme", type=int)
    if wanted is None:
        return (programmes[0] if programmes else None), programmes
    chosen = next((p for p in programmes if p.id == wanted), None)
    if chosen is None:
        abort(404)
    return chosen, programmes


def _context():
    programme, programmes = _programme()
    stats = programme_statistics(db.session, current_user, programme.id) if programme else None
    return {
        "programme": programme,
        "programmes": programmes,
        "stats": stats,
        "count_rule": COUNT_RULE,
        "grassroots_rule": GRASSROOTS_RULE,
        "rank_rule": RANK_RULE,
        "host_level_rule": HOST_LEVEL_RULE,
        "on": today(),
        "unit": issuing_unit(current_user),
    }


@bp.route("/statistics")
@requires(policy.can_view_roster)
def statistics():
    return render_template("rosters/statistics.html", **_context())


@bp.route("/statistics/print")
@requires(policy.can_view_roster)
def statistics_print():
    return render_template("rosters/statistics.html", printing=True, **_context())


def _percent(value) -> Percent | None:
    return None if value is None else Percent(value)


def statistics_rows(stats) -> list[list]:
    """The 统计表 as one long table: (table, group, postings, person-months, quota or share)."""
    rows: list[list] = []
    for d in stats.directions:
        rows.append([_("Each way"), f"{d.home} → {d.host}", d.postings, d.person_months, d.quota])
    for title, groups in (
        (_("By host department"), stats.host_departments),
        (_("By host level"), stats.host_levels),
        (_("By rank band"), stats.ranks),
        (_("By gender"), stats.genders),
        (_("By age at the start"), stats.age_bands),
    ):
        rows += [[title, f"{way} · {group}", n, None, None] for way, group, n in groups]
    grades = _("End-of-term appraisal grades")
    rows += [[grades, group, n, None, None] for group, n in stats.grades]
    rows += [
        [_("Totals"), _("Number of postings"), stats.total, stats.person_months, None],
        [_("Totals"), _("Leave days"), stats.leave_days, None, None],
        [_("Totals"), _("Presence ratio"), None, None, _percent(stats.presence_ratio)],
        [
            _("Totals"),
            _("Report compliance"),
            stats.reports_on_time,
            None,
            _percent(stats.compliance_rate),
        ],
        [
            _("Totals"),
            _("Counting toward grassroots work experience"),
            stats.grassroots,
            None,
            None,
        ],
    ]
    return rows


@bp.route("/statistics.xlsx")
@requires(policy.can_view_roster)
def statistics_xlsx():
    context = _context()
    if context["programme"] is None:
        abort(404)
    stamp = context["on"].isoformat()
    lines = [
        _("Batch statistics: %(name)s", name=context["programme"].name),
        "　".join(
            (
                _("Issued by: %(unit)s", unit=context["unit"]),
                _("Made on: %(d)s", d=format_date(context["on"], "long")),
            )
        ),
        str(COUNT_RULE),
        str(RANK_RULE),
        str(HOST_LEVEL_RULE),
    ]
    headers = [
        _("Table"),
        _("Group"),
        _("Number of postings"),
        _("Person-months"),
        _("Quota or share"),
    ]
    response = Response(
        stream_with_context(
            stream_xlsx(
                headers,
                [22, 36, 10, 12, 12],
                statistics_rows(context["stats"]),
                _("Statistics"),
                title_lines=lines,
            )
        ),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = content_disposition(
        f"{_('Batch statistics')}-{stamp}.xlsx", f"statistics-{stamp}.xlsx"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
