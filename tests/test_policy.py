"""The policy, row by row from the who-may-do-what table of docs/DOMAIN.md.

Every row is checked for every kind of user the table distinguishes, on 张想's posting
(home 两江新区, host 四川天府新区): an administrator, HR of the home district, HR of the
host district, HR of an unrelated district (成都经开区), the official himself, another
official (丁曌), leadership, a disabled account and an anonymous visitor. The SQL scopes
are then checked against their predicates on the same rows: for every role, a scope
selects exactly the records the predicate allows, so a list never disagrees with a page.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from exchange import policy
from exchange.appraisals.models import Appraisal
from exchange.attachments.models import Attachment
from exchange.audit.models import AuditEvent
from exchange.audit.services import record
from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.db import utcnow
from exchange.extensions import db
from exchange.imports.models import ImportRun
from exchange.org.models import Department, District
from exchange.postings.models import REPORTABLE_STATUSES, Posting, PostingStatus
from exchange.programmes.models import Programme
from exchange.reports.models import ReflectionLog
from tests import factories as f

DOMAIN = Path(__file__).resolve().parents[1] / "docs" / "DOMAIN.md"

ROLES = (
    "admin",
    "hr_home",
    "hr_host",
    "hr_other",
    "official",
    "other_official",
    "leader",
    "inactive",
    "anonymous",
)
HR = ("hr_home", "hr_host", "hr_other")
ROLE_USERS = {
    "admin": "admin",
    "hr_home": "hr.liangjiang",
    "hr_host": "hr.tianfu",
    "hr_other": "hr.cdedz",
    "official": "zhangxiang",
    "other_official": "dingzhao",
    "leader": "leader",
    "inactive": "disabled.admin",
}


@pytest.fixture
def scene(ctx, world):
    """The world, a disabled administrator, and records in every state the scopes tell apart."""
    get = db.session.get
    lj, tf, cd = get(District, world.lj), get(District, world.tf), get(District, world.cd)
    programme = get(Programme, world.programme)
    tf_hq, cd_auto = get(Department, world.tf_hq), get(Department, world.cd_auto)
    lj_science = get(Department, world.lj_science)
    f.create_user("disabled.admin", "admin", active=False)
    users = {role: _user(username) for role, username in ROLE_USERS.items()}
    users["anonymous"] = AnonymousUserMixin()
    # A cadre of each district without a posting, and postings in states lists tell apart.
    wang = f.create_cadre("王五", tf_hq, "处长")
    f.create_cadre("赵六", cd_auto, "科长")
    other = get(Cadre, world.cadre_other)
    postings = [
        f.create_posting(wang, cd_auto, programme, status="proposed"),
        f.create_posting(other, cd_auto, programme, status="declined"),
        f.create_posting(other, tf_hq, programme, status="completed"),
    ]
    dz_draft = f.create_report(get(Posting, world.p_dz), users["other_official"], status="draft")
    appraisals = [
        Appraisal(posting=get(Posting, world.p_zx), kind="annual", year=2026),
        _locked(Appraisal(posting=get(Posting, world.p_zx), kind="end_of_term"), users),
        _locked(Appraisal(posting=get(Posting, world.p_dz), kind="annual", year=2026), users),
        _locked(Appraisal(posting=postings[2], kind="end_of_term"), users),
    ]
    for appraisal in appraisals:
        appraisal.proposed_grade = "competent"
        db.session.add(appraisal)
    for districts in ((lj.id,), (lj.id, tf.id), (tf.id,), (cd.id, lj.id), (cd.id,), ()):
        record("test.event", actor=users["admin"], districts=districts)
    runs = [
        ImportRun(
            kind="cadres", filename="a.csv", sha256="0" * 64, size=1, created_by_id=users[r].id
        )
        for r in ("hr_home", "hr_host", "hr_other", "admin")
    ]
    db.session.add_all(runs)
    targets = [
        {"posting_id": world.p_zx},
        {"posting_id": world.p_dz},
        {"programme_id": world.programme},
        {"report_id": world.r_zx},
        {"report_id": world.r_zx_draft},
        {"report_id": dz_draft.id},
    ]
    for n, target in enumerate(targets):
        db.session.add(
            Attachment(
                kind="other",
                title=f"附件{n}",
                filename=f"{n}.pdf",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
                storage_key=f"attachments/test{n}",
                **target,
            )
        )
    db.session.flush()
    return SimpleNamespace(
        users=users,
        posting=get(Posting, world.p_zx),
        cadre=get(Cadre, world.cadre_zx),
        report=get(ReflectionLog, world.r_zx),
        draft=get(ReflectionLog, world.r_zx_draft),
        dz_draft=dz_draft,
        programme=programme,
        lj_department=lj_science,
        tf_department=tf_hq,
        extra_postings=postings,
        appraisal_open=appraisals[0],
        appraisal_locked=appraisals[1],
        import_run=runs[0],
    )


def _term_change(s, side, status="pending"):
    """A request of ``side`` on 张想's posting (kept out of the session)."""
    from sqlalchemy.orm.attributes import set_committed_value

    from exchange.postings.models import TermChangeRequest

    change = TermChangeRequest(kind="extension", side=side, status=status)
    set_committed_value(change, "posting", s.posting)
    return change


def _programme_change(s, proposer, confirmed=(), status="pending"):
    """A change of the 两江·天府·成都 programme proposed by ``proposer`` (a district key of
    the world: lj, tf, cd), confirmed by ``confirmed`` (kept out of the session)."""
    from sqlalchemy.orm.attributes import set_committed_value

    from exchange.programmes.models import ProgrammeChangeRequest

    ids = {d.name: d.id for d in s.programme.districts}
    by_key = {"lj": ids["两江新区"], "tf": ids["四川天府新区"], "cd": ids["成都经开区"]}
    change = ProgrammeChangeRequest(
        status=status,
        proposer_district_id=by_key[proposer],
        party_ids=sorted(by_key.values()),
        confirmations={str(by_key[k]): {"name": "x"} for k in confirmed},
    )
    set_committed_value(change, "programme", s.programme)
    return change


def _accepted(posting):
    posting.status = PostingStatus.ACCEPTED
    return posting


def _locked(appraisal, users):
    """Signed by both sides (the CHECK wants the final grade and the home signature)."""
    appraisal.status = "locked"
    appraisal.final_grade = "competent"
    appraisal.home_signed_by = users["admin"]
    appraisal.home_signed_at = datetime(2026, 8, 31, tzinfo=UTC)
    return appraisal


def _user(username):
    return db.session.scalar(sa.select(User).where(User.username == username))


# The table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    action: str  # the row of DOMAIN.md's table
    question: str  # what is asked, for the failure message
    ask: object  # (policy, user, scene) -> bool
    allowed: frozenset


def row(action, question, ask, *allowed):
    return Row(action, question, ask, frozenset(allowed))


_draft_edit = SimpleNamespace(object_type="reflection_log", action="report.update")
_posting_change = SimpleNamespace(object_type="posting", action="posting.extend")

ROWS = [
    row(
        "districts, departments, accounts",
        "manage the organisation",
        lambda p, u, s: p.can_manage_org(u),
        "admin",
    ),
    row(
        "create / edit a cadre",
        "register a cadre at all",
        lambda p, u, s: p.can_create_cadre(u),
        "admin",
        *HR,
    ),
    row(
        "create / edit a cadre",
        "register a cadre in a 两江 department",
        lambda p, u, s: p.can_create_cadre(u, s.lj_department),
        "admin",
        "hr_home",
    ),
    row(
        "create / edit a cadre",
        "edit 张想 (home 两江)",
        lambda p, u, s: p.can_edit_cadre(u, s.cadre),
        "admin",
        "hr_home",
    ),
    row(
        "create / edit a cadre",
        "edit 张想's own contact details",
        lambda p, u, s: p.can_edit_own_contact(u, s.cadre),
        "official",
    ),
    row(
        "see a cadre (list and page alike)",
        "see 张想's page",
        lambda p, u, s: p.can_view_cadre(u, s.cadre),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "see a cadre (list and page alike)",
        "list cadres",
        lambda p, u, s: p.can_list_cadres(u),
        "admin",
        *HR,
        "leader",
    ),
    row(
        "propose a posting",
        "propose a posting of 张想",
        lambda p, u, s: p.can_propose_posting(u, s.cadre),
        "admin",
        "hr_home",
    ),
    row(
        "accept a posting",
        "accept or decline 张想's posting",
        lambda p, u, s: p.can_accept_posting(u, s.posting),
        "admin",
        "hr_host",
    ),
    row(
        "request extension / early end",
        "start 张想's posting",
        lambda p, u, s: p.can_change_posting(u, s.posting),
        "admin",
        "hr_home",
        "hr_host",
    ),
    row(
        "request extension / early end",
        "ask to extend, end early or recall 张想's posting (the admin: directly)",
        lambda p, u, s: p.can_request_term_change(u, s.posting),
        "admin",
        "hr_home",
        "hr_host",
    ),
    row(
        "request extension / early end",
        "withdraw the home side's request",
        lambda p, u, s: p.can_withdraw_term_change(u, _term_change(s, "home")),
        "hr_home",
    ),
    row(
        "consent to it",
        "agree to or decline the home side's request",
        lambda p, u, s: p.can_consent_term_change(u, _term_change(s, "home")),
        "admin",
        "hr_host",
    ),
    row(
        "consent to it",
        "agree to or decline the host side's request",
        lambda p, u, s: p.can_consent_term_change(u, _term_change(s, "host")),
        "admin",
        "hr_home",
    ),
    row(
        "consent to it",
        "answer a request already agreed",
        lambda p, u, s: p.can_consent_term_change(u, _term_change(s, "host", "agreed")),
    ),
    row(
        "see a posting",
        "see 张想's term changes",
        lambda p, u, s: p.can_view_term_changes(u, s.posting),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "cancel before the start",
        "cancel 张想's posting once accepted",
        lambda p, u, s: p.can_cancel_posting(u, _accepted(s.posting)),
        "admin",
        "hr_home",
    ),
    row(
        "see a posting",
        "see 张想's posting",
        lambda p, u, s: p.can_view_posting(u, s.posting),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "see a posting",
        "open the postings page (each sees its posting_scope)",
        lambda p, u, s: p.can_list_postings(u),
        "admin",
        *HR,
        "official",
        "other_official",
        "leader",
    ),
    row(
        "see a posting",
        "have 挂职 in the top bar (a cadre has 我的挂职 instead)",
        lambda p, u, s: p.lists_others_postings(u),
        "admin",
        *HR,
        "leader",
    ),
    row(
        "annual / end-of-term appraisal",
        "write the host part of 张想's appraisals and propose the grade",
        lambda p, u, s: p.can_write_host_appraisal(u, s.posting),
        "admin",
        "hr_host",
    ),
    row(
        "annual / end-of-term appraisal",
        "add the home opinion and confirm the grade of 张想's appraisals",
        lambda p, u, s: p.can_write_home_appraisal(u, s.posting),
        "admin",
        "hr_home",
    ),
    row(
        "annual / end-of-term appraisal",
        "read 张想's appraisal waiting for the home side",
        lambda p, u, s: p.can_view_appraisal(u, s.appraisal_open),
        "admin",
        "hr_home",
        "hr_host",
        "leader",
    ),
    row(
        "annual / end-of-term appraisal",
        "read 张想's appraisal signed by both sides",
        lambda p, u, s: p.can_view_appraisal(u, s.appraisal_locked),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "statistics, documents (审批表, 鉴定表, 汇编)",
        "download 张想's 审批表 and 鉴定表",
        lambda p, u, s: p.can_download_posting_documents(u, s.posting),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "statistics, documents (审批表, 鉴定表, 汇编)",
        "download the 汇编 of the 两江·天府·成都 programme (HR: their reports)",
        lambda p, u, s: p.can_download_compilation(u, s.programme),
        "admin",
        *HR,
        "leader",
    ),
    row(
        "create / edit a cadre",
        "patch 张想's 任免审批表 file (.lrmx)",
        lambda p, u, s: p.can_patch_lrmx(u, s.cadre),
        "admin",
        "hr_home",
    ),
    row(
        "write / submit a report",
        "write a report on 张想's running posting",
        lambda p, u, s: p.can_write_report(u, s.posting),
        "official",
    ),
    row(
        "write / submit a report",
        "edit or submit 张想's draft",
        lambda p, u, s: p.can_edit_report(u, s.draft),
        "official",
    ),
    row(
        "write / submit a report",
        "add a version to 张想's submitted report",
        lambda p, u, s: p.can_add_version(u, s.report),
        "official",
    ),
    row(
        "see a report",
        "read 张想's submitted report",
        lambda p, u, s: p.can_view_report(u, s.report),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "see a report",
        "search the reports (each sees its report_scope)",
        lambda p, u, s: p.can_search_reports(u),
        "admin",
        *HR,
        "official",
        "other_official",
        "leader",
    ),
    row(
        "see a report",
        "have 报告 in the top bar (a cadre has 我的报告 instead)",
        lambda p, u, s: p.lists_others_reports(u),
        "admin",
        *HR,
        "leader",
    ),
    row(
        "see a report",
        "read 张想's draft",
        lambda p, u, s: p.can_view_report(u, s.draft),
        "official",
    ),
    row(
        "comment / remark",
        "comment on 张想's submitted report",
        lambda p, u, s: p.can_comment_report(u, s.report),
        "admin",
        "hr_home",
        "hr_host",
        "leader",
    ),
    row(
        "comment / remark",
        "comment on 张想's draft",
        lambda p, u, s: p.can_comment_report(u, s.draft),
    ),
    row(
        "comment / remark",
        "remark (批示) on 张想's submitted report",
        lambda p, u, s: p.can_remark_report(u, s.report),
        "leader",
    ),
    row(
        "see an audit event",
        "open the audit trail",
        lambda p, u, s: p.can_view_audit(u),
        "admin",
        *HR,
    ),
    row(
        "see an audit event",
        "read in the trail what 张想 wrote in a draft",
        lambda p, u, s: (
            p.can_view_audit(u) and p.audit_hidden_fields(u, _draft_edit, s.draft) is not p.HIDE_ALL
        ),
    ),
    row(
        "see an audit event",
        "read in the trail the changes of 张想's posting",
        lambda p, u, s: (
            p.can_view_audit(u)
            and p.audit_hidden_fields(u, _posting_change, s.posting) is not p.HIDE_ALL
        ),
        "admin",
        "hr_home",
        "hr_host",
    ),
    row(
        "aggregates (reciprocity ledger, dashboard counts)",
        "the figures of the 两江新区 → 天府新区 pair",
        lambda p, u, s: p.can_view_district_pair(
            u, s.posting.home_district_id, s.posting.host_district_id
        ),
        "admin",
        "hr_home",
        "hr_host",
        "leader",
    ),
    row(
        "roster, dashboard, export",
        "read the roster and dashboard",
        lambda p, u, s: p.can_view_roster(u),
        "admin",
        *HR,
        "leader",
    ),
    row(
        "draft / change a programme",
        "draft a programme",
        lambda p, u, s: p.can_manage_programme(u),
        "admin",
        *HR,
    ),
    row(
        "draft / change a programme",
        "change the 两江·天府·成都 programme",
        lambda p, u, s: p.can_manage_programme(u, s.programme),
        "admin",
        *HR,
    ),
    row(
        "draft / change a programme",
        "propose a change of the 两江·天府·成都 programme",
        lambda p, u, s: p.can_propose_programme_change(u, s.programme),
        *HR,
    ),
    row(
        "draft / change a programme",
        "apply a change of the programme directly (with a reason)",
        lambda p, u, s: p.can_apply_programme_change_directly(u, s.programme),
        "admin",
    ),
    row(
        "a programme change request (confirm, decline, withdraw)",
        "confirm 两江's change that 天府 has confirmed already",
        lambda p, u, s: p.can_confirm_programme_change(u, _programme_change(s, "lj", ["tf"])),
        "hr_other",
    ),
    row(
        "a programme change request (confirm, decline, withdraw)",
        "decline 两江's change",
        lambda p, u, s: p.can_decline_programme_change(u, _programme_change(s, "lj")),
        "admin",
        "hr_host",
        "hr_other",
    ),
    row(
        "a programme change request (confirm, decline, withdraw)",
        "withdraw 两江's change",
        lambda p, u, s: p.can_withdraw_programme_change(u, _programme_change(s, "lj")),
        "hr_home",
    ),
    row(
        "a programme change request (confirm, decline, withdraw)",
        "answer a change already applied",
        lambda p, u, s: p.can_confirm_programme_change(
            u, _programme_change(s, "lj", status="applied")
        ),
    ),
    row(
        "a programme change request (confirm, decline, withdraw)",
        "see the programme's change requests",
        lambda p, u, s: p.can_view_programme_changes(u, s.programme),
        "admin",
        *HR,
        "leader",
    ),
    row(
        "draft / change a programme",
        "read programmes",
        lambda p, u, s: p.can_view_programmes(u),
        "admin",
        *HR,
        "leader",
    ),
    row(
        "attachments",
        "read 张想's posting's documents",
        lambda p, u, s: p.can_view_attachments(u, "posting", s.posting),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "attachments",
        "add a document to 张想's posting",
        lambda p, u, s: p.can_add_attachment(u, "posting", s.posting),
        "admin",
        "hr_home",
        "hr_host",
    ),
    row(
        "attachments",
        "read the programme's documents",
        lambda p, u, s: p.can_view_attachments(u, "programme", s.programme),
        "admin",
        *HR,
        "leader",
    ),
    row(
        "attachments",
        "add a document to the programme",
        lambda p, u, s: p.can_add_attachment(u, "programme", s.programme),
        "admin",
        *HR,
    ),
    row(
        "attachments",
        "read 张想's submitted report's documents",
        lambda p, u, s: p.can_view_attachments(u, "report", s.report),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "attachments",
        "read 张想's draft's documents",
        lambda p, u, s: p.can_view_attachments(u, "report", s.draft),
        "official",
    ),
    row(
        "attachments",
        "add a photo to 张想's report",
        lambda p, u, s: p.can_add_attachment(u, "report", s.report),
        "official",
    ),
    row(
        "import cadres and postings from spreadsheets",
        "import",
        lambda p, u, s: p.can_import(u),
        "admin",
        *HR,
    ),
    row(
        "see, confirm or discard an import run",
        "see 两江's import run",
        lambda p, u, s: p.can_view_import(u, s.import_run),
        "admin",
        "hr_home",
    ),
    row(
        "import annual appraisal results (年度考核)",
        "record 张想's annual result of a year without a posting",
        lambda p, u, s: p.can_record_annual_result(u, s.cadre),
        "admin",
        "hr_home",
    ),
    row(
        "import annual appraisal results (年度考核)",
        "record 张想's annual result of a year of his posting",
        lambda p, u, s: p.can_record_annual_result(u, s.cadre, s.posting),
        "admin",
        "hr_home",
    ),
    row(
        "record a posting of a past round (arrives completed)",
        "record a past posting of 张想",
        lambda p, u, s: p.can_record_historic_posting(u, s.cadre),
        "admin",
        "hr_home",
    ),
    row(
        "delete an unanswered proposal (with a reason)",
        "delete 王五's proposal (天府 → 成都)",
        lambda p, u, s: p.can_delete_proposal(u, s.extra_postings[0]),
        "admin",
        "hr_host",
    ),
    row(
        "delete an unanswered proposal (with a reason)",
        "delete 张想's posting, in post",
        lambda p, u, s: p.can_delete_proposal(u, s.posting),
    ),
]

# Daily management's records, made on first use straight in the tables (the scene has none;
# the services would ask the policy, and one test disables every account first) -------------


def _leave(s, key: str, decisions: tuple[str, ...], status: str = "pending"):
    """A leave on 张想's posting whose chain host → home → 组织部 has ``decisions`` so far."""
    from datetime import date, timedelta

    from exchange.leave.models import Leave, LeaveApproval

    cache = s.__dict__.setdefault("leaves", {})
    if key not in cache:
        start = date(2026, 11, 2) + timedelta(weeks=2 * len(cache))
        leave = Leave(
            posting=s.posting,
            kind="personal",
            start_date=start,
            end_date=start + timedelta(days=11),
            reason="x",
            status=status,
        )
        for step, side in enumerate(("host", "home", "coordinator"), 1):
            decided = step <= len(decisions)
            leave.approvals.append(
                LeaveApproval(
                    step=step,
                    side=side,
                    decision=decisions[step - 1] if decided else "pending",
                    decided_at=utcnow() if decided else None,
                )
            )
        db.session.add(leave)
        db.session.flush()
        cache[key] = leave
    return cache[key]


def _leave_waiting_at(s, step: int):
    return _leave(s, f"step{step}", ("approved",) * (step - 1))


def _approved_leave(s):
    return _leave(s, "approved", ("approved",) * 3, status="approved")


def _sheet(s, submitted: bool):
    from datetime import date

    from exchange.attendance.models import AttendanceSheet

    key = f"sheet_{submitted}"
    if key not in s.__dict__:
        sheet = AttendanceSheet(
            posting=s.posting,
            month=date(2026, 6 + submitted, 1),
            days_on_site=20,
            days_on_leave=0,
            days_travel=0,
            days_absent=0,
            status="submitted" if submitted else "draft",
            submitted_at=utcnow() if submitted else None,
        )
        db.session.add(sheet)
        db.session.flush()
        setattr(s, key, sheet)
    return getattr(s, key)


def _talk(s, shared: bool):
    from datetime import date

    from exchange.talks.models import Talk

    key = f"talk_{shared}"
    if key not in s.__dict__:
        talk = Talk(
            posting=s.posting,
            side="home",
            talk_date=date(2026, 8, 1),
            mode="phone",
            participants="x",
            shared=shared,
        )
        db.session.add(talk)
        db.session.flush()
        setattr(s, key, talk)
    return getattr(s, key)


DAILY_ROWS = [
    row(
        "request leave, report back (销假)",
        "ask for leave on the posting",
        lambda p, u, s: p.can_request_leave(u, s.posting),
        "official",
    ),
    row(
        "request leave, report back (销假)",
        "report back from an approved leave",
        lambda p, u, s: p.can_report_back(u, _approved_leave(s)),
        "official",
    ),
    row(
        "request leave, report back (销假)",
        "withdraw a leave still waiting",
        lambda p, u, s: p.can_withdraw_leave(u, _leave_waiting_at(s, 1)),
        "official",
    ),
    row(
        "see a leave and its 请销假审批单",
        "see a leave",
        lambda p, u, s: p.can_view_leave(u, _leave_waiting_at(s, 1)),
        "admin",
        "hr_home",
        "hr_host",
        "official",
    ),
    row(
        "approve leave",
        "decide the host's step",
        lambda p, u, s: p.can_decide_leave(u, _leave_waiting_at(s, 1)),
        "hr_host",
    ),
    row(
        "approve leave",
        "decide the home side's step",
        lambda p, u, s: p.can_decide_leave(u, _leave_waiting_at(s, 2)),
        "hr_home",
    ),
    row(
        "approve leave",
        "decide the coordinating 组织部's step",
        lambda p, u, s: p.can_decide_leave(u, _leave_waiting_at(s, 3)),
        "admin",
    ),
    row(
        "attendance sheet",
        "write the posting's sheets",
        lambda p, u, s: p.can_write_attendance(u, s.posting),
        "admin",
        "hr_host",
    ),
    row(
        "attendance sheet",
        "read a submitted sheet",
        lambda p, u, s: p.can_view_attendance(u, _sheet(s, True)),
        "admin",
        "hr_home",
        "hr_host",
        "official",
        "leader",
    ),
    row(
        "attendance sheet",
        "read a draft sheet",
        lambda p, u, s: p.can_view_attendance(u, _sheet(s, False)),
        "admin",
        "hr_host",
    ),
    row(
        "talks (谈心谈话)",
        "record a talk",
        lambda p, u, s: p.can_record_talk(u, s.posting),
        "admin",
        "hr_home",
        "hr_host",
    ),
    row(
        "talks (谈心谈话)",
        "see that a talk took place",
        lambda p, u, s: p.can_view_talk(u, _talk(s, False)),
        "admin",
        "hr_home",
        "hr_host",
        "official",
    ),
    row(
        "talks (谈心谈话)",
        "read a talk's notes",
        lambda p, u, s: p.can_read_talk_notes(u, _talk(s, False)),
        "admin",
        "hr_home",
        "hr_host",
    ),
    row(
        "talks (谈心谈话)",
        "read a shared talk's notes",
        lambda p, u, s: p.can_read_talk_notes(u, _talk(s, True)),
        "admin",
        "hr_home",
        "hr_host",
        "official",
    ),
    row(
        "holiday table (节假日)",
        "read the holiday table",
        lambda p, u, s: p.can_view_calendar(u),
        "admin",
        *HR,
    ),
    row(
        "holiday table (节假日)",
        "extend the holiday table",
        lambda p, u, s: p.can_manage_calendar(u),
        "admin",
    ),
    row(
        "a programme's leave tiers, attendance rule, talk cadence",
        "set a programme's daily rules",
        lambda p, u, s: p.can_manage_daily_rules(u, s.programme),
        "admin",
    ),
    row(
        "district webhooks",
        "set a district's webhook",
        lambda p, u, s: p.can_manage_webhooks(u),
        "admin",
    ),
]
ROWS += DAILY_ROWS

ACTIVE = ("admin", *HR, "official", "other_official", "leader")
API_ROWS = [
    row(
        "API tokens",
        "create, list and revoke one's own API tokens",
        lambda p, u, s: p.can_manage_own_tokens(u),
        *ACTIVE,
    ),
    row(
        "API tokens",
        "create a token for the official",
        lambda p, u, s: p.can_create_token_for(u, s.users["official"]),
        "admin",
        "official",
    ),
    row(
        "API tokens",
        "revoke the official's token",
        lambda p, u, s: p.can_revoke_token(u, SimpleNamespace(user_id=s.users["official"].id)),
        "admin",
        "official",
    ),
    row(
        "district and department names (lists, the API)",
        "read the districts and departments",
        lambda p, u, s: p.can_read_org_names(u),
        *ACTIVE,
    ),
]
ROWS += API_ROWS


# Rows of the table whose features are not built yet (the issues filed with the structure
# work add them, with their predicates and rows here).
NOT_BUILT = {
    "attachments",
    "request leave, report back (销假)",
    "approve leave",
    "attendance sheet",
    "talks (谈心谈话)",
    "statistics, documents (审批表, 鉴定表, 汇编)",
}


# Rows where the code answers differently from the table: each has its own strict xfail
# test below, so the row is stated as the table says and fails loudly once the code agrees.
DIVERGES: set[str] = set()


def domain_actions() -> list[str]:
    """The first column of the who-may-do-what table in docs/DOMAIN.md."""
    text = DOMAIN.read_text(encoding="utf-8")
    table = text.split("## Who may do what", 1)[1]
    actions = []
    for line in table.splitlines()[1:]:
        if not line.startswith("|"):
            if actions:
                break
            continue
        cell = line.strip("|").split("|")[0].strip()
        if cell and cell != "action" and not re.fullmatch(r"-+", cell):
            actions.append(cell)
    return actions


def test_every_row_of_the_table_is_checked_or_not_built_yet():
    actions = domain_actions()
    assert len(actions) > 15, "the table was not found in docs/DOMAIN.md"
    checked = {r.action for r in ROWS} | DIVERGES
    assert set(actions) == checked | NOT_BUILT, {
        "unchecked": set(actions) - checked - NOT_BUILT,
        "not in the table": (checked | NOT_BUILT) - set(actions),
    }


@pytest.mark.parametrize("entry", ROWS, ids=lambda r: r.question)
def test_the_table_row_by_row(scene, entry):
    answers = {role: bool(entry.ask(policy, scene.users[role], scene)) for role in ROLES}
    expected = {role: role in entry.allowed for role in ROLES}
    wrong = {role: answers[role] for role in ROLES if answers[role] != expected[role]}
    assert not wrong, f"{entry.action} / {entry.question}: wrong answers {wrong}"


def test_cancel_before_the_start_is_the_home_sides(scene):
    """DOMAIN.md: the proposing (home) side cancels before the start, alone; afterwards an
    end needs both sides (a term change: the transition table refuses a cancel)."""
    scene.posting.status = PostingStatus.ACCEPTED
    answers = {role: policy.can_cancel_posting(scene.users[role], scene.posting) for role in ROLES}
    assert {role for role, yes in answers.items() if yes} == {"admin", "hr_home"}


def test_nobody_disabled_or_anonymous_may_do_anything(scene):
    disabled = {}
    for role, username in ROLE_USERS.items():
        user = _user(username)
        user.active = False
        disabled[role] = user
    for who in (*disabled.values(), AnonymousUserMixin(), None):
        answers = {r.question: r.ask(policy, who, scene) for r in ROWS}
        assert not any(answers.values()), (who, answers)


@pytest.mark.parametrize("status", list(PostingStatus))
def test_reports_are_written_while_the_posting_takes_them(scene, status):
    scene.posting.status = status
    takes_reports = status in {"accepted", "active", "completed", "ended_early"}
    assert takes_reports is (status in REPORTABLE_STATUSES)
    assert policy.can_write_report(scene.users["official"], scene.posting) is takes_reports
    assert policy.can_add_version(scene.users["official"], scene.report) is takes_reports
    assert not policy.can_write_report(scene.users["other_official"], scene.posting)


def test_the_command_line_manages_accounts_and_nothing_else(scene):
    cli = policy.COMMAND_LINE
    assert policy.can_manage_org(cli)
    others = [r.question for r in ROWS if r.ask(policy, cli, scene)]
    assert others == ["manage the organisation", "create a token for the official"]


# The SQL scopes agree with their predicates ---------------------------------------------


def _ids(stmt) -> set[int]:
    return set(db.session.scalars(stmt))


SCOPES = {
    "posting_scope": (
        lambda u: sa.select(Posting.id).where(policy.posting_scope(u)),
        Posting,
        policy.can_view_posting,
    ),
    "cadre_scope": (
        lambda u: sa.select(Cadre.id).where(policy.cadre_scope(u)),
        Cadre,
        policy.can_view_cadre,
    ),
    "report_scope": (
        lambda u: (
            sa.select(ReflectionLog.id).join(ReflectionLog.posting).where(policy.report_scope(u))
        ),
        ReflectionLog,
        policy.can_view_report,
    ),
    "appraisal_scope": (
        lambda u: sa.select(Appraisal.id).join(Appraisal.posting).where(policy.appraisal_scope(u)),
        Appraisal,
        policy.can_view_appraisal,
    ),
    "lrmx_cadre_scope": (
        lambda u: sa.select(Cadre.id).join(Cadre.home_department).where(policy.lrmx_cadre_scope(u)),
        Cadre,
        policy.can_patch_lrmx,
    ),
    "audit_scope": (
        lambda u: sa.select(AuditEvent.id).where(policy.audit_scope(u)),
        AuditEvent,
        policy.can_view_audit_event,
    ),
    "import_scope": (
        lambda u: sa.select(ImportRun.id).where(policy.import_scope(u)),
        ImportRun,
        policy.can_view_import,
    ),
    "attachment_scope": (
        lambda u: sa.select(Attachment.id).where(policy.attachment_scope(u)),
        Attachment,
        policy.can_view_attachment,
    ),
}


@pytest.mark.parametrize("name", SCOPES)
def test_each_scope_selects_what_its_predicate_allows(scene, name):
    select_for, model, predicate = SCOPES[name]
    everything = db.session.scalars(sa.select(model)).all()
    assert len(everything) >= 4
    for role in ROLES:
        user = scene.users[role]
        allowed = {obj.id for obj in everything if predicate(user, obj)}
        assert _ids(select_for(user)) == allowed, (name, role)


def test_the_scopes_tell_the_districts_apart(scene, world):
    """Not every role sees everything or nothing: the agreement above is not trivial."""
    select_posting, _, _ = SCOPES["posting_scope"]
    select_cadre, _, _ = SCOPES["cadre_scope"]
    hr_host = scene.users["hr_host"]
    assert _ids(select_posting(hr_host)) == {
        world.p_zx,
        scene.extra_postings[0].id,
        scene.extra_postings[2].id,
    }

    def names(role):
        scope = policy.cadre_scope(scene.users[role])
        return set(db.session.scalars(sa.select(Cadre.name).where(scope)))

    # Its own 王五, 张想 seconded in, 李晓雯 whose finished posting it hosted; not 丁曌, 赵六.
    assert names("hr_host") == {"王五", "张想", "李晓雯"}
    # Its own 张想 and 李晓雯, and 丁曌 seconded in from 成都.
    assert names("hr_home") == {"张想", "李晓雯", "丁曌"}
    # Its own 丁曌 and 赵六; 王五 proposed to it; 李晓雯 whose posting to it was declined.
    assert names("hr_other") == {"丁曌", "赵六", "王五", "李晓雯"}
    assert len(names("leader")) == len(names("admin")) == 5
    assert _ids(select_cadre(scene.users["official"])) == {world.cadre_zx}
    assert names("inactive") == names("anonymous") == set()


def test_the_cadre_list_and_the_cadre_pages_agree_for_every_role(app, scene, world):
    """The /cadres list shows exactly the cadres whose page opens, for each role that lists."""
    db.session.commit()
    cadres = db.session.execute(sa.select(Cadre.id, Cadre.name)).all()
    for role in ("admin", *HR, "leader"):
        client = app.test_client()
        client.post("/login", data={"username": ROLE_USERS[role], "password": f.PASSWORD})
        listed = client.get("/cadres").get_data(as_text=True)
        for cadre_id, name in cadres:
            page = client.get(f"/cadres/{cadre_id}").status_code
            assert (f'/cadres/{cadre_id}"' in listed) == (page == 200), (role, name, page)
