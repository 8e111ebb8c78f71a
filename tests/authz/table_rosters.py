"""Routes of the roster feature: roster with filters, exports, print view, dashboard.

Leadership and admins see everything, HR officers the postings touching their district
(the pages answer 200 with fewer rows; tests/rosters checks which rows), seconded
officials are refused.
"""

from tests.authz import DENIED, OK, Route, logged_in

ROSTER_ROLES = logged_in(OK, zx=DENIED, dz=DENIED)

ROUTES = [
    Route(
        "rosters.roster",
        "GET",
        lambda w: f"/roster?district={w.lj}&district_role=home&q=zx&sort=cadre&order=desc",
        ROSTER_ROLES,
        note="filtered and sorted",
    ),
    Route(
        "rosters.roster",
        "GET",
        lambda w: "/roster?district=abc&as_of=not-a-date&cursor=%%%&sort=secret",
        logged_in(400, zx=DENIED, dz=DENIED),
        note="bad filter values are dropped with a message (400), never a 500",
    ),
    Route("rosters.export_csv", "GET", lambda w: "/roster/export.csv", ROSTER_ROLES),
    Route(
        "rosters.export_xlsx", "GET", lambda w: f"/roster/export.xlsx?district={w.cd}", ROSTER_ROLES
    ),
    Route("rosters.print_view", "GET", lambda w: "/roster/print?status=active", ROSTER_ROLES),
    Route("rosters.dashboard", "GET", lambda w: "/dashboard", ROSTER_ROLES),
    Route(
        "rosters.dashboard",
        "GET",
        lambda w: f"/dashboard?programme={w.programme}&district={w.tf}",
        ROSTER_ROLES,
        note="timeline of one programme and district",
    ),
    Route("rosters.statistics", "GET", lambda w: "/statistics", ROSTER_ROLES),
    Route(
        "rosters.statistics_print",
        "GET",
        lambda w: f"/statistics/print?programme={w.programme}",
        ROSTER_ROLES,
    ),
    Route(
        "rosters.statistics_xlsx",
        "GET",
        lambda w: f"/statistics.xlsx?programme={w.programme}",
        ROSTER_ROLES,
    ),
]
