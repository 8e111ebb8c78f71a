"""Creating and editing through the API: an official's report draft (filed, edited,
submitted, a new version) and HR's posting proposal, with the pages' services and rules."""

import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.reports.models import ReflectionLog
from tests.api.authz import REPORT, _proposal
from tests.api.conftest import Api, make_token
from tests.api.test_errors import assert_error


def _report(app, report_id):
    with app.app_context():
        report = db.session.get(ReflectionLog, report_id)
        return report.title, report.status, report.version


def _postings_of(app, cadre_id):
    with app.app_context():
        return db.session.scalars(
            sa.select(Posting.status).where(Posting.cadre_id == cadre_id)
        ).all()


def test_the_official_files_a_draft_edits_and_submits_it(app, api, world):
    body = {**REPORT, "posting_id": world.p_zx, "tags": "调研, 产业,调研"}
    response = api("zx").post("/api/v1/reports", body)
    assert response.status_code == 201, response.json
    report = response.json
    assert report["status"] == "draft" and report["posting_id"] == world.p_zx
    assert report["title"] == "接口填写" and report["body"] == "内容"
    assert report["tags"] == "调研,产业" and report["period_start_date"] is None
    url = f"/api/v1/reports/{report['id']}"

    response = api("zx").patch(url, {"version": report["version"], "title": "七月心得"})
    assert response.status_code == 200, response.json
    edited = response.json
    assert edited["title"] == "七月心得" and edited["body"] == "内容"  # the rest stays
    assert edited["version"] == report["version"] + 1

    response = api("zx").post(f"{url}/actions/submit", {"version": edited["version"]})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "submitted"
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "report.create"))
        assert event.summary.endswith("[API: test]")

    # Submitted: the edit is the service's refusal; a new version is a new draft.
    submitted = response.json["version"]
    assert_error(api("zx").patch(url, {"version": submitted, "title": "再改"}), 403, "not_allowed")
    response = api("zx").post(f"{url}/versions", {**REPORT, "version": submitted})
    assert response.status_code == 201, response.json
    assert response.json["parent_id"] == report["id"] and response.json["status"] == "draft"


def test_a_stale_edit_is_409_by_body_and_412_by_if_match_and_changes_nothing(app, api, world):
    url = f"/api/v1/reports/{world.r_zx_draft}"
    client = api("zx")
    etag = client.get(url).headers["ETag"]
    response = client.patch(url, {"title": "第一次"}, headers={"If-Match": etag})
    assert response.status_code == 200, response.json
    saved = _report(app, world.r_zx_draft)
    assert saved == ("第一次", "draft", 2)

    error = assert_error(client.patch(url, {"version": 1, "title": "旧的"}), 409, "stale")
    assert error["fields"]["version"][0]["code"] == "stale"
    assert_error(client.patch(url, {"title": "旧的"}, headers={"If-Match": etag}), 412, "stale")
    assert _report(app, world.r_zx_draft) == saved


def test_an_edit_is_checked_by_the_editors_rules(app, api, world):
    url = f"/api/v1/reports/{world.r_zx_draft}"
    response = api("zx").patch(url, {"version": 1, "title": " ", "report_date": "2027-06-01"})
    error = assert_error(response, 422, "required")
    assert error["fields"]["title"][0]["code"] == "required"
    assert error["fields"]["report_date"][0]["code"] == "outside_posting"
    assert _report(app, world.r_zx_draft)[2] == 1


def test_another_official_cannot_file_or_edit_on_a_posting_not_theirs(app, api, world):
    body = {**REPORT, "posting_id": world.p_zx}
    error = assert_error(api("dz").post("/api/v1/reports", body), 403, "not_allowed")
    assert "posting_id" in error["fields"]
    url = f"/api/v1/reports/{world.r_zx_draft}"
    assert_error(api("dz").patch(url, {"version": 1, "title": "别人的"}), 403, "not_allowed")
    assert _report(app, world.r_zx_draft)[2] == 1


def test_a_report_outside_the_posting_is_refused_with_its_field(app, api, world):
    body = {**REPORT, "posting_id": world.p_zx, "report_date": "2027-02-01"}
    error = assert_error(api("zx").post("/api/v1/reports", body), 422, "outside_posting")
    assert error["fields"]["report_date"][0]["code"] == "outside_posting"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReflectionLog.id))) == 3


def test_hr_proposes_a_posting(app, api, world):
    response = api("hr_lj").post("/api/v1/postings", _proposal(world))
    assert response.status_code == 201, response.json
    posting = response.json
    assert posting["status"] == "proposed" and posting["cadre_id"] == world.cadre_other
    assert posting["host_department_id"] == world.tf_hq and posting["host_position"] == "副主任"
    assert posting["start_date"] == "2027-01-01" and posting["version"] == 1
    with app.app_context():
        event = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "posting.propose")
        )
        assert event.actor_name == "hr.liangjiang" and event.summary.endswith("[API: test]")
    # the host side sees it and may answer it
    response = api("hr_tf").get(f"/api/v1/postings/{posting['id']}")
    assert response.status_code == 200 and "accept" in response.json["actions"]


def test_an_overlapping_proposal_is_422_with_its_field(app, api, world):
    body = {
        **_proposal(world, world.cadre_zx),
        "home_department_id": world.lj_services,
        "start_date": "2026-09-01",
        "planned_end_date": "2027-08-31",
    }
    error = assert_error(api("hr_lj").post("/api/v1/postings", body), 422, "overlaps")
    assert error["fields"]["start_date"][0]["code"] == "overlaps"
    assert _postings_of(app, world.cadre_zx) == ["active"]


def test_a_proposal_with_its_dates_backwards_is_refused(app, api, world):
    body = {**_proposal(world), "planned_end_date": "2026-12-31"}
    response = api("hr_lj").post("/api/v1/postings", body)
    assert response.status_code == 422, response.json
    assert response.json["error"]["fields"]
    assert _postings_of(app, world.cadre_other) == []


def test_a_proposal_needs_the_cadres_home_district(app, api, world):
    assert_error(api("hr_tf").post("/api/v1/postings", _proposal(world)), 403, "not_allowed")
    assert_error(api("zx").post("/api/v1/postings", _proposal(world)), 403, "not_allowed")
    assert _postings_of(app, world.cadre_other) == []


def test_a_read_only_token_cannot_propose_or_file(app, client, world):
    secret, _ = make_token(app, "hr.liangjiang", write=False)
    assert_error(
        Api(client, secret).post("/api/v1/postings", _proposal(world)), 403, "read_only_token"
    )
    assert _postings_of(app, world.cadre_other) == []
    secret, _ = make_token(app, "zhangxiang", write=False)
    body = {**REPORT, "posting_id": world.p_zx}
    assert_error(Api(client, secret).post("/api/v1/reports", body), 403, "read_only_token")


def test_a_blank_position_is_required_as_on_the_page(app, api, world):
    body = {**_proposal(world), "home_position": "  ", "host_position": ""}
    error = assert_error(api("hr_lj").post("/api/v1/postings", body), 422, "required")
    assert {r[0]["code"] for r in error["fields"].values()} == {"required"}
    assert set(error["fields"]) == {"home_position", "host_position"}
    assert _postings_of(app, world.cadre_other) == []


def test_a_proposal_under_a_draft_programme_is_refused(app, api, world):
    from exchange.programmes.models import Programme

    with app.app_context():
        db.session.get(Programme, world.programme).is_draft = True
        db.session.commit()
    error = assert_error(
        api("hr_lj").post("/api/v1/postings", _proposal(world)), 422, "programme_draft"
    )
    assert error["fields"]["programme_id"][0]["code"] == "programme_draft"
    assert _postings_of(app, world.cadre_other) == []


def test_a_report_on_a_posting_that_does_not_exist_names_the_field(app, api, world):
    body = {**REPORT, "posting_id": 999999}
    error = assert_error(api("zx").post("/api/v1/reports", body), 422, "not_found")
    assert error["fields"]["posting_id"][0]["message"] == "记录或地址不存在。"
