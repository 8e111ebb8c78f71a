"""Report compliance only from the day a programme required reports (the 2020 round: none)."""

import csv
import io
from datetime import date

import sqlalchemy as sa

from exchange.auth.models import User
from exchange.extensions import db
from exchange.programmes.models import Programme
from exchange.reports.schedule import build_schedule
from exchange.rosters.filters import RosterFilter
from exchange.rosters.queries import iter_roster


def test_reports_due_before_the_required_from_date_are_not_expected():
    everything = build_schedule(1, date(2026, 6, 1), date(2026, 12, 31), 1, [], date(2026, 9, 2))
    assert everything.missing == 3  # due 07-01, 08-01, 09-01
    later = build_schedule(
        1, date(2026, 6, 1), date(2026, 12, 31), 1, [], date(2026, 9, 2), date(2026, 8, 1)
    )
    assert later.missing == 2 and later.due == 2
    never = build_schedule(
        1, date(2026, 6, 1), date(2026, 12, 31), 1, [], date(2027, 3, 1), date(2028, 1, 1)
    )
    assert never.items == () and never.rate_percent is None


def test_the_roster_shows_no_compliance_where_no_report_was_required(client, auth, world, app):
    with app.app_context():
        db.session.get(Programme, world.programme).reports_required_from = date(2027, 1, 1)
        db.session.commit()
    auth.login("leader")
    page = client.get("/roster?q=张想").get_data(as_text=True)
    assert "缺交" not in page and ">0%<" not in page
    text = client.get("/roster/export.csv?q=张想").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "张想" and rows[1][-1] == ""


def test_the_demos_2020_round_shows_no_invented_missing_reports(app, runner):
    app.config["TODAY"] = date(2026, 11, 26)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        leader = db.session.scalar(sa.select(User).where(User.username == "leader"))
        rows = {
            row.cadre_name: row
            for row in iter_roster(db.session, leader, RosterFilter(as_of_date=date(2020, 12, 1)))
        }
        assert {"张想", "丁曌"} <= set(rows)
        for name in ("张想", "丁曌"):
            assert rows[name].status == "active", name
            assert rows[name].left_days > 0
            compliance = rows[name].compliance
            assert compliance.missing == 0 and compliance.rate_percent is None
        today = {r.cadre_name: r for r in iter_roster(db.session, leader, RosterFilter())}
        assert today["张想"].compliance.rate_percent is None
