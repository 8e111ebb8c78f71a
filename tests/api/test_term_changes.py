"""Term changes through the API: one side asks (the posting's extend / end-early action),
the other side agrees or declines, the side that asked may withdraw; each answer names
the request's version and goes through the same services and predicates as the page."""

import sqlalchemy as sa

from exchange.audit.models import AuditEvent
from exchange.extensions import db
from exchange.postings.models import Posting, TermChangeRequest
from tests.api.test_errors import assert_error

EXTEND = {"new_end_date": "2027-03-31", "reason": "工作需要，延期三个月"}
END_EARLY = {"end_date": "2026-08-31", "category": "family", "reason": "家庭原因"}


def _ask(api, world, role="hr_lj", action="extend", body=EXTEND) -> dict:
    """``role`` asks through the posting's action; returns the waiting request."""
    client = api(role)
    version = client.get(f"/api/v1/postings/{world.p_zx}").json["version"]
    response = client.post(
        f"/api/v1/postings/{world.p_zx}/actions/{action}", {**body, "version": version}
    )
    assert response.status_code == 200, response.json
    change = response.json["term_changes"][-1]
    assert change["status"] == "pending"
    return change


def _url(change: dict, answer: str) -> str:
    return f"/api/v1/term-changes/{change['id']}/actions/{answer}"


def _posting(app, world) -> tuple:
    with app.app_context():
        posting = db.session.get(Posting, world.p_zx)
        return posting.status, posting.planned_end_date.isoformat(), posting.actual_end_date


def _status(app, change: dict) -> str:
    with app.app_context():
        return db.session.get(TermChangeRequest, change["id"]).status


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_one_side_asks_the_other_agrees_and_the_posting_is_extended(app, api, world):
    change = _ask(api, world)
    assert change["side"] == "home" and change["previous_end_date"] == "2026-12-31"
    assert _posting(app, world) == ("active", "2026-12-31", None)
    read = api("hr_tf").get(f"/api/v1/term-changes/{change['id']}")
    assert read.json["actions"] == ["agree", "decline"]
    response = api("hr_tf").post(_url(change, "agree"), {"version": change["version"]})
    assert response.status_code == 200, response.json
    agreed = response.json
    assert agreed["status"] == "agreed" and agreed["decided_at"] and agreed["applied_at"]
    assert agreed["actions"] == []
    assert _posting(app, world) == ("active", "2027-03-31", None)
    posting = api("hr_lj").get(f"/api/v1/postings/{world.p_zx}").json
    assert [e["new_planned_end_date"] for e in posting["extensions"]] == ["2027-03-31"]
    assert [c["status"] for c in posting["term_changes"]] == ["agreed"]
    assert _actions(app)[-2:] == ["posting.agree_term_change", "posting.extend"]


def test_an_early_end_agreed_through_the_api_ends_the_posting(app, api, world):
    change = _ask(api, world, "hr_tf", "end-early", END_EARLY)
    etag = api("hr_lj").get(f"/api/v1/term-changes/{change['id']}").headers["ETag"]
    response = api("hr_lj").post(
        _url(change, "agree"), {"note": "同意"}, headers={"If-Match": etag}
    )
    assert response.status_code == 200, response.json
    assert response.json["decision_reason"] == "同意"
    assert _posting(app, world)[0] == "ended_early"


def test_a_decline_with_its_reason_changes_nothing(app, api, world):
    change = _ask(api, world)
    url = _url(change, "decline")
    error = assert_error(api("hr_tf").post(url, {"version": change["version"]}), 422, "required")
    assert "reason" in error["fields"]
    response = api("hr_tf").post(url, {"version": change["version"], "reason": "岗位需要"})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "declined"
    assert response.json["decision_reason"] == "岗位需要"
    assert _posting(app, world) == ("active", "2026-12-31", None)
    assert "posting.extend" not in _actions(app)
    # Answered already: the service refuses (422), nothing changes.
    again = api("hr_tf").post(_url(change, "agree"), {"version": response.json["version"]})
    assert_error(again, 422, "not_pending")
    assert _status(app, change) == "declined"


def test_the_side_that_asked_withdraws(app, api, world):
    change = _ask(api, world)
    response = api("hr_lj").post(_url(change, "withdraw"), {"version": change["version"]})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "withdrawn"
    assert _posting(app, world) == ("active", "2026-12-31", None)
    assert "posting.withdraw_term_change" in _actions(app)
    # Once withdrawn, either side may ask again.
    assert _ask(api, world, "hr_tf")["side"] == "host"


def test_the_wrong_side_is_refused_and_nothing_changes(app, api, world):
    change = _ask(api, world)
    bodies = {"agree": {"note": "同意"}, "decline": {"reason": "不同意"}}
    for role in ("hr_lj", "hr_cd", "zx", "leader"):
        for answer, body in bodies.items():
            response = api(role).post(_url(change, answer), {**body, "version": change["version"]})
            assert_error(response, 403, "not_allowed")
    for role in ("hr_tf", "admin", "zx"):
        version = {"version": change["version"]}
        assert_error(api(role).post(_url(change, "withdraw"), version), 403, "not_allowed")
    assert_error(api("hr_cd").get(f"/api/v1/term-changes/{change['id']}"), 403, "not_allowed")
    assert _status(app, change) == "pending"


def test_the_admin_decides_for_a_side_with_a_note(app, api, world):
    change = _ask(api, world)
    url = _url(change, "agree")
    error = assert_error(api("admin").post(url, {"version": change["version"]}), 422, "required")
    assert "note" in error["fields"]
    response = api("admin").post(url, {"version": change["version"], "note": "组织部决定"})
    assert response.status_code == 200, response.json
    assert _posting(app, world)[1] == "2027-03-31"


def test_a_stale_version_is_409_and_a_stale_if_match_412(app, api, world):
    change = _ask(api, world)
    etag = api("hr_tf").get(f"/api/v1/term-changes/{change['id']}").headers["ETag"]
    assert etag.startswith(f'"{change["version"]}.')
    stale = {"version": change["version"] + 1}
    assert_error(api("hr_tf").post(_url(change, "agree"), stale), 409, "stale")
    assert_error(api("hr_lj").post(_url(change, "withdraw"), stale), 409, "stale")
    assert _status(app, change) == "pending"
    # The request changes (declined): the ETag read before is stale.
    api("hr_tf").post(_url(change, "decline"), {"version": change["version"], "reason": "否"})
    for answer, body in (("agree", {}), ("decline", {"reason": "是"})):
        response = api("hr_tf").post(_url(change, answer), body, headers={"If-Match": etag})
        assert_error(response, 412, "stale")
    assert _status(app, change) == "declined"
    assert _posting(app, world) == ("active", "2026-12-31", None)


def test_a_posting_lists_its_requests_without_loading_them_one_by_one(app, api, world):
    """Several requests on one posting: the detail loads them with the posting (the N+1
    guard of tests/queries.py watches every request)."""
    for _ in range(4):
        change = _ask(api, world)
        api("hr_lj").post(_url(change, "withdraw"), {"version": change["version"]})
    _ask(api, world, "hr_tf", "end-early", END_EARLY)
    body = api("zx").get(f"/api/v1/postings/{world.p_zx}").json
    assert [c["status"] for c in body["term_changes"]] == ["withdrawn"] * 4 + ["pending"]
    assert all(c["actions"] == [] for c in body["term_changes"])


def test_a_missing_request_is_404(api, world):
    assert_error(api("admin").get("/api/v1/term-changes/999999"), 404, "not_found")
    response = api("admin").post("/api/v1/term-changes/999999/actions/withdraw", {"version": 1})
    assert_error(response, 404, "not_found")
