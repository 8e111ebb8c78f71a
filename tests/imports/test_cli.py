"""``flask import cadres|postings FILE``: the dry run prints the preview, problems exit non-zero."""

import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.extensions import db
from tests.imports.conftest import csv_bytes


def _file(tmp_path, rows, encoding="utf-8"):
    path = tmp_path / "cadres.csv"
    path.write_bytes(csv_bytes(rows, encoding))
    return str(path)


GOOD = [["姓名", "单位", "职务"], ["郑七", "科技创新局", "科员"]]


def _count(app, name):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).where(Cadre.name == name))


def test_dry_run_prints_the_preview_and_writes_nothing(app, runner, world, tmp_path):
    result = runner.invoke(
        args=["import", "cadres", _file(tmp_path, GOOD), "--dry-run", "--user", "hr.liangjiang"]
    )
    assert result.exit_code == 0, result.output
    assert "郑七" in result.output and "1 new" in result.output
    assert _count(app, "郑七") == 0


def test_import_writes_and_exits_zero(app, runner, world, tmp_path):
    result = runner.invoke(
        args=["import", "cadres", _file(tmp_path, GOOD, "gb18030"), "--user", "hr.liangjiang"]
    )
    assert result.exit_code == 0, result.output
    assert _count(app, "郑七") == 1
    again = runner.invoke(
        args=["import", "cadres", _file(tmp_path, GOOD), "--user", "hr.liangjiang"]
    )
    assert again.exit_code == 0 and "1 unchanged" in again.output
    assert _count(app, "郑七") == 1


def test_problems_exit_one_and_write_nothing(app, runner, world, tmp_path):
    rows = GOOD + [["王八", "无此局", "科员"]]
    result = runner.invoke(
        args=["import", "cadres", _file(tmp_path, rows), "--user", "hr.liangjiang"]
    )
    assert result.exit_code == 1
    assert "unknown_department" in result.output and "row      3" in result.output
    assert _count(app, "郑七") == 0


def test_a_file_that_is_not_a_spreadsheet_exits_one(app, runner, world, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = runner.invoke(args=["import", "cadres", str(path), "--user", "admin"])
    assert result.exit_code == 1 and "not_a_spreadsheet" in result.output


def test_the_account_is_checked(app, runner, world, tmp_path):
    result = runner.invoke(args=["import", "cadres", _file(tmp_path, GOOD), "--user", "zhangxiang"])
    assert result.exit_code == 2
    result = runner.invoke(args=["import", "cadres", _file(tmp_path, GOOD), "--user", "nobody"])
    assert result.exit_code == 2


def test_without_user_the_only_administrator_imports(app, runner, world, tmp_path):
    result = runner.invoke(args=["import", "cadres", _file(tmp_path, GOOD), "--dry-run"])
    assert result.exit_code == 1 and "所属区域" in result.output  # an admin names the district
    rows = [["姓名", "所属区域", "单位", "职务"], ["郑七", "两江新区", "科技创新局", "科员"]]
    result = runner.invoke(args=["import", "cadres", _file(tmp_path, rows), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
