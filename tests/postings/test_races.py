"""Real concurrency against PostgreSQL: two requests racing leave exactly one winner.

Each thread has its own app context, session and connection, and commits for real,
as two HR officers' requests would. The data is committed in a database of the module's own, dropped afterwards.
"""

import os
import threading
import uuid
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from exchange.auth.models import User
from exchange.errors_domain import ConflictError, DomainError
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.postings import services, term_changes
from exchange.postings.models import Posting
from exchange.programmes.models import Programme, Quota
from tests import factories as f
from tests.conftest import make_app
from tests.databases import postgres_url, worker_suffix

pytestmark = pytest.mark.skipif(
    not os.environ.get("EXCHANGE_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="race tests need PostgreSQL row locks: set EXCHANGE_TEST_DATABASE_URL",
)


@pytest.fixture(scope="module")
def race_database():
    """A PostgreSQL database of this module's own, migrated once and dropped afterwards: the
    threads commit for real, and nothing they write is left in the suite's database."""
    url = make_url(postgres_url())
    name = f"{url.database}_races{worker_suffix()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    own = url.set(database=name).render_as_string(hide_password=False)
    app = make_app(own)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    try:
        yield own
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def race(race_database):
    """Two districts, their HR, a cadre and a programme, committed in the module's database."""
    app = make_app(race_database)
    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        home = f.create_district(f"home-{tag}", f"派出区-{tag}")
        host = f.create_district(f"host-{tag}", f"接收区-{tag}")
        home_dept = f.create_department(home, "组织人事部")
        host_dept = f.create_department(host, "科技创新局")
        cadre = f.create_cadre(f"干部{tag}", home_dept)
        programme = f.create_programme([home, host], name=f"批次-{tag}")
        hr_home = f.create_user(f"hr-home-{tag}", "hr", district=home)
        hr_host = f.create_user(f"hr-host-{tag}", "hr", district=host)
        hr_host2 = f.create_user(f"hr-host2-{tag}", "hr", district=host)
        admin_a = f.create_user(f"admin-a-{tag}", "admin")
        admin_b = f.create_user(f"admin-b-{tag}", "admin")
        db.session.commit()
        ids = dict(
            app=app,
            home=home.id,
            host=host.id,
            home_dept=home_dept.id,
            host_dept=host_dept.id,
            cadre=cadre.id,
            programme=programme.id,
            hr_home=hr_home.id,
            hr_host=hr_host.id,
            hr_host2=hr_host2.id,
            admin_a=admin_a.id,
            admin_b=admin_b.id,
        )
    yield ids
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def proposal(ids, start=date(2027, 3, 1), end=date(2027, 8, 31)):
    return services.PostingProposal(
        cadre_id=ids["cadre"],
        programme_id=ids["programme"],
        home_department_id=ids["home_dept"],
        home_position="副部长",
        host_department_id=ids["host_dept"],
        host_position="局长助理",
        start_date=start,
        planned_end_date=end,
    )


def run_together(app, jobs):
    """Run each job in its own thread and app context at once; return each outcome."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, prepare, act):
        with app.test_request_context():
            try:
                state = prepare()
                barrier.wait(timeout=10)
                act(state)
                db.session.commit()
                outcomes[index] = "ok"
            except DomainError as error:
                db.session.rollback()
                outcomes[index] = error
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=worker, args=(i, prepare, act))
        for i, (prepare, act) in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _proposed(ids):
    with ids["app"].app_context():
        actor = db.session.get(User, ids["hr_home"])
        posting = services.propose_posting(proposal(ids), actor)
        db.session.commit()
        return posting.id


def _load(ids, posting_id, user_key):
    posting = db.session.get(Posting, posting_id)
    return posting, db.session.get(User, ids[user_key]), posting.version


def test_two_accepts_one_wins(race):
    posting_id = _proposed(race)
    jobs = [
        (
            lambda key=key: _load(race, posting_id, key),
            lambda s: services.accept_posting(s[0], s[1], s[2]),
        )
        for key in ("hr_host", "hr_host2")
    ]
    outcomes = run_together(race["app"], jobs)
    assert outcomes.count("ok") == 1
    loser = next(o for o in outcomes if o != "ok")
    assert isinstance(loser, ConflictError)
    with race["app"].app_context():
        posting = db.session.get(Posting, posting_id)
        assert posting.status == "accepted" and posting.version == 2


def test_two_extends_one_wins(race):
    posting_id = _proposed(race)
    with race["app"].app_context():
        posting = db.session.get(Posting, posting_id)
        services.accept_posting(posting, db.session.get(User, race["hr_host"]), posting.version)
        db.session.commit()
    ends = {"hr_home": date(2027, 10, 31), "hr_host": date(2027, 11, 30)}
    jobs = [
        (
            lambda key=key: _load(race, posting_id, key),
            lambda s, key=key: term_changes.extend_posting(s[0], s[1], ends[key], "工作需要", s[2]),
        )
        for key in ends
    ]
    outcomes = run_together(race["app"], jobs)
    assert outcomes.count("ok") == 1
    assert isinstance(next(o for o in outcomes if o != "ok"), ConflictError)
    with race["app"].app_context():
        posting = db.session.get(Posting, posting_id)
        [change] = posting.term_changes  # one request, waiting for the other side
        assert change.is_pending and posting.extensions == []


def test_two_proposals_for_one_cadre_make_one_posting(race):
    def prepare():
        return db.session.get(User, race["hr_home"])

    jobs = [
        (prepare, lambda actor: services.propose_posting(proposal(race), actor)),
        (
            prepare,
            lambda actor: services.propose_posting(
                proposal(race, date(2027, 4, 1), date(2027, 9, 30)), actor
            ),
        ),
    ]
    outcomes = run_together(race["app"], jobs)
    assert outcomes.count("ok") == 1
    loser = next(o for o in outcomes if o != "ok")
    assert isinstance(loser, DomainError)
    assert loser.reasons[0][0] == "start_date"  # "overlaps the posting …", named
    with race["app"].app_context():
        count = db.session.scalar(
            sa.select(sa.func.count(Posting.id)).where(Posting.cadre_id == race["cadre"])
        )
        assert count == 1


@pytest.mark.parametrize("quota", [1, 3, 5])
def test_simultaneous_proposals_keep_the_quota(race, quota):
    """Eight proposals in one direction at once, each for another cadre: exactly
    ``quota`` of them are made, the others refused as ``quota_full``."""
    with race["app"].app_context():
        programme = db.session.get(Programme, race["programme"])
        home = db.session.get(District, race["home"])
        host = db.session.get(District, race["host"])
        programme.quotas.append(Quota(home_district=home, host_district=host, max_postings=quota))
        department = db.session.get(Department, race["home_dept"])
        cadres = [f.create_cadre(f"同批干部{n}", department).id for n in range(8)]
        db.session.commit()

    def job(cadre_id):
        data = replace(proposal(race), cadre_id=cadre_id)
        return (
            lambda: db.session.get(User, race["hr_home"]),
            lambda actor: services.propose_posting(data, actor),
        )

    outcomes = run_together(race["app"], [job(c) for c in cadres])
    assert outcomes.count("ok") == quota, outcomes
    refused = [o for o in outcomes if o != "ok"]
    assert all({r.code for r in o.reasons} == {"quota_full"} for o in refused), refused
    with race["app"].app_context():
        counted = db.session.scalar(
            sa.select(sa.func.count(Posting.id)).where(Posting.programme_id == race["programme"])
        )
        assert counted == quota


def _programme_form(ids, quota: int):
    """The programme's form as an officer would send it, with a quota 派出区 → 接收区."""
    from exchange.programmes.services import ProgrammeData

    programme = db.session.get(Programme, ids["programme"])
    data = ProgrammeData(
        name=programme.name,
        start_date=programme.start_date,
        end_date=programme.end_date,
        standard_term_months=programme.standard_term_months,
        report_cadence_months=programme.report_cadence_months,
        district_ids=[ids["home"], ids["host"]],
        quotas={(ids["home"], ids["host"]): quota},
    )
    return programme, data, programme.version


@pytest.mark.parametrize("versioned", [True, False])
def test_two_saves_of_one_programme(race, versioned):
    """Two officers of the coordinating 组织部 save the programme's form at once (a member's
    HR proposes instead: see the next test), each adding the same quota pair:
    with the form's version one wins and one gets a conflict; without it both run one
    after the other. Never a 500 (a duplicate quota row)."""
    from exchange.programmes.services import save_programme

    jobs = [
        (
            lambda key=key, quota=quota: (
                *_programme_form(race, quota),
                db.session.get(User, race[key]),
            ),
            lambda s: save_programme(s[0], s[1], s[3], s[2] if versioned else None),
        )
        for key, quota in (("admin_a", 2), ("admin_b", 3))
    ]
    outcomes = run_together(race["app"], jobs)
    if versioned:
        assert outcomes.count("ok") == 1, outcomes
        assert isinstance(next(o for o in outcomes if o != "ok"), ConflictError)
    else:
        assert outcomes == ["ok", "ok"], outcomes
    with race["app"].app_context():
        quotas = db.session.scalars(
            sa.select(Quota).where(Quota.programme_id == race["programme"])
        ).all()
        assert len(quotas) == 1
        assert db.session.get(Programme, race["programme"]).version == (2 if versioned else 3)


@pytest.mark.parametrize("versioned", [True, False])
def test_two_proposals_of_one_programme(race, versioned):
    """Both members' HR propose a change at once: the programme's row lock lets one
    through, and the other finds its request waiting (or the version moved on): one
    pending request, never two."""
    from exchange.programmes.changes import propose_programme_change
    from exchange.programmes.models import ProgrammeChangeRequest

    jobs = [
        (
            lambda key=key, quota=quota: (
                *_programme_form(race, quota),
                db.session.get(User, race[key]),
            ),
            lambda s: propose_programme_change(
                s[0], s[1], s[3], s[2] if versioned else None, "协商调整名额"
            ),
        )
        for key, quota in (("hr_home", 2), ("hr_host", 3))
    ]
    outcomes = run_together(race["app"], jobs)
    assert outcomes.count("ok") == 1, outcomes
    assert isinstance(next(o for o in outcomes if o != "ok"), ConflictError)
    with race["app"].app_context():
        pending = db.session.scalars(
            sa.select(ProgrammeChangeRequest).where(
                ProgrammeChangeRequest.programme_id == race["programme"],
                ProgrammeChangeRequest.status == "pending",
            )
        ).all()
        assert len(pending) == 1
        db.session.execute(
            sa.delete(ProgrammeChangeRequest).where(
                ProgrammeChangeRequest.programme_id == race["programme"]
            )
        )
        db.session.commit()


def test_concurrent_changes_keep_the_dashboards_summaries_exact(race):
    """Two postings of the same districts, programme and month end early at once: both
    transactions add to the same rows of the postings' counts and of the missing reports
    by day, and neither overwrites the other's figures."""
    from exchange.postings import tally
    from exchange.reports import gaps

    app = race["app"]
    with app.app_context():
        home_dept = db.session.get(Department, race["home_dept"])
        host_dept = db.session.get(Department, race["host_dept"])
        programme = db.session.get(Programme, race["programme"])
        posting_ids = []
        for n in range(2):
            cadre = f.create_cadre(f"并发{n}{uuid.uuid4().hex[:6]}", home_dept)
            posting = f.create_posting(
                cadre,
                host_dept,
                programme,
                start_date=date(2026, 1, 15),
                planned_end_date=date(2026, 12, 31),
                status="active",
            )
            posting_ids.append(posting.id)
        db.session.commit()

    def ends_early(posting):
        posting.status = "ended_early"
        posting.actual_end_date = date(2026, 6, 30)

    outcomes = run_together(
        app,
        [
            (lambda posting_id=posting_id: db.session.get(Posting, posting_id), ends_early)
            for posting_id in posting_ids
        ],
    )
    assert outcomes == ["ok", "ok"]
    with app.app_context():
        connection = db.session.connection()
        assert tally.stored(connection) == tally.computed(connection)
        assert gaps.stored(connection) == gaps.computed(connection)
        ended = [key for key in tally.stored(connection) if key[3] == "ended_early"]
        assert ended and gaps.stored(connection)[1]
        db.session.remove()
