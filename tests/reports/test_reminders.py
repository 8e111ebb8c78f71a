"""Reminders of reports due soon or overdue: which, to whom (through notifications)."""

from datetime import date

from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports import reminders
from tests import factories as f


def test_overdue_and_due_soon_reports(app, world):
    with app.app_context():
        posting = db.session.get(Posting, world.p_zx)
        found = {r.key for r in reminders.reminders_for([posting], date(2026, 9, 1))}
        assert f"overdue:{posting.id}:2026-07-01" in found
        assert f"due:{posting.id}:2026-09-01" in found


def test_a_report_filed_clears_the_overdue_reminder(app, world):
    with app.app_context():
        posting = db.session.get(Posting, world.p_zx)
        f.create_report(posting, posting.cadre.user, kind="monthly", report_date=date(2026, 6, 20))
        found = {r.key for r in reminders.reminders_for([posting], date(2026, 9, 1))}
        assert f"overdue:{posting.id}:2026-07-01" not in found
        assert f"overdue:{posting.id}:2026-08-01" in found
