"""Lost updates through the forms: a save based on a page opened before someone else's is told.

For every form that edits a versioned record (posting transitions, cadre edit for HR and the
official's contact form, programme edit, report edit) the test opens the page, reads the form
as a browser would (with its hidden version), lets someone else save first, then submits
what it opened with something typed in: 409, the "changed since you opened it" message, the
form re-shown with what was typed, and nothing in the database changed by the stale save.
"""

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from exchange.extensions import db
from tests import factories as f
from tests.conftest import AuthActions
from tests.security.browser import form_values
from tests.security.helpers import row_counts, snapshot

POSTING = "该挂职在您打开之后已被修改"
RECORD = "该记录在您打开之后已被修改"
PROGRAMME = "该交流批次在您打开之后已被修改"
REPORT = "该报告已被修改"
APPRAISAL = "该考核在您打开之后已被修改"


@dataclass(frozen=True)
class Case:
    name: str
    user: str
    page: object  # (world) -> path of the page with the form
    first: object  # (world) -> (action path, changes) saved by someone else meanwhile
    stale: object  # (world) -> (action path, typed input) submitted from the old page
    message: str
    version_field: str = "version"
    first_user: str = ""  # who saves first, when not the same person in another tab


@pytest.fixture
def proposed(app, world):
    """A proposed posting of 李晓雯 (两江) to 天府, waiting for 天府's answer."""
    from exchange.cadres.models import Cadre
    from exchange.org.models import Department
    from exchange.programmes.models import Programme

    with app.app_context():
        posting = f.create_posting(
            db.session.get(Cadre, world.cadre_other),
            db.session.get(Department, world.tf_hq),
            db.session.get(Programme, world.programme),
            start_date=date(2026, 10, 1),
            planned_end_date=date(2027, 9, 30),
            status="proposed",
        )
        db.session.commit()
        return posting.id


@pytest.fixture
def appraisals(app, world):
    """张想's 2026 annual appraisal signed by the host, and his 考核鉴定 signed by both."""
    from exchange.appraisals.models import Appraisal
    from exchange.appraisals.services import HostPart, sign_host_part
    from exchange.auth.models import User
    from exchange.clock import TZ
    from exchange.postings.models import Posting

    with app.test_request_context():
        posting = db.session.get(Posting, world.p_zx)
        host = db.session.get(User, world.user_ids["hr_tf"])
        annual = sign_host_part(
            posting, "annual", 2026, HostPart("excellent", "分管商务"), host, None
        )
        locked = Appraisal(
            posting=posting,
            kind="end_of_term",
            status="locked",
            proposed_grade="competent",
            final_grade="competent",
            performance="表现良好",
            achievements="招引企业",
            home_opinion="同意",
            host_signed_by=host,
            home_signed_by=db.session.get(User, world.user_ids["hr_lj"]),
            home_signed_at=datetime(2026, 8, 31, 10, tzinfo=TZ),
        )
        db.session.add(locked)
        db.session.commit()
        return annual.id, locked.id


def posting_path(w, action, which="p_zx"):
    return f"/postings/{getattr(w, which)}/{action}"


EXTEND = {"extend-new_end_date": "2027-01-31", "extend-reason": "项目需要"}

CASES = [
    Case(
        "posting-extend",
        "hr.liangjiang",
        lambda w: f"/postings/{w.p_zx}",
        lambda w: (posting_path(w, "extend"), EXTEND),
        lambda w: (
            posting_path(w, "extend"),
            {"extend-new_end_date": "2027-02-28", "extend-reason": "我刚输入的延期理由"},
        ),
        POSTING,
        "extend-version",
    ),
    Case(
        "posting-end-early",
        "hr.tianfu",
        lambda w: f"/postings/{w.p_zx}",
        lambda w: (posting_path(w, "extend"), EXTEND),
        lambda w: (
            posting_path(w, "end-early"),
            {
                "end-kind": "early_end",
                "end-end_date": "2026-08-31",
                "end-category": "tasks_done",
                "end-reason": "我刚输入的提前结束理由",
            },
        ),
        POSTING,
        "end-version",
    ),
    Case(
        "posting-accept",
        "hr.tianfu",
        lambda w: f"/postings/{w.proposed}",
        lambda w: (posting_path(w, "decline", "proposed"), {"decline-reason": "名额已满"}),
        lambda w: (posting_path(w, "accept", "proposed"), {}),
        POSTING,
        "accept-version",
    ),
    Case(
        "posting-cancel",
        "hr.liangjiang",
        lambda w: f"/postings/{w.proposed}",
        lambda w: (posting_path(w, "accept", "proposed"), {}),
        lambda w: (
            posting_path(w, "cancel", "proposed"),
            {"cancel-reason": "我刚输入的撤回理由"},
        ),
        POSTING,
        "cancel-version",
        first_user="hr.tianfu",
    ),
    Case(
        "cadre-edit-hr",
        "hr.liangjiang",
        lambda w: f"/cadres/{w.cadre_zx}/edit",
        lambda w: (f"/cadres/{w.cadre_zx}/edit", {"notes": "组织部先改的备注"}),
        lambda w: (f"/cadres/{w.cadre_zx}/edit", {"notes": "我刚输入的备注"}),
        RECORD,
    ),
    Case(
        "cadre-edit-contact",
        "zhangxiang",
        lambda w: f"/cadres/{w.cadre_zx}/edit",
        lambda w: (f"/cadres/{w.cadre_zx}/edit", {"phone": "023-6788 1111"}),
        lambda w: (f"/cadres/{w.cadre_zx}/edit", {"phone": "023-6788 2222"}),
        RECORD,
    ),
    Case(
        "programme-edit",
        "hr.liangjiang",
        lambda w: f"/programmes/{w.programme}/edit",
        lambda w: (
            f"/programmes/{w.programme}/edit",
            {"description": "组织部先改的说明", "reason": "联席会议决定"},
        ),
        lambda w: (f"/programmes/{w.programme}/edit", {"description": "我刚输入的说明"}),
        PROGRAMME,
        first_user="admin",  # a member's own save is a proposal; the admin changes directly
    ),
    Case(
        "appraisal-host-sign",
        "hr.tianfu",
        lambda w: f"/postings/{w.p_zx}/appraisals",
        lambda w: (f"/appraisals/{w.annual}/home", {"home-annual-2026-final_grade": "competent"}),
        lambda w: (
            f"/postings/{w.p_zx}/appraisals/2026",
            {"host-annual-2026-work_record": "我刚输入的年度工作记录"},
        ),
        APPRAISAL,
        "host-annual-2026-version",
        first_user="hr.liangjiang",
    ),
    Case(
        "appraisal-correction",
        "hr.tianfu",
        lambda w: f"/postings/{w.p_zx}/appraisals",
        lambda w: (
            f"/appraisals/{w.locked}/correct/home",
            {"fixhome-end_of_term-opinion": "同意，另补充", "fixhome-end_of_term-reason": "补充"},
        ),
        lambda w: (
            f"/appraisals/{w.locked}/correct/host",
            {"fixhost-end_of_term-reason": "我刚输入的更正理由"},
        ),
        APPRAISAL,
        "fixhost-end_of_term-version",
        first_user="hr.liangjiang",
    ),
    Case(
        "report-edit",
        "zhangxiang",
        lambda w: f"/reports/{w.r_zx_draft}/edit",
        lambda w: (f"/reports/{w.r_zx_draft}/edit", {"body": "另一个窗口先保存的正文"}),
        lambda w: (f"/reports/{w.r_zx_draft}/edit", {"title": "我刚输入的标题"}),
        REPORT,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_save_from_a_page_opened_before_another_save_is_refused(
    app, client, auth, world, proposed, appraisals, case
):
    world.proposed = proposed
    world.annual, world.locked = appraisals
    assert auth.login(case.user).status_code == 302
    page_path = case.page(world)
    page = client.get(page_path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    stale_action, typed = case.stale(world)
    opened = form_values(html, stale_action, page_path)
    assert opened.get(case.version_field, "").isdigit(), f"{stale_action} carries no version"

    # Someone else (or the same person in another tab) saves first.
    first_action, changes = case.first(world)
    other = client
    if case.first_user:
        other = app.test_client()
        assert AuthActions(other).login(case.first_user).status_code == 302
    first_html = other.get(page_path).get_data(as_text=True)
    first_form = form_values(first_html, first_action, page_path)
    saved = other.post(first_action, data={**first_form, **changes})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]

    before, events_before = snapshot(app), row_counts(app)["audit_event"]
    refused = client.post(stale_action, data={**opened, **typed})
    assert refused.status_code == 409
    body = refused.get_data(as_text=True)
    assert case.message in body
    for value in typed.values():
        assert value in body, f"what was typed ({value}) is not on the re-shown form"
    assert snapshot(app) == before, "the stale save changed the database"
    assert row_counts(app)["audit_event"] == events_before
