"""Every model, imported in one place so that mappers and Alembic see the whole schema."""

from exchange.attachments.models import Attachment, AttachmentKind
from exchange.audit.models import AuditEvent
from exchange.auth.models import Role, User
from exchange.cadres.models import Cadre
from exchange.imports.models import ImportKind, ImportRun, ImportStatus
from exchange.notifications.models import Notification
from exchange.org.models import Department, District
from exchange.postings.models import (
    Evaluation,
    Extension,
    Grade,
    Posting,
    PostingStatus,
)
from exchange.programmes.models import Programme, Quota, TermRule, TermRuleKind
from exchange.reports.models import (
    Comment,
    CommentKind,
    ReflectionLog,
    ReportKind,
    ReportStatus,
)

__all__ = [
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
    "Evaluation",
    "Extension",
    "Grade",
    "Notification",
    "Posting",
    "PostingStatus",
    "Programme",
    "Quota",
    "ReflectionLog",
    "ReportKind",
    "ReportStatus",
    "Role",
    "TermRule",
    "TermRuleKind",
    "User",
]
