"""The exports read today's roster as plain rows, named from lookups and counted in one
pass; every value must be the one the roster's own rows give (``iter_roster``), for every
sort, filter, user and language, and on the roster of a past day."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from exchange import clock
from exchange.auth.models import Role, User
from exchange.extensions import db
from exchange.ops.benchdata import generate
from exchange.org.models import Department, District
from exchange.programmes.models import Programme
from exchange.rosters.filters import SORT_KEYS, RosterFilter
from exchange.rosters.queries import _exported, export_rows, iter_roster
from tests import factories as f

SCALE = 0.002


@pytest.fixture
def region(app):
    with app.app_context():
        generate(SCALE, password=f.PASSWORD)
        # Programmes that asked for reports only from a day inside their terms; English
        # names for some districts and departments.
        for programme in db.session.scalars(sa.select(Programme).order_by(Programme.id)).all()[::2]:
            programme.reports_required_from = programme.start_date + timedelta(days=200)
        for district in db.session.scalars(sa.select(District).order_by(District.id)).all()[::2]:
            district.name_en = f"District {district.id}"
        for department in db.session.scalars(sa.select(Department).limit(40)):
            department.name_en = f"Department {department.id}"
        db.session.commit()
    return app


def _users():
    return db.session.scalars(
        sa.select(User).where(User.role.in_((Role.ADMIN, Role.HR, Role.LEADER))).order_by(User.id)
    ).all()


def _same(user, filt: RosterFilter) -> int:
    exported = list(export_rows(db.session, user, filt))
    rows = [_exported(row) for row in iter_roster(db.session, user, filt)]
    assert exported == rows, (user.username, filt)
    return len(rows)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(SORT_KEYS))
def test_every_sort_exports_the_rosters_values(region, sort, descending):
    with region.test_request_context("/roster"):
        seen = sum(_same(user, RosterFilter(sort=sort, descending=descending)) for user in _users())
    assert seen > 100


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_filters_and_languages_export_the_rosters_values(region, locale):
    with region.test_request_context("/roster"), force_locale(locale):
        admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
        posting_district = db.session.scalar(sa.select(District.id).order_by(District.id))
        programme = db.session.scalar(sa.select(Programme.id).order_by(Programme.id))
        on = clock.today()
        filters = [
            RosterFilter(),
            RosterFilter(district_id=posting_district, sort="home_department"),
            RosterFilter(programme_id=programme, status="active"),
            RosterFilter(q="王"),
            RosterFilter(q="z", sort="cadre", descending=True),
            RosterFilter(counted=True, starts=(on - timedelta(days=800), on)),
            RosterFilter(ends=(on, on + timedelta(days=120)), sort="planned_end"),
        ]
        sizes = [_same(admin, filt) for filt in filters]
        assert all(sizes[:2]) and sizes[0] > sizes[1]
        if locale == "en":
            names = {row[4] for row in export_rows(db.session, admin, RosterFilter())}
            assert any(name.startswith("District ") for name in names)


@pytest.mark.parametrize("days", [-400, -30, 0])
def test_the_roster_of_a_past_day_exports_that_days_values(region, days):
    """A past day's export counts the reports submitted by then: its own path, whose rows
    are the roster's of that day."""
    with region.test_request_context("/roster"):
        admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
        on = clock.today() + timedelta(days=days)
        assert _same(admin, RosterFilter(as_of_date=on))


def test_compliance_and_days_are_each_postings_own(region):
    """Against each posting as its page works it out: days served and left from the
    posting, report compliance from its reports (not from the summaries)."""
    from exchange.postings.durations import posting_durations
    from exchange.postings.models import Posting
    from exchange.reports.counts import compliance_counts, filed_reports
    from exchange.reports.schedule import Span

    with region.test_request_context("/roster"):
        admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
        today = clock.today()
        rows = list(export_rows(db.session, admin, RosterFilter(status="active")))
        postings = db.session.scalars(
            sa.select(Posting)
            .where(Posting.status == "active")
            .order_by(Posting.start_date, Posting.id)
        ).all()
        assert len(rows) == len(postings) > 10
        filed = filed_reports([p.id for p in postings])
        due = 0
        for row, posting in zip(rows, postings, strict=True):
            durations = posting_durations(posting, today)
            assert (row[14], row[15]) == (durations.served_days, durations.left_days)
            span = Span(
                posting.id,
                posting.status,
                posting.start_date,
                posting.end_date,
                posting.programme.report_cadence_months,
                posting.programme.reports_required_from,
            )
            assert row[17] == compliance_counts(span, filed.get(posting.id, []), today)
            due += row[17].due > 0
        assert due
