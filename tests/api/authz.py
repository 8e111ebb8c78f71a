"""The API's authorization table: every endpoint × every role, as the pages' table
(tests/authz) but with a token per role. ``anon`` sends no token (401).

Roles are the ``world`` fixture's users: ``hr_lj`` HR of 两江 (home side of 张想's
posting ``p_zx``), ``hr_tf`` HR of 天府 (its host side), ``hr_cd`` HR of 成都经开区 (home
side of 丁曌's ``p_dz``, a stranger to 张想's), ``zx`` and ``dz`` the officials. 张想's
posting is active on the test day: transitions it cannot make give 422 (``wrong_status``)
to those who may try; extend and end early succeed for either side (a request the other
side answers) and the admin (applied at once). ``tc_zx`` is an extension of 张想's posting
asked by its home side (``hr_lj``): the host side or the admin answers it, the home side
withdraws it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ROLES = ("admin", "hr_lj", "hr_tf", "hr_cd", "leader", "zx", "dz", "anon")
OK, CREATED, DENIED, MISSING, REFUSED = 200, 201, 403, 404, 422
HR = ("hr_lj", "hr_tf", "hr_cd")


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    url: Callable  # (world) -> str (POST, PATCH: with ``body``)
    expect: dict  # role -> status
    body: Callable | None = None  # (world) -> JSON body
    note: str = ""
    setup: Callable | None = None  # (world) -> {name: id}, in an app context


def everyone(status, **overrides) -> dict:
    """``status`` for every role with a token, 401 without one, except those named."""
    expect = dict.fromkeys(ROLES, status)
    expect["anon"] = 401
    expect.update(overrides)
    return expect


def only(status, *roles, otherwise=DENIED) -> dict:
    return everyone(otherwise, **dict.fromkeys(roles, status))


def _leave(world):
    from exchange.extensions import db
    from exchange.leave.services import LeaveRequest, request_leave
    from exchange.postings.models import Posting
    from tests.api.conftest import user_named

    posting = db.session.get(Posting, world.p_zx)
    data = LeaveRequest("personal", date(2026, 9, 7), date(2026, 9, 8), "家事")
    return {"leave_zx": request_leave(posting, user_named("zhangxiang"), data).id}


def _sheet(world):
    from exchange.attendance.models import AttendanceSheet
    from exchange.db import utcnow
    from exchange.extensions import db

    sheet = AttendanceSheet(
        posting_id=world.p_zx,
        month=date(2026, 8, 1),
        days_on_site=Decimal(21),
        status="submitted",
        submitted_at=utcnow(),
    )
    db.session.add(sheet)
    db.session.flush()
    return {"sheet_zx": sheet.id}


def _term_change(world):
    from exchange.extensions import db
    from exchange.postings.models import Posting
    from exchange.postings.term_changes import extend_posting
    from tests.api.conftest import user_named

    posting = db.session.get(Posting, world.p_zx)
    change = extend_posting(posting, user_named("hr.liangjiang"), date(2027, 3, 31), "延期", None)
    return {"tc_zx": change.id}


def _answer(name, expect, body=None):
    return Row(
        f"api.term_change_{name}",
        "POST",
        lambda w: f"/api/v1/term-changes/{w.tc_zx}/actions/{name}",
        expect,
        body=lambda w: {"version": 1, **(body or {})},
        setup=_term_change,
    )


def _read(endpoint, url, expect, note="", setup=None):
    return Row(endpoint, "GET", url, expect, note=note, setup=setup)


def _action(name, expect, body=None, note=""):
    endpoint = "api.posting_" + name.replace("-", "_")
    return Row(
        endpoint,
        "POST",
        lambda w: f"/api/v1/postings/{w.p_zx}/actions/{name}",
        expect,
        body=lambda w: {"version": 1, "reason": "测试", **(body or {})},
        note=note,
    )


READER = ("admin", *HR, "leader")
SIDES_ZX = ("admin", "hr_lj", "hr_tf")
SEE_ZX = ("admin", "hr_lj", "hr_tf", "leader", "zx")

ROWS = [
    _read("api-docs.openapi_json", lambda w: "/api/v1/openapi.json", everyone(OK, anon=OK)),
    _read("api.districts", lambda w: "/api/v1/districts", everyone(OK)),
    _read("api.district", lambda w: f"/api/v1/districts/{w.lj}", everyone(OK)),
    _read("api.district", lambda w: "/api/v1/districts/999999", everyone(MISSING), "missing"),
    _read("api.departments", lambda w: f"/api/v1/departments?district={w.tf}", everyone(OK)),
    _read("api.department", lambda w: f"/api/v1/departments/{w.tf_hq}", everyone(OK)),
    _read("api.cadres", lambda w: "/api/v1/cadres", only(OK, *READER)),
    _read(
        "api.cadre",
        lambda w: f"/api/v1/cadres/{w.cadre_zx}",
        only(OK, "admin", "hr_lj", "hr_tf", "leader", "zx"),
    ),
    _read("api.cadre", lambda w: "/api/v1/cadres/999999", everyone(MISSING), "missing"),
    _read("api.programmes", lambda w: "/api/v1/programmes", only(OK, *READER)),
    _read("api.programme", lambda w: f"/api/v1/programmes/{w.programme}", only(OK, *READER)),
    _read("api.postings", lambda w: "/api/v1/postings?status=active", everyone(OK)),
    _read("api.posting", lambda w: f"/api/v1/postings/{w.p_zx}", only(OK, *SEE_ZX)),
    _read("api.posting", lambda w: "/api/v1/postings/999999", everyone(MISSING), "missing"),
    _read("api.reports", lambda w: "/api/v1/reports?q=心得", everyone(OK)),
    _read("api.report", lambda w: f"/api/v1/reports/{w.r_zx}", only(OK, *SEE_ZX)),
    _read("api.report", lambda w: f"/api/v1/reports/{w.r_zx_draft}", only(OK, "zx"), "a draft"),
    _read("api.leave_list", lambda w: "/api/v1/leave", everyone(OK, leader=DENIED)),
    _read(
        "api.leave",
        lambda w: f"/api/v1/leave/{w.leave_zx}",
        only(OK, "admin", "hr_lj", "hr_tf", "zx"),
        setup=_leave,
    ),
    _read("api.attendance_list", lambda w: "/api/v1/attendance", only(OK, *READER)),
    _read(
        "api.attendance",
        lambda w: f"/api/v1/attendance/{w.sheet_zx}",
        only(OK, *SEE_ZX),
        setup=_sheet,
    ),
    _read("api.notifications", lambda w: "/api/v1/notifications", everyone(OK)),
    _read("api.roster", lambda w: "/api/v1/roster?status=active", only(OK, *READER)),
    _action("accept", only(REFUSED, "admin", "hr_tf")),
    _action("decline", only(REFUSED, "admin", "hr_tf")),
    _action("start", only(REFUSED, *SIDES_ZX)),
    _action("extend", only(OK, *SIDES_ZX), {"new_end_date": "2027-03-31"}),
    _action("end-early", only(OK, *SIDES_ZX), {"end_date": "2026-08-31", "category": "tasks_done"}),
    _action("cancel", only(REFUSED, "admin", "hr_lj"), note="the home side withdraws"),
    Row(
        "api.posting_start",
        "POST",
        lambda w: "/api/v1/postings/999999/actions/start",
        everyone(MISSING),
        body=lambda w: {"version": 1},
        note="missing",
    ),
    _read(
        "api.term_change",
        lambda w: f"/api/v1/term-changes/{w.tc_zx}",
        only(OK, *SEE_ZX),
        setup=_term_change,
    ),
    _read("api.term_change", lambda w: "/api/v1/term-changes/999999", everyone(MISSING), "missing"),
    _answer("agree", only(OK, "admin", "hr_tf"), {"note": "同意"}),
    _answer("decline", only(OK, "admin", "hr_tf"), {"reason": "工作需要"}),
    _answer("withdraw", only(OK, "hr_lj")),
    Row(
        "api.term_change_agree",
        "POST",
        lambda w: "/api/v1/term-changes/999999/actions/agree",
        everyone(MISSING),
        body=lambda w: {"version": 1},
        note="missing",
    ),
    Row(
        "api.report_submit",
        "POST",
        lambda w: f"/api/v1/reports/{w.r_zx_draft}/actions/submit",
        only(OK, "zx"),
        body=lambda w: {"version": 1},
    ),
    Row(
        "api.report_comment",
        "POST",
        lambda w: f"/api/v1/reports/{w.r_zx}/comments",
        only(CREATED, "admin", "hr_lj", "hr_tf", "leader"),
        body=lambda w: {"version": 1, "body": "阅。"},
    ),
    Row(
        "api.report_comment",
        "POST",
        lambda w: f"/api/v1/reports/{w.r_zx}/comments",
        only(CREATED, "leader"),
        body=lambda w: {"version": 1, "kind": "remark", "body": "很好。"},
        note="批示",
    ),
    Row(
        "api.leave_request",
        "POST",
        lambda w: f"/api/v1/postings/{w.p_zx}/leave",
        only(CREATED, "zx"),
        body=lambda w: {
            "kind": "personal",
            "start_date": "2026-09-07",
            "end_date": "2026-09-08",
            "reason": "家事",
        },
    ),
    Row(
        "api.leave_approve",
        "POST",
        lambda w: f"/api/v1/leave/{w.leave_zx}/actions/approve",
        only(OK, "hr_tf"),
        body=lambda w: {"version": 1},
        setup=_leave,
    ),
    Row(
        "api.leave_decline",
        "POST",
        lambda w: f"/api/v1/leave/{w.leave_zx}/actions/decline",
        only(OK, "hr_tf"),
        body=lambda w: {"version": 1, "reason": "工作繁忙"},
        setup=_leave,
    ),
    Row(
        "api.leave_withdraw",
        "POST",
        lambda w: f"/api/v1/leave/{w.leave_zx}/actions/withdraw",
        only(OK, "zx"),
        body=lambda w: {"version": 1},
        setup=_leave,
    ),
]

REPORT = {"kind": "reflection", "title": "接口填写", "report_date": "2026-07-01", "body": "内容"}
PROPOSAL = {
    "programme_id": None,  # the world's programme, filled in by _proposal
    "home_position": "副处长",
    "host_position": "副主任",
    "start_date": "2027-01-01",
    "planned_end_date": "2027-12-31",
}


def _proposal(w, cadre=None) -> dict:
    """李晓雯 (两江, not yet posted) to 天府's 总部商务区, unless another cadre is named."""
    return {
        **PROPOSAL,
        "cadre_id": cadre or w.cadre_other,
        "programme_id": w.programme,
        "home_department_id": w.lj_science,
        "host_department_id": w.tf_hq,
    }


ROWS += [
    Row(
        "api.report_create",
        "POST",
        lambda w: "/api/v1/reports",
        only(CREATED, "zx"),
        body=lambda w: {"posting_id": w.p_zx, **REPORT},
        note="only the official, on their own posting",
    ),
    Row(
        "api.report_create",
        "POST",
        lambda w: "/api/v1/reports",
        everyone(REFUSED),
        body=lambda w: {"posting_id": 999999, **REPORT},
        note="missing posting",
    ),
    Row(
        "api.report_edit",
        "PATCH",
        lambda w: f"/api/v1/reports/{w.r_zx_draft}",
        only(OK, "zx"),
        body=lambda w: {"version": 1, "title": "改过的草稿"},
        note="a draft: its author",
    ),
    Row(
        "api.report_edit",
        "PATCH",
        lambda w: f"/api/v1/reports/{w.r_zx}",
        everyone(DENIED),
        body=lambda w: {"version": 1, "title": "改"},
        note="submitted: nobody edits it",
    ),
    Row(
        "api.report_edit",
        "PATCH",
        lambda w: "/api/v1/reports/999999",
        everyone(MISSING),
        body=lambda w: {"version": 1, "title": "改"},
        note="missing",
    ),
    Row(
        "api.report_add_version",
        "POST",
        lambda w: f"/api/v1/reports/{w.r_zx}/versions",
        only(CREATED, "zx"),
        body=lambda w: {"version": 1, **REPORT},
    ),
    Row(
        "api.posting_propose",
        "POST",
        lambda w: "/api/v1/postings",
        only(CREATED, "admin", "hr_lj"),
        body=_proposal,
        note="the cadre's home district (or the admin)",
    ),
]
