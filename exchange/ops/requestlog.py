"""One log line per request: request id, user id, method, path, status and duration.

The duration runs from the moment the WSGI server hands the request over to the moment it
closes the response, so a streamed export is timed to its last byte. The query string is
left out of the line (searches are names of people). ``LOG_FORMAT=json`` writes each
record as one JSON object, for a log collector.
"""

import json
import logging
import sys
import time

from flask import g, request
from flask_login import current_user

logger = logging.getLogger("exchange.request")
STARTED = "exchange.started"
FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """A record as a JSON object: time, level, logger, message and the request's fields."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update(getattr(record, "request", {}))
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def configure_logging(log_format: str, level: str = "INFO") -> None:
    """Send the app's records to stderr (journald, docker logs) in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


class StartClock:
    """WSGI middleware: note when the request arrived, before any Flask hook runs."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ[STARTED] = time.perf_counter()
        return self.wsgi_app(environ, start_response)


def init_app(app) -> None:
    if not app.testing:
        configure_logging(app.config.get("LOG_FORMAT", "text"), app.config.get("LOG_LEVEL", "INFO"))
    app.wsgi_app = StartClock(app.wsgi_app)

    @app.after_request
    def log_request(response):
        started = request.environ.get(STARTED) or time.perf_counter()
        fields = {
            "request_id": g.get("request_id", "-"),
            "user_id": current_user.id if current_user.is_authenticated else None,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
        }

        def emit():
            fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
            logger.info(
                "%s %s %s %s user=%s %.1fms",
                fields["request_id"],
                fields["method"],
                fields["path"],
                fields["status"],
                fields["user_id"] or "-",
                fields["duration_ms"],
                extra={"request": fields},
            )

        response.call_on_close(emit)
        return response
