"""Routes of term changes (延期, 提前结束, 召回): who answers a request.

The row's setup has 两江 (张想's home side) ask to extend his posting; 天府 (the host side)
consents or declines, the admin may decide in its place with a reason, and only 两江
withdraws. Everyone else gets 403 (or 404 for a request that does not exist).
"""

from tests.authz import DENIED, FRESH, MISSING, REDIRECT, Route, logged_in


def asked_by_home(w) -> dict:
    from datetime import date

    from exchange.auth.models import User
    from exchange.extensions import db
    from exchange.postings.models import Posting
    from exchange.postings.term_changes import extend_posting

    posting = db.session.get(Posting, w.p_zx)
    change = extend_posting(
        posting, db.session.get(User, w.user_ids["hr_lj"]), date(2027, 1, 31), "项目需要", None
    )
    return {"tc_zx": change.id}


def answer(path: str, expect: dict, data: dict) -> Route:
    return Route(
        f"postings.{path}_term_change",
        "POST",
        lambda w: f"/postings/{w.p_zx}/term-changes/{w.tc_zx}/{path}",
        expect,
        data=lambda w: data,
        note="张想's extension, asked by 两江",
        extra={"setup": asked_by_home},
    )


ROUTES = [
    answer(
        "agree",
        logged_in(DENIED, admin=REDIRECT, hr_tf=REDIRECT),
        {"agree-version": FRESH, "agree-note": "同意"},
    ),
    answer(
        "decline",
        logged_in(DENIED, admin=REDIRECT, hr_tf=REDIRECT),
        {"refuse-version": FRESH, "refuse-reason": "工作另有安排"},
    ),
    answer("withdraw", logged_in(DENIED, hr_lj=REDIRECT), {"withdraw-version": FRESH}),
    Route(
        "postings.agree_term_change",
        "POST",
        lambda w: f"/postings/{w.p_zx}/term-changes/999999/agree",
        logged_in(MISSING),
        data=lambda w: {},
        note="no such request",
    ),
]
