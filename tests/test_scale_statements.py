"""The main pages run as many SQL statements on 10,000 postings as on 1,000.

Two regions made by ``flask bench-data`` (scales 0.01 and 0.1), each in a SQLite file
of its own, built once for the module. Each user logs in and opens the home page once
(what a session loads once), then each page's statements are counted. A page whose
count grows with the data loads rows one by one (or batch by batch) somewhere.

"""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from exchange import clock
from exchange.attendance.models import AttendanceSheet
from exchange.extensions import db
from exchange.leave.models import Leave, LeaveApproval
from exchange.ops.benchdata import generate
from exchange.org.models import Department
from exchange.postings.models import Posting, TermChangeRequest
from exchange.reports.models import Comment, ReflectionLog
from tests import factories as f
from tests.conftest import make_app
from tests.queries import counting

pytestmark = pytest.mark.slow  # two regions of 1,000 and 10,000 postings, 46 requests

SCALES = (0.01, 0.1)
USERS = ("admin", "hr.liangjiang", "leader")
PAGES = (
    "/",
    "/roster",
    "/dashboard",
    "/postings",
    "/reports",
    "/cadres",
    "/audit",
    "/leave",
    "/attendance",
    "/talks",
    "/notifications",
    "posting",
    "report",
)
LIANGJIANG = 1  # the first district generated


def _touches_liangjiang():
    return sa.or_(Posting.home_district_id == LIANGJIANG, Posting.host_district_id == LIANGJIANG)


def _targets() -> dict[str, str]:
    """A posting and a report every user here may open, alike at both scales: the first
    running posting of 两江新区 with attendance sheets and without term changes, the first
    commented monthly report that has no other version."""
    posting = db.session.scalar(
        sa.select(sa.func.min(Posting.id)).where(
            Posting.status == "active",
            _touches_liangjiang(),
            sa.exists().where(AttendanceSheet.posting_id == Posting.id),
            ~sa.exists().where(TermChangeRequest.posting_id == Posting.id),
        )
    )
    revised = sa.orm.aliased(ReflectionLog)
    report = db.session.scalar(
        sa.select(sa.func.min(ReflectionLog.id))
        .join(Posting)
        .where(
            ReflectionLog.status == "submitted",
            ReflectionLog.kind == "monthly",
            _touches_liangjiang(),
            sa.exists().where(Comment.report_id == ReflectionLog.id),
            ~sa.exists().where(revised.parent_id == ReflectionLog.id),
        )
    )
    _leave_for_the_coordinator(posting)
    _under_way_both_ways()
    return {"posting": f"/postings/{posting}", "report": f"/reports/{report}"}


def _under_way_both_ways() -> None:
    """At least one posting under way into 两江新区, one out of it, one waiting for its
    acceptance and one ending within 30 days: HR's home page lists each, and an empty list loads nothing eagerly (one
    statement fewer, for the data's luck, not its size). Postings between two other
    districts are moved over."""
    department = db.session.scalar(
        sa.select(sa.func.min(Department.id)).where(Department.district_id == LIANGJIANG)
    )
    ending = Posting.planned_end_date <= clock.today() + timedelta(days=30)
    needed = (
        (Posting.status.in_(("proposed", "accepted", "active")), "home"),  # outgoing
        (Posting.status.in_(("proposed", "accepted", "active")), "host"),  # incoming
        (Posting.status == "proposed", "host"),  # waiting for 两江's acceptance
        (sa.and_(Posting.status == "active", ending), "host"),  # ending within 30 days
    )
    for condition, side in needed:
        district = getattr(Posting, f"{side}_district_id")
        found = sa.select(Posting.id).where(condition, district == LIANGJIANG)
        if db.session.scalar(found.limit(1)):
            continue
        moved = db.session.scalar(
            sa.select(Posting)
            .where(condition, ~_touches_liangjiang())
            .order_by(Posting.id)
            .limit(1)
        )
        setattr(moved, f"{side}_district_id", LIANGJIANG)
        setattr(moved, f"{side}_department_id", department)
        db.session.flush()
    db.session.commit()


def _leave_for_the_coordinator(posting_id: int) -> None:
    """A fortnight's leave of the posting, approved by both sides' HR and now waiting for
    the coordinator (the administrator): at both scales the posting has leave and the
    administrator's to-do list has an item (a small region may have neither by chance,
    and a page's statements would differ for that, not for the data's size)."""
    start = clock.today() + timedelta(days=21)
    start += timedelta(days=(7 - start.weekday()) % 7)  # a Monday
    leave = Leave(
        posting_id=posting_id,
        kind="personal",
        start_date=start,
        end_date=start + timedelta(days=11),
        reason="处理家中事务。",
        status="pending",
    )
    for step, side in enumerate(("host", "home", "coordinator"), 1):
        decided = datetime.now(UTC) if side != "coordinator" else None
        leave.approvals.append(
            LeaveApproval(
                step=step,
                side=side,
                decision="approved" if decided else "pending",
                decided_at=decided,
            )
        )
    db.session.add(leave)
    db.session.commit()


class Region:
    """One generated region: its app, its two pages of one record, a client per user."""

    def __init__(self, url: str, scale: float):
        self.app = make_app(url)
        with self.app.app_context():
            upgrade()
            generate(scale, password=f.PASSWORD)
            db.session.commit()
            self.targets = _targets()
            self.engine = db.engine
        self.clients = {}

    def statements(self, username: str, page: str) -> int:
        if username not in self.clients:
            client = self.app.test_client()
            login = client.post("/login", data={"username": username, "password": f.PASSWORD})
            assert login.status_code == 302, username
            assert client.get("/").status_code == 200  # what a session loads once
            self.clients[username] = client
        client = self.clients[username]
        url = self.targets.get(page, page)
        with counting(self.engine) as log:
            response = client.get(url)
        assert response.status_code == 200, (username, url)
        return len(log)


@pytest.fixture(scope="module")
def regions(tmp_path_factory):
    made = {
        scale: Region(f"sqlite:///{tmp_path_factory.mktemp('scale') / 'region.db'}", scale)
        for scale in SCALES
    }
    yield made
    for region in made.values():
        region.engine.dispose()


CASES = [
    (username, page)
    for username in USERS
    for page in PAGES
    # Leadership reads no audit trail and keeps no leave or talk records.
    if (username, page) not in {("leader", "/audit"), ("leader", "/leave"), ("leader", "/talks")}
]


@pytest.mark.parametrize(("username", "page"), CASES)
def test_statements_do_not_grow_with_the_data(regions, username, page):
    small, large = (regions[scale].statements(username, page) for scale in SCALES)
    assert small == large, f"{small} statements at scale {SCALES[0]}, {large} at {SCALES[1]}"
