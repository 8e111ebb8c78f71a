"""The search looks cadres up by the pieces of their names, and finds what a scan finds."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from exchange import create_app
from exchange.auth.models import User
from exchange.cadres import search, services
from exchange.cadres.models import Cadre, CadreGram
from exchange.extensions import db
from exchange.org.models import Department
from exchange.text import name_grams
from tests import factories as f

NAMES = [
    "张想",
    "曾想",  # zengxiang cengxiang, zx cx: two readings
    "单雄信",
    "尉迟恭",
    "欧阳娜娜",
    "阿依古丽·买买提",
    "Anna李",  # Latin letters in a name: SQLite's LIKE ignores their case
    "百分%比",
    "下划_线",
    "庄" * 40,  # the keys are cut to their columns
    "张晓雪",
    "赵晓",
]

QUERIES = [
    "张",
    "想",
    "张想",
    "张想想",
    "晓雪",
    "阿依古丽·买",
    "·",
    "%",
    "_",
    "\\",
    "zx",
    "cx",
    "zhang",
    "ZhangXiang",
    "Zhāng Xiǎng",
    "zhang xiang",
    "iang",
    "angx",
    "xiao",
    "xx",
    "zxx",
    "ceng",
    "dxx",
    "ouyang",
    "oy",
    "anna",
    "ANNA李",
    "nn",
    "zhuang" * 5,
    "zzzz",
    "庄庄庄庄",
    "z",  # one Latin letter: no lookup, the scan
    "a",
    "",
]


def _ids(where) -> set[int]:
    return set(db.session.scalars(sa.select(Cadre.id).where(where)))


def _stored(cadre) -> set[str]:
    return set(db.session.scalars(sa.select(CadreGram.gram).where(CadreGram.cadre_id == cadre.id)))


@pytest.fixture
def cadres(ctx, world):
    department = db.session.get(Department, world.lj_science)
    made = [f.create_cadre(name, department, "科员") for name in NAMES]
    db.session.flush()
    return made


def test_each_cadre_keeps_the_pieces_of_their_name(cadres):
    for cadre in cadres:
        assert _stored(cadre) == name_grams(cadre.name, cadre.name_pinyin, cadre.name_initials)
    assert {"张", "想", "张想", "zx", "zha", "ian"} <= _stored(cadres[0])
    assert {"zx", "cx", "zen", "cen"} <= _stored(cadres[1])


@pytest.mark.parametrize("query", QUERIES)
def test_the_lookup_finds_exactly_what_the_scan_finds(cadres, query):
    scanned = _ids(sa.or_(*search.matches(query)))
    assert _ids(search.cadre_search(query)) == scanned
    # Everything but a single Latin letter (and nothing) is looked up, not scanned.
    if len(query) > 1 or (query and not query.isascii()):
        assert search.candidates(query) is not None, query


def test_a_renamed_cadre_is_found_by_the_new_name_only(app, cadres, world):
    admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
    cadre = cadres[0]
    data = services.CadreData(
        name="李晓雯", home_department_id=cadre.home_department_id, home_position="科员"
    )
    services.update_cadre(cadre, data, admin, cadre.version)
    db.session.flush()
    assert _stored(cadre) == name_grams("李晓雯", "lixiaowen", "lxw")
    assert cadre.id in _ids(search.cadre_search("lxw"))
    assert cadre.id in _ids(search.cadre_search("晓雯"))
    assert cadre.id not in _ids(search.cadre_search("张想"))
    # Saved again with the same name, the pieces stay as they are.
    before = db.session.scalars(
        sa.select(CadreGram.gram).where(CadreGram.cadre_id == cadre.id).order_by(CadreGram.gram)
    ).all()
    services.update_cadre(cadre, data, admin, cadre.version)
    db.session.flush()
    assert sorted(_stored(cadre)) == before


def test_a_deleted_cadres_pieces_go_with_them(cadres):
    cadre = cadres[-1]
    db.session.delete(cadre)
    db.session.flush()
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(CadreGram).where(CadreGram.cadre_id == cadre.id)
        )
        == 0
    )


def test_the_migration_writes_the_pieces_of_the_names_already_kept(own_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": own_database})
    with app.app_context():
        upgrade(revision="20261203_i19_count_covers")
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
                "INSERT INTO cadre (id, name, name_pinyin, name_initials, home_department_id,"
                " home_position, rank, phone, email, notes, version, created_at, updated_at)"
                " VALUES (7, '曾想', 'zengxiang cengxiang', 'zx cx', 1, '科员', '', '', '', '',"
                " 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        upgrade()
        with db.engine.connect() as conn:
            kept = set(
                conn.exec_driver_sql("SELECT gram FROM cadre_gram WHERE cadre_id = 7").scalars()
            )
        assert kept == name_grams("曾想", "zengxiang cengxiang", "zx cx")
        downgrade(revision="20261203_i19_count_covers")
        assert "cadre_gram" not in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
