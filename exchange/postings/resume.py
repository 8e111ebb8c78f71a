"""A cadre's total time seconded (the résumé lines in the 任免审批表 form are exchange/documents/resume.py)."""

from exchange.postings.durations import inclusive_days
from exchange.postings.models import SERVED_STATUSES


def career_days_seconded(postings, as_of) -> int:
    """Days in post over all completed, ended and active postings, up to ``as_of``."""
    total = 0
    for p in postings:
        if p.status in SERVED_STATUSES:
            total += inclusive_days(p.start_date, min(as_of, p.end_date))
    return total
