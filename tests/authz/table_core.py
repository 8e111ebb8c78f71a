"""Routes of the foundation: home, login, language, postings and reports detail, roster."""

from tests.authz import DENIED, OK, REDIRECT, Route, everyone, logged_in

ROUTES = [
    Route("home.index", "GET", lambda w: "/", logged_in(OK)),
    Route("auth.login", "GET", lambda w: "/login", everyone(REDIRECT, anon=OK)),
    Route(
        "auth.login",
        "POST",
        lambda w: "/login",
        everyone(REDIRECT, anon=401),
        data=lambda w: {"username": "nobody", "password": "wrong-password"},
    ),
    Route("auth.logout", "POST", lambda w: "/logout", logged_in(REDIRECT)),
    Route("auth.password", "GET", lambda w: "/account/password", logged_in(OK)),
    Route(
        "auth.password",
        "POST",
        lambda w: "/account/password",
        logged_in(400),
        data=lambda w: {"current_password": "wrong", "new_password": "x", "confirm": "y"},
        note="a refused change re-shows the form",
    ),
    Route("auth.language", "POST", lambda w: "/language/en", everyone(REDIRECT)),
    Route(
        "postings.detail",
        "GET",
        lambda w: f"/postings/{w.p_zx}",
        logged_in(OK, hr_cd=DENIED, dz=DENIED),
        note="张想's posting: 两江 home, 天府 host",
    ),
    Route(
        "reports.detail",
        "GET",
        lambda w: f"/reports/{w.r_zx}",
        logged_in(OK, hr_cd=DENIED, dz=DENIED),
        note="张想's submitted report",
    ),
    Route(
        "reports.detail",
        "GET",
        lambda w: f"/reports/{w.r_zx_draft}",
        logged_in(DENIED, zx=OK),
        note="a draft is its author's alone",
    ),
    Route("rosters.roster", "GET", lambda w: "/roster", logged_in(OK, zx=DENIED, dz=DENIED)),
]
