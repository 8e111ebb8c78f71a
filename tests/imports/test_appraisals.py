"""Importing annual appraisal results: a year of a posting locks its 年度考核, other years are kept
on the cadre (the 任免审批表 and .lrmx read both); any year columns, re-import skips or updates."""

import io

import openpyxl
import sqlalchemy as sa

from exchange.appraisals.models import AnnualResult, Appraisal, AppraisalVersion
from exchange.appraisals.queries import annual_results
from exchange.audit.models import AuditEvent
from exchange.auth.models import User
from exchange.extensions import db
from exchange.imports.services import read_and_run
from tests.imports.conftest import csv_bytes, xlsx

# 张想 (两江, 现代服务业局) is in post at 天府 from 2026-06-01: 2026 is a year of that posting.
HEADER = ["姓名", "单位", "2024年", "2025年", "2026年"]
ZX = ["张想", "现代服务业局", "优秀", "称职", "优秀"]


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _run(data, user="hr.liangjiang", dry_run=False):
    return read_and_run("appraisals", io.BytesIO(data), _user(user), dry_run=dry_run, source="t")


def _codes(outcome):
    return [code for row in outcome.rows for _c, code, _m in row.problems]


def _annual(posting_id):
    return db.session.scalars(
        sa.select(Appraisal).where(Appraisal.posting_id == posting_id, Appraisal.kind == "annual")
    ).all()


def test_years_of_a_posting_lock_its_appraisal_and_other_years_are_kept(ctx, world):
    outcome = _run(xlsx([HEADER, ZX]))
    assert outcome.ok and outcome.counts["create"] == 1, outcome.rows
    [appraisal] = _annual(world.p_zx)
    assert (appraisal.year, appraisal.final_grade, appraisal.status) == (
        2026,
        "excellent",
        "locked",
    )
    assert annual_results(world.cadre_zx) == {
        2024: "excellent",
        2025: "competent",
        2026: "excellent",
    }
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"appraisal.import", "appraisal.annual_result"} <= actions


def test_the_preview_writes_nothing(ctx, world):
    outcome = _run(xlsx([HEADER, ZX]), dry_run=True)
    assert outcome.ok
    assert db.session.scalar(sa.select(sa.func.count(AnnualResult.id))) == 0
    assert _annual(world.p_zx) == []


def test_reimport_skips_and_a_changed_grade_updates_without_duplicates(ctx, world):
    _run(xlsx([HEADER, ZX]))
    again = _run(xlsx([HEADER, ZX]))
    assert again.counts["skip"] == 1 and "2024" in again.rows[0].detail
    changed = _run(xlsx([HEADER, ["张想", "现代服务业局", "优秀", "基本称职", "称职"]]))
    assert changed.counts["update"] == 1, changed.rows
    assert db.session.scalar(sa.select(sa.func.count(AnnualResult.id))) == 2
    [appraisal] = _annual(world.p_zx)
    assert appraisal.final_grade == "competent" and appraisal.revision == 2
    assert db.session.scalar(sa.select(sa.func.count(AppraisalVersion.id))) == 1
    assert annual_results(world.cadre_zx)[2025] == "basically_competent"


def test_a_bad_grade_and_an_unknown_cadre_are_problems_per_cell_and_row(ctx, world):
    outcome = _run(
        xlsx([HEADER, ["张想", "现代服务业局", "良好", "", ""], ["无名", "现代服务业局", "优秀"]])
    )
    assert not outcome.ok
    first, second = outcome.rows
    assert [(c, code) for c, code, _m in first.problems] == [("2024年", "invalid_grade")]
    assert [code for _c, code, _m in second.problems] == ["unknown_cadre"]


def test_year_columns_in_any_order_and_english_headers(ctx, world):
    data = xlsx(
        [["2025", "Name", "2024年度", "Home department"], ["称职", "张想", "优秀", "现代服务业局"]]
    )
    outcome = _run(data)
    assert outcome.ok, outcome.rows
    assert annual_results(world.cadre_zx) == {2024: "excellent", 2025: "competent"}


def test_gb18030_csv(ctx, world):
    outcome = _run(csv_bytes([HEADER, ZX], "gb18030"))
    assert outcome.ok and outcome.counts["create"] == 1


def test_a_file_without_year_columns_or_with_a_year_twice_is_refused(ctx, world):
    from exchange.imports.reader import FileProblem

    for header in (["姓名", "单位"], ["姓名", "单位", "2024年", "2024"]):
        try:
            _run(xlsx([header, ["张想", "现代服务业局", "优秀", "优秀"]]))
        except FileProblem as error:
            assert error.codes[0] in ("missing_header", "duplicate_header")
        else:
            raise AssertionError(header)


def test_a_future_year_is_a_problem(ctx, world):
    outcome = _run(xlsx([["姓名", "单位", "2030年"], ["张想", "现代服务业局", "优秀"]]))
    assert _codes(outcome) == ["future_year"]


def test_another_districts_hr_may_not_record_the_cadres_results(ctx, world):
    header = ["姓名", "所属区域", "单位", "2024年", "2026年"]
    row = ["张想", "两江新区", "现代服务业局", "优秀", "优秀"]
    outcome = _run(xlsx([header, row]), user="hr.tianfu")
    assert _codes(outcome) == ["not_allowed", "not_allowed"]
    assert [c for c, _code, _m in outcome.rows[0].problems] == ["2024年", "2026年"]
    assert _run(xlsx([header, row]), user="admin").ok


def test_template_round_trip_and_another_districts_hr_gets_403(app, client, auth, world):
    auth.login("hr.liangjiang")
    response = client.get("/imports/appraisals/template.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["姓名*", "出生年月"] and headers[-3:] == ["2023年", "2024年", "2025年"]
    assert sheet["A2"].value.startswith("※")
    assert sheet.data_validations.dataValidation
    sheet["A3"], sheet["D3"], sheet["F3"] = "张想", "现代服务业局", "优秀"
    out = io.BytesIO()
    workbook.save(out)
    upload = client.post(
        "/imports/appraisals",
        data={"appraisals-file": (io.BytesIO(out.getvalue()), "考核.xlsx")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302, upload.get_data(as_text=True)[:2000]
    run_url = upload.headers["Location"]
    assert "2024优秀" in client.get(run_url).get_data(as_text=True)
    auth.logout()
    auth.login("hr.tianfu")
    assert client.get(run_url).status_code == 403
    assert client.post(run_url + "/confirm").status_code in (400, 403)
    auth.logout()
    auth.login("hr.liangjiang")
    assert client.post(run_url + "/confirm").status_code == 302
    with app.app_context():
        assert annual_results(world.cadre_zx) == {2024: "excellent"}


def test_cli_dry_run_and_exit_codes(app, runner, world, tmp_path):
    path = tmp_path / "考核.csv"
    path.write_bytes(csv_bytes([HEADER, ZX], "utf-8-sig"))
    args = ["import", "appraisals", str(path), "--user", "hr.liangjiang"]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 new" in dry.output and "2024优秀" in dry.output
    with app.app_context():
        assert annual_results(world.cadre_zx) == {}
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([HEADER, ["张想", "现代服务业局", "良好"]]))
    result = runner.invoke(args=["import", "appraisals", str(bad), "--user", "hr.liangjiang"])
    assert result.exit_code == 1 and "invalid_grade" in result.output
    done = runner.invoke(args=args)
    assert done.exit_code == 0, done.output
    with app.app_context():
        assert len(annual_results(world.cadre_zx)) == 3
    refused = runner.invoke(args=["import", "appraisals", str(path), "--user", "zhangxiang"])
    assert refused.exit_code == 2


def test_the_cadre_page_shows_recorded_results_to_the_home_side(app, client, auth, world):
    with app.app_context():
        _run(xlsx([HEADER, ZX]))
        db.session.commit()
    auth.login("hr.liangjiang")
    page = client.get(f"/cadres/{world.cadre_zx}").get_data(as_text=True)
    assert "派出单位记录" in page and "2024" in page
    auth.logout()
    auth.login("hr.tianfu")
    page = client.get(f"/cadres/{world.cadre_zx}").get_data(as_text=True)
    assert "派出单位记录" not in page


def test_the_appraisal_page_shows_an_imported_result(app, client, auth, world):
    with app.app_context():
        _run(xlsx([HEADER, ZX]))
        db.session.commit()
    auth.login("hr.tianfu")
    page = client.get(f"/postings/{world.p_zx}/appraisals")
    assert page.status_code == 200
    assert "优秀" in page.get_data(as_text=True)
