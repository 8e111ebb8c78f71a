"""The marshmallow schemas that validate requests and shape responses; the OpenAPI
document (``/api/v1/openapi.json``) is generated from them, so it cannot drift."""

import marshmallow as ma
from marshmallow import fields as f
from marshmallow import validate as v

from exchange.api.paging import MAX_LIMIT
from exchange.postings.models import EndCategory, PostingStatus, TermChangeStatus


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


# Errors ---------------------------------------------------------------------------------


class FieldErrorSchema(ma.Schema):
    code = f.String(required=True)
    message = f.String(required=True)


class ErrorBodySchema(ma.Schema):
    code = f.String(required=True, metadata={"description": "A stable code (docs/refusals.md)"})
    message = f.String(required=True)
    field_errors = f.Dict(
        keys=f.String(),
        values=f.List(f.Nested(FieldErrorSchema)),
        required=True,
        data_key="fields",
        metadata={"description": "The reasons that name a field, by field"},
    )


class ErrorSchema(ma.Schema):
    error = f.Nested(ErrorBodySchema, required=True)


# Lists ----------------------------------------------------------------------------------


class PageArgs(Strict):
    cursor = f.String(validate=v.Length(max=200), metadata={"description": "From next_cursor"})
    limit = f.Integer(validate=v.Range(1, MAX_LIMIT), load_default=50)


def page_of(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The schema of one page of ``item``s: ``{"items": [...], "next_cursor": ...}``."""
    return type(
        name,
        (ma.Schema,),
        {
            "items": f.List(f.Nested(item), required=True),
            "next_cursor": f.String(allow_none=True, required=True),
        },
    )


# Organisation ---------------------------------------------------------------------------


class DistrictSchema(ma.Schema):
    id = f.Integer(required=True)
    code = f.String(required=True)
    name = f.String(required=True)
    name_en = f.String(required=True)
    province = f.String(required=True)


class DepartmentSchema(ma.Schema):
    id = f.Integer(required=True)
    district_id = f.Integer(required=True)
    parent_id = f.Integer(allow_none=True, required=True)
    name = f.String(required=True)
    name_en = f.String(required=True)


class DepartmentArgs(PageArgs):
    district = f.Integer(validate=v.Range(1, 2**31 - 1))


class CadreSchema(ma.Schema):
    """Who the cadre is and where they come from; contact details stay on the pages."""

    id = f.Integer(required=True)
    name = f.String(required=True)
    name_pinyin = f.String(required=True)
    gender = f.String(allow_none=True, required=True)
    home_department_id = f.Integer(required=True)
    home_position = f.String(required=True)
    rank = f.String(required=True)
    version = f.Integer(required=True)


class QuotaSchema(ma.Schema):
    home_district_id = f.Integer(required=True)
    host_district_id = f.Integer(required=True)
    max_postings = f.Integer(required=True)


class RuleSchema(ma.Schema):
    kind = f.String(required=True)
    value = f.Integer(required=True)
    source = f.String(required=True)


class ProgrammeChangeSchema(ma.Schema):
    """A change request of a programme (or a draft's creation request): old → new per field."""

    id = f.Integer(required=True)
    status = f.String(required=True)
    proposer_district_id = f.Integer(required=True)
    proposed_at = f.DateTime(required=True)
    reason = f.String(required=True)
    changes = f.Dict(required=True, metadata={"description": "field → [old, new]"})
    party_ids = f.List(f.Integer(), required=True)
    awaiting_ids = f.List(f.Integer(), required=True)
    decided_at = f.DateTime(allow_none=True, required=True)
    decision_reason = f.String(required=True)
    version = f.Integer(required=True)


class ProgrammeSchema(ma.Schema):
    id = f.Integer(required=True)
    name = f.String(required=True)
    description = f.String(required=True)
    agreement_date = f.Date(allow_none=True, required=True)
    start_date = f.Date(required=True)
    end_date = f.Date(required=True)
    standard_term_months = f.Integer(required=True)
    report_cadence_months = f.Integer(required=True)
    district_ids = f.Pluck(DistrictSchema, "id", many=True, attribute="districts", required=True)
    quotas = f.List(f.Nested(QuotaSchema), required=True)
    rules = f.List(f.Nested(RuleSchema), attribute="term_rules", required=True)
    is_draft = f.Boolean(required=True)
    change_requests = f.List(f.Nested(ProgrammeChangeSchema), required=True)
    version = f.Integer(required=True)


# Postings -------------------------------------------------------------------------------


class ExtensionSchema(ma.Schema):
    id = f.Integer(required=True)
    previous_planned_end_date = f.Date(required=True)
    new_planned_end_date = f.Date(required=True)
    reason = f.String(required=True)
    created_at = f.DateTime(required=True)


class AppraisalSchema(ma.Schema):
    id = f.Integer(required=True)
    kind = f.String(required=True)
    year = f.Integer(allow_none=True, required=True)
    status = f.String(required=True)
    final_grade = f.String(allow_none=True, required=True)


class PostingSchema(ma.Schema):
    id = f.Integer(required=True)
    cadre_id = f.Integer(required=True)
    programme_id = f.Integer(required=True)
    home_district_id = f.Integer(required=True)
    home_department_id = f.Integer(required=True)
    home_position = f.String(required=True)
    host_district_id = f.Integer(required=True)
    host_department_id = f.Integer(required=True)
    host_position = f.String(required=True)
    portfolio = f.String(required=True)
    start_date = f.Date(required=True)
    planned_end_date = f.Date(required=True)
    actual_end_date = f.Date(allow_none=True, required=True)
    status = f.String(required=True, validate=v.OneOf([s.value for s in PostingStatus]))
    version = f.Integer(required=True)
    actions = f.List(
        f.String(),
        required=True,
        metadata={"description": "The actions the token's user may take now"},
    )


class TermChangeSchema(ma.Schema):
    """A change of the term (延期, 提前结束, 召回) one side asked for; the other side consents."""

    id = f.Integer(required=True)
    posting_id = f.Integer(required=True)
    kind = f.String(required=True, metadata={"description": "extension, early_end or recall"})
    side = f.String(required=True, metadata={"description": "Who asked: home, host or admin"})
    status = f.String(required=True, validate=v.OneOf([s.value for s in TermChangeStatus]))
    previous_end_date = f.Date(
        required=True, metadata={"description": "The planned end when asked"}
    )
    new_end_date = f.Date(
        required=True,
        metadata={"description": "extension: the new planned end; otherwise the last day"},
    )
    category = f.String(allow_none=True, required=True)
    reason = f.String(required=True)
    decision_reason = f.String(required=True)
    requested_at = f.DateTime(required=True)
    decided_at = f.DateTime(allow_none=True, required=True)
    applied_at = f.DateTime(allow_none=True, required=True)
    version = f.Integer(required=True)
    actions = f.List(
        f.String(),
        required=True,
        metadata={"description": "What the token's user may do now: agree, decline, withdraw"},
    )


class PostingDetailSchema(PostingSchema):
    extensions = f.List(f.Nested(ExtensionSchema), required=True)
    appraisals = f.List(f.Nested(AppraisalSchema), required=True)
    term_changes = f.List(f.Nested(TermChangeSchema), required=True)


class PostingArgs(PageArgs):
    status = f.String(validate=v.OneOf([s.value for s in PostingStatus]))


class PostingActionBody(Strict):
    """The body of every posting action; each action reads the fields it needs."""

    version = f.Integer(
        validate=v.Range(1, 2**31 - 1),
        metadata={"description": "The version you read (or send If-Match with the ETag)"},
    )
    reason = f.String(validate=v.Length(max=2000), load_default="")
    new_end_date = f.Date(metadata={"description": "extend: the new planned end"})
    end_date = f.Date(metadata={"description": "end-early: the last day"})
    category = f.String(
        validate=v.Length(max=32),
        metadata={
            "description": "end-early: why, one of " + ", ".join(c.value for c in EndCategory)
        },
    )
    kind = f.String(
        validate=v.OneOf(["early_end", "recall"]),
        load_default="early_end",
        metadata={"description": "end-early: early_end (提前结束) or recall (召回)"},
    )


def _not_blank(value: str) -> None:
    """What the page's DataRequired refuses: only spaces (reported as a missing value)."""
    if not value.strip():
        raise ma.ValidationError("Missing data for required field.")


class PostingProposalBody(Strict):
    """A proposal (拟派) by the cadre's home district, as the propose page takes it."""

    cadre_id = f.Integer(required=True, validate=v.Range(1, 2**31 - 1))
    programme_id = f.Integer(required=True, validate=v.Range(1, 2**31 - 1))
    home_department_id = f.Integer(required=True, validate=v.Range(1, 2**31 - 1))
    home_position = f.String(required=True, validate=[v.Length(max=120), _not_blank])
    host_department_id = f.Integer(required=True, validate=v.Range(1, 2**31 - 1))
    host_position = f.String(required=True, validate=[v.Length(max=120), _not_blank])
    start_date = f.Date(required=True)
    planned_end_date = f.Date(required=True)
    portfolio = f.String(load_default="", validate=v.Length(max=200))


# Reports --------------------------------------------------------------------------------


class CommentSchema(ma.Schema):
    id = f.Integer(required=True)
    author_id = f.Integer(required=True)
    kind = f.String(required=True)
    body = f.String(required=True)
    created_at = f.DateTime(required=True)


class ReportSchema(ma.Schema):
    id = f.Integer(required=True)
    posting_id = f.Integer(required=True)
    author_id = f.Integer(required=True)
    parent_id = f.Integer(allow_none=True, required=True)
    kind = f.String(required=True)
    title = f.String(required=True)
    report_date = f.Date(required=True)
    period_start_date = f.Date(allow_none=True, required=True)
    period_end_date = f.Date(allow_none=True, required=True)
    tags = f.String(required=True)
    status = f.String(required=True)
    submitted_at = f.DateTime(allow_none=True, required=True)
    version = f.Integer(required=True)


class ReportDetailSchema(ReportSchema):
    body = f.String(required=True, metadata={"description": "Markdown"})
    comments = f.List(f.Nested(CommentSchema), required=True)


class ReportArgs(PageArgs):
    q = f.String(validate=v.Length(max=200), metadata={"description": "Words to search for"})


class CommentBody(Strict):
    version = f.Integer(
        validate=v.Range(1, 2**31 - 1),
        metadata={"description": "The report's version you read (or send If-Match)"},
    )
    kind = f.String(
        load_default="comment",
        validate=v.OneOf(["comment", "remark"]),
        metadata={"description": "comment (点评) or remark (批示, leadership)"},
    )
    body = f.String(required=True, validate=v.Length(max=20000))


class VersionBody(Strict):
    version = f.Integer(
        validate=v.Range(1, 2**31 - 1),
        metadata={"description": "The version you read (or send If-Match with the ETag)"},
    )


class AgreeBody(VersionBody):
    note = f.String(
        load_default="",
        validate=v.Length(max=2000),
        metadata={"description": "Optional; required when the admin decides for a side"},
    )


class ReasonBody(VersionBody):
    reason = f.String(load_default="", validate=v.Length(max=2000))


def _report_fields(required: bool) -> dict:
    """A report's fields as the editor has them; a new report needs the first four (an edit, none)."""
    return {
        "kind": f.String(
            validate=v.Length(1, 24),
            metadata={
                "description": "monthly (月度报告), reflection (心得体会) or final (挂职总结)"
            },
            required=required,
        ),
        "title": f.String(validate=v.Length(max=2000), required=required),
        "report_date": f.Date(required=required),
        "body": f.String(
            validate=v.Length(max=100_000), metadata={"description": "Markdown"}, required=required
        ),
        "period_start_date": f.Date(allow_none=True),
        "period_end_date": f.Date(allow_none=True),
        "tags": f.String(validate=v.Length(max=2000), metadata={"description": "Comma-separated"}),
    }


ReportCreateBody = Strict.from_dict(
    {"posting_id": f.Integer(required=True, validate=v.Range(1, 2**31 - 1))} | _report_fields(True),
    name="ReportCreateBody",
)
ReportVersionBody = Strict.from_dict(
    {
        "version": f.Integer(
            validate=v.Range(1, 2**31 - 1),
            metadata={"description": "The submitted report's version you read (or If-Match)"},
        )
    }
    | _report_fields(True),
    name="ReportVersionBody",
)
ReportEditBody = Strict.from_dict(
    {
        "version": f.Integer(
            validate=v.Range(1, 2**31 - 1),
            metadata={"description": "The version you read (or send If-Match with the ETag)"},
        )
    }
    | _report_fields(False),
    name="ReportEditBody",
)

# Leave, attendance, notifications ----------------------------------------------------------


class LeaveApprovalSchema(ma.Schema):
    step = f.Integer(required=True)
    side = f.String(required=True)
    decision = f.String(required=True)
    reason = f.String(required=True)
    decided_at = f.DateTime(allow_none=True, required=True)


class LeaveSchema(ma.Schema):
    id = f.Integer(required=True)
    posting_id = f.Integer(required=True)
    kind = f.String(required=True)
    start_date = f.Date(required=True)
    start_half = f.Boolean(required=True)
    end_date = f.Date(required=True)
    end_half = f.Boolean(required=True)
    reason = f.String(required=True)
    status = f.String(required=True)
    returned_date = f.Date(allow_none=True, required=True)
    version = f.Integer(required=True)
    approvals = f.List(f.Nested(LeaveApprovalSchema), required=True)


class LeaveRequestBody(Strict):
    kind = f.String(required=True, validate=v.Length(1, 24))
    start_date = f.Date(required=True)
    end_date = f.Date(required=True)
    reason = f.String(load_default="", validate=v.Length(max=2000))
    start_half = f.Boolean(load_default=False)
    end_half = f.Boolean(load_default=False)


class LeaveDecisionBody(VersionBody):
    reason = f.String(load_default="", validate=v.Length(max=2000))


class AttendanceSchema(ma.Schema):
    id = f.Integer(required=True)
    posting_id = f.Integer(required=True)
    month = f.Date(required=True)
    days_on_site = f.Decimal(as_string=True, required=True)
    days_on_leave = f.Decimal(as_string=True, required=True)
    days_travel = f.Decimal(as_string=True, required=True)
    days_absent = f.Decimal(as_string=True, required=True)
    note = f.String(required=True)
    status = f.String(required=True)
    submitted_at = f.DateTime(allow_none=True, required=True)
    version = f.Integer(required=True)


class NotificationSchema(ma.Schema):
    id = f.Integer(required=True)
    message = f.String(required=True)
    link = f.String(required=True)
    created_at = f.DateTime(required=True)
    read_at = f.DateTime(allow_none=True, required=True)


# The roster -------------------------------------------------------------------------------


class RosterArgs(Strict):
    """The roster page's own query arguments (exchange/rosters/filters.py)."""

    district = f.String(validate=v.Length(max=20))
    district_role = f.String(validate=v.Length(max=20))
    direction = f.String(validate=v.Length(max=20))
    department = f.String(validate=v.Length(max=20))
    programme = f.String(validate=v.Length(max=20))
    status = f.String(validate=v.Length(max=20))
    as_of = f.String(validate=v.Length(max=20), metadata={"description": "YYYY-MM-DD"})
    q = f.String(validate=v.Length(max=200))
    sort = f.String(validate=v.Length(max=20))
    order = f.String(validate=v.OneOf(["asc", "desc"]))
    cursor = f.String(validate=v.Length(max=400))
    count = f.String(
        validate=v.OneOf(["exact"]),
        metadata={"description": "exact: count every matching row (else up to 1,000)"},
    )


class RosterRowSchema(ma.Schema):
    posting_id = f.Integer(required=True)
    cadre_name = f.String(required=True)
    home_district = f.String(required=True)
    home_department = f.String(required=True)
    home_position = f.String(required=True)
    host_district = f.String(required=True)
    host_department = f.String(required=True)
    host_position = f.String(required=True)
    programme = f.String(required=True)
    start_date = f.Date(required=True)
    planned_end_date = f.Date(required=True)
    actual_end_date = f.Date(allow_none=True, required=True)
    end_date = f.Date(required=True)
    status = f.String(required=True)
    served_days = f.Integer(required=True)
    left_days = f.Integer(required=True)


class RosterSchema(ma.Schema):
    items = f.List(f.Nested(RosterRowSchema), required=True)
    next_cursor = f.String(allow_none=True, required=True)
    previous_cursor = f.String(allow_none=True, required=True)
    total = f.Integer(
        required=True,
        metadata={"description": "matching rows; at least this many when total_exact is false"},
    )
    total_exact = f.Boolean(required=True)
