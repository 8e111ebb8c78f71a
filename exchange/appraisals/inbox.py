"""What appraisals put in the inbox: a 考核鉴定 whose window is open waits for the host
side until it has signed, then for the home side until it is locked (待办, never stored)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.appraisals import queries, rules
from exchange.appraisals.models import Appraisal, AppraisalKind
from exchange.clock import today
from exchange.extensions import db
from exchange.notifications import handover
from exchange.web import todos


def _waiting_side(posting, appraisal) -> int:
    """The district whose HR acts next: the host until it signed, then the home side."""
    return posting.host_district_id if appraisal is None else posting.home_district_id


def appraisal_todos(user) -> list[todos.Todo]:
    if not policy.is_hr(user):
        return []
    on = today()
    postings = queries.end_of_term_due(user, on)
    signed = {
        a.posting_id: a
        for a in db.session.scalars(
            sa.select(Appraisal).where(
                Appraisal.kind == AppraisalKind.END_OF_TERM,
                Appraisal.posting_id.in_([p.id for p in postings]),
            )
        )
    }
    items = []
    for posting in postings:
        appraisal = signed.get(posting.id)
        if _waiting_side(posting, appraisal) != user.district_id:
            continue
        window = rules.end_of_term_window(posting)
        items.append(
            todos.Todo(
                key=f"appraisal:{posting.id}:{'home' if appraisal else 'host'}",
                kind=_l("End-of-term appraisal to sign"),
                title=f"{posting.cadre.name} · {posting.host_department.name}",
                link=handover.path_for("appraisals.page", posting_id=posting.id),
                since=window.opens_on,
                due=window.due_on,
            )
        )
    return items


todos.add("appraisals", appraisal_todos)
