"""Messages (消息): what happened that concerns a user, written by the services.

A service calls ``notify(...)`` in the same transaction as its change, so a change that
rolls back leaves no message, and a committed change always has its messages. The text
is stored in the interface's default language (recipients differ from the actor), and
the link as a path.
"""

from collections.abc import Iterable

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale

from exchange.auth.models import Role, User
from exchange.extensions import db
from exchange.notifications.models import Notification


def path_for(endpoint: str, **values) -> str:
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _text(text) -> str:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(text)


def notify(users: Iterable[User], key: str, text, link: tuple[str, dict] | str = "") -> int:
    """A message to each of ``users`` (active accounts; once per user and key). Flushes."""
    users = [u for u in users if u is not None and u.active]
    if not users:
        return 0
    path = path_for(link[0], **link[1]) if isinstance(link, tuple) else link
    body = _text(text)
    existing = set(
        db.session.scalars(
            sa.select(Notification.user_id).where(
                Notification.key == key, Notification.user_id.in_([u.id for u in users])
            )
        )
    )
    added = 0
    for user in {u.id: u for u in users}.values():
        if user.id in existing:
            continue
        db.session.add(Notification(user_id=user.id, key=key[:120], message=body, link=path))
        added += 1
    db.session.flush()
    return added


def officials_of(posting) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(
                User.role == Role.CADRE, User.cadre_id == posting.cadre_id, User.active.is_(True)
            )
        )
    )


def hr_of(*district_ids) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(
                User.role == Role.HR,
                User.district_id.in_([d for d in district_ids if d is not None]),
                User.active.is_(True),
            )
        )
    )


def leaders() -> list[User]:
    return list(
        db.session.scalars(sa.select(User).where(User.role == Role.LEADER, User.active.is_(True)))
    )


def notify_official(posting, key: str, text, link) -> int:
    return notify(officials_of(posting), key, text, link)


def notify_hr(posting, key: str, text, link, sides=("home", "host")) -> int:
    districts = []
    if "home" in sides:
        districts.append(posting.home_district_id)
    if "host" in sides:
        districts.append(posting.host_district_id)
    return notify(hr_of(*districts), key, text, link)
