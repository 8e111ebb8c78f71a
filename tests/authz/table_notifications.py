"""Routes of notifications: everyone signed in reads their own; another's does not exist."""

from tests.authz import MISSING, OK, REDIRECT, Route, logged_in


def dz_notification(w) -> dict:
    from exchange.extensions import db
    from exchange.notifications.models import Notification

    note = Notification(user_id=w.user_ids["dz"], key="test:dz", message="丁曌的提醒", link="/")
    db.session.add(note)
    db.session.flush()
    return {"note_dz": note.id}


ROUTES = [
    Route("notifications.index", "GET", lambda w: "/notifications", logged_in(OK)),
    Route(
        "notifications.mark_read",
        "POST",
        lambda w: "/notifications/999999/read",
        logged_in(MISSING),
        data=lambda w: {},
        note="no such notification",
    ),
    Route(
        "notifications.mark_read",
        "POST",
        lambda w: f"/notifications/{w.note_dz}/read",
        logged_in(MISSING, dz=REDIRECT),
        data=lambda w: {},
        note="丁曌's notification: another user's does not exist for you",
        extra={"setup": dz_notification},
    ),
    Route(
        "notifications.mark_all_read",
        "POST",
        lambda w: "/notifications/read-all",
        logged_in(REDIRECT),
        data=lambda w: {},
    ),
]
