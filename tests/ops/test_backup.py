"""``flask backup`` then ``flask restore`` bring back the first state, on SQLite and PostgreSQL.

Each run uses a database of its own: a SQLite file, or ``<suite database>_backup`` on the
PostgreSQL server of EXCHANGE_TEST_DATABASE_URL (tests/databases.py).
"""

import sqlalchemy as sa
from flask_migrate import upgrade

from exchange import create_app
from exchange.extensions import db
from exchange.org.models import District
from tests import factories as f


def district_names(app) -> list[str]:
    with app.app_context():
        names = db.session.scalars(sa.select(District.name).order_by(District.name)).all()
        db.session.remove()
        return names


def test_backup_change_restore_finds_the_first_state(own_database, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": own_database})
    with app.app_context():
        upgrade()
        f.create_district("liangjiang", "两江新区", "重庆市")
        db.session.commit()
    runner = app.test_cli_runner()
    target = tmp_path / "backups" / "first"

    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0

    with app.app_context():
        db.session.scalar(sa.select(District)).name = "改名了"
        f.create_district("tianfu", "四川天府新区", "四川省")
        db.session.commit()
    assert district_names(app) == ["四川天府新区", "改名了"]

    result = runner.invoke(args=["restore", str(target)], input="n\n")
    assert result.exit_code != 0 and district_names(app) == ["四川天府新区", "改名了"]
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert district_names(app) == ["两江新区"]
    with app.app_context():
        db.engine.dispose()


def test_backup_without_a_file_database_says_why(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x")])
    assert result.exit_code != 0 and "in-memory" in result.output


def test_restore_of_a_missing_file_changes_nothing(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}"})
    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "nope"), "--yes"])
    assert result.exit_code != 0 and "No backup file" in result.output
