"""Routes of postings, cadres and programmes: who gets what.

张想's posting ``p_zx`` (两江 → 天府) is active on the test day, so transitions that
need another state re-show the page with 400 for those allowed to try, and 403 for
everyone else; extend and end early succeed (302) for either side (a request the other
side answers) and the admin (directly); only the proposing (home) side cancels.
"""

from tests.authz import DENIED, MISSING, OK, REDIRECT, Route, logged_in

BAD = 400
SIDES = {"admin": REDIRECT, "hr_lj": REDIRECT, "hr_tf": REDIRECT}
HOST = dict(admin=BAD, hr_tf=BAD)


def refused(**allowed) -> dict:
    """403 for every logged-in role except those named."""
    return logged_in(DENIED, **allowed)


def posting_action(endpoint, path, expect, data=None, note=""):
    return Route(
        endpoint,
        "POST",
        lambda w: f"/postings/{w.p_zx}/{path}",
        expect,
        data=data or (lambda w: {}),
        note=note,
    )


ROUTES = [
    Route("postings.index", "GET", lambda w: "/postings", logged_in(OK)),
    Route(
        "postings.index",
        "GET",
        lambda w: "/postings?status=proposed",
        logged_in(OK),
        note="filtered",
    ),
    Route(
        "postings.propose",
        "GET",
        lambda w: f"/cadres/{w.cadre_zx}/propose",
        refused(admin=OK, hr_lj=OK),
        note="张想 belongs to 两江",
    ),
    Route(
        "postings.propose",
        "GET",
        lambda w: "/cadres/999999/propose",
        logged_in(MISSING),
        note="no such cadre",
    ),
    Route(
        "postings.propose",
        "POST",
        lambda w: f"/cadres/{w.cadre_zx}/propose",
        refused(admin=BAD, hr_lj=BAD),
        data=lambda w: {"host_position": ""},
        note="an incomplete form is re-shown",
    ),
    posting_action("postings.accept", "accept", refused(**HOST), note="already active"),
    posting_action(
        "postings.decline",
        "decline",
        refused(**HOST),
        data=lambda w: {"decline-reason": "名额已满"},
        note="already active",
    ),
    posting_action(
        "postings.start", "start", refused(admin=BAD, hr_lj=BAD, hr_tf=BAD), note="already active"
    ),
    posting_action(
        "postings.cancel",
        "cancel",
        refused(admin=BAD, hr_lj=BAD),
        data=lambda w: {"cancel-reason": "工作调整"},
        note="already active",
    ),
    posting_action(
        "postings.extend",
        "extend",
        refused(**SIDES),
        data=lambda w: {"extend-new_end_date": "2027-01-31", "extend-reason": "项目需要"},
    ),
    posting_action(
        "postings.end_early",
        "end-early",
        refused(**SIDES),
        data=lambda w: {
            "end-kind": "early_end",
            "end-end_date": "2026-08-31",
            "end-category": "home_need",
            "end-reason": "工作需要",
        },
    ),
    Route(
        "postings.accept",
        "POST",
        lambda w: "/postings/999999/accept",
        logged_in(MISSING),
        data=lambda w: {},
        note="no such posting",
    ),
]
