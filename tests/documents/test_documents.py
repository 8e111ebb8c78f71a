"""Generated documents: DOCX read with python-docx, PDF with pypdf; who may download them."""

from datetime import date

import pytest

from exchange.appraisals import services as s
from exchange.auth.models import User
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports.models import ReflectionLog
from tests import factories as f
from tests.documents.helpers import docx_text, need_font, pdf_text, squeeze

FORMATS = ("docx", "pdf")


def text_of(response, fmt: str) -> str:
    if fmt == "pdf":
        need_font()
    assert response.status_code == 200, response.status_code
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    return squeeze(docx_text(data)) if fmt == "docx" else pdf_text(data)


@pytest.fixture
def signed(app, world):
    """张想's 考核鉴定 signed by both sides, and his 2026 annual appraisal."""
    app.config["TODAY"] = date(2026, 12, 10)
    with app.test_request_context():
        posting = db.session.get(Posting, world.p_zx)
        tf = db.session.get(User, world.user_ids["hr_tf"])
        lj = db.session.get(User, world.user_ids["hr_lj"])
        part = s.HostPart(
            "excellent",
            performance="政治立场坚定作风扎实",
            achievements="引进总部企业三家",
            shortcomings="政策把握需加强",
            expectations="把经验带回两江",
        )
        a = s.sign_host_part(posting, "end_of_term", None, part, tf, None)
        s.sign_home_part(a, s.HomePart("同意接收单位鉴定意见"), lj, a.version)
        annual = s.sign_host_part(posting, "annual", 2026, s.HostPart("excellent", "x"), tf, None)
        s.sign_home_part(annual, s.HomePart("", "competent"), lj, annual.version)
        db.session.commit()


@pytest.mark.parametrize("fmt", FORMATS)
def test_approval_form_has_the_cadre_both_units_the_term_and_both_opinions(
    client, auth, world, fmt
):
    auth.login("hr.liangjiang")
    text = text_of(client.get(f"/postings/{world.p_zx}/documents/approval.{fmt}"), fmt)
    for expected in (
        "干部挂职审批表",
        "张想",
        "两江新区现代服务业局副局长",
        "四川天府新区天府总部商务区副主任",
        "2026年6月1日至2026年12月31日",
        "派出单位意见",
        "同意选派张想同志",
        "接收单位意见",
        "同意接收张想同志",
        "（盖章）",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_appraisal_form_has_both_sides_opinions_and_grades(client, auth, world, signed, fmt):
    auth.login("hr.tianfu")
    text = text_of(client.get(f"/postings/{world.p_zx}/documents/appraisal.{fmt}"), fmt)
    for expected in (
        "挂职干部考核鉴定表",
        "张想",
        "两江新区现代服务业局",
        "四川天府新区天府总部商务区",
        "2026年6月1日至2026年12月31日",
        "接收单位鉴定意见",
        "政治立场坚定作风扎实",
        "引进总部企业三家",
        "派出单位意见",
        "同意接收单位鉴定意见",
        "考核等次：优秀",
        "2026年度：称职",
    ):
        assert expected in text, expected


def test_an_unsigned_appraisal_form_has_blank_lines_to_fill(client, auth, world):
    auth.login("hr.tianfu")
    text = text_of(client.get(f"/postings/{world.p_zx}/documents/appraisal.docx"), "docx")
    assert "接收单位鉴定意见" in text and "年月日" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_for_filing_has_its_comments_and_remarks(client, auth, world, app, fmt):
    with app.app_context():
        report = db.session.get(ReflectionLog, world.r_zx)
        f.create_comment(report, db.session.get(User, world.user_ids["hr_lj"]), "写得很好")
        f.create_comment(
            report, db.session.get(User, world.user_ids["leader"]), "望继续努力", "remark"
        )
        db.session.commit()
    auth.login("leader")
    text = text_of(client.get(f"/reports/{world.r_zx}/document.{fmt}"), fmt)
    for expected in ("张想的心得", "学到了很多东西", "点评", "写得很好", "领导批示", "望继续努力"):
        assert expected in text, expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_compilation_holds_every_submitted_report_and_no_draft(client, auth, world, fmt):
    auth.login("admin")
    text = text_of(client.get(f"/programmes/{world.programme}/compilation.{fmt}"), fmt)
    assert "张想的心得" in text and "丁曌的心得" in text
    assert "张想的草稿" not in text
    assert "目录" in text
    # Ordered by district: 两江 (张想's home) before 成都 (丁曌's).
    assert text.index("张想的心得") < text.index("丁曌的心得")


def test_hr_compilation_holds_only_reports_of_their_district(client, auth, world):
    auth.login("hr.tianfu")
    text = text_of(client.get(f"/programmes/{world.programme}/compilation.docx"), "docx")
    assert "张想的心得" in text and "丁曌的心得" not in text


def test_documents_of_a_posting_one_may_not_see_are_refused_like_the_posting(client, auth, world):
    auth.login("hr.cdedz")
    assert client.get(f"/postings/{world.p_zx}").status_code == 403
    for kind in ("approval", "appraisal"):
        for fmt in FORMATS:
            assert client.get(f"/postings/{world.p_zx}/documents/{kind}.{fmt}").status_code == 403
    assert client.get(f"/reports/{world.r_zx}/document.pdf").status_code == 403
    assert client.get("/postings/999999/documents/approval.docx").status_code == 404
    assert client.get(f"/postings/{world.p_zx}/documents/approval.odt").status_code == 404


def test_the_official_gets_the_appraisal_form_without_an_unsigned_draft(client, auth, world, app):
    app.config["TODAY"] = date(2026, 12, 10)
    with app.test_request_context():
        posting = db.session.get(Posting, world.p_zx)
        tf = db.session.get(User, world.user_ids["hr_tf"])
        part = s.HostPart("competent", performance="草拟的表现", achievements="草拟的成绩")
        s.sign_host_part(posting, "end_of_term", None, part, tf, None)
        db.session.commit()
    auth.login("zhangxiang")
    text = text_of(client.get(f"/postings/{world.p_zx}/documents/appraisal.docx"), "docx")
    assert "张想" in text and "草拟的表现" not in text
    assert client.get(f"/programmes/{world.programme}/compilation.docx").status_code == 403


def test_without_a_chinese_font_the_pdf_says_what_to_install(client, auth, world, app):
    app.config["PDF_FONT"] = "/nonexistent/font.ttc"
    auth.login("hr.liangjiang")
    response = client.get(f"/postings/{world.p_zx}/documents/approval.pdf")
    assert response.status_code == 503
    assert "中文字体" in response.get_data(as_text=True)
    assert client.get(f"/postings/{world.p_zx}/documents/approval.docx").status_code == 200


def test_programme_page_links_the_compilation(client, auth, world):
    auth.login("leader")
    page = client.get(f"/programmes/{world.programme}").get_data(as_text=True)
    assert f"/programmes/{world.programme}/compilation.docx" in page


def test_the_font_command_says_what_pdfs_embed_or_what_to_install(runner, app):
    need_font()
    result = runner.invoke(args=["documents", "font"])
    assert result.exit_code == 0 and "PDF font:" in result.output
    app.config["PDF_FONT"] = "/nonexistent/font.ttc"
    result = runner.invoke(args=["documents", "font"])
    assert result.exit_code == 1 and "need a Chinese font" in result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_leave_form_has_the_request_each_approvers_opinion_and_is_refused_to_others(
    client, auth, world, app, fmt
):
    from exchange.leave.services import LeaveRequest, decide_leave, request_leave

    with app.test_request_context():
        posting = db.session.get(Posting, world.p_zx)
        zx = db.session.get(User, world.user_ids["zx"])
        leave = request_leave(
            posting, zx, LeaveRequest("sick", date(2026, 8, 3), date(2026, 8, 7), "住院治疗。")
        )
        tf = db.session.get(User, world.user_ids["hr_tf"])
        decide_leave(leave, tf, True, "请注意休息", leave.version)
        db.session.commit()
        leave_id = leave.id
    auth.login("hr.liangjiang")
    text = text_of(client.get(f"/leave/{leave_id}/document.{fmt}"), fmt)
    for expected in ("请销假审批单", "张想", "病假", "住院治疗", "共5个工作日", "请注意休息"):
        assert expected in text, expected
    assert "派出单位组织人事部门意见" in text  # the home side's step waits, with a blank line
    auth.logout()
    auth.login("hr.cdedz")
    assert client.get(f"/leave/{leave_id}/document.{fmt}").status_code == 403
    assert client.get(f"/leave/{leave_id + 1000}/document.{fmt}").status_code == 404


def test_compilation_docx_contents_get_page_numbers_from_the_word_processor(client, auth, world):
    from io import BytesIO

    from docx import Document

    auth.login("admin")
    response = client.get(f"/programmes/{world.programme}/compilation.docx")
    document = Document(BytesIO(response.get_data()))
    body = document.element.body.xml
    assert 'TOC \\o "1-1"' in body  # a contents field over the level-1 headings …
    assert "updateFields" in document.settings.element.xml  # … computed on opening
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 2 and all("心得" in h for h in headings)
    footer = document.sections[0].footer.paragraphs[0]
    assert " PAGE " in footer._p.xml and footer.text.startswith("— ")
