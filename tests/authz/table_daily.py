"""Routes of daily management: holidays, leave, attendance, talks and the inbox.

The setup gives 张想's posting (两江 home = hr_lj, 天府 host = hr_tf) a leave waiting for
the host side, an approved leave to report back from, a draft and a submitted attendance
sheet, and a private talk by the home side; hr_cd and 丁曌 (dz) are strangers to it.
"""

from datetime import date

from tests.authz import DENIED, LOGIN, MISSING, OK, REDIRECT, Route, everyone, logged_in

BAD_REQUEST = 400
CONFLICT = 409


def setup(w):
    import sqlalchemy as sa

    from exchange.attendance.services import SheetData, create_sheet
    from exchange.auth.models import User
    from exchange.extensions import db
    from exchange.leave.services import LeaveRequest, decide_leave, request_leave
    from exchange.postings.models import Posting
    from exchange.talks.services import TalkData, record_talk
    from exchange.workdays.services import DayRange, set_days

    def u(key):
        return db.session.scalar(sa.select(User).where(User.id == w.user_ids[key]))

    posting = db.session.get(Posting, w.p_zx)
    pending = request_leave(
        posting, u("zx"), LeaveRequest("personal", date(2026, 9, 7), date(2026, 9, 8), "家事。")
    )
    approved = request_leave(
        posting, u("zx"), LeaveRequest("sick", date(2026, 8, 10), date(2026, 8, 11), "就医。")
    )
    decide_leave(approved, u("hr_tf"), True, "", approved.version)
    draft = create_sheet(posting, u("hr_tf"), SheetData(date(2026, 7, 1), 20, 0, 0, 0))
    submitted = create_sheet(posting, u("hr_tf"), SheetData(date(2026, 6, 1), 21, 0, 0, 0), True)
    talk = record_talk(posting, u("hr_lj"), TalkData(date(2026, 8, 20), "phone", "干部科、张想"))
    day = set_days(DayRange(date(2027, 1, 1), None, "holiday", "元旦"), u("admin"))[0]
    db.session.flush()
    return {
        "leave_pending": pending.id,
        "leave_pending_version": pending.version,
        "leave_approved": approved.id,
        "leave_approved_version": approved.version,
        "sheet_draft": draft.id,
        "sheet_draft_version": draft.version,
        "sheet_submitted": submitted.id,
        "talk": talk.id,
        "calendar_day": day.id,
    }


SETUP = {"setup": setup}
DAILY = {"setup": setup}


def only(*roles, value=OK, others=DENIED):
    return logged_in(others, **dict.fromkeys(roles, value))


def sheet_form(w, **overrides):
    data = {
        "month": "2026-08",
        "days_on_site": "21",
        "days_on_leave": "0",
        "days_travel": "0",
        "days_absent": "0",
        "note": "",
        "submit_sheet": "1",
    }
    data.update(overrides)
    return data


def leave_form(w, **overrides):
    data = {
        "kind": "personal",
        "start_date": "2026-09-21",
        "end_date": "2026-09-22",
        "reason": "家事。",
    }
    data.update(overrides)
    return data


def talk_form(w, **overrides):
    data = {"talk_date": "2026-08-25", "mode": "in_person", "participants": "干部科、张想"}
    data.update(overrides)
    return data


HR_BOTH = ("admin", "hr_lj", "hr_tf")

ROUTES = [
    # The holiday table
    Route(
        "workdays.index",
        "GET",
        lambda w: "/holidays?year=2026",
        only("admin", "hr_lj", "hr_tf", "hr_cd"),
    ),
    Route(
        "workdays.add",
        "POST",
        lambda w: "/holidays",
        only("admin", value=REDIRECT),
        data=lambda w: {"first": "2027-02-06", "kind": "holiday", "name": "春节"},
    ),
    Route(
        "workdays.add",
        "POST",
        lambda w: "/holidays",
        only("admin", value=BAD_REQUEST),
        data=lambda w: {
            "first": "2027-02-06",
            "last": "2027-02-01",
            "kind": "holiday",
            "name": "春节",
        },
        note="the last day before the first",
    ),
    Route(
        "workdays.remove",
        "POST",
        lambda w: f"/holidays/{w.calendar_day}/remove",
        only("admin", value=REDIRECT),
        data=lambda w: {},
        extra=SETUP,
    ),
    # Leave
    Route("leave.index", "GET", lambda w: "/leave", logged_in(OK, leader=DENIED)),
    Route("leave.new", "GET", lambda w: f"/postings/{w.p_zx}/leave/new", only("zx")),
    Route(
        "leave.new",
        "POST",
        lambda w: f"/postings/{w.p_zx}/leave/new",
        only("zx", value=REDIRECT),
        data=leave_form,
    ),
    Route(
        "leave.new",
        "POST",
        lambda w: f"/postings/{w.p_zx}/leave/new",
        only("zx", value=BAD_REQUEST),
        data=lambda w: leave_form(w, start_date="2026-05-20"),
        note="outside the posting",
    ),
    Route(
        "leave.detail", "GET", lambda w: "/leave/999999", logged_in(MISSING), note="no such leave"
    ),
    Route(
        "leave.detail",
        "GET",
        lambda w: f"/leave/{w.leave_pending}",
        only("admin", "hr_lj", "hr_tf", "zx"),
        extra=DAILY,
    ),
    Route(
        "leave.print_form",
        "GET",
        lambda w: f"/leave/{w.leave_approved}/print",
        only("admin", "hr_lj", "hr_tf", "zx"),
        extra=DAILY,
    ),
    Route(
        "documents.leave",
        "GET",
        lambda w: f"/leave/{w.leave_approved}/document.docx",
        only("admin", "hr_lj", "hr_tf", "zx"),
        extra=DAILY,
    ),
    Route(
        "leave.approve",
        "POST",
        lambda w: f"/leave/{w.leave_pending}/approve",
        only("hr_tf", value=REDIRECT),
        data=lambda w: {"decision-version": w.leave_pending_version},
        note="the host's step: nobody else's",
        extra=DAILY,
    ),
    Route(
        "leave.approve",
        "POST",
        lambda w: f"/leave/{w.leave_pending}/approve",
        only("hr_tf", value=CONFLICT),
        data=lambda w: {"decision-version": w.leave_pending_version - 1},
        note="a stale version: someone decided first",
        extra=DAILY,
    ),
    Route(
        "leave.decline",
        "POST",
        lambda w: f"/leave/{w.leave_pending}/decline",
        only("hr_tf", value=REDIRECT),
        data=lambda w: {"decision-version": w.leave_pending_version, "decision-reason": "冲突。"},
        extra=DAILY,
    ),
    Route(
        "leave.decline",
        "POST",
        lambda w: f"/leave/{w.leave_pending}/decline",
        only("hr_tf", value=BAD_REQUEST),
        data=lambda w: {"decision-version": w.leave_pending_version},
        note="declined without a reason",
        extra=DAILY,
    ),
    Route(
        "leave.withdraw",
        "POST",
        lambda w: f"/leave/{w.leave_pending}/withdraw",
        only("zx", value=REDIRECT),
        data=lambda w: {"withdraw-version": w.leave_pending_version},
        extra=DAILY,
    ),
    Route(
        "leave.report_back",
        "POST",
        lambda w: f"/leave/{w.leave_approved}/report-back",
        only("zx", value=REDIRECT),
        data=lambda w: {
            "back-version": w.leave_approved_version,
            "back-returned_date": "2026-08-12",
        },
        extra=DAILY,
    ),
    Route(
        "leave.report_back",
        "POST",
        lambda w: f"/leave/{w.leave_approved}/report-back",
        only("zx", value=BAD_REQUEST),
        data=lambda w: {
            "back-version": w.leave_approved_version,
            "back-returned_date": "2026-08-01",
        },
        note="a return before the leave",
        extra=DAILY,
    ),
    # Attendance
    Route("attendance.index", "GET", lambda w: "/attendance", logged_in(OK, zx=DENIED, dz=DENIED)),
    Route(
        "attendance.new",
        "GET",
        lambda w: f"/postings/{w.p_zx}/attendance/new?month=2026-08",
        only("admin", "hr_tf"),
    ),
    Route(
        "attendance.new",
        "POST",
        lambda w: f"/postings/{w.p_zx}/attendance/new",
        only("admin", "hr_tf", value=REDIRECT),
        data=sheet_form,
    ),
    Route(
        "attendance.new",
        "POST",
        lambda w: f"/postings/{w.p_zx}/attendance/new",
        only("admin", "hr_tf", value=BAD_REQUEST),
        data=lambda w: sheet_form(w, days_on_site="30", days_travel="3"),
        note="days that exceed the month",
    ),
    Route(
        "attendance.detail",
        "GET",
        lambda w: f"/attendance/{w.sheet_draft}",
        only("admin", "hr_tf"),
        note="a draft: the host side only",
        extra=DAILY,
    ),
    Route(
        "attendance.detail",
        "GET",
        lambda w: f"/attendance/{w.sheet_submitted}",
        logged_in(OK, hr_cd=DENIED, dz=DENIED),
        note="submitted: both sides, leaders, the official",
        extra=DAILY,
    ),
    Route(
        "attendance.edit",
        "GET",
        lambda w: f"/attendance/{w.sheet_draft}/edit",
        only("admin", "hr_tf"),
        extra=DAILY,
    ),
    Route(
        "attendance.edit",
        "POST",
        lambda w: f"/attendance/{w.sheet_draft}/edit",
        only("admin", "hr_tf", value=REDIRECT),
        data=lambda w: sheet_form(w, month="2026-07", version=w.sheet_draft_version),
        extra=DAILY,
    ),
    Route(
        "attendance.edit",
        "POST",
        lambda w: f"/attendance/{w.sheet_submitted}/edit",
        logged_in(DENIED),
        data=lambda w: sheet_form(w, month="2026-06", version=1),
        note="a submitted sheet is final",
        extra=DAILY,
    ),
    # Talks
    Route("talks.index", "GET", lambda w: "/talks", only("admin", "hr_lj", "hr_tf", "hr_cd")),
    Route("talks.new", "GET", lambda w: f"/postings/{w.p_zx}/talks/new", only(*HR_BOTH)),
    Route(
        "talks.new",
        "POST",
        lambda w: f"/postings/{w.p_zx}/talks/new",
        only("hr_lj", "hr_tf", value=REDIRECT, **{}) | {"admin": BAD_REQUEST},
        data=talk_form,
        note="the administrator must name the side",
    ),
    Route(
        "talks.new",
        "POST",
        lambda w: f"/postings/{w.p_zx}/talks/new",
        only(*HR_BOTH, value=BAD_REQUEST),
        data=lambda w: talk_form(w, talk_date="2026-09-15"),
        note="a talk in the future",
    ),
    Route(
        "talks.detail",
        "GET",
        lambda w: f"/talks/{w.talk}",
        only("admin", "hr_lj", "hr_tf", "zx"),
        extra=DAILY,
    ),
]

assert everyone and LOGIN  # imported for the table's vocabulary

ROUTES += [
    Route("leave.tiers", "GET", lambda w: f"/programmes/{w.programme}/leave-tiers", only("admin")),
    Route(
        "leave.tiers",
        "POST",
        lambda w: f"/programmes/{w.programme}/leave-tiers",
        only("admin", value=REDIRECT),
        data=lambda w: {
            "tier1_days": "3",
            "tier1_first": "host",
            "tier1_source": "通知",
            "tier2_first": "host",
            "tier2_second": "home",
            "tier2_source": "通知",
        },
    ),  # fmt: skip
    Route(
        "leave.tiers",
        "POST",
        lambda w: f"/programmes/{w.programme}/leave-tiers",
        only("admin", value=BAD_REQUEST),
        data=lambda w: {"tier1_days": "3", "tier1_first": "host", "tier1_source": "通知"},
        note="the last tier has a limit",
    ),
    Route(
        "attendance.rule",
        "GET",
        lambda w: f"/programmes/{w.programme}/attendance-rule",
        only("admin"),
    ),
    Route(
        "attendance.rule",
        "POST",
        lambda w: f"/programmes/{w.programme}/attendance-rule",
        only("admin", value=REDIRECT),
        data=lambda w: {
            "due_day": "5",
            "due_source": "通知",
            "min_presence_percent": "90",
            "presence_source": "规定",
        },
    ),  # fmt: skip
    Route(
        "talks.cadence", "GET", lambda w: f"/programmes/{w.programme}/talk-cadence", only("admin")
    ),
    Route(
        "talks.cadence",
        "POST",
        lambda w: f"/programmes/{w.programme}/talk-cadence",
        only("admin", value=REDIRECT),
        data=lambda w: {"home_every": "3", "home_source": "每季度", "host_every": ""},
    ),
]
