"""What postings put in the inbox: proposals waiting for the host side (待办), and a
message to the people concerned when a posting is accepted, declined, starts or ends."""

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from exchange import policy
from exchange.extensions import db
from exchange.notifications import handover
from exchange.postings.models import Posting, PostingStatus
from exchange.web import todos


def _proposals(user):
    """Proposals to the officer's district, waiting for its answer."""
    return sa.select(Posting).where(
        Posting.status == PostingStatus.PROPOSED,
        Posting.host_district_id == user.district_id,
    )


def proposal_todos(user) -> list[todos.Todo]:
    if not policy.is_hr(user):
        return []
    postings = db.session.scalars(
        _proposals(user).options(joinedload(Posting.cadre)).order_by(Posting.created_at)
    ).all()
    return [
        todos.Todo(
            key=f"posting:{p.id}:accept",
            kind=_l("Proposal to accept"),
            title=f"{p.cadre.name} · {p.host_position}",
            link=handover.path_for("postings.detail", posting_id=p.id),
            since=p.created_at.date(),
            due=p.start_date,
        )
        for p in postings
    ]


def proposal_count(user) -> int:
    """``len(proposal_todos(user))`` as one COUNT (the bell asks on every page)."""
    if not policy.is_hr(user):
        return 0
    return db.session.scalar(_proposals(user).with_only_columns(sa.func.count(Posting.id))) or 0


todos.add("postings", proposal_todos, count=proposal_count)

# action → (the message, who is told: the official, the home side's HR, the host side's HR)
_MESSAGES = {
    "accept": (
        lambda **kw: _l("%(name)s's posting to %(host)s was accepted.", **kw),
        ("official", "home"),
    ),
    "decline": (
        lambda **kw: _l("%(name)s's posting to %(host)s was declined.", **kw),
        ("home",),
    ),
    "start": (
        lambda **kw: _l("%(name)s's posting at %(host)s started on %(day)s.", **kw),
        ("official", "home", "host"),
    ),
    "complete": (
        lambda **kw: _l("%(name)s's posting at %(host)s ended on %(day)s.", **kw),
        ("official", "home", "host"),
    ),
    "end_early": (
        lambda **kw: _l("%(name)s's posting at %(host)s ended early, on %(day)s.", **kw),
        ("official", "home", "host"),
    ),
}


def handed_over(action: str, posting: Posting) -> None:
    """Tell the people concerned by ``action`` on ``posting`` (the services call this)."""
    if action not in _MESSAGES:
        return
    text, who = _MESSAGES[action]
    day = posting.start_date if action == "start" else posting.actual_end_date
    users = handover.officials_of(posting) if "official" in who else []
    sides = {"home": posting.home_district_id, "host": posting.host_district_id}
    users += handover.hr_of(*(district for side, district in sides.items() if side in who))
    handover.tell(
        users,
        f"posting.{action}:{posting.id}",
        text(
            name=posting.cadre.name,
            host=posting.host_department.name,
            day=format_date(day or posting.start_date, "long"),
        ),
        ("postings.detail", {"posting_id": posting.id}),
    )
