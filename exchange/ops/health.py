"""``GET /healthz``: is this instance able to serve? For load balancers, systemd and Docker.

No login, no personal data: the answer names the checks and their state, nothing else.
"""

import sqlalchemy as sa
from flask import current_app, jsonify

from exchange.extensions import db
from exchange.ops import bp

TIMEOUT_SECONDS = 3


def _warn(what: str, error: Exception) -> None:
    """One line, not a traceback: a probe repeats every few seconds while the fault lasts."""
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    current_app.logger.warning("healthz: %s does not answer: %s", what, first_line)


def database_ok() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError as error:
        _warn("the database", error)
        return False
    finally:
        db.session.rollback()


def redis_ok(url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError as error:
        _warn("Redis", error)
        return False


@bp.get("/healthz")
def healthz():
    checks = {"database": database_ok()}
    if url := current_app.config.get("REDIS_URL"):
        checks["redis"] = redis_ok(url)
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: "ok" if ok else "failing" for name, ok in checks.items()},
    }
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
