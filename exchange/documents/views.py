"""Document downloads: each form as DOCX (to finish, sign and stamp) or PDF (to file).

Whoever may not see the posting (report, programme) gets 403, as on its page.
"""

from __future__ import annotations

from io import BytesIO

import sqlalchemy as sa
from flask import current_app, render_template, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import aliased, joinedload, selectinload

from exchange import policy
from exchange.appraisals.models import Appraisal, AppraisalKind, AppraisalStatus
from exchange.audit.services import record
from exchange.cadres.models import Cadre
from exchange.db import will_write
from exchange.documents import bp, docx, forms, pdf, sections  # noqa: F401 (sections registers)
from exchange.documents.fonts import FontMissing
from exchange.documents.layout import Document
from exchange.extensions import db
from exchange.leave import services as leave_services
from exchange.leave.models import Leave, LeaveApproval
from exchange.leave.queries import load_leave
from exchange.org.models import Department, District
from exchange.postings.models import Posting
from exchange.postings.queries import load_posting
from exchange.programmes.models import Programme
from exchange.reports.models import Comment, ReflectionLog, ReportStatus
from exchange.web.loaders import load_allowed

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _send(doc: Document, fmt: str, name: str, target=None, districts=()):
    """The file, and an audit event saying who took which document."""
    if fmt == "pdf":
        try:
            data = pdf.render_with_found_font(doc, current_app.config.get("PDF_FONT", ""))
        except FontMissing as error:
            current_app.logger.error("PDF without a font: %s", error)
            message = _("PDF needs a Chinese font on the server: %(hint)s", hint=str(error))
            return render_template("documents/no_font.html", message=message), 503
    else:
        data = docx.render(doc)
    will_write()
    record(
        "document.download",
        target,
        actor=current_user,
        summary=f"{name}.{fmt}",
        districts=districts,
    )
    db.session.commit()
    return send_file(
        BytesIO(data),
        mimetype=MIMETYPES[fmt],
        as_attachment=True,
        download_name=f"{name}.{fmt}",
        max_age=0,
    )


def _posting(posting_id: int) -> Posting:
    stmt = load_posting(posting_id).options(selectinload(Posting.extensions))
    return load_allowed(stmt, None, policy.can_download_posting_documents)


def _sides(posting) -> tuple:
    return (posting.home_district_id, posting.host_district_id)


@bp.route("/postings/<int:posting_id>/documents/approval.<any(docx, pdf):fmt>")
@login_required
def approval(posting_id: int, fmt: str):
    posting = _posting(posting_id)
    doc = forms.approval_form(posting)
    return _send(doc, fmt, f"{posting.cadre.name}-干部挂职审批表", posting, _sides(posting))


@bp.route("/postings/<int:posting_id>/documents/appraisal.<any(docx, pdf):fmt>")
@login_required
def appraisal(posting_id: int, fmt: str):
    posting = _posting(posting_id)
    rows = db.session.scalars(
        sa.select(Appraisal)
        .where(Appraisal.posting_id == posting.id)
        .options(selectinload(Appraisal.versions))
        .order_by(Appraisal.year)
    ).all()
    end_of_term = next((a for a in rows if a.kind == AppraisalKind.END_OF_TERM), None)
    own = policy.is_cadre(current_user)
    if own and end_of_term is not None and not end_of_term.is_locked:
        end_of_term = None  # the official sees the 鉴定 once both sides have signed
    annual = {
        a.year: a
        for a in rows
        if a.kind == AppraisalKind.ANNUAL and a.status == AppraisalStatus.LOCKED
    }
    doc = forms.appraisal_form(posting, end_of_term, annual)
    return _send(doc, fmt, f"{posting.cadre.name}-挂职干部考核鉴定表", posting, _sides(posting))


def _report_options():
    posting = joinedload(ReflectionLog.posting)
    return (
        posting.joinedload(Posting.cadre),
        posting.joinedload(Posting.home_district),
        posting.joinedload(Posting.home_department).joinedload(Department.district),
        posting.joinedload(Posting.host_department).joinedload(Department.district),
        selectinload(ReflectionLog.comments).joinedload(Comment.author),
    )


@bp.route("/reports/<int:report_id>/document.<any(docx, pdf):fmt>")
@login_required
def report(report_id: int, fmt: str):
    stmt = sa.select(ReflectionLog).where(ReflectionLog.id == report_id).options(*_report_options())
    report: ReflectionLog = load_allowed(stmt, None, policy.can_view_report)
    name = f"{report.posting.cadre.name}-{report.title}"[:80]
    return _send(forms.report_document(report), fmt, name, report, _sides(report.posting))


def compilation_reports(user, programme_id: int) -> list[ReflectionLog]:
    """Every submitted report of the programme ``user`` may read, by district, cadre, date."""
    home = aliased(Department)
    return list(
        db.session.scalars(
            sa.select(ReflectionLog)
            .join(ReflectionLog.posting)
            .join(Posting.cadre)
            .join(home, Posting.home_department_id == home.id)
            .join(District, home.district_id == District.id)
            .where(
                Posting.programme_id == programme_id,
                ReflectionLog.status == ReportStatus.SUBMITTED,
                policy.report_scope(user, ReflectionLog, Posting),
            )
            .options(*_report_options())
            .order_by(
                District.id,
                Cadre.name_pinyin,
                Cadre.id,
                ReflectionLog.report_date,
                ReflectionLog.id,
            )
        )
        .unique()
        .all()
    )


@bp.route("/programmes/<int:programme_id>/compilation.<any(docx, pdf):fmt>")
@login_required
def compilation(programme_id: int, fmt: str):
    stmt = (
        sa.select(Programme)
        .where(Programme.id == programme_id)
        .options(selectinload(Programme.districts))
    )
    programme: Programme = load_allowed(stmt, None, policy.can_download_compilation)
    reports = compilation_reports(current_user, programme.id)
    doc = forms.compilation(programme, reports)
    districts = (current_user.district_id,) if policy.is_hr(current_user) else ()
    return _send(doc, fmt, f"{programme.name}-汇编"[:80], programme, districts)


@bp.route("/leave/<int:leave_id>/document.<any(docx, pdf):fmt>")
@login_required
def leave(leave_id: int, fmt: str):
    """请销假审批单 as DOCX or PDF, for whoever may see the leave."""
    stmt = load_leave(leave_id).options(
        selectinload(Leave.approvals).joinedload(LeaveApproval.decided_by),
        joinedload(Leave.posting).joinedload(Posting.cadre),
    )
    leave: Leave = load_allowed(stmt, None, policy.can_view_leave)
    doc = forms.leave_form(leave, leave_services.days_of(leave), leave_services.is_late(leave))
    name = f"{leave.posting.cadre.name}-请销假审批单-{leave.start_date.isoformat()}"
    return _send(doc, fmt, name, leave, _sides(leave.posting))


@bp.cli.command("font")
def font_command() -> None:
    """Say which Chinese font PDFs embed, or which package to install (exit 1 without one)."""
    import click

    try:
        path, index = pdf.find_font(current_app.config.get("PDF_FONT", ""))
    except FontMissing as error:
        click.echo(f"  PDF documents need a Chinese font: {error} (DOCX works without it)")
        raise SystemExit(1) from error
    click.echo(f"  PDF font: {path} ({index})")
