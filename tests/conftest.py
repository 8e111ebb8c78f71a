"""Fixtures: an app per test on one database per session, rolled back after each test.

The database is SQLite in a temporary folder, or PostgreSQL when
``EXCHANGE_TEST_DATABASE_URL`` is set (as ``.ci/run`` does). The schema is built once
by the Alembic migrations; each test runs inside a transaction that is rolled back,
and every commit the app makes only releases a savepoint.
"""

import os
from datetime import date
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session

from exchange import create_app
from exchange.extensions import db
from exchange.i18n import compile_catalogues
from tests import factories as f
from tests.databases import own_database  # noqa: F401  (a fixture: a database of a test's own)
from tests.queries import RAISED, counting, install_lazy_load_guard

TEST_TODAY = date(2026, 9, 1)


def reset_database(url: str) -> None:
    """Drop everything in the test database so the migrations start from nothing."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            meta = sa.MetaData()
            meta.reflect(conn)
            meta.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()


def worker_database(url: str, worker: str) -> str:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own (``<db>_gw0``)."""
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    compile_catalogues()
    url = os.environ.get("EXCHANGE_TEST_DATABASE_URL")
    if url and url.startswith("postgresql") and os.environ.get("PYTEST_XDIST_WORKER"):
        url = worker_database(url, os.environ["PYTEST_XDIST_WORKER"])
    if not url:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
    reset_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


class ConnectionBoundSession(Session):
    """Flask-SQLAlchemy's session picks an engine per model; this one keeps to its connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind or self.bind or super().get_bind(mapper, clause, bind, **kwargs)


def make_app(database_url: str, **overrides):
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "TODAY": TEST_TODAY}
    config.update(overrides)
    app = create_app(config)
    install_lazy_load_guard(app)
    return app


@pytest.fixture(autouse=True)
def no_lazy_loads_row_by_row():
    """Fail the test when a request lazy-loaded a relationship row by row (tests/queries.py)."""
    RAISED.clear()
    yield
    if RAISED:
        errors, RAISED[:] = list(RAISED), []
        pytest.fail("; ".join(map(str, errors)), pytrace=False)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as statements:`` collects the SQL the block runs (a list)."""
    with app.app_context():
        engine = db.engine
    return lambda: counting(engine)


@pytest.fixture
def app_config():
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    app = make_app(database_url, **app_config)
    with app.app_context():
        engine = db.engine
    connection = engine.connect()
    transaction = connection.begin()
    original_session = db.session
    db.session = db._make_scoped_session(
        {
            "bind": connection,
            "join_transaction_mode": "create_savepoint",
            "class_": ConnectionBoundSession,
        }
    )
    try:
        yield app
    finally:
        db.session = original_session
        transaction.rollback()
        connection.close()
        engine.dispose()


@pytest.fixture
def fresh_app(database_url):
    """Build extra apps on the suite's database (committing for real); engines are closed after."""
    made = []

    def build(**overrides):
        made.append(make_app(database_url, **overrides))
        return made[-1]

    yield build
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def ctx(app):
    """An app context for tests that call services and queries directly."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username: str, password: str = f.PASSWORD):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def world(app):
    """Three districts, their HR, a leader, two seconded officials with postings and reports.

    Returns the ids (objects would be detached once the setup context ends).
    """
    with app.app_context():
        lj = f.create_district("liangjiang", "两江新区", "重庆市")
        tf = f.create_district("tianfu", "四川天府新区", "四川省")
        cd = f.create_district("cdedz", "成都经开区", "四川省")
        lj_services = f.create_department(lj, "现代服务业局")
        lj_science = f.create_department(lj, "科技创新局")
        tf_hq = f.create_department(tf, "天府总部商务区")
        cd_auto = f.create_department(cd, "汽车产业发展局")
        zx = f.create_cadre("张想", lj_services, "副局长")
        dz = f.create_cadre("丁曌", cd_auto, "副局长")
        other = f.create_cadre("李晓雯", lj_science, "副处长")
        programme = f.create_programme(
            [lj, tf, cd], quotas=[(lj, tf, 5), (tf, lj, 5), (cd, lj, 3), (lj, cd, 3)]
        )
        users = {
            "admin": f.create_user("admin", "admin"),
            "hr_lj": f.create_user("hr.liangjiang", "hr", district=lj),
            "hr_tf": f.create_user("hr.tianfu", "hr", district=tf),
            "hr_cd": f.create_user("hr.cdedz", "hr", district=cd),
            "leader": f.create_user("leader", "leader"),
            "zx": f.create_user("zhangxiang", "cadre", cadre=zx),
            "dz": f.create_user("dingzhao", "cadre", cadre=dz),
        }
        p_zx = f.create_posting(zx, tf_hq, programme, host_position="副主任")
        p_dz = f.create_posting(dz, lj_science, programme, host_position="局长助理")
        r_zx = f.create_report(p_zx, users["zx"], title="张想的心得")
        r_zx_draft = f.create_report(p_zx, users["zx"], status="draft", title="张想的草稿")
        r_dz = f.create_report(p_dz, users["dz"], title="丁曌的心得")
        ids = SimpleNamespace(
            lj=lj.id,
            tf=tf.id,
            cd=cd.id,
            lj_services=lj_services.id,
            lj_science=lj_science.id,
            tf_hq=tf_hq.id,
            cd_auto=cd_auto.id,
            cadre_zx=zx.id,
            cadre_dz=dz.id,
            cadre_other=other.id,
            programme=programme.id,
            p_zx=p_zx.id,
            p_dz=p_dz.id,
            r_zx=r_zx.id,
            r_zx_draft=r_zx_draft.id,
            r_dz=r_dz.id,
            users={key: user.username for key, user in users.items()},
            user_ids={key: user.id for key, user in users.items()},
        )
        db.session.commit()
    return ids
