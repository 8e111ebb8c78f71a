"""Reminders of postings ending within 30 days (through notifications)."""

from datetime import date

from exchange.extensions import db
from exchange.postings import reminders
from exchange.postings.models import Posting


def test_postings_ending_within_30_days(app, world):
    with app.app_context():
        posting = db.session.get(Posting, world.p_dz)
        posting.planned_end_date = date(2026, 9, 25)
        db.session.flush()
        assert posting in reminders.ending_soon(date(2026, 9, 1))
        assert posting not in reminders.ending_soon(date(2026, 8, 20))
        assert reminders.send(date(2026, 9, 1)) > 0
        assert reminders.send(date(2026, 9, 1)) == 0  # once per posting and end date
