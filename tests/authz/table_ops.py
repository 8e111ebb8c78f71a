"""Operations: the health check answers everyone, logged in or not (load balancers, systemd)."""

from tests.authz import OK, Route, everyone

ROUTES = [Route("ops.healthz", "GET", lambda w: "/healthz", everyone(OK))]
