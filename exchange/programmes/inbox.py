"""What programme change requests put in the inbox: a to-do (待办) for member HR whose
confirmation a waiting request still needs."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from exchange import policy
from exchange.extensions import db
from exchange.notifications import handover
from exchange.programmes.models import ProgrammeChangeRequest, ProgrammeChangeStatus
from exchange.web import todos


def confirm_todos(user) -> list[todos.Todo]:
    if not policy.is_hr(user):
        return []
    waiting = db.session.scalars(
        sa.select(ProgrammeChangeRequest)
        .where(ProgrammeChangeRequest.status == ProgrammeChangeStatus.PENDING)
        .options(
            joinedload(ProgrammeChangeRequest.programme),
            joinedload(ProgrammeChangeRequest.proposer_district),
        )
        .order_by(ProgrammeChangeRequest.proposed_at)
    ).all()
    return [
        todos.Todo(
            key=f"programme_change:{c.id}:confirm",
            kind=_l("Programme change to confirm"),
            title=f"{c.programme.name} · {c.proposer_district.name}",
            link=handover.path_for("programmes.detail", programme_id=c.programme_id),
            since=c.proposed_at.date(),
        )
        for c in waiting
        if policy.can_confirm_programme_change(user, c)
    ]


todos.add("programme_changes", confirm_todos)
