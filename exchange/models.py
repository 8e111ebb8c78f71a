"""Every model, imported in one place so that mappers and Alembic see the whole schema."""

from exchange.api.models import ApiToken, TokenScope
from exchange.appraisals.models import AnnualResult, Appraisal, AppraisalVersion, Grade
from exchange.attachments.models import Attachment, AttachmentKind
from exchange.attendance.models import AttendanceRule, AttendanceSheet
from exchange.audit.models import AuditEvent
from exchange.auth.models import Role, User
from exchange.cadres.models import Cadre, PoliticalStatus
from exchange.imports.models import ImportKind, ImportRun, ImportStatus
from exchange.leave.models import Leave, LeaveApproval, LeaveTier
from exchange.notifications.models import Delivery, DistrictWebhook, Notification
from exchange.org.models import Department, District
from exchange.postings.models import (
    Extension,
    Posting,
    PostingStatus,
    TermChangeRequest,
)
from exchange.programmes.models import Programme, Quota, TermRule, TermRuleKind
from exchange.reports.models import (
    Comment,
    CommentKind,
    ReflectionLog,
    ReportKind,
    ReportStatus,
)
from exchange.talks.models import Talk, TalkRule
from exchange.workdays.models import CalendarDay

__all__ = [
    "ApiToken",
    "TokenScope",
    "AttendanceRule",
    "AttendanceSheet",
    "CalendarDay",
    "Delivery",
    "DistrictWebhook",
    "Leave",
    "LeaveApproval",
    "LeaveTier",
    "Talk",
    "TalkRule",
    "AnnualResult",
    "Appraisal",
    "AppraisalVersion",
    "Attachment",
    "AttachmentKind",
    "ImportKind",
    "ImportRun",
    "ImportStatus",
    "AuditEvent",
    "Cadre",
    "Comment",
    "CommentKind",
    "Department",
    "District",
    "Extension",
    "Grade",
    "Notification",
    "PoliticalStatus",
    "Posting",
    "PostingStatus",
    "Programme",
    "Quota",
    "ReflectionLog",
    "ReportKind",
    "ReportStatus",
    "Role",
    "TermChangeRequest",
    "TermRule",
    "TermRuleKind",
    "User",
]
