"""Writes through the API: the pages' services, the record's version, the token's scope,
and the audit trail naming the token."""

from datetime import timedelta

import sqlalchemy as sa

from exchange.api.models import ApiToken
from exchange.audit.models import AuditEvent
from exchange.db import utcnow
from exchange.extensions import db
from exchange.postings.models import Posting, TermChangeRequest
from tests.api.conftest import Api, make_token
from tests.api.test_errors import assert_error

END_EARLY = {"end_date": "2026-08-31", "category": "tasks_done", "reason": "工作需要，提前调回"}


def _posting(app, posting_id):
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        return posting.status, posting.version


def _requests(app, posting_id):
    """The posting's term changes as (kind, side, status)."""
    with app.app_context():
        changes = db.session.scalars(
            sa.select(TermChangeRequest)
            .where(TermChangeRequest.posting_id == posting_id)
            .order_by(TermChangeRequest.id)
        )
        return [(c.kind, c.side, c.status) for c in changes]


def _event(app, action):
    with app.app_context():
        return db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == action))


def test_a_sides_action_asks_the_other_side_and_is_audited_with_the_token(app, api, world):
    """An HR side's early end is a request: the posting stays as it is until the other
    side consents (tests/api/test_term_changes.py)."""
    url = f"/api/v1/postings/{world.p_zx}/actions/end-early"
    response = api("hr_tf").post(url, {**END_EARLY, "version": 1})
    assert response.status_code == 200, response.json
    body = response.json
    assert body["status"] == "active" and body["actual_end_date"] is None
    assert body["planned_end_date"] == "2026-12-31" and "end-early" not in body["actions"]
    [change] = body["term_changes"]
    assert (change["kind"], change["side"], change["status"]) == ("early_end", "host", "pending")
    assert change["new_end_date"] == "2026-08-31" and change["category"] == "tasks_done"
    assert change["actions"] == ["withdraw"]
    assert _posting(app, world.p_zx)[0] == "active"
    assert _requests(app, world.p_zx) == [("early_end", "host", "pending")]
    event = _event(app, "posting.request_early_end")
    assert event.actor_name == "hr.tianfu" and event.summary.endswith("[API: test]")
    assert _event(app, "posting.end_early") is None


def test_an_extension_asked_by_a_side_waits_too(app, api, world):
    response = api("hr_lj").post(
        f"/api/v1/postings/{world.p_zx}/actions/extend",
        {"version": 1, "new_end_date": "2027-03-31", "reason": "工作需要"},
    )
    assert response.status_code == 200, response.json
    assert response.json["planned_end_date"] == "2026-12-31"
    assert response.json["extensions"] == []
    assert _requests(app, world.p_zx) == [("extension", "home", "pending")]
    event = _event(app, "posting.request_extension")
    assert event.actor_name == "hr.liangjiang" and event.summary.endswith("[API: test]")


def test_the_admins_action_is_applied_at_once(app, api, world):
    url = f"/api/v1/postings/{world.p_zx}/actions/end-early"
    response = api("admin").post(url, {**END_EARLY, "kind": "recall", "version": 1})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "ended_early"
    assert response.json["actual_end_date"] == "2026-08-31"
    assert response.json["term_changes"][0]["status"] == "agreed"
    assert _posting(app, world.p_zx)[0] == "ended_early"
    assert _requests(app, world.p_zx) == [("recall", "admin", "agreed")]
    assert _event(app, "posting.end_early").summary.endswith("[API: test]")
    response = api("admin").post(
        f"/api/v1/postings/{world.p_dz}/actions/extend",
        {"version": 1, "new_end_date": "2027-03-31", "reason": "工作需要"},
    )
    assert response.status_code == 200, response.json
    assert response.json["planned_end_date"] == "2027-03-31"
    assert [e["new_planned_end_date"] for e in response.json["extensions"]] == ["2027-03-31"]


def test_an_early_end_names_a_known_category(app, api, world):
    url = f"/api/v1/postings/{world.p_zx}/actions/end-early"
    for category in (None, "bored"):
        body = {**END_EARLY, "version": 1, "category": category}
        if category is None:
            del body["category"]
        error = assert_error(api("hr_tf").post(url, body), 422, "invalid_choice")
        assert error["fields"]["category"][0]["code"] == "invalid_choice"
    assert _requests(app, world.p_zx) == []


def test_if_match_with_the_etag_of_the_get_is_accepted(app, api, world):
    client = api("hr_tf")
    etag = client.get(f"/api/v1/postings/{world.p_zx}").headers["ETag"]
    response = client.post(
        f"/api/v1/postings/{world.p_zx}/actions/end-early", END_EARLY, headers={"If-Match": etag}
    )
    assert response.status_code == 200, response.json
    asked = _posting(app, world.p_zx)
    assert asked == ("active", 2)  # the request moved the posting's version on
    # The old ETag is now stale: 412, and nothing changes.
    response = client.post(
        f"/api/v1/postings/{world.p_zx}/actions/extend",
        {"new_end_date": "2027-03-31", "reason": "延期"},
        headers={"If-Match": etag},
    )
    assert_error(response, 412, "stale")
    assert _posting(app, world.p_zx) == asked
    assert _requests(app, world.p_zx) == [("early_end", "host", "pending")]


def test_a_stale_version_in_the_body_is_409_and_changes_nothing(app, api, world):
    response = api("hr_tf").post(
        f"/api/v1/postings/{world.p_zx}/actions/end-early", {**END_EARLY, "version": 5}
    )
    error = assert_error(response, 409, "stale")
    assert error["fields"]["version"][0]["code"] == "stale"
    assert _posting(app, world.p_zx) == ("active", 1)
    assert _requests(app, world.p_zx) == []


def test_a_stale_if_match_is_412_and_changes_nothing(app, api, world):
    response = api("hr_tf").post(
        f"/api/v1/postings/{world.p_zx}/actions/end-early",
        END_EARLY,
        headers={"If-Match": '"2.0000000000000000"'},
    )
    assert_error(response, 412, "stale")
    assert _posting(app, world.p_zx) == ("active", 1)
    assert _requests(app, world.p_zx) == []


def test_a_write_without_any_version_is_refused(app, api, world):
    response = api("hr_tf").post(f"/api/v1/postings/{world.p_zx}/actions/end-early", END_EARLY)
    error = assert_error(response, 422, "required")
    assert "version" in error["fields"]
    assert _posting(app, world.p_zx) == ("active", 1)


def test_a_read_only_token_reads_but_cannot_write(app, client, world):
    secret, _ = make_token(app, "hr.tianfu", write=False)
    reader = Api(client, secret)
    assert reader.get(f"/api/v1/postings/{world.p_zx}").status_code == 200
    response = reader.post(
        f"/api/v1/postings/{world.p_zx}/actions/end-early", {**END_EARLY, "version": 1}
    )
    assert_error(response, 403, "read_only_token")
    assert _posting(app, world.p_zx) == ("active", 1)


def test_a_revoked_or_expired_token_is_401(app, client, world):
    revoked, revoked_id = make_token(app, "admin")
    expired, expired_id = make_token(app, "admin", days=1)
    with app.app_context():
        db.session.get(ApiToken, revoked_id).revoked_at = utcnow()
        db.session.get(ApiToken, expired_id).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    for secret in (revoked, expired):
        assert_error(Api(client, secret).get("/api/v1/districts"), 401, "unauthenticated")


def test_every_use_shows_as_the_last_use(app, client, world):
    secret, token_id = make_token(app, "leader")
    Api(client, secret).get("/api/v1/districts")
    with app.app_context():
        last = db.session.get(ApiToken, token_id).last_used_at
        assert last is not None and utcnow() - last < timedelta(minutes=1)


def test_a_refused_action_is_403_for_the_wrong_side(app, api, world):
    response = api("hr_tf").post(
        f"/api/v1/postings/{world.p_dz}/actions/end-early", {**END_EARLY, "version": 1}
    )
    assert_error(response, 403, "not_allowed")


def test_the_author_submits_a_draft(app, api, world):
    url = f"/api/v1/reports/{world.r_zx_draft}/actions/submit"
    assert_error(api("dz").post(url, {"version": 1}), 403, "not_allowed")
    response = api("zx").post(url, {"version": 1})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "submitted"
    assert_error(api("zx").post(url, {"version": 1}), 409, "stale")


def test_leave_is_requested_and_approved_as_on_the_pages(app, api, world):
    response = api("zx").post(
        f"/api/v1/postings/{world.p_zx}/leave",
        {
            "kind": "personal",
            "start_date": "2026-09-07",
            "end_date": "2026-09-08",
            "reason": "家事",
        },
    )
    assert response.status_code == 201, response.json
    leave = response.json
    assert leave["status"] == "pending" and leave["approvals"][0]["side"] == "host"
    url = f"/api/v1/leave/{leave['id']}/actions/approve"
    assert_error(api("hr_lj").post(url, {"version": leave["version"]}), 403)
    response = api("hr_tf").post(url, {"version": leave["version"]})
    assert response.status_code == 200, response.json
    assert response.json["approvals"][0]["decision"] == "approved"


def test_a_leave_outside_the_posting_is_refused_with_its_code(app, api, world):
    response = api("zx").post(
        f"/api/v1/postings/{world.p_zx}/leave",
        {"kind": "personal", "start_date": "2027-02-01", "end_date": "2027-02-02", "reason": "x"},
    )
    assert_error(response, 422, "outside_posting")


def test_a_comment_on_a_report_is_added_and_a_stale_one_refused(app, api, world):
    url = f"/api/v1/reports/{world.r_zx}/comments"
    response = api("hr_tf").post(url, {"version": 1, "body": "写得好。"})
    assert response.status_code == 201, response.json
    assert [c["body"] for c in response.json["comments"]] == ["写得好。"]
    assert_error(api("hr_tf").post(url, {"version": 2, "body": "再写"}), 409, "stale")
    error = assert_error(api("hr_tf").post(url, {"version": 1, "body": "  "}), 422, "required")
    assert error["fields"]["body"][0]["code"] == "required"
