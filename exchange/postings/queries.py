"""Read-side queries on postings, each choosing its own eager loading."""

import functools

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from exchange import policy
from exchange.auth.models import Role, User
from exchange.cadres.models import Cadre
from exchange.db import written
from exchange.extensions import db
from exchange.postings.models import HOLDING_STATUSES, Posting, TermChangeRequest
from exchange.web.paging import Keyset

# The lists' order, newest first, paged by keyset: with an index on (start_date, id) a page
# reads only its rows.
POSTING_ORDER = Keyset((Posting.start_date, Posting.id), ("date", "int"), descending=True)


def _with_parts(stmt):
    return stmt.options(
        joinedload(Posting.cadre),
        joinedload(Posting.home_department),
        joinedload(Posting.host_department),
        joinedload(Posting.home_district),
        joinedload(Posting.host_district),
        selectinload(Posting.extensions),
    )


def visible_postings(user, *where, order_by=None, scope=None):
    """Postings ``user`` may see, with what a list shows loaded up front (``scope``: the
    user's scope in another form, ``policy.posting_scope_in_order``)."""
    scope = policy.posting_scope(user) if scope is None else scope
    stmt = _with_parts(sa.select(Posting).where(scope, *where))
    return stmt.order_by(*(order_by or POSTING_ORDER.order()))


#: How many postings, newest first from the page on, an HR officer's lists look through
#: first for their page.
FIRST_LOOK = 5_000


def side_first_try(user, side, conditions: list, cursor=None):
    """The postings of ``user``'s district on ``side`` (its home or host district column)
    that meet ``conditions``, among the next ``FIRST_LOOK`` postings of the region newest
    first (from ``cursor``), each tested for the district (``+ 0``: not read by the
    district's index): a page stops at its rows. ``keyset_page``'s ``first_try``: the
    district's postings, read by its index and sorted, when these do not fill the page
    (reading and sorting the busiest district's 2,000 postings of a side took 6 ms a list,
    against 0.1–0.4 ms)."""
    newest = sa.select(Posting.start_date).order_by(*POSTING_ORDER.order())
    if cursor and not cursor.before:
        newest = newest.where(POSTING_ORDER.after(cursor.values, False))
    last = newest.offset(written(FIRST_LOOK - 1)).limit(written(1)).scalar_subquery()
    return visible_postings(
        user,
        side + 0 == user.district_id,
        *conditions,
        Posting.start_date >= sa.func.coalesce(last, Posting.start_date),
        scope=policy.posting_scope_in_order(user),
    )


def outgoing_postings(user, district_id: int):
    return visible_postings(user, Posting.home_district_id == district_id)


def incoming_postings(user, district_id: int):
    return visible_postings(user, Posting.host_district_id == district_id)


def current_posting_of(cadre_id: int):
    """The cadre's one proposed, accepted or active posting, if any."""
    return _with_parts(
        sa.select(Posting).where(Posting.cadre_id == cadre_id, Posting.status.in_(HOLDING_STATUSES))
    ).order_by(Posting.start_date.desc())


def postings_of_cadre(cadre_id: int):
    return _with_parts(sa.select(Posting).where(Posting.cadre_id == cadre_id)).order_by(
        Posting.start_date
    )


def load_posting(posting_id: int):
    """The posting with what its page shows. The statement is built once and given the id
    (building its eight loaders anew, with their cache key, took 0.6 ms a page)."""
    return _posting_page().params(posting_id=posting_id)


@functools.cache
def _posting_page():
    return _with_parts(sa.select(Posting).where(Posting.id == sa.bindparam("posting_id"))).options(
        joinedload(Posting.cadre).joinedload(Cadre.home_department),
        joinedload(Posting.programme),
        selectinload(Posting.term_changes).options(
            joinedload(TermChangeRequest.requested_by), joinedload(TermChangeRequest.decided_by)
        ),
    )


def people_of(postings) -> dict[int, list[User]]:
    """Posting id → whom it concerns: the official and the HR officers of both districts
    (active accounts only). One query for all of ``postings``."""
    district_ids = {p.home_district_id for p in postings} | {p.host_district_id for p in postings}
    users = db.session.scalars(
        sa.select(User).where(
            User.active.is_(True),
            sa.or_(
                sa.and_(User.role == Role.HR, User.district_id.in_(district_ids)),
                sa.and_(User.role == Role.CADRE, User.cadre_id.in_({p.cadre_id for p in postings})),
            ),
        )
    ).all()
    return {
        posting.id: [
            user
            for user in users
            if (user.role == Role.CADRE and user.cadre_id == posting.cadre_id)
            or (
                user.role == Role.HR
                and user.district_id in (posting.home_district_id, posting.host_district_id)
            )
        ]
        for posting in postings
    }
