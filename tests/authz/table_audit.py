"""The audit trail: admins and HR read it; nobody else. Object-level checks: tests/audit."""

from tests.authz import DENIED, MISSING, OK, Route, logged_in

ROUTES = [
    Route(
        "audit.index",
        "GET",
        lambda w: "/audit",
        logged_in(DENIED, admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK),
    ),
    Route(
        "audit.index",
        "GET",
        lambda w: f"/audit?object_type=posting&object_id={w.p_zx}&district_id={w.lj}",
        logged_in(DENIED, admin=OK, hr_lj=OK, hr_tf=OK, hr_cd=OK),
        note="filtered, another district's filter only narrows HR's own scope",
    ),
    Route(
        "audit.detail",
        "GET",
        lambda w: "/audit/999999999",
        logged_in(DENIED, admin=MISSING, hr_lj=MISSING, hr_tf=MISSING, hr_cd=MISSING),
        note="no such event; other districts' events: tests/audit/test_views.py",
    ),
]
