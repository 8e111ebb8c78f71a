"""``db.plain_batches`` reads many rows as the driver's tuples; with ``driver_day`` on
the dates, every value is the one SQLAlchemy's own rows give, on SQLite and PostgreSQL."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.db import driver_day, plain_batches
from exchange.extensions import db
from exchange.ops.benchdata import generate
from exchange.postings.models import Posting
from exchange.reports.models import FiledPeriods

DATES = (2, 4, 5, 7)  # the statement's date columns, some of them None


def _statement():
    return (
        sa.select(
            Posting.id,
            Cadre.name,
            Cadre.birth_month,
            Posting.status,
            Posting.start_date,
            Posting.actual_end_date,
            FiledPeriods.periods,
            FiledPeriods.final_submitted,
        )
        .join(Cadre, Cadre.id == Posting.cadre_id)
        .outerjoin(FiledPeriods, FiledPeriods.posting_id == Posting.id)
        .order_by(Posting.id)
    )


def test_plain_rows_hold_sqlalchemys_values(app):
    with app.app_context():
        generate(0.001, password="x" * 12)
        stmt = _statement()
        expected = [tuple(row) for row in db.session.execute(stmt)]
        connection = db.session.connection()
        day = driver_day(connection)
        batches = list(plain_batches(connection, stmt, 7))
        read = []
        for batch in batches:
            for row in batch:
                row = list(row)
                if day is not None:
                    for index in DATES:
                        row[index] = day(row[index])
                read.append(tuple(row))
    assert len(expected) > 50 and all(len(batch) <= 7 for batch in batches)
    assert read == expected
    for index in DATES:  # each date column has dates and Nones, or dates only
        assert any(isinstance(row[index], date) for row in read), index
    assert any(row[5] is None for row in read) and any(row[7] is None for row in read)


def test_a_column_it_cannot_convert_is_refused(app, world):
    with app.app_context():
        connection = db.session.connection()
        if connection.dialect.name != "sqlite":
            pytest.skip("PostgreSQL's rows are SQLAlchemy's own")
        stmt = sa.select(Posting.id, Posting.created_at)
        with pytest.raises(TypeError, match="created_at"):
            next(plain_batches(connection, stmt, 10))
