"""Browsing the audit trail: read-only. There is no route that edits or deletes an event."""

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.audit import bp
from exchange.audit.forms import AuditFilterForm
from exchange.audit.models import AuditEvent
from exchange.audit.queries import AuditFilter, page_of_events, visible_events
from exchange.extensions import db
from exchange.org.models import District
from exchange.web import nav, sections

nav.add("audit.index", _l("Audit trail"), policy.can_view_audit, order=90)

RECENT = 8


def recent_events(user) -> list[AuditEvent]:
    """The latest events the user may read, for their home page."""
    query = visible_events(user, AuditFilter()).limit(RECENT)
    return db.session.scalars(query).unique().all()


sections.add_home("admin", "audit/_home_recent.html", recent_events, order=90)
sections.add_home("hr", "audit/_home_recent.html", recent_events, order=90)


def district_names() -> dict[int, str]:
    return dict(db.session.execute(sa.select(District.id, District.name)).all())


@bp.route("/audit")
@login_required
def index():
    policy.require(policy.can_view_audit(current_user))
    names = district_names()
    form = AuditFilterForm(request.args)
    if policy.is_admin(current_user):
        pairs = sorted(names.items(), key=lambda item: item[1])
    else:
        pairs = [(current_user.district_id, names.get(current_user.district_id, ""))]
    form.district_id.choices = [SelectChoice("", _("Any"))] + [SelectChoice(*p) for p in pairs]
    status = 200
    if form.validate():
        data = form.data
        before = data["before"]
    else:
        # A bad filter shows its message and narrows nothing; the rest still applies.
        status = 400
        data = {
            name: (field.data if not field.errors else None) for name, field in form._fields.items()
        }
        before = None
    filters = AuditFilter(
        actor=data.get("actor") or "",
        action=data.get("action") or "",
        object_type=data.get("object_type") or "",
        object_id=data.get("object_id"),
        district_id=data.get("district_id"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    events, next_before = page_of_events(db.session, current_user, filters, before)
    args = {k: v for k, v in request.args.items() if k != "before" and v}
    return (
        render_template(
            "audit/index.html",
            form=form,
            events=events,
            district_names=names,
            next_before=next_before,
            paged=before is not None,
            args=args,
        ),
        status,
    )


@bp.route("/audit/<int:event_id>")
@login_required
def detail(event_id: int):
    policy.require(policy.can_view_audit(current_user))
    event = db.session.get(AuditEvent, event_id)
    if event is None:
        abort(404)
    policy.require(policy.can_view_audit_event(current_user, event))
    return render_template("audit/detail.html", event=event, district_names=district_names())
