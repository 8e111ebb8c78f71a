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


def appraisal_todos(user) -> list[todos.Todo]:
    if not policy.is_hr(user):
        return []
    postings = queries.end_of_term_due(user, today(), waiting=True)
    started = set(
        db.session.scalars(
            sa.select(Appraisal.posting_id).where(
                Appraisal.kind == AppraisalKind.END_OF_TERM,
                Appraisal.posting_id.in_([p.id for p in postings]),
            )
        )
    )
    items = []
    for posting in postings:
        window = rules.end_of_term_window(posting)
        items.append(
            todos.Todo(
                key=f"appraisal:{posting.id}:{'home' if posting.id in started else 'host'}",
                kind=_l("End-of-term appraisal to sign"),
                title=f"{posting.cadre.name} · {posting.host_department.name}",
                link=handover.path_for("appraisals.page", posting_id=posting.id),
                since=window.opens_on,
                due=window.due_on,
            )
        )
    return items


def appraisal_todo_count(user) -> int:
    if not policy.is_hr(user):
        return 0
    return queries.end_of_term_due_count(user, today(), waiting=True)


todos.add("appraisals", appraisal_todos, count=appraisal_todo_count)
