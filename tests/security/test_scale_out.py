"""Scale-out: two gunicorn instances on one PostgreSQL and one Redis behave as one app.

Runs where PostgreSQL and Redis exist (EXCHANGE_TEST_DATABASE_URL, EXCHANGE_TEST_REDIS_URL,
as .ci/run sets them); skips locally without them, and fails when EXCHANGE_REQUIRE_SERVICES=1.

The instances run the production configuration (Secure, __Host- cookies) over plain http on
127.0.0.1; the test's HttpSession keeps Secure cookies anyway, so no configuration is
loosened for the test. The test migrates and seeds a database of its own
(``<suite database>_scaleout``) and drops it afterwards.

"Concurrent edits lose nothing", twice: simultaneous logins through both instances (each
writes last_login_at and an audit event; none may be lost), and two HR officers who open
the same posting on different instances and extend it at the same moment with the version
they saw: one succeeds, the other is told (409, "changed since you opened it"), the record
and the audit trail show exactly one change; after a reload the second extension goes
through too, and both are kept.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests import factories as f
from tests.databases import worker_suffix
from tests.security.browser import form_values
from tests.security.http import HttpSession, run_concurrently

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
USERS = [f"scale{i:02d}" for i in range(8)]
EDITORS = ["editor.liangjiang", "editor.tianfu"]  # HR of the posting's home and host district


def services() -> tuple[str, str]:
    database_url = os.environ.get("EXCHANGE_TEST_DATABASE_URL", "")
    redis_url = os.environ.get("EXCHANGE_TEST_REDIS_URL", "")
    if database_url.startswith("postgresql") and redis_url:
        return database_url, redis_url
    reason = (
        "the scale-out test needs PostgreSQL and Redis: set EXCHANGE_TEST_DATABASE_URL "
        "(postgresql+psycopg://...) and EXCHANGE_TEST_REDIS_URL (redis://...), as .ci/run does"
    )
    if os.environ.get("EXCHANGE_REQUIRE_SERVICES") == "1":
        pytest.fail(reason + " (EXCHANGE_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def scale_database():
    suite_url, _ = services()
    url = make_url(suite_url)
    name = f"{url.database}_scaleout{worker_suffix()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    own_url = url.set(database=name).render_as_string(hide_password=False)
    try:
        yield own_url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def migrate_and_seed(database_url: str, password_hash: dict) -> None:
    from flask_migrate import upgrade

    from exchange import create_app
    from exchange.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PASSWORD_HASH": password_hash})
    with app.app_context():
        upgrade()
        district = f.create_district("liangjiang", "两江新区", "重庆市")
        for username in USERS:
            f.create_user(username, "hr", district=district)
        host = f.create_district("tianfu", "四川天府新区", "四川省")
        cadre = f.create_cadre("张想", f.create_department(district, "现代服务业局"))
        programme = f.create_programme([district, host])
        f.create_posting(cadre, f.create_department(host, "天府总部商务区"), programme)
        f.create_user(EDITORS[0], "hr", district=district)
        f.create_user(EDITORS[1], "hr", district=host)
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def two_instances(scale_database, tmp_path):
    _, redis_url = services()
    from config import Config

    # Seed with the production hash parameters, so that logins do not rehash.
    production_hash = Config(str(tmp_path)).PASSWORD_HASH
    f._hash_cache.clear()
    try:
        migrate_and_seed(scale_database, production_hash)
    finally:
        f._hash_cache.clear()
    prefix = "scale" + secrets.token_hex(6)
    env = {
        **os.environ,
        "EXCHANGE_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": scale_database,
        "REDIS_URL": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix,
        "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
        "LOGIN_LIMIT_PER_IP": "100 per 15 minutes",
    }
    processes, urls, logs = [], [], []
    try:
        for n in range(2):
            port = free_port()
            log = (tmp_path / f"gunicorn{n}.log").open("w")
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [
                        str(GUNICORN),
                        "exchange:create_app()",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--threads",
                        "4",
                        "--timeout",
                        "60",
                        "--graceful-timeout",
                        "3",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            wait_until_up(url, process, tmp_path)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()
        import redis

        connection = redis.Redis.from_url(redis_url)
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)
        connection.close()


def wait_until_up(url: str, process, tmp_path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            logs = "\n".join(p.read_text() for p in tmp_path.glob("gunicorn*.log"))
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{logs}")
        try:
            if HttpSession(url).get("/login").status == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn at {url} did not answer within 60 s")


def count(database_url: str, sql: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql(sql).scalar()
    finally:
        engine.dispose()


def test_two_instances_share_sessions_throttling_and_lose_no_writes(two_instances, scale_database):
    one, two = two_instances

    # A session made on one instance works on the other, and a logout on it ends it there.
    browser = HttpSession(one)
    assert browser.login(USERS[0], f.PASSWORD).status == 302
    assert any(name.startswith("__Host-") for name in browser.cookies)
    browser_on_two = HttpSession(two)
    browser_on_two.cookies = browser.cookies
    page = browser_on_two.get("/")
    assert page.status == 200 and "两江新区" in page.text
    assert browser_on_two.post_form("/logout", {}, token_from="/").status == 302
    stolen = HttpSession(one)
    stolen.cookies = dict(browser.cookies)  # the cookie as it was before the logout
    assert stolen.get("/").status == 302

    # Throttling counts across both instances (Redis): 5 failures spread over both, then 429.
    guesser = [HttpSession(one), HttpSession(two)]
    for attempt in range(5):
        assert guesser[attempt % 2].login(USERS[1], "wrong password!").status == 401
    assert guesser[1].login(USERS[1], "wrong password!").status == 429
    refused = guesser[0].login(USERS[1], f.PASSWORD)
    assert refused.status == 429 and "Retry-After" in refused.headers

    # Simultaneous writes through both instances: every login's row and audit event is kept.
    writers = USERS[2:] + USERS[2:]  # each of 6 users twice, once per instance

    def log_in(i):
        return HttpSession(two_instances[i % 2]).login(writers[i], f.PASSWORD)

    before = count(scale_database, "SELECT count(*) FROM audit_event WHERE action='auth.login'")
    replies = run_concurrently(len(writers), log_in)
    problems = [r for r in replies if isinstance(r, Exception) or r.status != 302]
    assert not problems, problems[:3]
    after = count(scale_database, "SELECT count(*) FROM audit_event WHERE action='auth.login'")
    assert after - before == len(writers)
    stamped = count(
        scale_database,
        "SELECT count(*) FROM user_account WHERE last_login_at IS NOT NULL "
        "AND username IN (" + ", ".join(f"'{u}'" for u in USERS[2:]) + ")",
    )
    assert stamped == len(USERS[2:])


def open_extend_form(browser: HttpSession, path: str) -> dict:
    """The extend form as the page shows it (CSRF token, version), read as a browser would."""
    page = browser.get(path)
    assert page.status == 200, page.status
    form = form_values(page.text, f"{path}/extend", path)
    assert form.get("extend-version", "").isdigit(), "the extend form carries no version"
    return form


def test_concurrent_edits_through_both_instances_lose_nothing(two_instances, scale_database):
    posting_id = count(scale_database, "SELECT id FROM posting")
    original_end = "2026-12-31"
    path = f"/postings/{posting_id}"
    officers = [HttpSession(url) for url in two_instances]  # 两江 HR on one, 天府 HR on two
    for officer, username in zip(officers, EDITORS, strict=True):
        assert officer.login(username, f.PASSWORD).status == 302
    seen = [open_extend_form(officer, path) for officer in officers]
    assert seen[0]["extend-version"] == seen[1]["extend-version"]
    wanted = ["2027-02-28", "2027-03-31"]
    reasons = ["项目收尾需要", "接收单位申请延期"]

    def extend(i):
        form = {**seen[i], "extend-new_end_date": wanted[i], "extend-reason": reasons[i]}
        return officers[i].post(f"{path}/extend", form)

    replies = run_concurrently(2, extend)
    assert not [r for r in replies if isinstance(r, Exception)], replies
    assert sorted(r.status for r in replies) == [302, 409], [r.status for r in replies]
    winner = next(i for i, r in enumerate(replies) if r.status == 302)
    loser = 1 - winner
    refused = replies[loser].text
    assert "该挂职在您打开之后已被修改" in refused  # "changed since you opened it"
    assert reasons[loser] in refused  # what the officer typed is still on the form

    def stored() -> tuple:
        return (
            count(
                scale_database, f"SELECT planned_end_date::text FROM posting WHERE id={posting_id}"
            ),
            count(scale_database, "SELECT count(*) FROM extension"),
            count(scale_database, "SELECT count(*) FROM audit_event WHERE action='posting.extend'"),
        )

    # The winner asked; nothing changes until the other side agrees.
    assert stored() == (original_end, 0, 0)

    def agree(i: int) -> None:
        """Officer ``i`` reloads the page and agrees to the request waiting there."""
        change = count(scale_database, "SELECT max(id) FROM term_change_request")
        action = f"{path}/term-changes/{change}/agree"
        form = form_values(officers[i].get(path).text, action, path)
        assert form.get("agree-version", "").isdigit(), "the consent form carries no version"
        reply = officers[i].post(action, form)
        assert reply.status == 302, reply.text[:500]

    agree(loser)
    assert stored() == (wanted[winner], 1, 1)

    # The refused officer reloads, sees the extension, and asks for one more; it is agreed.
    again = open_extend_form(officers[loser], path)
    assert int(again["extend-version"]) > int(seen[loser]["extend-version"])
    later = "2027-04-30"
    reply = officers[loser].post(
        f"{path}/extend", {**again, "extend-new_end_date": later, "extend-reason": reasons[loser]}
    )
    assert reply.status == 302, reply.text[:500]
    agree(winner)
    assert stored() == (later, 2, 2)
    chain = [
        tuple(row)
        for row in _rows(
            scale_database,
            "SELECT previous_planned_end_date::text, new_planned_end_date::text "
            "FROM extension ORDER BY id",
        )
    ]
    assert chain == [(original_end, wanted[winner]), (wanted[winner], later)]


def _rows(database_url: str, sql: str) -> list:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql(sql).all()
    finally:
        engine.dispose()
