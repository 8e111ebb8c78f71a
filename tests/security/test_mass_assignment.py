"""Mass assignment: fields a user may not set, appended to every POST, change nothing.

For each POST row of the authorization table the request is sent twice from the same
state (a savepoint is rolled back in between): once with the row's own data, once with
extra fields naming a role, a district, a status, another official, an author, a
version ... The protected columns must end up identical in both runs, so whatever the
route legitimately changes is allowed and nothing the extra fields ask for is.
"""

import pytest
import sqlalchemy as sa

from exchange.extensions import db
from tests.authz import load_table, prepare
from tests.security.helpers import allowed_role, login_session

# Rows nobody may act on (no such record, already submitted ...) have nothing to assign.
POST_ROWS = [row for row in load_table() if row.method == "POST" and allowed_role(row)]

PROTECTED_TABLES = ("user_account", "posting", "reflection_log", "cadre", "comment", "appraisal")
PROTECTED_COLUMNS = {
    "username",
    "role",
    "active",
    "district_id",
    "cadre_id",
    "status",
    "author_id",
    "version",
    "posting_id",
    "report_id",
    "user_id",
    "programme_id",
    "home_district_id",
    "host_district_id",
    "home_department_id",
    "host_department_id",
    "proposed_by_id",
    "decided_by_id",
    "host_signed_by_id",
    "home_signed_by_id",
    "revision",
    "kind",
    "grade",
}


def extra_fields(world) -> dict:
    return {
        "role": "admin",
        "is_admin": "1",
        "active": "y",
        "district_id": str(world.cd),
        "home_district_id": str(world.cd),
        "host_district_id": str(world.cd),
        "cadre_id": str(world.cadre_dz),
        "author_id": str(world.user_ids["dz"]),
        "user_id": str(world.user_ids["admin"]),
        "posting_id": str(world.p_dz),
        "status": "active",
        # No "version": versioned forms carry it as a hidden field on purpose (the
        # optimistic lock, tests/security/test_lost_updates_forms.py); a forged one can only
        # get the save refused with 409, and the ORM alone writes the column.
        "username": "hijacked",
        "grade": "excellent",
        "id": "1",
    }


def protected_state(app) -> dict:
    with app.app_context():
        state = {}
        for table in db.metadata.sorted_tables:
            if table.name not in PROTECTED_TABLES:
                continue
            # Without the primary key: PostgreSQL sequences do not roll back with the
            # savepoint, so a row both runs create gets a different id the second time.
            columns = [c for c in table.c if c.name in PROTECTED_COLUMNS] or [sa.literal(1)]
            rows = db.session.execute(sa.select(*columns)).all()
            state[table.name] = sorted(tuple(map(repr, row)) for row in rows)
        return state


def connection_of(app):
    with app.app_context():
        return db.session.bind


@pytest.mark.parametrize("row", POST_ROWS, ids=lambda r: f"{r.endpoint}-{r.note or 'main'}")
def test_extra_fields_change_nothing_the_form_does_not_offer(app, client, world, row):
    prepare(app, world, row)
    role = allowed_role(row)
    connection = connection_of(app)
    base_data = row.data(world) if row.data else {}
    extras = {k: v for k, v in extra_fields(world).items() if k not in base_data}

    def run(data):
        savepoint = connection.begin_nested()
        try:
            if role == "anon":
                client.delete_cookie("session")
            else:
                login_session(client, app, world.users[role])
            response = client.post(row.url(world), data=data)
            return response.status_code, protected_state(app)
        finally:
            savepoint.rollback()

    baseline_status, baseline = run(base_data)
    status, with_extras = run({**base_data, **extras})
    assert status == baseline_status
    assert with_extras == baseline, f"extra fields {sorted(extras)} changed protected columns"


def test_the_comparison_would_notice_a_change(app, world):
    """A guard: the protected state does see a changed role."""
    before = protected_state(app)
    with app.app_context():
        db.session.execute(sa.text("UPDATE user_account SET role = 'admin' WHERE role = 'leader'"))
        db.session.commit()
    assert protected_state(app) != before


def test_the_savepoint_undoes_what_a_request_committed(app, client, world):
    """A guard: the two runs above really start from the same state."""
    from tests import factories as f
    from tests.security.helpers import row_counts

    before = row_counts(app)
    connection = connection_of(app)
    savepoint = connection.begin_nested()
    client.post("/login", data={"username": "leader", "password": f.PASSWORD})
    assert row_counts(app)["audit_event"] == before["audit_event"] + 1
    savepoint.rollback()
    assert row_counts(app) == before


def test_successful_login_password_change_and_language_ignore_extra_fields(app, client, world):
    """The foundation's forms, each on its successful path, with every extra field added."""
    from tests import factories as f

    extras = extra_fields(world)
    before = protected_state(app)
    response = client.post(
        "/login", data={**extras, "username": "zhangxiang", "password": f.PASSWORD}
    )
    assert response.status_code == 302
    new = "a long and fresh passphrase"
    response = client.post(
        "/account/password",
        data={**extras, "current_password": f.PASSWORD, "new_password": new, "confirm": new},
    )
    assert response.status_code == 302
    response = client.post("/language/en", data={**extras, "next": "/"})
    assert response.status_code == 302
    assert protected_state(app) == before
    with app.app_context():
        from exchange.auth.models import User

        user = db.session.scalar(sa.select(User).where(User.username == "zhangxiang"))
        db.session.expunge(user)
    assert user.role == "cadre" and user.cadre_id == world.cadre_zx and user.district_id is None
