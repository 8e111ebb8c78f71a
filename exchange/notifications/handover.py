"""Hand-overs: the messages (消息) a service writes for the people a change concerns.

A service calls ``tell(...)`` in the same transaction as its change, so a change that
rolls back leaves no message, and a committed change always has its messages. The text
(a lazy string) is stored in the interface's default language, since the recipients are
not the actor, and the link as a path. Who to tell is found by ``officials_of`` and
``hr_of``; a posting is passed in, never imported.
"""

from collections.abc import Iterable

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from exchange.auth.models import Role, User
from exchange.extensions import db
from exchange.notifications import services
from exchange.notifications.reminders import link as path_for


def _text(text) -> str:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(text)


def tell(users: Iterable[User], key: str, text, link: tuple[str, dict] | str = "") -> int:
    """Message each of ``users`` (active accounts) once per ``key`` ("kind:what"). Flushes."""
    users = [u for u in users if u is not None and u.active]
    if not users:
        return 0
    path = path_for(link[0], **link[1]) if isinstance(link, tuple) else link
    kind, _, what = key.partition(":")
    return services.notify(users, kind, _text(text), path, key=what)


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
    return tell(officials_of(posting), key, text, link)


def notify_hr(posting, key: str, text, link, sides=("home", "host")) -> int:
    districts = []
    if "home" in sides:
        districts.append(posting.home_district_id)
    if "host" in sides:
        districts.append(posting.host_district_id)
    return tell(hr_of(*districts), key, text, link)
