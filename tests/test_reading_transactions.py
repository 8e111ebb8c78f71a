"""How a request's transaction ends (exchange.db.end_reading), on SQLite and PostgreSQL.

On PostgreSQL a transaction that only read ends with COMMIT, so that psycopg keeps the
statements it prepared (it forgets them all on ROLLBACK) and a page is not planned again
on every request. Whatever may have written (a flush, a raw statement, an error) is still
rolled back when the session is removed: a request never commits by ending.
"""

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from exchange import create_app
from exchange.db import end_reading
from exchange.extensions import db
from exchange.org.models import District
from tests import factories as f


@pytest.fixture
def own_app(own_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": own_database, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        district = f.create_district("liangjiang", "两江新区", "重庆市")
        f.create_user("admin", "admin", district=None)
        f.create_user("hr.lj", "hr", district=district)
        tianfu = f.create_district("tianfu", "四川天府新区", "四川省")
        app.config["PROGRAMME_ID"] = f.create_programme([district, tianfu]).id
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def names(app) -> list[str]:
    with app.app_context():
        found = db.session.scalars(sa.select(District.name).order_by(District.name)).all()
        db.session.remove()
        return found


def is_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def test_a_page_read_again_runs_the_statements_prepared_the_first_times(own_app):
    if not is_postgresql(own_app):
        pytest.skip("prepared statements are psycopg's")
    client = own_app.test_client()
    response = client.post("/login", data={"username": "admin", "password": f.PASSWORD})
    assert response.status_code == 302
    for _ in range(8):
        assert client.get("/cadres").status_code == 200
    with own_app.app_context():
        # Every request used the pool's one connection; so does this statement.
        used = db.session.execute(
            sa.text(
                "SELECT count(*) FROM pg_prepared_statements"
                " WHERE generic_plans + custom_plans >= 2"
            )
        ).scalar_one()
        # The bell's count of leave to decide, on every page, is planned once for all
        # requests, not for each (its statuses and side are in its text: db.written).
        bell = db.session.execute(
            sa.text(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                " WHERE statement LIKE '%earlier_step%'"
            )
        ).one()
        db.session.remove()
    assert used >= 3  # the user, the bell's counts, the page's cadres
    assert bell.generic_plans >= 2 and bell.custom_plans == 0


def test_a_streamed_export_goes_on_after_the_request_ends(own_app):
    """An export streams after its view has returned and its transaction has ended: what
    the request loaded (the user) is still readable, on both engines."""
    client = own_app.test_client()
    response = client.post("/login", data={"username": "admin", "password": f.PASSWORD})
    assert response.status_code == 302
    statistics = f"/statistics.xlsx?programme={own_app.config['PROGRAMME_ID']}"
    for path in ("/roster/export.csv", "/roster/export.xlsx", statistics):
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(response.get_data()) > 100, path


@pytest.mark.parametrize(
    "write",
    [
        lambda: f.create_district("chengdu", "成都东部新区", "四川省"),  # an ORM flush
        lambda: db.session.execute(
            sa.text(
                "INSERT INTO district (code, name, name_en, province, display_order,"
                " sort_name, created_at) VALUES ('chengdu', '成都东部新区', 'chengdu',"
                " '四川省', 3, '', CURRENT_TIMESTAMP)"
            )
        ),
        lambda: db.session.execute(sa.text("UPDATE district SET name = name || '（改）'")),
    ],
    ids=["flush", "insert", "update"],
)
def test_what_a_reading_request_wrote_without_committing_is_rolled_back(own_app, write):
    with own_app.test_request_context("/cadres"):
        write()
        end_reading(None)
        db.session.remove()
    assert names(own_app) == ["两江新区", "四川天府新区"]


def test_a_failed_request_is_rolled_back(own_app):
    with own_app.test_request_context("/cadres"):
        db.session.execute(sa.select(District)).all()
        end_reading(RuntimeError("the page failed"))
        assert db.session().in_transaction()  # left to the session's removal
        db.session.remove()


def test_a_transaction_that_only_read_ends_with_commit_on_postgresql(own_app):
    with own_app.test_request_context("/cadres"):
        postgresql = db.session.get_bind().dialect.name == "postgresql"
        db.session.execute(sa.select(District)).all()
        if postgresql:
            db.session.execute(sa.text("SET LOCAL join_collapse_limit = 1"))
        end_reading(None)
        # PostgreSQL: committed (nothing to write); SQLite: left to the removal as before.
        assert db.session().in_transaction() is not postgresql
        db.session.remove()
    assert names(own_app) == ["两江新区", "四川天府新区"]


def test_a_failed_commit_of_a_reading_transaction_is_rolled_back_not_raised(own_app, monkeypatch):
    if not is_postgresql(own_app):
        pytest.skip("SQLite's reading transactions end with the session's removal")
    with own_app.test_request_context("/cadres"):
        session = db.session()
        session.execute(sa.select(District)).all()

        def lost(*args, **kwargs):
            raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

        monkeypatch.setattr(session, "commit", lost)
        end_reading(None)  # logged, not raised: the page was already written
        assert not session.in_transaction()
        db.session.remove()


def test_a_connection_keeps_as_many_statements_prepared_as_the_pages_send(own_app):
    """The pages send a few hundred different statements, each now and then: psycopg's
    default (100, counting the runs too) forgot each before its fifth run."""
    if not is_postgresql(own_app):
        pytest.skip("prepared statements are psycopg's")
    with own_app.app_context():
        session = db.session()
        for _ in range(6):  # round after round, as a worker serves page after page
            for n in range(150):
                session.execute(sa.text(f"SELECT {n} + CAST(:x AS integer)"), {"x": 1})
        session.commit()
        prepared = session.execute(
            sa.text(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT %+ CAST%'"
            )
        ).scalar_one()
        db.session.remove()
    assert prepared == 150
