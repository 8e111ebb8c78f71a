"""Cadre routes: HR of the home district edits, the official edits only contact details."""

from tests.authz import DENIED, MISSING, OK, REDIRECT, Route, logged_in

BAD = 400


def refused(**allowed) -> dict:
    """403 for every logged-in role except those named."""
    return logged_in(DENIED, **allowed)


ROUTES = [
    Route(
        "cadres.index",
        "GET",
        lambda w: "/cadres",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK, leader=OK),
    ),
    Route(
        "cadres.create",
        "GET",
        lambda w: "/cadres/new",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK),
    ),
    Route(
        "cadres.create",
        "POST",
        lambda w: "/cadres/new",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD, hr_cd=BAD),
        data=lambda w: {"name": ""},
        note="an incomplete form is re-shown",
    ),
    Route(
        "cadres.detail",
        "GET",
        lambda w: f"/cadres/{w.cadre_zx}",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, leader=OK, zx=OK),
        note="张想: home 两江, seconded to 天府",
    ),
    Route("cadres.detail", "GET", lambda w: "/cadres/999999", logged_in(MISSING), note="missing"),
    Route(
        "cadres.edit",
        "GET",
        lambda w: f"/cadres/{w.cadre_zx}/edit",
        refused(admin=OK, hr_lj=OK, zx=OK),
        note="HR of the home district, or the official's own contact details",
    ),
    Route(
        "cadres.edit",
        "POST",
        lambda w: f"/cadres/{w.cadre_zx}/edit",
        refused(admin=BAD, hr_lj=BAD, zx=REDIRECT),
        data=lambda w: {"phone": "023-6788 0000", "email": "zx@example.cn"},
        note="contact only: enough for the official, too little for HR's full form",
    ),
]
