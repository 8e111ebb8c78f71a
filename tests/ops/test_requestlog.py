"""One log line per request, with its request id, user, status and duration."""

import json
import logging

from exchange.ops.requestlog import JsonFormatter


def request_records(caplog):
    return [r for r in caplog.records if r.name == "exchange.request"]


def test_one_line_per_request_with_id_user_status_and_duration(client, auth, world, caplog):
    caplog.set_level(logging.INFO, logger="exchange.request")
    auth.login("hr.tianfu")
    caplog.clear()
    response = client.get("/roster?q=张想")
    response.close()  # as a WSGI server does once the body is sent
    [record] = request_records(caplog)
    fields = record.request
    assert fields["request_id"] == response.headers["X-Request-ID"]
    assert fields["user_id"] == world.user_ids["hr_tf"]  # the id, never the session token
    assert (fields["method"], fields["path"], fields["status"]) == ("GET", "/roster", 200)
    assert fields["duration_ms"] >= 0
    assert "张想" not in record.getMessage()  # the query string (names) stays out of the log


def test_anonymous_and_refused_requests_are_logged_too(client, world, caplog):
    caplog.set_level(logging.INFO, logger="exchange.request")
    client.get("/no-such-page").close()
    [record] = request_records(caplog)
    assert record.request["status"] == 404 and record.request["user_id"] is None


def test_a_streamed_export_is_timed_to_its_last_byte(client, auth, world, caplog):
    caplog.set_level(logging.INFO, logger="exchange.request")
    auth.login("leader")
    caplog.clear()
    response = client.get("/roster/export.csv", buffered=False)
    assert request_records(caplog) == []  # not before the body is sent
    b"".join(response.response)
    response.close()
    [record] = request_records(caplog)
    assert record.request["path"] == "/roster/export.csv"


def test_json_format_is_one_object_per_line():
    record = logging.LogRecord("exchange.request", logging.INFO, __file__, 1, "GET /", (), None)
    record.request = {"request_id": "ab12", "user_id": "7", "status": 200, "duration_ms": 3.5}
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["request_id"] == "ab12" and data["status"] == 200 and data["level"] == "INFO"
