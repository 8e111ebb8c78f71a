"""What postings add to other pages: the HR home page's waiting and ending-soon lists."""

from datetime import timedelta

from exchange.clock import today
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus
from exchange.postings.queries import visible_postings
from exchange.web import sections


def ending_soon(user):
    """Active postings touching the officer's district that end in the next 30 days."""
    horizon = today() + timedelta(days=30)
    stmt = visible_postings(
        user,
        Posting.status == PostingStatus.ACTIVE,
        Posting.planned_end_date <= horizon,
        order_by=(Posting.planned_end_date, Posting.id),
    )
    return db.session.scalars(stmt).unique().all()


def waiting(user):
    """Proposals to the officer's district, waiting for its answer."""
    stmt = visible_postings(
        user,
        Posting.host_district_id == user.district_id,
        Posting.status == PostingStatus.PROPOSED,
    )
    return db.session.scalars(stmt).unique().all()


sections.add_home("hr", "postings/_home_waiting.html", waiting, order=10)
sections.add_home("hr", "postings/_home_ending.html", ending_soon, order=11)
