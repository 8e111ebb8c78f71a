"""What talks add to the posting page, HR's home page and the inbox's 待办."""

from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.dates import day_text
from exchange.notifications.handover import path_for
from exchange.talks.cadence import LATE, periods_for
from exchange.talks.queries import (
    oldest_outstanding,
    outstanding,
    outstanding_count,
    talks_of,
)
from exchange.web import sections, todos


def posting_talks(user, posting):
    if not (policy.is_admin(user) or policy.is_hr(user) or policy.is_cadre(user)):
        return None
    if not policy.can_view_posting(user, posting) or policy.is_leader(user):
        return None
    talks = [t for t in talks_of(posting) if policy.can_view_talk(user, t)]
    return {
        "posting": posting,
        "talks": talks,
        "periods": periods_for([posting])[posting.id],
        "notes": lambda talk: policy.can_read_talk_notes(user, talk),
        "can_record": policy.can_record_talk(user, posting),
    }


HOME_SHOWN = 20  # the oldest talks due on the home page; the talks page lists more


def talks_due(user):
    items = oldest_outstanding(user, HOME_SHOWN)[:HOME_SHOWN]
    return {"items": items, "total": outstanding_count(user)} if items else None


sections.add("posting", "talks/_posting.html", posting_talks, order=47)
# HR hold the talks; the administrator has the talks page, not a region-wide list.
sections.add_home("hr", "talks/_home_due.html", talks_due, order=7)


def talk_todos(user, oldest: int | None = None) -> list[todos.Todo]:
    """The talks ``user`` has to hold (``oldest``: at least the oldest so many, as
    ``todos.add`` says)."""
    if not policy.is_hr(user):
        return []
    periods = outstanding(user) if oldest is None else oldest_outstanding(user, oldest)
    return [
        todos.Todo(
            key=f"talk:{p.posting.id}:{p.side}:{p.first.isoformat()}",
            kind=_l("Talk due") if p.state != LATE else _l("Talk overdue"),
            title=f"{p.posting.cadre_name} · {day_text(p.first)} – {day_text(p.last)}",
            link=path_for("talks.new", posting_id=p.posting.id),
            since=p.first,
            due=p.last,
        )
        for p in periods
    ]


def talk_todo_count(user) -> int:
    return outstanding_count(user) if policy.is_hr(user) else 0


todos.add("talks", talk_todos, count=talk_todo_count, oldest=True)


def programme_cadence(user, programme):
    """Section of the programme page: how often each side must talk with its officials."""
    import sqlalchemy as sa

    from exchange.extensions import db
    from exchange.talks.models import TalkRule

    rules = db.session.scalars(
        sa.select(TalkRule).where(TalkRule.programme_id == programme.id).order_by(TalkRule.side)
    ).all()
    return {"rules": rules}


sections.add("programme", "talks/_programme.html", programme_cadence, order=62)
