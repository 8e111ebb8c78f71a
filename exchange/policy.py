"""Who may do what: one named predicate per question, deny by default.

Views, templates (to hide buttons), services, the CLI and the API all ask these
functions; nothing else decides access. The table they follow is the who-may-do-what
table of docs/DOMAIN.md, and tests/test_policy.py checks it row by row.

A predicate answers the whole question, including the state of the record it depends
on (``can_write_report`` knows which postings take reports), so no caller adds a
condition of its own. A list has a SQL twin (``posting_scope``, ``cadre_scope``,
``report_scope``, ``audit_scope``): a WHERE clause selecting exactly the rows the
predicate allows, so a list never shows what a page refuses, or hides what it shows.
"""

import sqlalchemy as sa
from flask import abort
from werkzeug.local import LocalProxy

from exchange.auth.models import Role
from exchange.db import written
from exchange.extensions import db


def _is(user, role: Role) -> bool:
    if isinstance(user, LocalProxy):
        # ``current_user``: each attribute read through the proxy looks the user up again
        # (a role test took 6.1 µs through it, 0.8 µs on the user; lists ask thousands).
        user = user._get_current_object()
    return bool(user is not None and user.is_authenticated and user.is_active and user.role == role)


def is_admin(user) -> bool:
    return _is(user, Role.ADMIN)


def is_hr(user) -> bool:
    return _is(user, Role.HR)


def is_cadre(user) -> bool:
    return _is(user, Role.CADRE)


def is_leader(user) -> bool:
    return _is(user, Role.LEADER)


def _hr_of(user, *district_ids) -> bool:
    return is_hr(user) and user.district_id in district_ids


def _touches(user, posting) -> bool:
    return _hr_of(user, posting.home_district_id, posting.host_district_id)


def _owns_posting(user, posting) -> bool:
    return is_cadre(user) and posting.cadre_id == user.cadre_id


class CommandLine:
    """The operator at the command line (``flask users create``): anyone with the server's
    shell and database already holds every power, so the account service lets them act.
    No request can become this actor."""

    id = None
    username = ""
    role = None
    district_id = None
    cadre_id = None
    is_authenticated = False
    is_active = False

    def __repr__(self) -> str:
        return "<command line>"


COMMAND_LINE = CommandLine()


def require(allowed: bool) -> None:
    """Abort with 403 unless ``allowed`` (the 403 handler writes the audit event)."""
    if not allowed:
        abort(403)


# Organisation: districts, departments, accounts --------------------------------------


def can_manage_org(user) -> bool:
    """Districts, departments and accounts: administrators (and the command line's operator)."""
    return is_admin(user) or user is COMMAND_LINE


def can_view_audit(user) -> bool:
    return is_admin(user) or is_hr(user)


def can_view_audit_event(user, event) -> bool:
    """Admins every event; HR the events that concern their district."""
    return is_admin(user) or _hr_of(user, event.district_id, event.other_district_id)


def audit_scope(user, event_cls=None):
    """A WHERE clause selecting the audit events ``user`` may read (false for anyone else)."""
    if event_cls is None:
        from exchange.audit.models import AuditEvent as event_cls
    if is_admin(user):
        return sa.true()
    if is_hr(user):
        return sa.or_(
            event_cls.district_id == user.district_id,
            event_cls.other_district_id == user.district_id,
        )
    return sa.false()


def audit_scope_in_id_order(user, event_cls=None):
    """``audit_scope`` for a list read newest first by id, each event tested: an HR
    officer's district is compared on each event (``district_id + 0``: not a column SQLite
    or PostgreSQL would read the events by), so the list reads the newest events in turn
    rather than every event of the district through their indexes, sorted (12–20 ms for
    the busiest district's latest eight at 350,000 events). Read within a bounded window
    (``exchange.audit.queries``)."""
    if event_cls is None:
        from exchange.audit.models import AuditEvent as event_cls
    if is_hr(user):
        return sa.or_(
            event_cls.district_id + 0 == user.district_id,
            event_cls.other_district_id + 0 == user.district_id,
        )
    return audit_scope(user, event_cls)


# Cadres ------------------------------------------------------------------------------


def can_create_cadre(user, department=None) -> bool:
    """Admins anywhere; HR only into a home department of their own district."""
    if is_admin(user):
        return True
    return is_hr(user) and (department is None or department.district_id == user.district_id)


def can_edit_cadre(user, cadre) -> bool:
    return is_admin(user) or _hr_of(user, cadre.home_department.district_id)


def can_edit_own_contact(user, cadre) -> bool:
    return is_cadre(user) and user.cadre_id == cadre.id


def cadre_scope(user, cadre_cls=None, posting_cls=None):
    """A WHERE clause selecting the cadres ``user`` may see: the list and the page agree.

    Admins and leadership every cadre; HR the cadres of their district's departments and
    the cadres of any posting touching their district (whose posting they see); an
    official their own record; anyone else none.
    """
    if cadre_cls is None:
        from exchange.cadres.models import Cadre as cadre_cls
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    if is_admin(user) or is_leader(user):
        return sa.true()
    if is_hr(user):
        from exchange.org.models import Department

        home_in_district = sa.select(Department.id).where(
            Department.district_id == user.district_id
        )
        posted = sa.select(posting_cls.cadre_id).where(posting_scope(user, posting_cls))
        return sa.or_(
            cadre_cls.home_department_id.in_(home_in_district),
            cadre_cls.id.in_(posted),
        )
    if is_cadre(user):
        return cadre_cls.id == user.cadre_id
    return sa.false()


def cadre_scope_in_list_order(user, cadre_cls=None, posting_cls=None):
    """``cadre_scope`` tested on each cadre of a list read in its own order (by name): an HR
    officer's district's departments and postings read once into lists each cadre is
    looked up in (``+ 0``: not columns the cadres would be read by), so a page stops after
    its rows; through the lists' indexes the busiest district's cadre list read and sorted
    its 5,000 cadres (18 ms a page at 50,000). Read within a bounded window
    (``exchange.cadres.views``); anyone else's scope is ``cadre_scope``."""
    if cadre_cls is None:
        from exchange.cadres.models import Cadre as cadre_cls
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    if not is_hr(user):
        return cadre_scope(user, cadre_cls, posting_cls)
    from exchange.org.models import Department

    home_in_district = sa.select(Department.id).where(Department.district_id == user.district_id)
    posted = sa.union_all(
        *(
            sa.select(posting_cls.cadre_id).where(part)
            for part in posting_scope_parts(user, posting_cls)
        )
    )
    return sa.or_(
        (cadre_cls.home_department_id + 0).in_(home_in_district),
        (cadre_cls.id + 0).in_(posted),
    )


def can_view_cadre(user, cadre) -> bool:
    """Whoever finds the cadre in the list (``cadre_scope``) may open the cadre's page."""
    if is_admin(user) or is_leader(user) or can_edit_own_contact(user, cadre):
        return True
    if not is_hr(user) or cadre.id is None:
        return False
    from exchange.cadres.models import Cadre

    found = sa.select(Cadre.id).where(Cadre.id == cadre.id, cadre_scope(user))
    return db.session.scalar(found) is not None


def can_list_cadres(user) -> bool:
    return is_admin(user) or is_hr(user) or is_leader(user)


# Programmes --------------------------------------------------------------------------


def can_manage_programme(user, programme=None) -> bool:
    """Admins, and HR of a district that takes part in the programme."""
    if is_admin(user):
        return True
    if not is_hr(user):
        return False
    return programme is None or any(d.id == user.district_id for d in programme.districts)


def can_view_programmes(user) -> bool:
    return is_admin(user) or is_hr(user) or is_leader(user)


def can_view_programme(user, programme) -> bool:
    """A programme's page (its terms are read by every HR office); its figures per district
    pair are scoped by ``can_view_district_pair``."""
    return can_view_programmes(user)


def can_view_district_pair(user, *district_ids) -> bool:
    """Aggregates about a pair of districts (the reciprocity ledger, counts): admins and
    leadership every pair, HR the pairs that include their district (as lists are scoped)."""
    return is_admin(user) or is_leader(user) or _hr_of(user, *district_ids)


# Postings ----------------------------------------------------------------------------


def can_propose_posting(user, cadre=None) -> bool:
    if is_admin(user):
        return True
    if not is_hr(user):
        return False
    return cadre is None or cadre.home_department.district_id == user.district_id


def can_accept_posting(user, posting) -> bool:
    """Accept or decline: the host side."""
    return is_admin(user) or _hr_of(user, posting.host_district_id)


def can_change_posting(user, posting) -> bool:
    """Start, extend, end early or cancel: either side."""
    return is_admin(user) or _touches(user, posting)


def can_view_posting(user, posting) -> bool:
    return (
        is_admin(user) or is_leader(user) or _touches(user, posting) or _owns_posting(user, posting)
    )


def can_list_postings(user) -> bool:
    """Every active account has a postings page; it lists the account's ``posting_scope``."""
    return is_admin(user) or is_hr(user) or is_leader(user) or is_cadre(user)


def lists_others_postings(user) -> bool:
    """The top bar's 挂职 entry: a cadre has 我的挂职 instead (the same list, their own)."""
    return can_list_postings(user) and not is_cadre(user)


def posting_scope(user, posting_cls=None):
    """A WHERE clause selecting the postings ``user`` may see (false for anyone else)."""
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    if is_admin(user) or is_leader(user):
        return sa.true()
    if is_hr(user):
        return sa.or_(
            posting_cls.home_district_id == user.district_id,
            posting_cls.host_district_id == user.district_id,
        )
    if is_cadre(user):
        return posting_cls.cadre_id == user.cadre_id
    return sa.false()


def posting_scope_in_order(user, posting_cls=None):
    """``posting_scope`` tested on each posting of a list read in its own order (newest
    first): an HR officer's district compared on each posting (``+ 0``: not a column the
    postings would be read by), so a page stops after its rows instead of reading the
    district's postings through their indexes and sorting them. Read within a bounded
    window (``exchange.postings.views``); anyone else's scope is ``posting_scope``."""
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    if is_hr(user):
        return sa.or_(
            posting_cls.home_district_id + 0 == user.district_id,
            posting_cls.host_district_id + 0 == user.district_id,
        )
    return posting_scope(user, posting_cls)


def posting_scope_parts(user, posting_cls=None) -> list:
    """``posting_scope`` as clauses that no posting meets two of: an HR officer's postings
    as the home district and as the host district (a posting crosses districts, a check
    constraint), anyone else's scope whole.

    A count or a list of ids of an HR officer's postings reads each part from its own
    district index and adds them up: SQLite reads an OR of the two by collecting the rows'
    ids from both indexes and then each row itself (0.82 against 0.23 ms to count the
    busiest district's 640 postings in post at 100,000)."""
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    if is_hr(user):
        return [
            posting_cls.home_district_id == user.district_id,
            posting_cls.host_district_id == user.district_id,
        ]
    return [posting_scope(user, posting_cls)]


# Reports -----------------------------------------------------------------------------


def can_write_report(user, posting) -> bool:
    """The official, on their own posting, while it takes reports (accepted, running or
    finished: ``REPORTABLE_STATUSES``)."""
    return _owns_posting(user, posting) and posting.is_reportable


def can_view_report(user, report) -> bool:
    if is_cadre(user):
        return report.author_id == user.id
    if not report.is_submitted:
        return False
    return is_admin(user) or is_leader(user) or _touches(user, report.posting)


def can_search_reports(user) -> bool:
    """Every active account searches the reports; the results are its ``report_scope``."""
    return is_admin(user) or is_hr(user) or is_leader(user) or is_cadre(user)


def lists_others_reports(user) -> bool:
    """The top bar's 报告 entry: a cadre has 我的报告 instead, listing the same reports."""
    return can_search_reports(user) and not is_cadre(user)


def can_edit_report(user, report) -> bool:
    """Only the author, and only while it is a draft."""
    return is_cadre(user) and report.author_id == user.id and not report.is_submitted


def can_add_version(user, report) -> bool:
    """A new version of, or addendum to, a submitted report: its author, while the posting
    still takes reports."""
    return (
        report.is_submitted
        and report.author_id == getattr(user, "id", None)
        and can_write_report(user, report.posting)
    )


def can_comment_report(user, report) -> bool:
    if not report.is_submitted:
        return False
    return is_admin(user) or is_leader(user) or _touches(user, report.posting)


def can_remark_report(user, report) -> bool:
    """批示 is leadership's."""
    return report.is_submitted and is_leader(user)


def report_scope(user, report_cls=None, posting_cls=None):
    """A WHERE clause on reports joined to their posting: what ``user`` may read."""
    if report_cls is None:
        from exchange.reports.models import ReflectionLog as report_cls
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    submitted = report_cls.status == "submitted"
    if is_cadre(user):
        return report_cls.author_id == user.id
    if is_admin(user) or is_leader(user):
        return submitted
    if is_hr(user):
        return sa.and_(submitted, posting_scope(user, posting_cls))
    return sa.false()


def report_scope_in_report_order(user, report_cls=None):
    """``report_scope`` for a statement that reads a bounded range of reports in their own
    order (the last weeks' submissions, which the bell counts) and needs no other table: a
    WHERE clause on the reports alone.

    An HR officer's district's postings are read once, from their district indexes, into
    a list each report's posting is looked up in. ``posting_id + 0`` is not a column SQLite
    would read the reports by, so the district never leads (looking each report's posting
    up instead was 4.9 against 2.4 ms for the busiest district's count). Not for a list
    with a LIMIT: PostgreSQL then compares each report with the whole list (the report
    list uses ``posting_scope_in_order`` on the joined posting)."""
    from exchange.postings.models import Posting

    if report_cls is None:
        from exchange.reports.models import ReflectionLog as report_cls
    if is_hr(user):
        return sa.and_(
            report_cls.status == "submitted",
            (report_cls.posting_id + 0).in_(sa.select(Posting.id).where(posting_scope(user))),
        )
    if is_cadre(user) or is_admin(user) or is_leader(user):
        return report_scope(user, report_cls)  # none of them reads the posting
    return sa.false()


# Rosters and dashboards ---------------------------------------------------------------


def can_view_roster(user) -> bool:
    return is_admin(user) or is_hr(user) or is_leader(user)


# =====================================================================================
# Daily management (issue 13): working days, leave, attendance, talks, the inbox.
# Kept as one section so that the structure work's edits above merge without overlap.
# =====================================================================================

# Postings agreed by both sides take attendance sheets and talks; running ones take leave.
_DAILY_STATUSES = ("accepted", "active", "completed", "ended_early")  # AGREED_STATUSES
_LEAVE_STATUSES = ("accepted", "active")


def can_manage_daily_rules(user, programme=None) -> bool:
    """A programme's leave tiers, attendance rule and talk cadence: the coordinating 组织部
    (the administrator). Member districts read them on the programme page."""
    return is_admin(user)


def can_manage_calendar(user) -> bool:
    """The holiday table: the administrator (coordinating 组织部) keeps it."""
    return is_admin(user)


def can_view_calendar(user) -> bool:
    return is_admin(user) or is_hr(user)


# Leave (请假 / 销假) ---------------------------------------------------------------------


def can_request_leave(user, posting) -> bool:
    """The official, on their own posting while it is accepted or running."""
    return _owns_posting(user, posting) and posting.status in _LEAVE_STATUSES


def can_view_leave(user, leave) -> bool:
    return can_view_leave_of(user, leave.posting)


def can_list_leave(user) -> bool:
    return is_admin(user) or is_hr(user) or is_cadre(user)


def can_view_leave_of(user, posting) -> bool:
    """A posting's leave: both sides' HR, the administrator and the official."""
    return is_admin(user) or _touches(user, posting) or _owns_posting(user, posting)


def acts_for_side(user, side: str, posting) -> bool:
    """Whether ``user`` speaks for an approving side of ``posting``: host HR, home HR, 组织部."""
    if side == "host":
        return _hr_of(user, posting.host_district_id)
    if side == "home":
        return _hr_of(user, posting.home_district_id)
    if side == "coordinator":
        return is_admin(user)
    return False


def is_leave_approver(user, leave) -> bool:
    """Whether any step of the leave's chain is ``user``'s (now, earlier or later)."""
    return any(acts_for_side(user, step.side, leave.posting) for step in leave.approvals)


def can_decide_leave(user, leave) -> bool:
    """Approve or decline: only whoever the current step of the chain names."""
    step = leave.current_step
    if leave.status != "pending" or step is None:
        return False
    return acts_for_side(user, step.side, leave.posting)


def can_withdraw_leave(user, leave) -> bool:
    return _owns_posting(user, leave.posting) and leave.status == "pending"


def can_report_back(user, leave) -> bool:
    """销假: the official, on an approved leave."""
    return _owns_posting(user, leave.posting) and leave.status == "approved"


def leave_scope(user, leave_cls=None, posting_cls=None):
    """A WHERE clause on leave joined to its posting: what ``user`` may read."""
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    if is_admin(user):
        return sa.true()
    if is_hr(user) or is_cadre(user):
        return posting_scope(user, posting_cls)
    return sa.false()


def leave_awaiting_scope(user, approval_cls=None, posting_cls=None):
    """A WHERE clause on current (pending, first pending) approval steps joined to their
    posting: the steps ``user`` is asked to decide. It reads the user's role and district
    only (the bell's count keeps the statement per role and district)."""
    if approval_cls is None:
        from exchange.leave.models import LeaveApproval as approval_cls
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    sides = []
    if is_admin(user):
        sides.append(approval_cls.side == written("coordinator"))
    if is_hr(user):
        sides.append(
            sa.and_(
                approval_cls.side == written("host"),
                posting_cls.host_district_id == user.district_id,
            )
        )
        sides.append(
            sa.and_(
                approval_cls.side == written("home"),
                posting_cls.home_district_id == user.district_id,
            )
        )
    return sa.or_(*sides) if sides else sa.false()


# Attendance (考勤) -------------------------------------------------------------------------


def can_list_attendance(user) -> bool:
    return is_admin(user) or is_hr(user) or is_leader(user)


def can_write_attendance(user, posting) -> bool:
    """Host HR writes and submits the monthly sheet (the administrator may too)."""
    if posting.status not in _DAILY_STATUSES:
        return False
    return is_admin(user) or _hr_of(user, posting.host_district_id)


def can_view_attendance_of(user, posting) -> bool:
    """The posting's submitted sheets and presence ratio."""
    return can_view_posting(user, posting)


def can_view_attendance(user, sheet) -> bool:
    if not sheet.is_submitted:
        return is_admin(user) or _hr_of(user, sheet.posting.host_district_id)
    return can_view_attendance_of(user, sheet.posting)


def can_edit_attendance(user, sheet) -> bool:
    """A draft, by whoever may write the posting's sheets; a submitted sheet is final."""
    return not sheet.is_submitted and can_write_attendance(user, sheet.posting)


def attendance_scope(user, sheet_cls=None, posting_cls=None):
    """A WHERE clause on sheets joined to their posting: what ``user`` may read."""
    if sheet_cls is None:
        from exchange.attendance.models import AttendanceSheet as sheet_cls
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    submitted = sheet_cls.status == "submitted"
    if is_admin(user):
        return sa.true()
    if is_leader(user):
        return submitted
    if is_hr(user):
        return sa.or_(
            posting_cls.host_district_id == user.district_id,
            sa.and_(submitted, posting_cls.home_district_id == user.district_id),
        )
    if is_cadre(user):
        return sa.and_(submitted, posting_cls.cadre_id == user.cadre_id)
    return sa.false()


# Talks (谈心谈话) ---------------------------------------------------------------------------


def can_list_talks(user) -> bool:
    return is_admin(user) or is_hr(user)


def can_record_talk(user, posting) -> bool:
    """HR of either side (and the administrator) record talks and visits."""
    if posting.status not in _DAILY_STATUSES:
        return False
    return is_admin(user) or _touches(user, posting)


def can_view_talk(user, talk) -> bool:
    """That a talk took place: both sides' HR, the administrator and the official."""
    posting = talk.posting
    return is_admin(user) or _touches(user, posting) or _owns_posting(user, posting)


def can_read_talk_notes(user, talk) -> bool:
    """Topics, issues and follow-up: HR and the administrator; the official only if shared."""
    posting = talk.posting
    if is_admin(user) or _touches(user, posting):
        return True
    return _owns_posting(user, posting) and talk.shared


def talk_scope(user, talk_cls=None, posting_cls=None):
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    if is_admin(user):
        return sa.true()
    if is_hr(user) or is_cadre(user):
        return posting_scope(user, posting_cls)
    return sa.false()


# The inbox and its delivery ----------------------------------------------------------------


def can_manage_webhooks(user) -> bool:
    return is_admin(user)


# Appraisals, documents and the .lrmx file (issue 14) --------------------------------------


def can_write_host_appraisal(user, posting) -> bool:
    """年度考核 / 考核鉴定: the host side writes its part and proposes the grade."""
    return is_admin(user) or _hr_of(user, posting.host_district_id)


def can_write_home_appraisal(user, posting) -> bool:
    """The home side adds its opinion and confirms (or sets) the final grade."""
    return is_admin(user) or _hr_of(user, posting.home_district_id)


def can_view_appraisals(user, posting) -> bool:
    """Both sides, the admin and leadership; the official sees their own once locked."""
    return (
        is_admin(user) or is_leader(user) or _touches(user, posting) or _owns_posting(user, posting)
    )


def can_view_appraisal(user, appraisal) -> bool:
    posting = appraisal.posting
    if _owns_posting(user, posting):
        return appraisal.is_locked
    return can_view_appraisals(user, posting)


def appraisal_scope(user, appraisal_cls=None, posting_cls=None):
    """A WHERE clause on appraisals joined to their posting: what ``user`` may read."""
    if appraisal_cls is None:
        from exchange.appraisals.models import Appraisal as appraisal_cls
    if posting_cls is None:
        from exchange.postings.models import Posting as posting_cls
    if is_cadre(user):
        return sa.and_(posting_cls.cadre_id == user.cadre_id, appraisal_cls.status == "locked")
    return posting_scope(user, posting_cls)


def can_download_posting_documents(user, posting) -> bool:
    """审批表, 鉴定表: whoever may see the posting (403 like the posting otherwise)."""
    return can_view_posting(user, posting)


def can_download_compilation(user, programme) -> bool:
    """A round's 汇编: the admin, leadership, and HR of a member district (their reports only)."""
    if is_admin(user) or is_leader(user):
        return True
    return is_hr(user) and any(d.id == user.district_id for d in programme.districts)


def can_patch_lrmx(user, cadre) -> bool:
    """The 任免审批表 file is the home side's: its HR (and the admin) patch it."""
    return can_edit_cadre(user, cadre)


def lrmx_cadre_scope(user, cadre_cls=None, department_cls=None):
    """A WHERE clause on cadres joined to their home department: whose files ``user`` may patch."""
    if cadre_cls is None:
        from exchange.cadres.models import Cadre as cadre_cls
    if department_cls is None:
        from exchange.org.models import Department as department_cls
    if is_admin(user):
        return sa.true()
    if is_hr(user):
        return department_cls.district_id == user.district_id
    return sa.false()


# Imports, historic postings, proposals removed, attachments (issue 16) -------------------


def can_import(user, kind: str | None = None) -> bool:
    """Admins and HR import cadres and postings; the services then check each row as a form."""
    return is_admin(user) or is_hr(user)


def can_record_annual_result(user, cadre, posting=None) -> bool:
    """A cadre's 年度考核 result from the home side's records (the appraisal import).

    The HR of the cadre's home district (and, for a year of a posting, of the posting's
    home district too: the home side decides the annual grade); the admins.
    """
    if is_admin(user):
        return True
    if posting is not None and not _hr_of(user, posting.home_district_id):
        return False
    return _hr_of(user, cadre.home_department.district_id)


def can_view_import(user, run) -> bool:
    """An import run (its preview and staged file): whoever started it, and the admins."""
    return is_admin(user) or (is_hr(user) and run.created_by_id == user.id)


def import_scope(user, run_cls=None):
    """A WHERE clause selecting the import runs ``user`` may see."""
    if run_cls is None:
        from exchange.imports.models import ImportRun as run_cls
    if is_admin(user):
        return sa.true()
    if is_hr(user):
        return run_cls.created_by_id == user.id
    return sa.false()


def can_record_historic_posting(user, cadre) -> bool:
    """A posting of a past round is recorded by the cadre's home side, like a proposal."""
    return can_propose_posting(user, cadre)


def can_delete_proposal(user, posting) -> bool:
    """A proposal the host has not answered yet may be withdrawn from the record entirely
    by the proposing (home) district; once answered it is cancelled, never deleted."""
    from exchange.postings.models import PostingStatus

    proposing_side = is_admin(user) or _hr_of(user, posting.home_district_id)
    return proposing_side and posting.status == PostingStatus.PROPOSED


def _attachment_record_view(user, record_type: str, record) -> bool:
    if record_type == "posting":
        return can_view_posting(user, record)
    if record_type == "programme":
        return can_view_programmes(user)
    if record_type == "report":
        return can_view_report(user, record)
    return False


def can_view_attachments(user, record_type: str, record) -> bool:
    """Attachments are seen by whoever sees their record (DOMAIN.md: "as the record")."""
    return _attachment_record_view(user, record_type, record)


def can_add_attachment(user, record_type: str, record) -> bool:
    """Added by whoever may change the record: either side of a posting, a programme's
    members, a report's author (the official adds photos and a signed copy to own reports)."""
    if record_type == "posting":
        return is_admin(user) or _touches(user, record)
    if record_type == "programme":
        return can_manage_programme(user, record)
    if record_type == "report":
        return is_cadre(user) and record.author_id == user.id
    return False


def can_view_attachment(user, attachment) -> bool:
    """A download checks the record again, every time."""
    return can_view_attachments(user, attachment.record_type, attachment.record)


def can_delete_attachment(user, attachment) -> bool:
    return can_add_attachment(user, attachment.record_type, attachment.record)


def attachment_scope(user, attachment_cls=None):
    """A WHERE clause selecting the attachments ``user`` may see (the twin of the predicate)."""
    from exchange.postings.models import Posting
    from exchange.reports.models import ReflectionLog

    if attachment_cls is None:
        from exchange.attachments.models import Attachment as attachment_cls
    postings = sa.select(Posting.id).where(posting_scope(user, Posting))
    reports = (
        sa.select(ReflectionLog.id)
        .join(Posting, ReflectionLog.posting_id == Posting.id)
        .where(report_scope(user, ReflectionLog, Posting))
    )
    clauses = [
        attachment_cls.posting_id.in_(postings),
        attachment_cls.report_id.in_(reports),
    ]
    if can_view_programmes(user):
        clauses.append(attachment_cls.programme_id.is_not(None))
    return sa.or_(*clauses)


# Audit events: what an event shows of its record (issue 11) ------------------------------
#
# An event never shows more of a record than its reader could see by opening the record
# now. Each kind of audited record (``AuditEvent.object_type``) has one rule here: given the
# reader, the record (None once it is gone) and the event, it answers ``SHOW_ALL``, a set of
# field names to hide, or ``HIDE_ALL`` (the event shows that something happened, no content).
# A kind without a rule shows nothing (deny by default); tests/test_audit_visibility.py
# checks that every table of the app has a rule.

SHOW_ALL: frozenset[str] = frozenset()
HIDE_ALL = None

# Report events that carry a draft's content: only its author sees them, even after submission.
DRAFT_ACTIONS = frozenset({"report.create", "report.update"})
TALK_NOTES = frozenset({"topics", "issues", "follow_up"})


def _shown_if(allowed: bool):
    return SHOW_ALL if allowed else HIDE_ALL


def _gone_or(check):
    """A rule from a predicate on the record; a record that is gone shows only to admins."""

    def rule(user, record, event):
        if record is None:
            return _shown_if(is_admin(user))
        return _shown_if(check(user, record))

    return rule


def _audit_report(user, report, event):
    if report is None:
        return HIDE_ALL
    if event.action in DRAFT_ACTIONS and report.author_id != getattr(user, "id", None):
        return HIDE_ALL
    return _shown_if(can_view_report(user, report))


def _audit_talk(user, talk, event):
    if talk is None or not can_view_talk(user, talk):
        return _shown_if(talk is None and is_admin(user))
    return SHOW_ALL if can_read_talk_notes(user, talk) else TALK_NOTES


def _audit_account(user, account, event):
    return _shown_if(is_admin(user) or (account is not None and account.id == user.id))


def _anyone_reading_audit(user, record):
    return can_view_audit(user)


AUDIT_RULES = {
    "user_account": _audit_account,
    "district": _gone_or(_anyone_reading_audit),
    "department": _gone_or(_anyone_reading_audit),
    "district_webhook": _gone_or(lambda user, hook: is_admin(user)),
    "cadre": _gone_or(lambda user, cadre: can_view_cadre(user, cadre)),
    # The pieces of a cadre's name the search reads, written with it: seen as the cadre is.
    "cadre_gram": _gone_or(lambda user, gram: can_view_cadre(user, gram.cadre)),
    "posting": _gone_or(lambda user, posting: can_view_posting(user, posting)),
    # Counts of postings by programme, districts, status and month, written by no one.
    "posting_tally": _gone_or(lambda user, tally: is_admin(user)),
    "extension": _gone_or(lambda user, ext: can_view_posting(user, ext.posting)),
    "programme": _gone_or(lambda user, programme: can_view_programme(user, programme)),
    "quota": _gone_or(lambda user, quota: can_view_programme(user, quota.programme)),
    "term_rule": _gone_or(lambda user, rule: can_view_programme(user, rule.programme)),
    "term_change_request": _gone_or(
        lambda user, change: can_view_term_changes(user, change.posting)
    ),
    "programme_change_request": _gone_or(
        lambda user, change: can_view_programme_changes(user, change.programme)
    ),
    "leave_tier": _gone_or(lambda user, tier: can_view_programme(user, tier.programme)),
    "attendance_rule": _gone_or(lambda user, rule: can_view_programme(user, rule.programme)),
    "talk_rule": _gone_or(lambda user, rule: can_view_programme(user, rule.programme)),
    "reflection_log": _audit_report,
    # A summary of a posting's reports, written by no one: seen as its posting is.
    "report_filed_periods": _gone_or(lambda user, filed: can_view_posting(user, filed.posting)),
    "report_gap": _gone_or(lambda user, gap: can_view_posting(user, gap.posting)),
    # Counts per district and day, written by no one: for the administrator.
    "report_gap_day": _gone_or(lambda user, day: is_admin(user)),
    "comment": _gone_or(lambda user, comment: can_view_report(user, comment.report)),
    "leave_request": _gone_or(lambda user, leave: can_view_leave(user, leave)),
    "leave_approval": _gone_or(lambda user, step: can_view_leave(user, step.leave)),
    "attendance_sheet": _gone_or(lambda user, sheet: can_view_attendance(user, sheet)),
    "talk": _audit_talk,
    "appraisal": _gone_or(lambda user, appraisal: can_view_appraisal(user, appraisal)),
    "appraisal_version": _gone_or(lambda user, v: can_view_appraisal(user, v.appraisal)),
    "attachment": _gone_or(lambda user, attachment: can_view_attachment(user, attachment)),
    "import_run": _gone_or(lambda user, run: can_view_import(user, run)),
    "calendar_day": _gone_or(lambda user, day: can_view_calendar(user)),
    "notification": _gone_or(lambda user, note: is_admin(user)),
    "inbox_delivery": _gone_or(lambda user, delivery: is_admin(user)),
    "audit_event": _gone_or(lambda user, event: is_admin(user)),
    "annual_result": _gone_or(lambda user, result: can_record_annual_result(user, result.cadre)),
    "api_token": _gone_or(lambda user, token: is_admin(user) or token.user_id == user.id),
}


def audit_hidden_fields(user, event, record) -> frozenset[str] | None:
    """What of ``event`` ``user`` may not see: ``SHOW_ALL``, field names, or ``HIDE_ALL``.

    Events about no record (a refused request, a failed login) show what they hold.
    """
    if not event.object_type:
        return SHOW_ALL
    rule = AUDIT_RULES.get(event.object_type)
    if rule is None:
        return HIDE_ALL
    return rule(user, record, event)


# =====================================================================================
# The JSON API (issue 17): personal API tokens.
# =====================================================================================


def can_manage_own_tokens(user) -> bool:
    """Every active account may create, list and revoke its own API tokens."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_create_token_for(user, owner) -> bool:
    """One's own token; the administrator (and the command line) for anyone's."""
    if user is COMMAND_LINE or is_admin(user):
        return True
    return can_manage_own_tokens(user) and owner.id == user.id


def can_revoke_token(user, token) -> bool:
    """The owner revokes their own token; the administrator any token."""
    return is_admin(user) or (can_manage_own_tokens(user) and token.user_id == user.id)


def can_write_with_token(token) -> bool:
    """A read-write token may change records (as its owner may); a read-only one never."""
    return token is not None and token.can_write


def can_read_org_names(user) -> bool:
    """Districts and departments as names and ids (the API's reference lists): every
    active account, since they name the sides of what it already sees."""
    return can_manage_own_tokens(user)


# Two-sided governance (issue 12): term changes and cancelling ------------------------------


def side_of(user, posting) -> str | None:
    """ "home" or "host" for HR of that side of ``posting``; None for anyone else."""
    if _hr_of(user, posting.home_district_id):
        return "home"
    if _hr_of(user, posting.host_district_id):
        return "host"
    return None


def can_cancel_posting(user, posting) -> bool:
    """Before the start only the proposing (home) side withdraws; afterwards it is an
    early end, which needs both sides (the transition table refuses a cancel then)."""
    return is_admin(user) or _hr_of(user, posting.home_district_id)


def can_request_term_change(user, posting) -> bool:
    """延期, 提前结束, 召回: either side asks, the admin decides directly (with a reason).
    Which statuses allow which change is the transition table's (a 400, not a 403)."""
    return is_admin(user) or _touches(user, posting)


def can_consent_term_change(user, change) -> bool:
    """Agree to or decline a waiting request: the other side; the admin in place of it."""
    if not change.is_pending:
        return False
    if is_admin(user):
        return True
    return change.other_side is not None and side_of(user, change.posting) == change.other_side


def can_withdraw_term_change(user, change) -> bool:
    """The side that asked, while the request waits."""
    return change.is_pending and side_of(user, change.posting) == change.side


def can_view_term_changes(user, posting) -> bool:
    """The requests and their history: whoever sees the posting."""
    return can_view_posting(user, posting)


# Programme change requests (issue 12): a programme in force is an agreement of its members.


def _member_hr(user, programme) -> bool:
    return is_hr(user) and any(d.id == user.district_id for d in programme.districts)


def can_propose_programme_change(user, programme) -> bool:
    """HR of a member district proposes a change; it waits for every other member."""
    return _member_hr(user, programme)


def can_confirm_programme_change(user, change) -> bool:
    """HR of a party whose confirmation the waiting request still needs."""
    return change.is_pending and is_hr(user) and user.district_id in change.awaiting_ids


def can_decline_programme_change(user, change) -> bool:
    """Any party but the proposer (which withdraws instead); the admin in their place."""
    if not change.is_pending:
        return False
    if is_admin(user):
        return True
    return (
        is_hr(user)
        and user.district_id in change.party_ids
        and user.district_id != change.proposer_district_id
    )


def can_withdraw_programme_change(user, change) -> bool:
    """HR of the proposing district, while the request waits."""
    return change.is_pending and _hr_of(user, change.proposer_district_id)


def can_apply_programme_change_directly(user, programme) -> bool:
    """The coordinating 组织部 (the admin) changes a programme at once, with a reason."""
    return is_admin(user)


def can_view_programme_changes(user, programme) -> bool:
    """The requests, their old → new values and confirmations: whoever reads the programme."""
    return can_view_programme(user, programme)
