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

from exchange.auth.models import Role
from exchange.extensions import db


def _is(user, role: Role) -> bool:
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


def can_evaluate_posting(user, posting) -> bool:
    return is_admin(user) or _hr_of(user, posting.host_district_id)


def can_view_posting(user, posting) -> bool:
    return (
        is_admin(user) or is_leader(user) or _touches(user, posting) or _owns_posting(user, posting)
    )


def can_view_evaluation(user, posting) -> bool:
    return can_view_posting(user, posting)


def can_list_postings(user) -> bool:
    """Every active account has a postings page; it lists the account's ``posting_scope``."""
    return is_admin(user) or is_hr(user) or is_leader(user) or is_cadre(user)


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


# Rosters and dashboards ---------------------------------------------------------------


def can_view_roster(user) -> bool:
    return is_admin(user) or is_hr(user) or is_leader(user)


# Imports, historic postings, proposals removed, attachments (issue 16) -------------------


def can_import(user, kind: str | None = None) -> bool:
    """Admins and HR import cadres and postings; the services then check each row as a form."""
    return is_admin(user) or is_hr(user)


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
