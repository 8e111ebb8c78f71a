"""The account page's API tokens: every account its own; the administrator revokes any."""

from tests.authz import DENIED, MISSING, OK, REDIRECT, Route, logged_in


def _zx_token(world):
    from tests.api.conftest import make_token_here

    return {"zx_token": make_token_here("zhangxiang")}


ROUTES = [
    Route("tokens.index", "GET", lambda w: "/account/tokens", logged_in(OK)),
    Route(
        "tokens.index",
        "POST",
        lambda w: "/account/tokens",
        logged_in(400),
        data=lambda w: {"name": "", "expires_days": "30"},
        note="a nameless token is refused",
    ),
    Route(
        "tokens.revoke",
        "POST",
        lambda w: f"/account/tokens/{w.zx_token}/revoke",
        logged_in(DENIED, admin=REDIRECT, zx=REDIRECT),
        data=lambda w: {},
        extra={"setup": _zx_token},
    ),
    Route(
        "tokens.revoke",
        "POST",
        lambda w: "/account/tokens/999999/revoke",
        logged_in(MISSING),
        data=lambda w: {},
        note="no such token",
    ),
]
