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
from exchange.programmes import bp, changes, services
from exchange.programmes.forms import ChangeActionForm, DeclineChangeForm, programme_form_class
from exchange.programmes.models import Programme, ProgrammeChangeRequest, TermRuleKind
from exchange.web import nav
from exchange.web.access import requires
from exchange.web.actions import act
from exchange.web.loaders import load_allowed, load_or_404

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
    return _render_detail(get_programme(programme_id))


def _render_detail(programme: Programme, status: int = 200, **forms):
    districts = list(db.session.scalars(sa.select(District).order_by(District.id)))
    requests = db.session.scalars(
        sa.select(ProgrammeChangeRequest)
        .where(ProgrammeChangeRequest.programme_id == programme.id)
        .order_by(ProgrammeChangeRequest.id.desc())
        .limit(20)
    ).all()
    pending = next((r for r in requests if r.is_pending), None)
    forms = {
        "confirm": ChangeActionForm(prefix="confirm", formdata=None),
        "decline": DeclineChangeForm(prefix="decline", formdata=None),
        "withdraw": ChangeActionForm(prefix="withdraw", formdata=None),
        **forms,
    }
    if pending is not None:
        for form in forms.values():
            if form.version.data is None:
                form.version.data = pending.version
    return (
        render_template(
            "programmes/detail.html",
            programme=programme,
            ledger=ledger(programme, current_user),
            history=history(programme),
            change_requests=requests,
            pending=pending,
            change_forms=forms,
            change_rows=lambda change: change_rows(change, districts),
            district_names={d.id: d.name for d in districts},
        ),
        status,
    )


def change_rows(change: ProgrammeChangeRequest, districts: list[District]) -> list[tuple]:
    """The request's old → new values as (label, old, new), labelled as the form's fields."""
    form_class = programme_form_class(districts)
    names = {d.id: d.name for d in districts}

    def label_of(key: str) -> str:
        unbound = getattr(form_class, key, None)
        return str(unbound.args[0]) if unbound is not None and unbound.args else key

    rows = []
    for key, (old, new) in change.changes.items():
        label = label_of(key)
        if key.startswith("quota_"):
            label = f"{_l('Quota')} · {label}"
        elif key.startswith("source_"):
            label = f"{label_of('rule_' + key.removeprefix('source_'))} · {label}"
        if key == "district_ids":
            old, new = ("、".join(names.get(i, str(i)) for i in v) for v in (old, new))
        rows.append((label, "—" if old in (None, "") else old, "—" if new in (None, "") else new))
    return rows


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


def _save(programme: Programme | None, form, districts):
    """A new programme is saved; a change of one in force is applied (admin) or proposed."""
    data = _data(form, districts)
    if programme is None:
        return changes.create_programme(data, current_user, form.opened_version(), form.reason.data)
    return changes.change_programme(
        programme, data, current_user, form.opened_version(), form.reason.data
    )


def _edit(programme: Programme | None):
    districts = list(db.session.scalars(sa.select(District).order_by(District.id)))
    form = _form(programme, districts)
    saves_directly = policy.can_apply_programme_change_directly(current_user, programme)
    return act(
        form,
        lambda: _save(programme, form, districts),
        done=_l("Saved.")
        if saves_directly
        else _l("Proposed: the change applies once every other member district confirms it.")
        if programme is not None
        else _l("Saved as a draft: in force once every other member district confirms it."),
        success=lambda saved: url_for(
            "programmes.detail", programme_id=getattr(saved, "programme_id", None) or saved.id
        ),
        failure=lambda status: (
            render_template(
                "programmes/form.html",
                form=form,
                programme=programme,
                districts=districts,
                rule_kinds=[k.value for k in TermRuleKind],
                saves_directly=saves_directly,
                pending=programme is not None and changes.pending_change(programme),
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


def _change(programme_id: int, change_id: int, allowed) -> ProgrammeChangeRequest:
    """The request of that programme: 404 when missing, 403 unless ``allowed`` while it
    waits; a request no longer waiting is refused by the service (400), not hidden."""
    change: ProgrammeChangeRequest = load_or_404(
        sa.select(ProgrammeChangeRequest).where(
            ProgrammeChangeRequest.id == change_id,
            ProgrammeChangeRequest.programme_id == programme_id,
        )
    )
    policy.require(policy.can_view_programme_changes(current_user, change.programme))
    if change.is_pending:
        policy.require(allowed(current_user, change))
    return change


def _answer(programme_id: int, name: str, form, call, done):
    return act(
        form,
        call,
        done=done,
        success=url_for("programmes.detail", programme_id=programme_id),
        failure=lambda status: _render_detail(get_programme(programme_id), status, **{name: form}),
    )


@bp.post("/programmes/<int:programme_id>/changes/<int:change_id>/confirm")
@login_required
def confirm_change(programme_id: int, change_id: int):
    change = _change(programme_id, change_id, policy.can_confirm_programme_change)
    form = ChangeActionForm(prefix="confirm")
    return _answer(
        programme_id,
        "confirm",
        form,
        lambda: changes.confirm_programme_change(change, current_user, form.opened_version()),
        _l("Confirmed."),
    )


@bp.post("/programmes/<int:programme_id>/changes/<int:change_id>/decline")
@login_required
def decline_change(programme_id: int, change_id: int):
    change = _change(programme_id, change_id, policy.can_decline_programme_change)
    form = DeclineChangeForm(prefix="decline")
    return _answer(
        programme_id,
        "decline",
        form,
        lambda: changes.decline_programme_change(
            change, current_user, form.reason.data, form.opened_version()
        ),
        _l("Declined; the programme stays as it was."),
    )


@bp.post("/programmes/<int:programme_id>/changes/<int:change_id>/withdraw")
@login_required
def withdraw_change(programme_id: int, change_id: int):
    change = _change(programme_id, change_id, policy.can_withdraw_programme_change)
    form = ChangeActionForm(prefix="withdraw")
    return _answer(
        programme_id,
        "withdraw",
        form,
        lambda: changes.withdraw_programme_change(change, current_user, form.opened_version()),
        _l("The change request was withdrawn."),
    )
