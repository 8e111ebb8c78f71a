"""Every error of the API is JSON of one shape, in the Accept-Language language (Chinese
by default); never HTML, never a stack trace."""


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.json
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["message"], str) and error["message"]
    for reasons in error["fields"].values():
        for reason in reasons:
            assert set(reason) == {"code", "message"}
    if code is not None:
        assert error["code"] == code, error
    assert "Traceback" not in response.get_data(as_text=True)
    return error


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_400_a_body_that_is_not_json(api, world):
    response = api("hr_tf").client.post(
        f"/api/v1/postings/{world.p_zx}/actions/extend",
        data="{not json",
        headers={**api("hr_tf").headers(), "Content-Type": "application/json"},
    )
    assert_error(response, 400)


def test_401_without_a_token_in_chinese_by_default(client, world):
    error = assert_error(client.get("/api/v1/postings"), 401, "unauthenticated")
    assert _chinese(error["message"])


def test_401_in_english_when_asked(client, world):
    response = client.get("/api/v1/postings", headers={"Accept-Language": "en-GB,en;q=0.8"})
    error = assert_error(response, 401, "unauthenticated")
    assert error["message"].startswith("Send a valid API token")


def test_403_outside_the_users_scope(api, world):
    assert_error(api("hr_cd").get(f"/api/v1/postings/{world.p_zx}"), 403, "not_allowed")


def test_404_for_a_missing_record_and_an_unknown_address(api, world):
    assert_error(api("admin").get("/api/v1/postings/999999"), 404, "not_found")
    assert_error(api("admin").get("/api/v1/nothing-here"), 404, "not_found")


def test_405_for_a_method_the_address_does_not_take(api, world):
    response = api("admin").get(f"/api/v1/postings/{world.p_zx}/actions/extend")
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_409_and_412_for_a_stale_version(api, world):
    url = f"/api/v1/postings/{world.p_zx}/actions/end-early"
    body = {"end_date": "2026-08-31", "reason": "调回"}
    assert_error(api("hr_tf").post(url, {**body, "version": 7}), 409, "stale")
    assert_error(api("hr_tf").post(url, body, headers={"If-Match": '"7.abc"'}), 412, "stale")


def test_415_for_a_body_that_is_not_declared_json(api, world):
    client = api("hr_tf")
    response = client.client.post(
        f"/api/v1/postings/{world.p_zx}/actions/start",
        data="version=1",
        headers={**client.headers(), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(response, 415, "unsupported_media_type")


def test_422_for_a_body_the_schema_refuses(api, world):
    response = api("hr_tf").post(
        f"/api/v1/postings/{world.p_zx}/actions/extend",
        {"version": "one", "new_end_date": "soon", "colour": "red"},
    )
    error = assert_error(response, 422)
    assert set(error["fields"]) == {"version", "new_end_date", "colour"}
    assert error["fields"]["colour"][0]["code"] == "unknown_field"
    assert _chinese(error["fields"]["version"][0]["message"])


def test_422_carries_the_services_reason_codes(api, world):
    response = api("hr_tf").post(
        f"/api/v1/postings/{world.p_zx}/actions/extend",
        {"version": 1, "new_end_date": "2026-01-01", "reason": "再干半年"},
    )
    error = assert_error(response, 422, "not_later")
    assert error["fields"]["new_end_date"][0]["code"] == "not_later"


def test_500_is_json_without_a_trace(app, api, world):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    app.view_functions["api.districts"] = broken
    response = api("admin").get("/api/v1/districts")
    error = assert_error(response, 500, "server_error")
    assert "secret internals" not in response.get_data(as_text=True)
    assert _chinese(error["message"])


def test_a_session_cookie_does_not_authenticate_the_api(client, auth, world):
    auth.login("admin")
    assert client.get("/postings").status_code == 200
    assert_error(client.get("/api/v1/postings"), 401, "unauthenticated")
    response = client.post(f"/api/v1/postings/{world.p_zx}/actions/start", json={"version": 1})
    assert_error(response, 401, "unauthenticated")


def test_a_wrong_scheme_or_token_is_401(client, world, api_tokens):
    secret = api_tokens["admin"]
    for header in (f"Basic {secret}", f"Bearer {secret}x", "Bearer", secret):
        response = client.get("/api/v1/postings", headers={"Authorization": header})
        assert_error(response, 401, "unauthenticated")


def test_an_id_beyond_the_columns_range_is_404_not_500(api, world):
    """Found by the schemathesis run on PostgreSQL (integer out of range)."""
    assert_error(api("admin").get("/api/v1/leave/10373235241141"), 404, "not_found")
    response = api("admin").post("/api/v1/postings/99999999999/actions/start", {"version": 1})
    assert_error(response, 404, "not_found")
