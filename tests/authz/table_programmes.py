"""Programme routes: everyone but officials reads; HR of a taking-part district edits."""

from tests.authz import DENIED, MISSING, OK, Route, logged_in

BAD = 400


def refused(**allowed) -> dict:
    """403 for every logged-in role except those named."""
    return logged_in(DENIED, **allowed)


PROGRAMME_FORM = {"name": ""}

ROUTES = [
    Route(
        "programmes.index",
        "GET",
        lambda w: "/programmes",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK, leader=OK),
    ),
    Route(
        "programmes.detail",
        "GET",
        lambda w: f"/programmes/{w.programme}",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK, leader=OK),
    ),
    Route(
        "programmes.detail",
        "GET",
        lambda w: "/programmes/999999",
        logged_in(MISSING),
        note="missing",
    ),
    Route(
        "programmes.create",
        "GET",
        lambda w: "/programmes/new",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK),
    ),
    Route(
        "programmes.create",
        "POST",
        lambda w: "/programmes/new",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD, hr_cd=BAD),
        data=lambda w: PROGRAMME_FORM,
        note="an incomplete form is re-shown",
    ),
    Route(
        "programmes.edit",
        "GET",
        lambda w: f"/programmes/{w.programme}/edit",
        refused(admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK),
        note="all three districts take part",
    ),
    Route(
        "programmes.edit",
        "POST",
        lambda w: f"/programmes/{w.programme}/edit",
        refused(admin=BAD, hr_lj=BAD, hr_tf=BAD, hr_cd=BAD),
        data=lambda w: PROGRAMME_FORM,
        note="an incomplete form is re-shown",
    ),
]
