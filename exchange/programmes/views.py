"""Programme pages: the list, creating and editing, and a programme with its ledger."""

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.audit.models import AuditEvent
from exchange.extensions import db
from exchange.org.models import District
from exchange.postings.ledger import ledger
from exchange.programmes import bp, services
from exchange.programmes.forms import programme_form_class
from exchange.programmes.models import Programme, TermRuleKind
from exchange.web import nav
from exchange.web.access import requires
from exchange.web.actions import act
from exchange.web.loaders import load_allowed

nav.add("programmes.index", _l("Programmes"), policy.can_view_programmes, order=25)


def _viewable(user, programme: Programme) -> bool:
    return policy.can_view_programmes(user)


def get_programme(programme_id: int, allowed=_viewable) -> Programme:
    """The programme with its districts, quotas and rules: 404, then 403 unless ``allowed``."""
    stmt = (
        sa.select(Programme)
        .where(Programme.id == programme_id)
        .options(
            selectinload(Programme.districts),
            selectinload(Programme.quotas),
            selectinload(Programme.term_rules),
        )
    )
    return load_allowed(stmt, allowed=allowed)


@bp.route("/programmes")
@requires(policy.can_view_programmes)
def index():
    programmes = db.session.scalars(
        sa.select(Programme)
        .options(selectinload(Programme.districts))
        .order_by(Programme.start_date.desc())
    ).all()
    return render_template("programmes/index.html", programmes=programmes)


@bp.route("/programmes/<int:programme_id>")
@login_required
def detail(programme_id: int):
    programme = get_programme(programme_id)
    return render_template(
        "programmes/detail.html",
        programme=programme,
        ledger=ledger(programme, current_user),
        history=history(programme),
    )


def history(programme: Programme) -> list[AuditEvent]:
    """The programme's changes the user may read in the audit trail, newest first; an
    event recorded once per pair of members is shown once."""
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(
            AuditEvent.object_type == Programme.__tablename__,
            AuditEvent.object_id == programme.id,
            policy.audit_scope(current_user),
        )
        .order_by(AuditEvent.id.desc())
        .limit(100)
    ).all()
    shown: list[AuditEvent] = []
    for event in events:  # one save's events follow one another
        last = shown[-1] if shown else None
        if last is None or (last.action, last.actor_id, last.changes) != (
            event.action,
            event.actor_id,
            event.changes,
        ):
            shown.append(event)
    return shown


def _fill(form, programme: Programme) -> None:
    form.process(obj=programme)
    form.district_ids.data = [d.id for d in programme.districts]
    for quota in programme.quotas:
        getattr(
            form, f"quota_{quota.home_district_id}_{quota.host_district_id}"
        ).data = quota.max_postings
    for rule in programme.term_rules:
        getattr(form, f"rule_{rule.kind}").data = rule.value
        getattr(form, f"source_{rule.kind}").data = rule.source


def _data(form, districts) -> services.ProgrammeData:
    quotas = {}
    for home in districts:
        for host in districts:
            if home.id != host.id:
                value = getattr(form, f"quota_{home.id}_{host.id}").data
                if value is not None:
                    quotas[(home.id, host.id)] = value
    rules = {}
    for kind in TermRuleKind:
        value = getattr(form, f"rule_{kind.value}").data
        if value is not None:
            rules[kind.value] = (value, getattr(form, f"source_{kind.value}").data or "")
    return services.ProgrammeData(
        name=form.name.data,
        description=form.description.data or "",
        agreement_date=form.agreement_date.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        standard_term_months=form.standard_term_months.data,
        report_cadence_months=form.report_cadence_months.data,
        team_leader=form.team_leader.data or "",
        district_ids=form.district_ids.data,
        quotas=quotas,
        term_rules=rules,
    )


def _form(programme: Programme | None, districts: list[District]):
    """The form with a field per district pair; first shown filled from ``programme``, or
    with the officer's own district for a new one."""
    form = programme_form_class(districts)()
    form.district_ids.choices = [SelectChoice(d.id, d.name) for d in districts]
    if request.method == "GET":
        if programme is not None:
            _fill(form, programme)
        elif policy.is_hr(current_user):
            form.district_ids.data = [current_user.district_id]
    return form


def _edit(programme: Programme | None):
    districts = list(db.session.scalars(sa.select(District).order_by(District.id)))
    form = _form(programme, districts)
    return act(
        form,
        lambda: services.save_programme(
            programme, _data(form, districts), current_user, form.opened_version()
        ),
        done=_l("Saved."),
        success=lambda saved: url_for("programmes.detail", programme_id=saved.id),
        failure=lambda status: (
            render_template(
                "programmes/form.html",
                form=form,
                programme=programme,
                districts=districts,
                rule_kinds=[k.value for k in TermRuleKind],
            ),
            status,
        ),
    )


@bp.route("/programmes/new", methods=["GET", "POST"])
@requires(policy.can_manage_programme)
def create():
    return _edit(None)


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@login_required
def edit(programme_id: int):
    return _edit(get_programme(programme_id, policy.can_manage_programme))
