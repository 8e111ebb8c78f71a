"""Delivery of the inbox outside the app: one e-mail digest per user per run, and a signed
JSON POST per item to the user's district webhook (provincial messaging platforms).

Run by ``flask inbox deliver`` (cron, e.g. every 15 minutes). The in-app inbox is the
record; delivery only copies it out, after the change committed, so a failed delivery
never blocks a change: it is simply retried by the next run. Each item a user got on a
channel is written to ``inbox_delivery`` (unique per user, channel and item), so no item
goes out twice. Mail goes through ``exchange.mail`` (Flask-Mailman), links are absolute
from BASE_URL. HTTP uses the standard library's ``urllib``: one POST with a timeout is
all it takes, and an intranet deployment then needs no extra package.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from exchange import mail
from exchange.auth.models import Role, User
from exchange.db import utcnow
from exchange.extensions import db
from exchange.notifications.models import Channel, Delivery, DistrictWebhook, Notification
from exchange.web.todos import todos_for

WEBHOOK_TIMEOUT = 10
SIGNATURE_HEADER = "X-Exchange-Signature"
TIMESTAMP_HEADER = "X-Exchange-Timestamp"


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    text: str
    link: str  # absolute
    notification_id: int | None = None


@dataclass
class Result:
    emailed: int = 0  # digests sent
    posted: int = 0  # webhook items delivered
    errors: list[str] = field(default_factory=list)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``timestamp.body``: what the platform checks."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _absolute(path: str) -> str:
    return mail.absolute_url(path) if path else ""


def _delivered(user_id: int, channel: str) -> set[str]:
    return set(
        db.session.scalars(
            sa.select(Delivery.item_key).where(
                Delivery.user_id == user_id, Delivery.channel == channel
            )
        )
    )


def items_for(user: User, channel: str) -> list[Item]:
    """What ``user`` has not yet received on ``channel``: to-dos, then unread messages."""
    done = _delivered(user.id, channel)
    items = [
        Item(f"todo:{t.key}", str(t.kind), t.title, _absolute(t.link))
        for t in todos_for(user)
        if f"todo:{t.key}" not in done
    ]
    unread = [Notification.user_id == user.id, Notification.read_at.is_(None)]
    if channel == Channel.EMAIL:  # ``flask remind`` may have mailed it already
        unread.append(Notification.emailed_at.is_(None))
    for note in db.session.scalars(
        sa.select(Notification).where(*unread).order_by(Notification.id)
    ):
        key = f"message:{note.id}"
        if key not in done:
            items.append(Item(key, _("Message"), note.message, _absolute(note.link), note.id))
    return items


def _mark(user: User, channel: str, items: list[Item]) -> None:
    now = utcnow()
    for item in items:
        db.session.add(Delivery(user_id=user.id, channel=channel, item_key=item.key[:160]))
        if channel == Channel.EMAIL and item.notification_id:
            db.session.execute(
                sa.update(Notification)
                .where(Notification.id == item.notification_id)
                .values(emailed_at=now)
            )
    db.session.flush()


def digest(user: User, items: list[Item]) -> mail.Letter:
    """One e-mail with every new item; Flask-Mailman adds the Date and Message-ID headers."""
    lines = [_("Hello %(name)s,", name=user.display_name or user.username), ""]
    for item in items:
        lines += [f"[{item.title}] {item.text}", f"  {item.link}", ""]
    lines.append(_("Open your inbox: %(url)s", url=_absolute("/notifications")))
    return mail.Letter(
        to=user.email or "",
        subject=_("Cadre Exchange: %(n)d new items for you", n=len(items)),
        body="\n".join(lines),
    )


def send_digests(users: list[User], result: Result) -> None:
    """One digest per user with something new, over one connection; commits what went."""
    if not mail.enabled():
        return
    batch = [(u, items) for u in users if u.email and (items := items_for(u, Channel.EMAIL))]
    letters = [digest(user, items) for user, items in batch]
    for (user, items), (letter, error) in zip(batch, mail.send_each(letters), strict=True):
        if error is not None:
            result.errors.append(f"{letter.to}: {error}")
            continue
        _mark(user, Channel.EMAIL, items)
        result.emailed += 1
    db.session.commit()


def _district_of(user: User) -> int | None:
    if user.role == Role.CADRE and user.cadre is not None:
        return user.cadre.home_department.district_id
    return user.district_id


def post(hook: DistrictWebhook, user: User, item: Item) -> None:
    """POST one item; raises ``OSError`` (urllib's errors are) unless answered 2xx."""
    body = json.dumps(
        {
            "recipient": {"username": user.username, "name": user.display_name},
            "title": item.title,
            "text": item.text,
            "link": item.link,
            "id": item.key,
        },
        ensure_ascii=False,
    ).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(hook.secret, timestamp, body),
        },
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"{hook.url} answered {response.status}")


def post_webhooks(users: list[User], result: Result) -> None:
    hooks = {
        h.district_id: h
        for h in db.session.scalars(sa.select(DistrictWebhook).where(DistrictWebhook.active))
    }
    failed: set[int] = set()
    for user in users:
        district_id = _district_of(user)
        hook = hooks.get(district_id) if district_id is not None else None
        if hook is None or district_id is None or district_id in failed:
            continue
        for item in items_for(user, Channel.WEBHOOK):
            try:
                post(hook, user, item)
            except (OSError, ValueError) as error:
                failed.add(district_id)  # the platform is down: try again next run
                hook.last_error = f"{utcnow().isoformat()} {error}"[:500]
                db.session.commit()
                result.errors.append(f"{urlsplit(hook.url).netloc}: {error}")
                break
            _mark(user, Channel.WEBHOOK, [item])
            db.session.commit()
            result.posted += 1


def run() -> Result:
    """Deliver what is new, in the interface's default language; commits per recipient."""
    result = Result()
    users = list(db.session.scalars(sa.select(User).where(User.active.is_(True)).order_by(User.id)))
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_digests(users, result)
        post_webhooks(users, result)
    return result
