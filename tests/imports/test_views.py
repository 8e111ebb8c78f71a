"""The import pages: templates round-trip, preview then confirm, refusals shown, nothing written."""

import io

import openpyxl
import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.imports.models import ImportRun
from exchange.postings.models import Posting
from tests.imports.conftest import csv_bytes


def _fill_template(client, kind: str, rows: list[list]) -> bytes:
    response = client.get(f"/imports/{kind}/template.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert sheet["A2"].value.startswith("※")
    assert sheet.data_validations.dataValidation, "choices offered as lists"
    for offset, row in enumerate(rows):
        for header, value in row.items():
            column = headers.index(header) + 1
            sheet.cell(row=3 + offset, column=column, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, kind, data, name="file.xlsx"):
    return client.post(
        f"/imports/{kind}",
        data={f"{kind}-file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _run_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_cadre_template_round_trip_with_preview_and_confirmation(app, client, auth, world):
    auth.login("hr.liangjiang")
    data = _fill_template(
        client,
        "cadres",
        [
            {
                "姓名*": "周五",
                "性别": "女",
                "出生年月": "1986.10",
                "单位*": "科技创新局",
                "职务*": "副处长",
            },
            {
                "姓名*": "吴六",
                "性别": "男",
                "出生年月": "1979.03",
                "单位*": "现代服务业局",
                "职务*": "科长",
                "职级": "一级主任科员",
            },
        ],
    )
    run_id = _run_id(_upload(client, "cadres", data))
    page = client.get(f"/imports/runs/{run_id}").get_data(as_text=True)
    assert "周五" in page and 'data-count="create">2<' in page
    with app.app_context():
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(Cadre.name.in_(["周五", "吴六"])))
            == 0
        )
    response = client.post(f"/imports/runs/{run_id}/confirm")
    assert response.status_code == 302
    with app.app_context():
        cadre = db.session.scalar(sa.select(Cadre).where(Cadre.name == "周五"))
        assert cadre.birth_month.month == 10 and cadre.gender == "F"
        assert db.session.get(ImportRun, run_id).status == "imported"
        assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "import.confirm"))
    # The same file again: nothing new, the preview says so.
    again = _run_id(_upload(client, "cadres", data))
    page = client.get(f"/imports/runs/{again}").get_data(as_text=True)
    assert 'data-count="skip">2<' in page and 'data-count="create">0<' in page


def test_posting_template_round_trip_with_a_historic_row(app, client, auth, world):
    auth.login("hr.liangjiang")
    data = _fill_template(
        client,
        "postings",
        [
            {
                "姓名*": "李晓雯",
                "接收区域*": "四川天府新区",
                "接收单位*": "天府总部商务区",
                "挂职职务*": "副主任",
                "交流批次*": "测试交流批次",
                "开始日期*": "2021-03-01",
                "计划结束日期*": "2021-08-31",
                "状态": "期满",
            },
            {
                "姓名*": "李晓雯",
                "接收区域*": "四川天府新区",
                "接收单位*": "天府总部商务区",
                "挂职职务*": "副主任",
                "交流批次*": "测试交流批次",
                "开始日期*": "2027-01-04",
                "计划结束日期*": "2027-07-03",
            },
        ],
    )
    run_id = _run_id(_upload(client, "postings", data))
    assert client.post(f"/imports/runs/{run_id}/confirm").status_code == 302
    with app.app_context():
        statuses = db.session.scalars(
            sa.select(Posting.status)
            .where(Posting.cadre_id == world.cadre_other)
            .order_by(Posting.start_date)
        ).all()
    assert statuses == ["completed", "proposed"]


def test_a_file_with_problems_cannot_be_confirmed(app, client, auth, world):
    auth.login("hr.liangjiang")
    rows = [["姓名", "单位", "职务"], ["郑七", "科技创新局", "科员"], ["王八", "无此局", "科员"]]
    run_id = _run_id(_upload(client, "cadres", csv_bytes(rows), "cadres.csv"))
    page = client.get(f"/imports/runs/{run_id}?only=problems").get_data(as_text=True)
    assert 'data-code="unknown_department"' in page and 'data-row="3"' in page
    assert 'id="confirm-import"' not in page
    client.post(f"/imports/runs/{run_id}/confirm")
    with app.app_context():
        assert db.session.scalar(sa.select(Cadre).where(Cadre.name == "郑七")) is None


def test_an_unreadable_file_is_refused_with_a_message(app, client, auth, world):
    auth.login("hr.liangjiang")
    run_id = _run_id(_upload(client, "cadres", b"\x7fELF\x00\x00binary", "cadres.xlsx"))
    page = client.get(f"/imports/runs/{run_id}").get_data(as_text=True)
    assert 'data-code="not_a_spreadsheet"' in page


def test_another_officer_cannot_see_or_confirm_a_run(app, client, auth, world):
    auth.login("hr.liangjiang")
    run_id = _run_id(
        _upload(
            client,
            "cadres",
            csv_bytes([["姓名", "单位", "职务"], ["郑七", "科技创新局", "科员"]]),
            "c.csv",
        )
    )
    auth.logout()
    auth.login("hr.tianfu")
    assert client.get(f"/imports/runs/{run_id}").status_code == 403
    assert client.post(f"/imports/runs/{run_id}/confirm").status_code == 403
    auth.logout()
    auth.login("zhangxiang")
    assert client.get("/imports").status_code == 403


def test_a_stale_preview_is_refused_whole_on_confirmation(app, client, auth, world):
    auth.login("hr.liangjiang")
    rows = [
        ["姓名", "单位", "职务"],
        ["郑七", "科技创新局", "科员"],
        ["冯九", "科技创新局", "科员"],
    ]
    run_id = _run_id(_upload(client, "cadres", csv_bytes(rows), "c.csv"))
    with app.app_context():  # meanwhile the department is renamed
        from exchange.org.models import Department

        db.session.get(Department, world.lj_science).name = "科技创新局（改）"
        db.session.commit()
    response = client.post(f"/imports/runs/{run_id}/confirm")
    assert response.status_code == 302 and "only=problems" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(Cadre).where(Cadre.name == "郑七")) is None
        assert db.session.get(ImportRun, run_id).counts["problem"] == 2


def test_a_week_old_preview_is_discarded_with_its_file(app, client, auth, world, tmp_path):
    from datetime import UTC, datetime, timedelta

    auth.login("hr.liangjiang")
    rows = [["姓名", "单位", "职务"], ["郑七", "科技创新局", "科员"]]
    old = _run_id(_upload(client, "cadres", csv_bytes(rows), "old.csv"))
    with app.app_context():
        run = db.session.get(ImportRun, old)
        run.created_at = datetime.now(UTC) - timedelta(days=8)
        db.session.commit()
    staged = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    assert len(staged) == 1
    _run_id(_upload(client, "cadres", csv_bytes(rows), "new.csv"))
    with app.app_context():
        assert db.session.get(ImportRun, old).status == "discarded"
    assert not staged[0].exists()
