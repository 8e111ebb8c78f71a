"""The N+1 guard of tests/queries.py: a page that lazy-loads row by row fails its test."""

import pytest
import sqlalchemy as sa

from exchange.extensions import db
from exchange.postings.models import Posting
from tests import factories as f
from tests.queries import RAISED


@pytest.fixture
def lazy_page(app):
    @app.get("/_test/lazy")
    def lazy():
        postings = db.session.scalars(sa.select(Posting)).all()
        return ",".join(p.cadre.name for p in postings)  # one SELECT per posting

    return "/_test/lazy"


def test_a_list_that_lazy_loads_each_row_fails(app, client, world, lazy_page):
    with app.app_context():
        programme = db.session.get(Posting, world.p_zx).programme
        host = db.session.get(Posting, world.p_zx).host_department
        home = db.session.get(Posting, world.p_zx).home_department
        for n in range(3):
            f.create_posting(f.create_cadre(f"干部{n}", home), host, programme)
        db.session.commit()
    assert client.get(lazy_page).status_code == 500
    assert [str(e) for e in RAISED] == [
        "N+1: Posting.cadre was lazy-loaded 3 times in one request; load it eagerly"
    ]
    RAISED.clear()  # seen: this test expects it


def test_count_queries_sees_a_page_statements(client, auth, count_queries):
    with count_queries() as statements:
        client.get("/login")
    assert statements == []  # the login page reads nothing from the database
