"""The trail of logins, logouts and refusals: who, from where, under which request id."""

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db
from tests import factories as f
from tests.security.helpers import assert_audited, audit_events

IP = {"REMOTE_ADDR": "198.51.100.7"}


def test_login_success_is_recorded_with_actor_ip_and_request_id(client, app, world):
    response = client.post(
        "/login", data={"username": "hr.tianfu", "password": f.PASSWORD}, environ_base=IP
    )
    assert_audited(
        app,
        "auth.login",
        actor_id=world.user_ids["hr_tf"],
        actor_name="hr.tianfu",
        ip_address="198.51.100.7",
        request_id=response.headers["X-Request-ID"],
        district_id=world.tf,
    )


def test_login_failure_is_recorded_for_known_and_unknown_names(client, app, world):
    for username in ("hr.tianfu", "no.such.user"):
        response = client.post(
            "/login", data={"username": username, "password": "wrong password"}, environ_base=IP
        )
        assert response.status_code == 401
        assert_audited(
            app,
            "auth.login_failed",
            actor_id=None,
            summary=username,
            ip_address="198.51.100.7",
            request_id=response.headers["X-Request-ID"],
        )
    assert len(audit_events(app, "auth.login_failed")) == 2


def test_logout_is_recorded(client, auth, app, world):
    auth.login("leader")
    response = client.post("/logout", environ_base=IP)
    assert_audited(
        app,
        "auth.logout",
        actor_id=world.user_ids["leader"],
        ip_address="198.51.100.7",
        request_id=response.headers["X-Request-ID"],
    )


def test_a_refusal_is_recorded_with_who_and_what(client, auth, app, world):
    auth.login("hr.cdedz")
    response = client.get(f"/postings/{world.p_zx}", environ_base=IP)
    assert response.status_code == 403
    assert_audited(
        app,
        "access.denied",
        actor_id=world.user_ids["hr_cd"],
        summary="GET /postings/<int:posting_id>",
        changes={"path": [None, f"/postings/{world.p_zx}"]},
        ip_address="198.51.100.7",
        request_id=response.headers["X-Request-ID"],
        district_id=world.cd,
    )


def test_the_refusal_survives_while_the_requests_own_changes_are_rolled_back(
    client, auth, app, world
):
    @app.route("/_test/half-done", methods=["POST"])
    def half_done():
        current_user.display_name = "changed before the refusal"
        db.session.flush()
        abort(403)

    auth.login("leader")
    before = len(audit_events(app))
    response = client.post("/_test/half-done")
    assert response.status_code == 403
    with app.app_context():
        name = db.session.scalar(sa.select(User.display_name).where(User.username == "leader"))
    assert name == "leader"
    events = audit_events(app)
    assert len(events) == before + 1 and events[-1].action == "access.denied"
    assert events[-1].request_id == response.headers["X-Request-ID"]


def test_secrets_never_reach_the_trail(client, auth, app, world):
    auth.login("zhangxiang")
    new = "another long passphrase"
    client.post(
        "/account/password",
        data={"current_password": f.PASSWORD, "new_password": new, "confirm": new},
    )
    for event in audit_events(app):
        text = repr(event.changes) + event.summary
        assert "$argon2" not in text and new not in text and f.PASSWORD not in text


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_configured(app, client, world):
    spoofed = {"X-Forwarded-For": "203.0.113.99"}
    client.post("/login", data={"username": "x", "password": "y" * 10}, headers=spoofed)
    assert_audited(app, "auth.login_failed", ip_address="127.0.0.1")


def test_behind_a_configured_proxy_the_client_address_is_recorded(database_url):
    from exchange import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PROXY_COUNT": 1})
    try:
        client = app.test_client()
        response = client.post(
            "/login",
            data={"username": "proxy-test-nobody", "password": "y" * 10},
            headers={"X-Forwarded-For": "203.0.113.99"},
        )
        event = assert_audited(app, "auth.login_failed", ip_address="203.0.113.99")
        assert event.request_id == response.headers["X-Request-ID"]
    finally:
        with app.app_context():
            db.session.execute(
                sa.delete(AuditEvent).where(AuditEvent.summary == "proxy-test-nobody")
            )
            db.session.commit()
            db.engine.dispose()


def test_repeated_refusals_fold_into_one_event_per_route_and_hour(client, auth, app, world):
    auth.login("hr.cdedz")
    before = len(audit_events(app))
    for _ in range(3):
        assert client.get(f"/postings/{world.p_zx}", environ_base=IP).status_code == 403
    events = audit_events(app)[before:]
    denied = [e for e in events if e.action == "access.denied"]
    assert [e.summary for e in denied].count("GET /postings/<int:posting_id>") == 1
    (view,) = [e for e in denied if e.summary == "GET /postings/<int:posting_id>"]
    assert view.repeat_count == 3
    # Another address is other evidence: a row of its own.
    client.get(f"/postings/{world.p_zx}", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert len([e for e in audit_events(app) if e.action == "access.denied"]) == len(denied) + 1
