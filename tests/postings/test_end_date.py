"""A posting's end date: the actual end, else the planned one, alike in Python and in SQL."""

from datetime import date

import sqlalchemy as sa

from exchange.extensions import db
from exchange.postings.models import Posting
from tests import factories as f


def test_end_date_in_python_and_sql_agree(setup):
    running = f.create_posting(
        setup.cadre, setup.host, setup.programme, date(2027, 3, 1), date(2027, 8, 31), "active"
    )
    ended = f.create_posting(
        setup.cadre,
        setup.host,
        setup.programme,
        date(2025, 3, 1),
        date(2025, 8, 31),
        "ended_early",
        actual_end_date=date(2025, 6, 30),
    )
    assert (running.end_date, ended.end_date) == (date(2027, 8, 31), date(2025, 6, 30))
    in_sql = dict(
        db.session.execute(
            sa.select(Posting.id, Posting.end_date).where(Posting.id.in_([running.id, ended.id]))
        ).all()
    )
    assert in_sql == {running.id: running.end_date, ended.id: ended.end_date}
    ended_by_july = db.session.scalars(
        sa.select(Posting.id).where(
            Posting.id.in_([running.id, ended.id]), Posting.end_date < date(2025, 7, 1)
        )
    ).all()
    assert ended_by_july == [ended.id]
