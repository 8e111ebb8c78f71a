"""Cadre pages: the résumé lines, the career total, who may edit what."""

from datetime import date

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.resume import career_days_seconded


def test_career_total_counts_served_days_only(ctx, world):
    cadre = db.session.get(Cadre, world.cadre_zx)
    # 2026-06-01 .. 2026-09-01 inclusive, as of the test day.
    assert career_days_seconded(cadre.postings, date(2026, 9, 1)) == 93


def test_detail_shows_timeline_resume_and_total(client, auth, world):
    auth.login("hr.liangjiang")
    html = client.get(f"/cadres/{world.cadre_zx}").get_data(as_text=True)
    assert "挂职任四川天府新区天府总部商务区副主任" in html
    assert "93 天" in html
    assert f"/postings/{world.p_zx}" in html


def test_official_edits_only_contact(client, auth, world, app):
    auth.login("zhangxiang")
    page = client.get(f"/cadres/{world.cadre_zx}/edit").get_data(as_text=True)
    assert 'name="phone"' in page and 'name="name"' not in page
    response = client.post(
        f"/cadres/{world.cadre_zx}/edit",
        data={"phone": "023-1234", "email": "zx@example.cn", "name": "改名", "home_position": "x"},
    )
    assert response.status_code == 302
    with app.app_context():
        cadre = db.session.get(Cadre, world.cadre_zx)
        assert (cadre.phone, cadre.name, cadre.home_position) == ("023-1234", "张想", "副局长")


def test_hr_registers_only_in_own_district(client, auth, world, app):
    auth.login("hr.tianfu")
    response = client.post(
        "/cadres/new",
        data={"name": "赵一", "home_department_id": world.lj_services, "home_position": "科长"},
    )
    assert response.status_code == 400
    response = client.post(
        "/cadres/new",
        data={"name": "赵一", "home_department_id": world.tf_hq, "home_position": "科长"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Cadre).where(Cadre.name == "赵一")).name_initials == "zy"


def test_hr_list_shows_own_and_seconded_in(client, auth, world):
    auth.login("hr.tianfu")
    html = client.get("/cadres").get_data(as_text=True)
    assert "张想" in html and "丁曌" not in html and "李晓雯" not in html


def test_hr_records_the_data_the_forms_need(client, auth, world, app):
    auth.login("hr.liangjiang")
    response = client.post(
        f"/cadres/{world.cadre_zx}/edit",
        data={
            "name": "张想",
            "home_department_id": world.lj_services,
            "home_position": "副局长",
            "birth_month": "1985-03",
            "ethnicity": "汉族",
            "native_place": "重庆",
            "political_status": "cpc_member",
            "party_joined_month": "2007-06",
            "work_started_month": "2008-07",
            "education": "研究生",
            "degree": "经济学硕士",
            "home_position_month": "2019-06",
            "version": "1",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/cadres/{world.cadre_zx}").get_data(as_text=True)
    for text in ("1985.03", "汉族", "中共党员", "2007.06入党", "2008.07", "经济学硕士", "2019.06"):
        assert text in page, text
    edit = client.get(f"/cadres/{world.cadre_zx}/edit").get_data(as_text=True)
    assert 'value="1985-03"' in edit
    response = client.post(
        f"/cadres/{world.cadre_zx}/edit",
        data={
            "name": "张想",
            "home_department_id": world.lj_services,
            "home_position": "副局长",
            "political_status": "emperor",
            "version": "2",
        },
    )
    assert response.status_code == 400
