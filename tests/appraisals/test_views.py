"""Appraisal pages: who sees which form, who wrote each part and when, the home to-do list."""

import re
from datetime import date

import pytest

EOT_FORM = {
    "host-end_of_term-performance": "表现良好",
    "host-end_of_term-achievements": "招引企业",
    "host-end_of_term-grade": "excellent",
}


@pytest.fixture
def december(app):
    app.config["TODAY"] = date(2026, 12, 10)


def version_of(html: str, prefix: str) -> str:
    match = re.search(rf'id="{prefix}-version"[^>]*value="(\d+)"', html) or re.search(
        rf'name="{prefix}-version"[^>]*value="(\d+)"', html
    )
    return match.group(1) if match else ""


def test_the_host_signs_the_home_side_locks_and_the_page_says_who(client, auth, world, december):
    auth.login("hr.tianfu")
    page = client.get(f"/postings/{world.p_zx}/appraisals").get_data(as_text=True)
    # No grade is preselected: the blank choice is the selected one.
    select = page[page.index('name="host-end_of_term-grade"') :].split("</select>")[0]
    assert '<option selected value="">' in select
    assert "selected" not in select.replace('<option selected value="">', "")
    response = client.post(f"/postings/{world.p_zx}/appraisals/end-of-term", data=EOT_FORM)
    assert response.status_code == 302
    page = client.get(f"/postings/{world.p_zx}/appraisals").get_data(as_text=True)
    assert "表现良好" in page and "hr.tianfu" in page

    auth.logout()
    auth.login("hr.liangjiang")
    page = client.get(f"/postings/{world.p_zx}/appraisals").get_data(as_text=True)
    appraisal_id = re.search(r"/appraisals/(\d+)/home", page).group(1)
    version = version_of(page, "home-end_of_term")
    response = client.post(
        f"/appraisals/{appraisal_id}/home",
        data={"home-end_of_term-opinion": "同意", "home-end_of_term-version": version},
    )
    assert response.status_code == 302
    page = client.get(f"/postings/{world.p_zx}/appraisals").get_data(as_text=True)
    assert "双方已签署" in page and "hr.liangjiang" in page


def test_a_refused_form_keeps_what_was_typed(client, auth, world, december):
    auth.login("hr.tianfu")
    data = dict(EOT_FORM, **{"host-end_of_term-grade": ""})
    response = client.post(f"/postings/{world.p_zx}/appraisals/end-of-term", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "请选择等次" in html and "表现良好" in html


def test_before_the_window_the_form_is_refused(client, auth, world):
    auth.login("hr.tianfu")
    response = client.post(f"/postings/{world.p_zx}/appraisals/end-of-term", data=EOT_FORM)
    assert response.status_code == 400
    assert "考核鉴定将于" in response.get_data(as_text=True)


def test_the_official_sees_nothing_before_the_lock(client, auth, world, december, app):
    auth.login("hr.tianfu")
    client.post(f"/postings/{world.p_zx}/appraisals/end-of-term", data=EOT_FORM)
    auth.logout()
    auth.login("zhangxiang")
    page = client.get(f"/postings/{world.p_zx}/appraisals").get_data(as_text=True)
    assert "表现良好" not in page


def test_results_show_on_the_cadre_page_by_year(client, auth, world, app, december):
    from exchange.appraisals import services as s
    from exchange.auth.models import User
    from exchange.extensions import db
    from exchange.postings.models import Posting

    with app.test_request_context():
        posting = db.session.get(Posting, world.p_zx)
        tf = db.session.get(User, world.user_ids["hr_tf"])
        lj = db.session.get(User, world.user_ids["hr_lj"])
        a = s.sign_host_part(posting, "annual", 2026, s.HostPart("excellent", "x"), tf, None)
        s.sign_home_part(a, s.HomePart("", "excellent"), lj, a.version)
        db.session.commit()
    auth.login("leader")
    page = client.get(f"/cadres/{world.cadre_zx}").get_data(as_text=True)
    assert "考核结果" in page and "2026" in page and "优秀" in page


def test_overdue_appraisal_on_the_hr_home_page(client, auth, world, app):
    app.config["TODAY"] = date(2027, 1, 5)
    auth.login("hr.liangjiang")
    page = client.get("/").get_data(as_text=True)
    assert "待办的考核鉴定" in page and "已逾期" in page


def test_every_earlier_version_is_shown_with_who_corrected_it(client, auth, world, app):
    from exchange.appraisals import services as s
    from exchange.auth.models import User
    from exchange.extensions import db
    from exchange.postings.models import Posting

    with app.test_request_context():
        posting = db.session.get(Posting, world.p_zx)
        tf = db.session.get(User, world.user_ids["hr_tf"])
        lj = db.session.get(User, world.user_ids["hr_lj"])
        admin = db.session.get(User, world.user_ids["admin"])
        a = s.sign_host_part(posting, "annual", 2026, s.HostPart("excellent", "第一版"), tf, None)
        s.sign_home_part(a, s.HomePart("", "excellent"), lj, a.version)
        for n, who in enumerate((tf, admin, tf), 2):
            s.correct(a, s.HostPart("excellent", f"第{n}版"), None, f"理由{n}", who, a.version)
        db.session.commit()
    auth.login("leader")
    page = client.get(f"/postings/{world.p_zx}/appraisals")
    assert page.status_code == 200  # no lazy load per version (the N+1 guard would say)
    html = page.get_data(as_text=True)
    assert "历史版本（3）" in html and "理由3" in html and "第4版" in html
