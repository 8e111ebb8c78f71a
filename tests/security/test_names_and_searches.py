"""Names without bidi controls; searches where "%" and "_" are characters (issue 11)."""

import re

import pytest
import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.org.models import Department
from exchange.programmes.models import Programme
from exchange.text import clean_line, clean_text, pinyin_keys
from tests import factories as f
from tests.security.helpers import login_session

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_clean_line_drops_every_bidi_and_control_character():
    assert clean_line(f"张{BIDI}想\x00\x1f\x7f\x85\u2028\ufeff") == "张想"
    assert clean_text(f"一\n二\r\n\t三{BIDI}\x0b") == "一\n二\r\n\t三"


def test_a_name_typed_with_bidi_controls_is_stored_without_them(app, client, world):
    login_session(client, app, world.users["hr_lj"])
    response = client.post(
        "/cadres/new",
        data={
            "name": "\u202e王\u2066五\u200f",
            "home_department_id": world.lj_services,
            "home_position": "科长\u202c",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        cadre = db.session.scalar(sa.select(Cadre).order_by(Cadre.id.desc()))
        assert (cadre.name, cadre.home_position) == ("王五", "科长")


@pytest.fixture
def wildcards(app, world):
    """Three cadres in post: one with "%" in the name, one with "_", one with neither."""
    with app.app_context():
        home = db.session.get(Department, world.lj_services)
        host = db.session.get(Department, world.tf_hq)
        programme = db.session.get(Programme, world.programme)
        for name in ("百分%比", "下划_线", "平常人"):
            f.create_posting(f.create_cadre(name, home), host, programme)
        db.session.commit()


def _names(page: str) -> set[str]:
    return set(re.findall("百分%比|下划_线|平常人", page))


@pytest.mark.parametrize(("query", "found"), [("%", {"百分%比"}), ("_", {"下划_线"})])
@pytest.mark.parametrize("path", ["/cadres", "/roster"])
def test_a_search_for_a_wildcard_finds_only_names_holding_it(
    app, client, world, wildcards, path, query, found
):
    login_session(client, app, world.users["admin"])
    response = client.get(path, query_string={"q": query})
    assert response.status_code == 200
    assert _names(response.get_data(as_text=True)) == found


@pytest.mark.parametrize(("query", "found"), [("%", {"百分%比"}), ("_", {"下划_线"})])
def test_the_leaders_inbox_person_filter_takes_wildcards_literally(
    app, client, world, wildcards, query, found
):
    from exchange.auth.models import User
    from exchange.postings.models import Posting

    with app.app_context():
        for cadre in db.session.scalars(
            sa.select(Cadre).where(Cadre.name.in_(["百分%比", "下划_线", "平常人"]))
        ):
            posting = db.session.scalar(sa.select(Posting).where(Posting.cadre_id == cadre.id))
            author = db.session.get(User, world.user_ids["zx"])
            f.create_report(posting, author, title=f"{cadre.name}的心得")
        db.session.commit()
    login_session(client, app, world.users["leader"])
    page = client.get("/", query_string={"ar_person": query}).get_data(as_text=True)
    section = page.split('id="awaiting-remark-h"')[1].split("</section>")[0]
    assert _names(section) == found


def test_derived_search_keys_fit_their_columns_for_the_longest_names(app, client, world):
    """27 × 庄 reads as 162 letters; the keys are cut to their columns (160, 40)."""
    for name in ("庄" * 27, "庄" * 40, "曾" * 40):
        full, initials = pinyin_keys(name)
        assert len(full) <= Cadre.name_pinyin.type.length
        assert len(initials) <= Cadre.name_initials.type.length
    login_session(client, app, world.users["hr_lj"])
    response = client.post(
        "/cadres/new",
        data={"name": "庄" * 40, "home_department_id": world.lj_services, "home_position": "科长"},
    )
    assert response.status_code == 302
