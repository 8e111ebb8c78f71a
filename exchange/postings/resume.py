"""干部履历: the résumé lines a cadre's postings produce, as in the 干部任免审批表."""

from exchange.postings.durations import inclusive_days
from exchange.postings.models import SERVED_STATUSES, PostingStatus


def _ym(day) -> str:
    return f"{day.year}.{day.month:02d}"


def resume_line(posting) -> str:
    """``2020.09—2021.01 两江新区现代服务业局副局长（其间：2020.09—2021.01 挂职任…副主任）``.

    A posting still in progress has an open end (``2026.06—``), as the form writes it.
    """
    period = f"{_ym(posting.start_date)}—"
    if posting.status != PostingStatus.ACTIVE:
        period += _ym(posting.end_date)
    home = f"{posting.home_district.name}{posting.home_department.name}{posting.home_position}"
    host = f"{posting.host_district.name}{posting.host_department.name}{posting.host_position}"
    return f"{period} {home}（其间：{period} 挂职任{host}）"


def resume_lines(postings) -> list[str]:
    return [resume_line(p) for p in postings if p.status in SERVED_STATUSES]


def career_days_seconded(postings, as_of) -> int:
    """Days in post over all completed, ended and active postings, up to ``as_of``."""
    total = 0
    for p in postings:
        if p.status in SERVED_STATUSES:
            total += inclusive_days(p.start_date, min(as_of, p.end_date))
    return total
