"""Browsing the audit trail: read-only. There is no route that edits or deletes an event."""

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.audit import bp, wording
from exchange.audit.forms import AuditFilterForm
from exchange.audit.models import AuditEvent
from exchange.audit.queries import AuditFilter, newest_events, page_of_events
from exchange.audit.shown import ShownEvent, shown_events
from exchange.extensions import db
from exchange.org.models import District
from exchange.web import nav, sections
from exchange.web.access import acting_user, requires
from exchange.web.actions import form_status
from exchange.web.loaders import load_allowed

bp.add_app_template_global(wording.action_words_here, "audit_action")
bp.add_app_template_filter(wording.summary_words, "audit_summary")
bp.add_app_template_global(wording.field_words_here, "audit_field")
bp.add_app_template_global(wording.value_words_here, "audit_value")

nav.add("audit.index", _l("Audit trail"), policy.can_view_audit, order=90)

RECENT = 8


def recent_events(user) -> list[ShownEvent]:
    """The latest events the user may read, for their home page."""
    return shown_events(user, newest_events(db.session, user, AuditFilter(), RECENT))


sections.add_home("admin", "audit/_home_recent.html", recent_events, order=90)
sections.add_home("hr", "audit/_home_recent.html", recent_events, order=90)


def district_names() -> dict[int, str]:
    return dict(db.session.execute(sa.select(District.id, District.name)).all())


def _district_choices(names: dict[int, str]) -> list:
    """Every district for an administrator; an HR officer's own only."""
    if policy.is_admin(current_user):
        pairs = sorted(names.items(), key=lambda item: item[1])
    else:
        pairs = [(current_user.district_id, names.get(current_user.district_id, ""))]
    return [SelectChoice("", _("Any"))] + [SelectChoice(*p) for p in pairs]


def _filter_of(form: AuditFilterForm) -> tuple[AuditFilter, object]:
    """The filter and the page's ``before`` cursor. A bad value shows its message and
    narrows nothing; the rest of the filter still applies."""
    valid = form.validate()
    data = {name: (f.data if not f.errors else None) for name, f in form._fields.items()}
    filters = AuditFilter(
        actor=data.get("actor") or "",
        action=data.get("action") or "",
        object_type=data.get("object_type") or "",
        object_id=data.get("object_id"),
        district_id=data.get("district_id"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    return filters, data.get("before") if valid else None


@bp.route("/audit")
@requires(policy.can_view_audit)
def index():
    names = district_names()
    form = AuditFilterForm(request.args)
    form.district_id.choices = _district_choices(names)
    filters, before = _filter_of(form)
    events, next_before = page_of_events(db.session, current_user, filters, before)
    args = {k: v for k, v in request.args.items() if k != "before" and v}
    return (
        render_template(
            "audit/index.html",
            form=form,
            # The user itself, not its proxy: the rules ask about the reader for each event.
            events=shown_events(acting_user(), events),
            district_names=names,
            next_before=next_before,
            paged=before is not None,
            args=args,
        ),
        form_status(form),
    )


@bp.route("/audit/<int:event_id>")
@requires(policy.can_view_audit)
def detail(event_id: int):
    event = load_allowed(AuditEvent, event_id, policy.can_view_audit_event)
    (shown,) = shown_events(current_user, [event])
    return render_template("audit/detail.html", event=shown, district_names=district_names())
