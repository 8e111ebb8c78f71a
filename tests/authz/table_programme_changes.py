"""Routes of programme change requests: who answers a member's proposed change.

The row's setup has 两江 propose a change of the 两江·天府·成都 programme; 天府 and 成都
confirm or decline, the admin may decline in their place, and only 两江 withdraws.
Everyone else gets 403 (or 404 for a request that does not exist).
"""

from tests.authz import DENIED, FRESH, MISSING, REDIRECT, Route, logged_in


def proposed_by_liangjiang(w) -> dict:
    from exchange.auth.models import User
    from exchange.extensions import db
    from exchange.programmes import changes
    from exchange.programmes.models import Programme

    programme = db.session.get(Programme, w.programme)
    data = changes.data_of(programme).__dict__ | {"team_leader": "新领队"}
    change = changes.propose_programme_change(
        programme,
        changes.ProgrammeData(**data),
        db.session.get(User, w.user_ids["hr_lj"]),
        None,
        "换领队",
    )
    return {"pc": change.id}


def answer(path: str, expect: dict, data: dict) -> Route:
    return Route(
        f"programmes.{path}_change",
        "POST",
        lambda w: f"/programmes/{w.programme}/changes/{w.pc}/{path}",
        expect,
        data=lambda w: data,
        note="a change proposed by 两江",
        extra={"setup": proposed_by_liangjiang},
    )


ROUTES = [
    answer(
        "confirm",
        logged_in(DENIED, hr_tf=REDIRECT, hr_cd=REDIRECT),
        {"confirm-version": FRESH},
    ),
    answer(
        "decline",
        logged_in(DENIED, admin=REDIRECT, hr_tf=REDIRECT, hr_cd=REDIRECT),
        {"decline-version": FRESH, "decline-reason": "不同意"},
    ),
    answer("withdraw", logged_in(DENIED, hr_lj=REDIRECT), {"withdraw-version": FRESH}),
    Route(
        "programmes.confirm_change",
        "POST",
        lambda w: f"/programmes/{w.programme}/changes/999999/confirm",
        logged_in(MISSING),
        data=lambda w: {},
        note="no such request",
    ),
]
