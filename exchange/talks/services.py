"""Recording talks: by HR of either side, dated in the posting and not in the future."""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from exchange import clock, policy
from exchange.audit.services import changes_of, record
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.notifications import handover
from exchange.postings.models import Posting
from exchange.talks.models import Talk, TalkMode, TalkSide

TEXT_MAX = 5000


@dataclass(frozen=True)
class TalkData:
    talk_date: date | None
    mode: str
    participants: str
    topics: str = ""
    issues: str = ""
    follow_up: str = ""
    shared: bool = False
    side: str | None = None  # the administrator chooses; HR speak for their own side


def side_of(actor, posting: Posting, chosen: str | None) -> str | None:
    if policy.is_admin(actor):
        return chosen if TalkSide.coerce(chosen) else None
    if policy.is_hr(actor):
        if actor.district_id == posting.home_district_id:
            return TalkSide.HOME
        if actor.district_id == posting.host_district_id:
            return TalkSide.HOST
    return None


def _form_reasons(data: TalkData) -> list:
    reasons = []
    if TalkMode.coerce(data.mode) is None:
        reasons.append(("mode", "invalid_choice", _l("Choose how the talk was held.")))
    if not (data.participants or "").strip():
        reasons.append(("participants", "required", _l("Say who took part.")))
    for name in ("topics", "issues", "follow_up"):
        if len(getattr(data, name) or "") > TEXT_MAX:
            reasons.append((name, "too_long", _l("At most %(n)d characters.", n=TEXT_MAX)))
    return reasons


def _date_reasons(posting: Posting, day: date | None) -> list:
    if day is None:
        return [("talk_date", "required", _l("Give the date of the talk."))]
    if day > clock.today():
        return [("talk_date", "future_date", _l("A talk is recorded after it took place."))]
    if not posting.start_date <= day <= posting.end_date:
        message = _l(
            "The date is outside the posting, which runs from %(start)s to %(end)s.",
            start=format_date(posting.start_date, "long"),
            end=format_date(posting.end_date, "long"),
        )
        return [("talk_date", "outside_posting", message)]
    return []


def record_talk(posting: Posting, actor, data: TalkData) -> Talk:
    if not policy.can_record_talk(actor, posting):
        raise NotAllowed(_l("Only HR of either side records talks with this official."))
    side = side_of(actor, posting, data.side)
    reasons = _form_reasons(data) + _date_reasons(posting, data.talk_date)
    if side is None:
        reasons.append(("side", "invalid_choice", _l("Choose the side the talk was held for.")))
    if reasons or side is None or data.talk_date is None:
        raise DomainError(reasons)
    talk = Talk(
        posting=posting,
        side=side,
        talk_date=data.talk_date,
        mode=data.mode,
        participants=data.participants.strip()[:300],
        topics=(data.topics or "").strip(),
        issues=(data.issues or "").strip(),
        follow_up=(data.follow_up or "").strip(),
        shared=bool(data.shared),
        recorded_by_id=actor.id,
    )
    db.session.add(talk)
    changes = changes_of(talk)
    for private in ("topics", "issues", "follow_up"):  # the trail says that, not what
        if private in changes:
            changes[private] = [None, "…"]
    db.session.flush()
    record(
        "talk.record",
        talk,
        actor=actor,
        changes=changes,
        summary=f"{posting.cadre} {data.talk_date.isoformat()}",
        districts=(posting.home_district_id, posting.host_district_id),
    )
    handover.notify_official(
        posting,
        f"talk.recorded:{talk.id}",
        _l(
            "A talk with you on %(day)s was recorded (%(mode)s).",
            day=format_date(data.talk_date, "long"),
            mode=TalkMode.__labels__[data.mode],
        ),
        ("talks.detail", {"talk_id": talk.id}),
    )
    return talk
