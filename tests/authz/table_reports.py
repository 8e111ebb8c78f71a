"""Routes of reports: my reports, editor, submit, versions, comments, remarks, search.
张想 (zx) writes on his posting (两江 home, 天府 host); 成都经开区 HR (hr_cd) and 丁曌 (dz)
are strangers to it. A form carries the version of the record it was opened on: the
world's records are fresh (``FRESH``)."""

from tests.authz import DENIED, FRESH, MISSING, OK, REDIRECT, Route, logged_in

BAD_REQUEST = 400


def report_form(w, **overrides):
    data = {
        "posting_id": w.p_zx,
        "kind": "monthly",
        "title": "七月工作报告",
        "report_date": "2026-07-31",
        "body": "对接企业 12 家。",
        "tags": "工作成效",
        "version": FRESH,
    }
    data.update(overrides)
    return data


def only(role, value, others=DENIED):
    """``value`` for ``role``, ``others`` for every other signed-in role."""
    return logged_in(others, **{role: value})


ROUTES = [
    Route("reports.mine", "GET", lambda w: "/reports/mine", logged_in(DENIED, zx=OK, dz=OK)),
    Route("reports.index", "GET", lambda w: "/reports?q=心得", logged_in(OK)),
    Route("reports.new", "GET", lambda w: "/reports/new", logged_in(DENIED, zx=OK, dz=OK)),
    Route(
        "reports.new",
        "POST",
        lambda w: "/reports/new",
        logged_in(DENIED, zx=REDIRECT, dz=BAD_REQUEST),
        data=report_form,
        note="on 张想's posting: 丁曌 cannot choose it",
    ),
    Route(
        "reports.detail",
        "GET",
        lambda w: "/reports/999999",
        logged_in(MISSING),
        note="no such report",
    ),
    Route(
        "reports.detail",
        "GET",
        lambda w: f"/reports/{w.r_dz}",
        logged_in(OK, hr_tf=DENIED, zx=DENIED),
        note="丁曌's report: 成都 home, 两江 host",
    ),
    Route(
        "reports.edit",
        "GET",
        lambda w: f"/reports/{w.r_zx_draft}/edit",
        only("zx", OK),
        note="a draft: its author only",
    ),
    Route(
        "reports.edit",
        "GET",
        lambda w: f"/reports/{w.r_zx}/edit",
        logged_in(DENIED),
        note="submitted: nobody edits",
    ),
    Route(
        "reports.edit",
        "POST",
        lambda w: f"/reports/{w.r_zx_draft}/edit",
        only("zx", REDIRECT),
        data=report_form,
        note="a draft",
    ),
    Route(
        "reports.edit",
        "POST",
        lambda w: f"/reports/{w.r_zx_draft}/edit",
        only("zx", BAD_REQUEST),
        data=lambda w: report_form(w, report_date="2020-01-02"),
        note="a date outside the posting",
    ),
    Route(
        "reports.submit",
        "GET",
        lambda w: f"/reports/{w.r_zx_draft}/submit",
        only("zx", OK),
        note="confirmation",
    ),
    Route(
        "reports.submit",
        "POST",
        lambda w: f"/reports/{w.r_zx_draft}/submit",
        only("zx", REDIRECT),
        data=lambda w: {"version": FRESH},
    ),
    Route(
        "reports.submit",
        "POST",
        lambda w: f"/reports/{w.r_zx}/submit",
        logged_in(DENIED),
        data=lambda w: {},
        note="already submitted",
    ),
    Route(
        "reports.add_version",
        "GET",
        lambda w: f"/reports/{w.r_zx}/versions/new",
        only("zx", OK),
    ),
    Route(
        "reports.add_version",
        "GET",
        lambda w: f"/reports/{w.r_zx_draft}/versions/new",
        logged_in(DENIED),
        note="drafts are edited, not versioned",
    ),
    Route(
        "reports.add_version",
        "POST",
        lambda w: f"/reports/{w.r_zx}/versions/new",
        only("zx", REDIRECT),
        data=lambda w: report_form(w, kind="reflection", title="补充说明"),
    ),
    Route(
        "reports.comment",
        "POST",
        lambda w: f"/reports/{w.r_zx}/comments",
        logged_in(REDIRECT, hr_cd=DENIED, zx=DENIED, dz=DENIED),
        data=lambda w: {"body": "已阅。", "version": FRESH},
    ),
    Route(
        "reports.comment",
        "POST",
        lambda w: f"/reports/{w.r_zx_draft}/comments",
        logged_in(DENIED),
        data=lambda w: {"body": "已阅。", "version": FRESH},
        note="nobody comments on a draft",
    ),
    Route(
        "reports.comment",
        "POST",
        lambda w: f"/reports/{w.r_zx}/comments",
        logged_in(BAD_REQUEST, hr_cd=DENIED, zx=DENIED, dz=DENIED),
        data=lambda w: {"body": ""},
        note="an empty comment",
    ),
    Route(
        "reports.remark",
        "POST",
        lambda w: f"/reports/{w.r_zx}/remarks",
        only("leader", REDIRECT),
        data=lambda w: {"body": "望把经验带回两江。", "version": FRESH},
    ),
]
