"""Lost updates: a write based on an old version of a record is refused, never applied.

Every model with a version counter is checked (posting, report, cadre, programme and
any added later): a writer holds version N, someone else saves N + 1, and the first
writer's save then fails with StaleDataError, which the app turns into the 409
"changed by someone else" page (tests/security/test_headers_and_errors.py). Routes that
render a form and save it in a later request must carry the version in the form and
compare it in the service; their own tests cover that.
"""

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from exchange.extensions import db


def versioned_models():
    return sorted(
        (m.class_ for m in db.Model.registry.mappers if m.version_id_col is not None),
        key=lambda cls: cls.__name__,
    )


DERIVED_OR_CODED = {
    "status",
    "kind",
    "name_pinyin",
    "name_initials",
    "proposed_grade",
    "final_grade",
}


def a_text_column(model):
    for column in model.__table__.columns:
        plain_text = isinstance(column.type, sa.String | sa.Text) and not column.foreign_keys
        if plain_text and column.name not in DERIVED_OR_CODED:
            return column.name
    return None


def test_versioned_models_exist():
    names = {cls.__name__ for cls in versioned_models()}
    assert {"Posting", "ReflectionLog", "Cadre"} <= names


@pytest.fixture(scope="module")
def own_database(tmp_path_factory):
    """A SQLite file of this module's own with one of each record, so sessions are independent."""
    from flask_migrate import upgrade

    from exchange import create_app
    from exchange.appraisals.models import Appraisal
    from tests import factories as f

    url = "sqlite:///" + str(tmp_path_factory.mktemp("lost") / "lost.db")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        lj = f.create_district("liangjiang", "两江新区")
        tf = f.create_district("tianfu", "四川天府新区")
        cadre = f.create_cadre("张想", f.create_department(lj, "现代服务业局"))
        programme = f.create_programme([lj, tf])
        posting = f.create_posting(cadre, f.create_department(tf, "天府总部商务区"), programme)
        author = f.create_user("zhangxiang", "cadre", cadre=cadre)
        f.create_report(posting, author)
        db.session.add(
            Appraisal(posting=posting, kind="annual", year=2026, proposed_grade="excellent")
        )
        db.session.commit()
        db.engine.dispose()
    engine = sa.create_engine(url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("model", versioned_models(), ids=lambda m: m.__name__)
def test_the_later_of_two_writers_is_told_and_nothing_is_overwritten(own_database, model):
    column = a_text_column(model)
    assert column, f"{model.__name__} has no text column to edit"
    with (
        Session(own_database, expire_on_commit=False) as first,
        Session(own_database) as second,
    ):
        row = first.scalars(sa.select(model).limit(1)).first()
        if row is None:
            pytest.skip(f"no {model.__name__} row in this module's data")
        original_version, row_id = row.version, row.id
        first.commit()  # the first writer has read version N and keeps it in hand ...

        other = second.get(model, row_id)
        setattr(other, column, f"first writer {model.__name__}")
        second.commit()  # ... meanwhile someone else saves version N + 1

        setattr(row, column, "later writer")  # the first writer saves what they saw
        with pytest.raises(StaleDataError):
            first.flush()
        first.rollback()

    with Session(own_database) as check:
        stored = check.get(model, row_id)
        assert getattr(stored, column) == f"first writer {model.__name__}"
        assert stored.version == original_version + 1
