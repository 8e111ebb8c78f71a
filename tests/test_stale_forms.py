"""Every refusal route answers 409 to a stale form and writes nothing.

A form carries the version of the record it was opened on (the report, the posting, the
cadre, the programme; for a new report the chosen posting's, for a proposal the cadre's).
Posting an older version is refused with 409 and the "changed since you opened it"
message, the database unchanged and no audit event written. The forms whose service
takes no version (new report, submit, new version, comment, remark, proposal) refuse a
missing version the same way, and so do the appraisal forms once the appraisal exists.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.reports.models import ReflectionLog
from tests.security.browser import form_values
from tests.security.helpers import row_counts, snapshot

CHANGED = ("在您打开之后已被修改", "该报告已被修改")  # the record's own wording, or the generic one

REPORT = {
    "kind": "monthly",
    "title": "七月工作报告",
    "report_date": "2026-07-31",
    "body": "对接企业 12 家。",
    "tags": "工作成效",
}


@dataclass(frozen=True)
class Case:
    name: str
    user: str
    action: Callable  # (world) -> path posted to
    record: Callable  # (world) -> (model, id) whose version the form carries
    data: Callable = lambda w: {}  # (world) -> what was typed
    page: Callable | None = None  # (world) -> page whose form is read first, as a browser would
    prefix: str = ""
    version_required: bool = field(default=True)  # a missing version is stale too
    setup: Callable | None = None  # (world) -> ids added to world, run in an app context


def prepare(app, world, case: Case) -> None:
    if case.setup is not None:
        with app.test_request_context():
            for name, value in case.setup(world).items():
                setattr(world, name, value)
            db.session.commit()


def _appraisal(w, lock: bool) -> dict:
    from exchange.appraisals import services
    from exchange.auth.models import User

    posting = db.session.get(Posting, w.p_zx)
    host = db.session.get(User, w.user_ids["hr_tf"])
    part = services.HostPart("excellent", work_record="分管商务")
    appraisal = services.sign_host_part(posting, "annual", 2026, part, host, None)
    if lock:
        home = db.session.get(User, w.user_ids["hr_lj"])
        services.sign_home_part(appraisal, services.HomePart("", "competent"), home, 1)
    return {"appraisal": appraisal.id}


def appraisal_action(name, user, path, data, prefix, lock):
    from exchange.appraisals.models import Appraisal

    return Case(
        f"appraisals.{name}",
        user,
        path,
        lambda w: (Appraisal, w.appraisal),
        data,
        page=lambda w: f"/postings/{w.p_zx}/appraisals",
        prefix=prefix,
        setup=lambda w: _appraisal(w, lock),
    )


def posting_action(path, data=None, user="hr.tianfu", prefix="", version_required=False):
    return Case(
        f"postings.{path}",
        user,
        lambda w: f"/postings/{w.p_zx}/{path}",
        lambda w: (Posting, w.p_zx),
        data or (lambda w: {}),
        prefix=prefix,
        version_required=version_required,
    )


CASES = [
    # Reports: every route that calls a service.
    Case(
        "reports.new",
        "zhangxiang",
        lambda w: "/reports/new",
        lambda w: (Posting, w.p_zx),
        lambda w: {**REPORT, "posting_id": w.p_zx},
        page=lambda w: "/reports/new",
    ),
    Case(
        "reports.edit",
        "zhangxiang",
        lambda w: f"/reports/{w.r_zx_draft}/edit",
        lambda w: (ReflectionLog, w.r_zx_draft),
        lambda w: {**REPORT, "title": "我刚改的标题"},
        page=lambda w: f"/reports/{w.r_zx_draft}/edit",
        version_required=False,
    ),
    Case(
        "reports.submit",
        "zhangxiang",
        lambda w: f"/reports/{w.r_zx_draft}/submit",
        lambda w: (ReflectionLog, w.r_zx_draft),
        page=lambda w: f"/reports/{w.r_zx_draft}/submit",
    ),
    Case(
        "reports.add_version",
        "zhangxiang",
        lambda w: f"/reports/{w.r_zx}/versions/new",
        lambda w: (ReflectionLog, w.r_zx),
        lambda w: {**REPORT, "kind": "reflection", "title": "补充说明"},
        page=lambda w: f"/reports/{w.r_zx}/versions/new",
    ),
    Case(
        "reports.comment",
        "hr.liangjiang",
        lambda w: f"/reports/{w.r_zx}/comments",
        lambda w: (ReflectionLog, w.r_zx),
        lambda w: {"body": "已阅。"},
        page=lambda w: f"/reports/{w.r_zx}",
    ),
    Case(
        "reports.remark",
        "leader",
        lambda w: f"/reports/{w.r_zx}/remarks",
        lambda w: (ReflectionLog, w.r_zx),
        lambda w: {"body": "望继续努力。"},
        page=lambda w: f"/reports/{w.r_zx}",
    ),
    # Postings: the proposal (the cadre's version) and every action on a posting.
    Case(
        "postings.propose",
        "hr.liangjiang",
        lambda w: f"/cadres/{w.cadre_other}/propose",
        lambda w: (Cadre, w.cadre_other),
        lambda w: {"host_department_id": w.tf_hq, "host_position": "副主任"},
        page=lambda w: f"/cadres/{w.cadre_other}/propose",
    ),
    posting_action("accept", prefix="accept-"),
    posting_action("decline", lambda w: {"decline-reason": "名额已满"}, prefix="decline-"),
    posting_action("start", user="hr.liangjiang", prefix="start-"),
    posting_action(
        "extend",
        lambda w: {"extend-new_end_date": "2027-01-31", "extend-reason": "项目需要"},
        prefix="extend-",
    ),
    posting_action(
        "end-early",
        lambda w: {
            "end-kind": "early_end",
            "end-end_date": "2026-08-31",
            "end-category": "tasks_done",
            "end-reason": "工作需要",
        },
        prefix="end-",
    ),
    posting_action(
        "cancel", lambda w: {"cancel-reason": "工作调整"}, user="hr.liangjiang", prefix="cancel-"
    ),
    # Appraisals: each side's signature and correction, on an appraisal that exists.
    appraisal_action(
        "sign_annual",
        "hr.tianfu",
        lambda w: f"/postings/{w.p_zx}/appraisals/2026",
        lambda w: {"host-annual-2026-work_record": "我刚改的记录"},
        "host-annual-2026-",
        lock=False,
    ),
    appraisal_action(
        "sign_home",
        "hr.liangjiang",
        lambda w: f"/appraisals/{w.appraisal}/home",
        lambda w: {"home-annual-2026-final_grade": "competent"},
        "home-annual-2026-",
        lock=False,
    ),
    appraisal_action(
        "correct_host",
        "hr.tianfu",
        lambda w: f"/appraisals/{w.appraisal}/correct/host",
        lambda w: {"fixhost-annual-2026-reason": "补充", "fixhost-annual-2026-work_record": "改"},
        "fixhost-annual-2026-",
        lock=True,
    ),
    appraisal_action(
        "correct_home",
        "hr.liangjiang",
        lambda w: f"/appraisals/{w.appraisal}/correct/home",
        lambda w: {"fixhome-annual-2026-reason": "复核", "fixhome-annual-2026-opinion": "同意"},
        "fixhome-annual-2026-",
        lock=True,
    ),
    # Programmes and cadres: the edit forms.
    Case(
        "programmes.edit",
        "hr.liangjiang",
        lambda w: f"/programmes/{w.programme}/edit",
        lambda w: (Programme, w.programme),
        lambda w: {"description": "我刚输入的说明"},
        page=lambda w: f"/programmes/{w.programme}/edit",
        version_required=False,
    ),
    Case(
        "cadres.edit",
        "hr.liangjiang",
        lambda w: f"/cadres/{w.cadre_zx}/edit",
        lambda w: (Cadre, w.cadre_zx),
        lambda w: {"notes": "我刚输入的备注"},
        page=lambda w: f"/cadres/{w.cadre_zx}/edit",
        version_required=False,
    ),
]


def sent(client, world, case: Case) -> dict:
    """What the user sends: the page's form as shown (if any), then what they typed."""
    data = {}
    if case.page is not None:
        page = case.page(world)
        html = client.get(page).get_data(as_text=True)
        data = form_values(html, case.action(world), page)
        assert f"{case.prefix}version" in data, f"{case.name}: the form carries no version"
    return {**data, **case.data(world)}


def assert_refused_as_stale(app, client, case, path, data):
    before, events = snapshot(app), row_counts(app)["audit_event"]
    response = client.post(path, data=data)
    assert response.status_code == 409, (case.name, response.status_code)
    body = response.get_data(as_text=True)
    assert any(message in body for message in CHANGED), case.name
    assert snapshot(app) == before, f"{case.name}: the stale form changed the database"
    assert row_counts(app)["audit_event"] == events


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_stale_version_is_a_conflict_and_writes_nothing(app, client, auth, world, case):
    prepare(app, world, case)
    assert auth.login(case.user).status_code == 302
    model, ident = case.record(world)
    with app.app_context():
        current = db.session.get(model, ident).version
    data = {**sent(client, world, case), f"{case.prefix}version": str(current - 1)}
    assert_refused_as_stale(app, client, case, case.action(world), data)


@pytest.mark.parametrize("case", [c for c in CASES if c.version_required], ids=lambda c: c.name)
def test_a_form_without_its_version_is_stale(app, client, auth, world, case):
    prepare(app, world, case)
    assert auth.login(case.user).status_code == 302
    data = sent(client, world, case)
    data.pop(f"{case.prefix}version", None)
    assert_refused_as_stale(app, client, case, case.action(world), data)


@pytest.mark.parametrize("case", [c for c in CASES if c.page], ids=lambda c: c.name)
def test_the_form_as_opened_is_not_stale(app, client, auth, world, case):
    """The other side: the version the page shows is the record's, so a save goes through
    (or is refused for another reason, never as stale)."""
    prepare(app, world, case)
    assert auth.login(case.user).status_code == 302
    response = client.post(case.action(world), data=sent(client, world, case))
    assert response.status_code != 409, case.name
