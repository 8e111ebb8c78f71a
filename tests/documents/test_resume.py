"""Résumé lines in the 任免审批表 form: the home post from 任现职时间, postings nested."""

from datetime import date

from exchange.cadres.models import Cadre
from exchange.documents.resume import resume_of
from exchange.extensions import db
from exchange.org.models import Department
from exchange.postings.models import Posting
from tests import factories as f


def zhang(world):
    cadre = db.session.get(Cadre, world.cadre_zx)
    posting = db.session.get(Posting, world.p_zx)
    posting.start_date, posting.planned_end_date = date(2020, 9, 7), date(2021, 1, 31)
    posting.status, posting.actual_end_date = "completed", date(2021, 1, 31)
    cadre.home_position_month = date(2019, 6, 1)
    db.session.flush()
    return cadre, posting


def test_zhang_xiangs_line_nests_the_posting_in_his_home_post(ctx, world):
    cadre, posting = zhang(world)
    resume = resume_of(cadre, [posting])
    # The open home post "2019.06--" is padded to where a closed period's text starts
    # ("2019.06—2021.01" is 16 columns wide, "—" counting two), then two spaces.
    assert resume.current == (
        "2019.06--         两江新区现代服务业局副局长"
        "（其间：2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任）"
    )
    assert resume.earlier == []


def test_two_postings_share_one_line_and_the_separator_is_a_setting(ctx, world):
    cadre, first = zhang(world)
    host = db.session.get(Department, world.tf_hq)
    second = f.create_posting(
        cadre,
        host,
        first.programme,
        start_date=date(2022, 3, 1),
        planned_end_date=date(2022, 8, 31),
        host_position="主任助理",
    )
    line = resume_of(cadre, [second, first]).current
    assert line.count("（其间：") == 1
    assert (
        "（其间：2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任；"
        "2022.03--  挂职任四川天府新区天府总部商务区主任助理）"
    ) in line
    second.status, second.actual_end_date = "completed", date(2022, 8, 31)
    line = resume_of(cadre, [first, second], separator="--").current
    assert line.startswith("2019.06--" + " " * 9 + "两江新区")
    assert "2020.09--2021.01  挂职任" in line and "；2022.03--2022.08  挂职任" in line


def test_postings_before_the_current_post_and_without_it(ctx, world):
    cadre, posting = zhang(world)
    cadre.home_position_month = date(2021, 6, 1)
    resume = resume_of(cadre, [posting])
    assert resume.current == "2021.06--         两江新区现代服务业局副局长"
    assert resume.earlier == [
        ("两江新区现代服务业局副局长", "2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任")
    ]
    cadre.home_position_month = None
    assert resume_of(cadre, [posting]).current is None


def test_proposed_and_cancelled_postings_are_not_in_the_resume(ctx, world):
    cadre, posting = zhang(world)
    posting.status = "cancelled"
    assert resume_of(cadre, [posting]).current == "2019.06--         两江新区现代服务业局副局长"


def test_the_cadre_page_shows_the_line(client, auth, world, app):
    with app.app_context():
        zhang(world)
        db.session.commit()
    auth.login("hr.liangjiang")
    page = client.get(f"/cadres/{world.cadre_zx}").get_data(as_text=True)
    assert "（其间：2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任）" in page
    app.config["RESUME_SEPARATOR"] = "--"
    page = client.get(f"/cadres/{world.cadre_zx}").get_data(as_text=True)
    assert "（其间：2020.09--2021.01  挂职任" in page
