"""Property tests: generated input into every form and query string never gives a 5xx,
and a refused request (4xx) leaves no half-written rows behind.

Targets come from the authorization table, so routes other features add are fuzzed too.
The budget per target is EXCHANGE_FUZZ_EXAMPLES (default 20 for forms, a third of that for
query strings) to keep ``make test`` quick; raise it for a deeper run.
"""

import os

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.extensions import db
from tests.authz import load_table
from tests.security.helpers import login_session

TABLE = load_table()
POST_ROWS = [row for row in TABLE if row.method == "POST"]
GET_ROWS = [row for row in TABLE if row.method == "GET"]
ROLES = ("admin", "hr_lj")
EXAMPLES = int(os.environ.get("EXCHANGE_FUZZ_EXAMPLES", "20"))

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "' OR '1'='1",
    "1; DROP TABLE user_account;--",
    '") UNION SELECT password_hash FROM user_account --',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ config }}",
    "{% raw %}",
    "%(name)s %s %d",
    "../../../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "２０２６年９月１日",
    "\u202eevil\u202c",
    "\ufeff",
    "😀" * 40,
    "张想" * 200,
    "x" * 5000,
    "y" * 100_000,
    "null",
    "[]",
    "{}",
    "true",
]
TEXT = st.one_of(st.text(max_size=80), st.sampled_from(NASTY), st.text(min_size=300, max_size=1500))
QUERY_KEYS = st.one_of(
    st.sampled_from(
        [
            "q",
            "page",
            "per_page",
            "sort",
            "order",
            "status",
            "district",
            "district_id",
            "programme",
            "as_of",
            "from",
            "to",
            "date",
            "format",
            "next",
            "lang",
            "kind",
            "year",
        ]
    ),
    st.text(min_size=1, max_size=20),
)


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def counts(app) -> tuple:
    """Rows per table except the audit trail (refusals are recorded there), in one query."""
    with app.app_context():
        tables = [t for t in db.metadata.sorted_tables if t.name != "audit_event"]
        query = sa.select(
            *(sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in tables)
        )
        return tuple(db.session.execute(query).one())


def check(app, before, response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if 400 <= response.status_code < 500:
        assert counts(app) == before, f"{what}: a refused request left rows behind"


def target_id(value):
    if isinstance(value, str):
        return value
    return f"{value.endpoint}-{value.note or 'main'}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", POST_ROWS, ids=target_id)
def test_fuzz_forms(app, client, world, row, role):
    fields = sorted((row.data(world) if row.data else {}).keys()) or ["submit"]

    @fuzz_settings(EXAMPLES)
    @given(
        values=st.fixed_dictionaries({name: TEXT for name in fields}),
        extra=st.dictionaries(st.text(min_size=1, max_size=12), TEXT, max_size=2),
    )
    def fuzz(values, extra):
        login_session(client, app, world.users[role])
        before = counts(app)
        response = client.post(row.url(world), data={**extra, **values})
        check(app, before, response, f"POST {row.url(world)} as {role}")

    fuzz()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", GET_ROWS, ids=target_id)
def test_fuzz_query_strings(app, client, world, row, role):
    @fuzz_settings(max(5, EXAMPLES // 3))
    @given(query=st.dictionaries(QUERY_KEYS, TEXT, max_size=4))
    def fuzz(query):
        login_session(client, app, world.users[role])
        before = counts(app)
        response = client.get(row.url(world), query_string=query)
        check(app, before, response, f"GET {row.url(world)}?{query!r} as {role}")

    fuzz()
