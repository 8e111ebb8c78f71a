"""Pinyin search keys read a surname as a surname, and keep the everyday reading too."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from exchange import create_app
from exchange.auth.models import User
from exchange.extensions import db
from exchange.org.models import Department
from exchange.programmes.models import Programme
from exchange.rosters.filters import RosterFilter
from exchange.rosters.queries import iter_roster
from exchange.text import pinyin_keys
from tests import factories as f


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("曾想", ("zengxiang cengxiang", "zx cx")),
        ("单雄信", ("shanxiongxin danxiongxin", "sxx dxx")),
        ("解缙", ("xiejin jiejin", "xj jj")),
        ("仇英", ("qiuying chouying", "qy cy")),
        ("朴永", ("piaoyong puyong", "py")),  # one set of initials for both
        ("尉迟恭", ("yuchigong", "ycg")),
        ("张想", ("zhangxiang", "zx")),  # no other reading: one key
        ("", ("", "")),
    ],
)
def test_surname_reading_first_then_the_everyday_one(name, keys):
    assert pinyin_keys(name) == keys


def test_keys_fit_their_columns():
    full, initials = pinyin_keys("曾" * 40)
    assert len(full) <= 160 and len(initials) <= 40 and full.startswith("zeng")


@pytest.fixture
def zeng_xiang(app, world):
    with app.app_context():
        cadre = f.create_cadre("曾想", db.session.get(Department, world.lj_science), "科员")
        programme = db.session.get(Programme, world.programme)
        f.create_posting(cadre, db.session.get(Department, world.tf_hq), programme)
        db.session.commit()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("zeng", ["曾想"]),
        ("zengxiang", ["曾想"]),
        ("Zēng Xiǎng", ["曾想"]),
        ("ceng", ["曾想"]),
        ("cx", ["曾想"]),
        ("曾", ["曾想"]),
        ("zx", ["张想", "曾想"]),  # 张想 is zx too
    ],
)
def test_the_roster_finds_zeng_xiang_by_either_reading(ctx, world, zeng_xiang, query, found):
    admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
    names = [r.cadre_name for r in iter_roster(db.session, admin, RosterFilter(q=query))]
    assert sorted(names) == sorted(found)


@pytest.mark.parametrize("query", ["zeng", "zx"])
def test_the_cadre_list_finds_zeng_xiang(client, auth, world, zeng_xiang, query):
    auth.login("admin")
    page = client.get(f"/cadres?q={query}").get_data(as_text=True)
    assert "曾想" in page and "丁曌" not in page and "李晓雯" not in page


def test_the_migration_rekeys_existing_rows_and_its_downgrade_restores_them(own_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": own_database})
    with app.app_context():
        upgrade(revision="0001_initial")
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO district (id, code, name, name_en, province, created_at)"
                " VALUES (1, 'lj', '两江新区', '', '', CURRENT_TIMESTAMP)"
            )
            conn.exec_driver_sql(
                "INSERT INTO department (id, district_id, name, name_en, created_at)"
                " VALUES (1, 1, '科技创新局', '', CURRENT_TIMESTAMP)"
            )
            conn.exec_driver_sql(
                "INSERT INTO cadre (name, name_pinyin, name_initials, home_department_id,"
                " home_position, rank, phone, email, notes, version, created_at, updated_at)"
                " VALUES ('曾想', 'cengxiang', 'cx', 1, '科员', '', '', '', '', 1,"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )

        def keys():
            with db.engine.connect() as conn:
                return tuple(
                    conn.exec_driver_sql("SELECT name_pinyin, name_initials FROM cadre").one()
                )

        upgrade()
        assert keys() == ("zengxiang cengxiang", "zx cx")
        downgrade(revision="0001_initial")
        assert keys() == ("cengxiang", "cx")
        db.engine.dispose()
