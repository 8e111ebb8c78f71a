"""Uploading .lrmx files through the pages: the file comes back patched or a clear refusal."""

import io
import zipfile

import pytest
import sqlalchemy as sa
from markupsafe import escape

from exchange.audit.models import AuditEvent
from exchange.extensions import db
from tests.lrmx.conftest import SAMPLE


@pytest.fixture
def ready(app, zhang):
    db.session.commit()


def upload(client, url, data: bytes, name="张想.lrmx", **fields):
    form = {"file": (io.BytesIO(data), name), **fields}
    return client.post(url, data=form, content_type="multipart/form-data")


def test_home_hr_gets_the_file_back_patched(client, auth, world, ready, app):
    auth.login("hr.liangjiang")
    page = client.get(f"/cadres/{world.cadre_zx}").get_data(as_text=True)
    assert f"/cadres/{world.cadre_zx}/lrmx" in page
    response = upload(client, f"/cadres/{world.cadre_zx}/lrmx", SAMPLE.encode(), annual="y")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    body = response.get_data().decode()
    assert "（其间：2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任）" in body
    assert "新版本才有的内容" in body and "<Version>3.2.1.6</Version>" in body
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "lrmx.patch"))
        assert [e.summary for e in events] == ["张想"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (SAMPLE.replace("张  想", "丁曌").encode(), "这是其他干部的文件"),
        (b"hello", "文件不是XML格式"),
        (b"<Other/>", "没有<Person>元素"),
        (b"", "请选择文件"),
    ],
)
def test_bad_files_are_refused_with_a_message(client, auth, world, ready, data, message):
    auth.login("hr.liangjiang")
    response = upload(client, f"/cadres/{world.cadre_zx}/lrmx", data)
    assert response.status_code == 400
    assert str(escape(message)) in response.get_data(as_text=True)  # shown as text


def test_a_file_over_the_limit_is_refused(client, auth, world, ready, app):
    app.config["LRMX_MAX_BYTES"] = 1024
    auth.login("hr.liangjiang")
    response = upload(client, f"/cadres/{world.cadre_zx}/lrmx", SAMPLE.encode() * 40)
    assert response.status_code in (400, 413)
    assert "文件超过1 KB" in response.get_data(as_text=True)


def test_only_the_home_side_patches(client, auth, world, ready):
    auth.login("hr.tianfu")
    assert upload(client, f"/cadres/{world.cadre_zx}/lrmx", SAMPLE.encode()).status_code == 403


def test_a_programme_zip_is_patched_in_one_go_with_the_unmatched_listed(client, auth, world, ready):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("张想.lrmx", SAMPLE.encode())
        z.writestr("某人.lrmx", SAMPLE.replace("张  想", "某人").encode())
        z.writestr("说明.txt", "x")
    auth.login("hr.liangjiang")
    page = client.get(f"/programmes/{world.programme}").get_data(as_text=True)
    assert f"/programmes/{world.programme}/lrmx" in page
    response = upload(client, f"/programmes/{world.programme}/lrmx", out.getvalue(), "批次.zip")
    assert response.status_code == 200 and response.headers["X-Unmatched-Files"] == "2"
    result = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert sorted(result.namelist()) == ["张想.lrmx", "未匹配文件.txt"]
    assert "挂职任四川天府新区" in result.read("张想.lrmx").decode()
    unmatched = result.read("未匹配文件.txt").decode()
    assert "某人.lrmx" in unmatched and "说明.txt" in unmatched


def test_a_zip_matching_no_one_is_refused_with_the_list(client, auth, world, ready):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("某人.lrmx", SAMPLE.replace("张  想", "某人").encode())
    auth.login("hr.liangjiang")
    response = upload(client, f"/programmes/{world.programme}/lrmx", out.getvalue(), "a.zip")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "没有与本批次" in html and "某人.lrmx" in html


def test_imported_results_of_years_outside_postings_reach_the_file(client, auth, world, app, zhang):
    from exchange.appraisals.imported import import_year_outside_postings
    from exchange.auth.models import User
    from exchange.cadres.models import Cadre

    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    cadre = db.session.get(Cadre, world.cadre_zx)
    assert import_year_outside_postings(cadre, 2022, "excellent", hr, "test") == "create"
    db.session.commit()
    auth.login("hr.liangjiang")
    response = upload(client, f"/cadres/{world.cadre_zx}/lrmx", SAMPLE.encode(), annual="y")
    assert response.status_code == 200
    assert "2022年度考核优秀" in response.get_data().decode()
