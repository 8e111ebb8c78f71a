"""What term changes put in the inbox: a request waiting for the other side's consent
(待办), and a message to each side when a request is made, answered or withdrawn."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from exchange import policy
from exchange.extensions import db
from exchange.notifications import handover
from exchange.postings.models import Posting, TermChangeKind, TermChangeRequest, TermChangeSide
from exchange.web import todos


def waiting_for(district_id: int):
    """A WHERE clause: pending requests whose consent is ``district_id``'s to give."""
    return sa.and_(
        TermChangeRequest.status == "pending",
        sa.or_(
            sa.and_(
                TermChangeRequest.side == TermChangeSide.HOME,
                Posting.host_district_id == district_id,
            ),
            sa.and_(
                TermChangeRequest.side == TermChangeSide.HOST,
                Posting.home_district_id == district_id,
            ),
        ),
    )


def consent_todos(user) -> list[todos.Todo]:
    if not policy.is_hr(user):
        return []
    changes = db.session.scalars(
        sa.select(TermChangeRequest)
        .join(Posting)
        .where(waiting_for(user.district_id))
        .options(joinedload(TermChangeRequest.posting).joinedload(Posting.cadre))
        .order_by(TermChangeRequest.requested_at)
    ).all()
    return [
        todos.Todo(
            key=f"term_change:{c.id}:consent",
            kind=_l("Term change to consent to"),
            title=f"{c.posting.cadre.name} · {TermChangeKind(c.kind).label} · "
            f"{c.new_end_date.isoformat()}",
            link=handover.path_for("postings.detail", posting_id=c.posting_id),
            since=c.requested_at.date(),
        )
        for c in changes
    ]


def consent_count(user) -> int:
    """``len(consent_todos(user))`` as one COUNT (the bell asks on every page)."""
    if not policy.is_hr(user):
        return 0
    stmt = (
        sa.select(sa.func.count(TermChangeRequest.id))
        .join(Posting, Posting.id == TermChangeRequest.posting_id)
        .where(waiting_for(user.district_id))
    )
    return db.session.scalar(stmt) or 0


todos.add("term_changes", consent_todos, count=consent_count)


def _district_of(posting: Posting, side: str) -> int | None:
    return {
        TermChangeSide.HOME: posting.home_district_id,
        TermChangeSide.HOST: posting.host_district_id,
    }.get(TermChangeSide(side))


def _tell(users, key: str, text, change: TermChangeRequest) -> None:
    handover.tell(users, key, text, ("postings.detail", {"posting_id": change.posting_id}))


def asked(change: TermChangeRequest) -> None:
    """Tell the other side's HR that its consent is asked."""
    posting = change.posting
    _tell(
        handover.hr_of(_district_of(posting, change.other_side or change.side)),
        f"term_change.asked:{change.id}",
        _l(
            "%(district)s asks for a change of %(name)s's posting: %(kind)s, to %(date)s. "
            "Your consent is needed.",
            district=posting.home_district.name
            if change.side == TermChangeSide.HOME
            else posting.host_district.name,
            name=posting.cadre.name,
            kind=TermChangeKind.__labels__[change.kind],
            date=change.new_end_date.isoformat(),
        ),
        change,
    )


_ANSWERS = {
    "agree": lambda **kw: _l("The %(kind)s of %(name)s's posting was agreed.", **kw),
    "decline": lambda **kw: _l("The %(kind)s of %(name)s's posting was declined.", **kw),
    "withdraw": lambda **kw: _l(
        "The request for a %(kind)s of %(name)s's posting was withdrawn.", **kw
    ),
}


def answered(answer: str, change: TermChangeRequest) -> None:
    """Tell both sides' HR (and, once agreed, the official) how a request ended."""
    posting = change.posting
    users = handover.hr_of(posting.home_district_id, posting.host_district_id)
    if answer == "agree":
        users += handover.officials_of(posting)
    _tell(
        users,
        f"term_change.{answer}:{change.id}",
        _ANSWERS[answer](kind=TermChangeKind.__labels__[change.kind], name=posting.cadre.name),
        change,
    )
