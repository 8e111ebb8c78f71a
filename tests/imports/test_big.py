"""A 10,000-row file with one bad row writes nothing and names the row (not timed here)."""

import io

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.imports.services import read_and_run
from tests.imports.conftest import csv_bytes

ROWS = 10_000


@pytest.mark.slow
def test_ten_thousand_rows_one_bad_nothing_written(ctx, world):
    rows = [["姓名", "出生年月", "单位", "职务"]]
    rows += [[f"干部{i:05d}", "1985.01", "现代服务业局", "科员"] for i in range(ROWS)]
    rows[7_777][2] = "不存在的局"  # line 7,778 of the file
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    outcome = read_and_run("cadres", io.BytesIO(csv_bytes(rows)), hr, dry_run=False)
    assert len(outcome.rows) == ROWS and not outcome.ok
    (bad,) = [row for row in outcome.rows if row.problems]
    assert bad.number == 7_778 and [p[1] for p in bad.problems] == ["unknown_department"]
    db.session.rollback()  # what the page and the command do when a row has a problem
    assert db.session.scalar(sa.select(sa.func.count()).where(Cadre.name.like("干部%"))) == 0
