"""Display labels of the domain's enumerations, in the user's language."""

from flask_babel import lazy_gettext as _l

LABELS = {
    "role": {
        "admin": _l("Administrator"),
        "hr": _l("HR officer"),
        "cadre": _l("Seconded official"),
        "leader": _l("Leadership"),
    },
    "posting_status": {
        "proposed": _l("Proposed"),
        "accepted": _l("Accepted"),
        "declined": _l("Declined"),
        "active": _l("In post"),
        "completed": _l("Completed"),
        "ended_early": _l("Ended early"),
        "cancelled": _l("Cancelled"),
    },
    "report_kind": {
        "monthly": _l("Monthly report"),
        "reflection": _l("Reflection"),
        "final": _l("Final summary"),
    },
    "report_status": {
        "draft": _l("Draft"),
        "submitted": _l("Submitted"),
    },
    "comment_kind": {
        "comment": _l("Comment"),
        "remark": _l("Leadership remark"),
    },
    "gender": {"M": _l("Male"), "F": _l("Female")},
}
