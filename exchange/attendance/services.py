"""The rules of attendance sheets: one per posting and month, days that fit the month,
written and submitted by host HR; the home side is told when one is submitted."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from exchange import clock, policy
from exchange.attendance.models import AttendanceSheet, SheetStatus
from exchange.attendance.schedule import month_end, month_start
from exchange.audit.services import changes_of, record
from exchange.db import utcnow
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.notifications import handover
from exchange.postings.models import Posting

NOTE_MAX = 2000
FIELDS = ("days_on_site", "days_on_leave", "days_travel", "days_absent")


@dataclass(frozen=True)
class SheetData:
    month: date | None
    days_on_site: Decimal | None
    days_on_leave: Decimal | None
    days_travel: Decimal | None
    days_absent: Decimal | None
    note: str = ""


def _districts(posting: Posting) -> tuple:
    return (posting.home_district_id, posting.host_district_id)


def _month_reasons(posting: Posting, month: date | None) -> list:
    if month is None:
        return [("month", "required", _l("Choose the month."))]
    if not (month_start(posting.start_date) <= month <= posting.end_date):
        return [("month", "outside_posting", _l("The posting does not run in that month."))]
    if month > clock.today():
        return [("month", "future_month", _l("That month has not begun."))]
    return []


def _days_reasons(data: SheetData) -> tuple[list, Decimal]:
    """Reasons against the day counts, and their total."""
    reasons, total = [], Decimal(0)
    for name in FIELDS:
        value = getattr(data, name)
        if value is None:
            reasons.append((name, "required", _l("Give a number of days (0 if none).")))
        elif value < 0 or (value * 2) % 1:
            reasons.append((name, "invalid_days", _l("Whole or half days, not negative.")))
        else:
            total += value
    return reasons, total


def _exceeds_month(posting: Posting, month: date, total: Decimal) -> list:
    first, last = max(month, posting.start_date), min(month_end(month), posting.end_date)
    span = (last - first).days + 1
    if total <= span:
        return []
    message = _l(
        "The days add up to %(total)s, more than the %(n)d days the posting runs in this month.",
        total=str(total),
        n=span,
    )
    return [("days_on_site", "exceeds_month", message)]


def _duplicate(posting: Posting, month: date, sheet: AttendanceSheet | None) -> list:
    if sheet is not None and sheet.month == month:
        return []
    other = db.session.scalar(
        sa.select(AttendanceSheet.id).where(
            AttendanceSheet.posting_id == posting.id, AttendanceSheet.month == month
        )
    )
    if other is None:
        return []
    message = _l("There is already a sheet for %(month)s.", month=format_date(month, "yyyy-MM"))
    return [("month", "duplicate_month", message)]


def _validate(posting: Posting, data: SheetData, sheet: AttendanceSheet | None) -> date:
    month = month_start(data.month) if data.month else None
    reasons = _month_reasons(posting, month)
    day_reasons, total = _days_reasons(data)
    reasons += day_reasons
    if month is not None and not reasons:
        reasons += _exceeds_month(posting, month, total)
    if month is not None:
        reasons += _duplicate(posting, month, sheet)
    if len(data.note or "") > NOTE_MAX:
        reasons.append(("note", "too_long", _l("At most %(n)d characters.", n=NOTE_MAX)))
    if reasons or month is None:
        raise DomainError(reasons)
    return month


def _apply(sheet: AttendanceSheet, data: SheetData, month: date) -> None:
    sheet.month = month
    for name in FIELDS:
        setattr(sheet, name, getattr(data, name))
    sheet.note = (data.note or "").strip()


def _submit(sheet: AttendanceSheet, actor) -> None:
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = utcnow()
    sheet.submitted_by_id = actor.id


def _tell_home(sheet: AttendanceSheet) -> None:
    posting = sheet.posting
    handover.notify_hr(
        posting,
        f"attendance.submitted:{sheet.id}",
        _l(
            "%(name)s's attendance sheet for %(month)s was submitted by the host side.",
            name=posting.cadre.name,
            month=format_date(sheet.month, "yyyy-MM"),
        ),
        ("attendance.detail", {"sheet_id": sheet.id}),
        sides=("home",),
    )


def create_sheet(posting: Posting, actor, data: SheetData, submit: bool = False) -> AttendanceSheet:
    """Host HR writes a month's sheet (a draft, or submitted at once)."""
    if not policy.can_write_attendance(actor, posting):
        raise NotAllowed(_l("Only the host side writes attendance sheets."))
    month = _validate(posting, data, None)
    sheet = AttendanceSheet(posting=posting, status=SheetStatus.DRAFT)
    _apply(sheet, data, month)
    if submit:
        _submit(sheet, actor)
    db.session.add(sheet)
    changes = changes_of(sheet)
    db.session.flush()
    record(
        "attendance.submit" if submit else "attendance.create",
        sheet,
        actor=actor,
        changes=changes,
        summary=f"{posting.cadre} {month.isoformat()[:7]}",
        districts=_districts(posting),
    )
    if submit:
        _tell_home(sheet)
    return sheet


def update_sheet(
    sheet: AttendanceSheet,
    actor,
    data: SheetData,
    expected_version: int | None,
    submit: bool = False,
) -> AttendanceSheet:
    """Change a draft (and maybe submit it); a submitted sheet is final."""
    if not policy.can_edit_attendance(actor, sheet):
        raise NotAllowed(_l("A submitted sheet is final; only the host side edits drafts."))
    if expected_version is None or expected_version != sheet.version:
        raise ConflictError(
            [("version", "stale", _l("This sheet was changed meanwhile. Reload it and try again."))]
        )
    month = _validate(sheet.posting, data, sheet)
    _apply(sheet, data, month)
    if submit:
        _submit(sheet, actor)
    changes = changes_of(sheet)
    db.session.flush()
    record(
        "attendance.submit" if submit else "attendance.update",
        sheet,
        actor=actor,
        changes=changes,
        summary=f"{sheet.posting.cadre} {month.isoformat()[:7]}",
        districts=_districts(sheet.posting),
    )
    if submit:
        _tell_home(sheet)
    return sheet
