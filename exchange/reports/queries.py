"""Read-side queries on reports, each choosing its own eager loading."""

import functools
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only, selectinload

from exchange import policy
from exchange.cadres.models import Cadre
from exchange.db import written
from exchange.org.models import District
from exchange.postings.models import Posting
from exchange.reports.models import Comment, ReflectionLog
from exchange.web.paging import Keyset

SEARCH_MAX_WORDS = 8
# Newest first, paged by keyset: with an index on (report_date, id) a page reads only its
# rows, whatever its depth.
REPORT_ORDER = Keyset(
    (ReflectionLog.report_date, ReflectionLog.id), ("date", "int"), descending=True
)


def like_pattern(word: str) -> str:
    """``%word%`` with the LIKE wildcards in ``word`` taken literally (escape ``\\``)."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


#: How many of the newest submitted reports an HR officer's list looks through first.
NEWEST = 5_000


def readable_reports(user, words: str = ""):
    """Reports ``user`` may read whose title or body holds every word of ``words``, newest
    first. An HR officer's are those of the district's postings, read by the postings and
    sorted (``newest_readable_reports`` finds a page sooner where it can)."""
    return _readable(user, words, policy.report_scope(user)).order_by(*REPORT_ORDER.order())


def newest_readable_reports(user, words: str = ""):
    """``readable_reports`` among the ``NEWEST`` submitted reports of the region, each
    tested for the district (``policy.posting_scope_in_order``): at most that many
    are read, however many the district or the region holds. The busiest district's list
    read and sorted its 40,000 reports for a page (18.8 ms at 1,000,000); in the newest
    5,000 it finds some 400, and a page in 1.6 ms. A district with fewer among them, or a
    page further back, is read from its postings (``keyset_page``'s ``first_try``): looking
    for a new district's first report through the whole region took 1.9 s."""
    # The day of the NEWEST-th newest submitted report (from the date index alone, which
    # holds the status): the list is read
    # by date from the newest back to that day, and stops at its page.
    oldest_day = (
        sa.select(ReflectionLog.report_date)
        .where(ReflectionLog.status == "submitted")
        .order_by(*REPORT_ORDER.order())
        .offset(written(NEWEST - 1))
        .limit(written(1))
        .scalar_subquery()
    )
    # Each report's posting (joined by its key) tested for the district: PostgreSQL
    # compared each report with every posting of a list of the district's (300 ms a page).
    scope = sa.and_(
        ReflectionLog.status == "submitted", policy.posting_scope_in_order(user, Posting)
    )
    return (
        _readable(user, words, scope)
        .where(ReflectionLog.report_date >= sa.func.coalesce(oldest_day, date.min))
        .order_by(*REPORT_ORDER.order())
    )


def _readable(user, words: str, scope):
    stmt = (
        sa.select(ReflectionLog)
        .join(Posting, ReflectionLog.posting_id == Posting.id)
        .where(scope)
        .options(
            joinedload(ReflectionLog.posting).joinedload(Posting.cadre),
            joinedload(ReflectionLog.posting).joinedload(Posting.host_district),
        )
    )
    for word in (words or "").split()[:SEARCH_MAX_WORDS]:
        pattern = like_pattern(word)
        stmt = stmt.where(
            sa.or_(
                ReflectionLog.title.ilike(pattern, escape="\\"),
                ReflectionLog.body.ilike(pattern, escape="\\"),
                sa.exists().where(
                    Cadre.id == Posting.cadre_id, Cadre.name.ilike(pattern, escape="\\")
                ),
            )
        )
    return stmt


#: The columns the report list shows (and its cursor reads), with ``readable_reports``:
#: no more goes through the sort. An HR officer's list sorts the district's reports, and
#: with their bodies and every column of their postings, cadres and authors, 20,000
#: reports made a page 73 ms of SQLite's time.
LISTED = (
    load_only(
        ReflectionLog.id,
        ReflectionLog.posting_id,
        ReflectionLog.kind,
        ReflectionLog.title,
        ReflectionLog.report_date,
        ReflectionLog.status,
        ReflectionLog.version,
    ),
    joinedload(ReflectionLog.posting).load_only(
        Posting.id, Posting.cadre_id, Posting.host_district_id
    ),
    joinedload(ReflectionLog.posting).joinedload(Posting.cadre).load_only(Cadre.id, Cadre.name),
    joinedload(ReflectionLog.posting)
    .joinedload(Posting.host_district)
    .load_only(District.id, District.name, District.name_en),
)


def counted_reports(user, words: str = ""):
    """The reports ``readable_reports`` lists, as the report list counts them (up to its
    cap): in no order, so from the side that finds them soonest. An HR officer's are read
    by their district's postings (a count that tested the region's reports in turn took
    13 ms to reach its cap for the busiest district).

    For readers of submitted reports only, "submitted at some time" too, which the status
    implies (a check constraint): the count then starts at the first submission in
    ``ix_reflection_log_submitted``, past the drafts, tens of thousands in a region
    (at 1,000,000 reports, 1.6 → 0.7 ms on SQLite). An official's list holds their own
    drafts: unchanged."""
    stmt = _readable(user, words, policy.report_scope(user))
    if policy.is_cadre(user):
        return stmt
    return stmt.where(ReflectionLog.submitted_at.is_not(None))


def load_report(report_id: int):
    """The report with what its page shows: a statement built once, given the id."""
    return _report_page().params(report_id=report_id)


@functools.cache
def _report_page():
    return (
        sa.select(ReflectionLog)
        .where(ReflectionLog.id == sa.bindparam("report_id"))
        .options(
            joinedload(ReflectionLog.posting).joinedload(Posting.cadre),
            joinedload(ReflectionLog.posting).joinedload(Posting.home_district),
            joinedload(ReflectionLog.posting).joinedload(Posting.host_district),
            joinedload(ReflectionLog.author),
            selectinload(ReflectionLog.comments).joinedload(Comment.author),
        )
    )


def reports_of_author(user):
    return (
        sa.select(ReflectionLog)
        .where(ReflectionLog.author_id == user.id)
        .options(joinedload(ReflectionLog.posting))
        .order_by(ReflectionLog.report_date.desc(), ReflectionLog.id.desc())
    )
