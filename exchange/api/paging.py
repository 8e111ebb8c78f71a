"""Lists page by an opaque cursor: the id after which the next page starts (keyset paging,
so a page never skips or repeats a row when rows are added meanwhile)."""

import base64
import binascii
import json

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange.api.errors import ApiError
from exchange.extensions import db

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(last_id: int) -> str:
    raw = json.dumps({"after": last_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str | None) -> int | None:
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded))["after"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        after = None
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2**31:
        raise ApiError(
            422,
            "invalid",
            fields={"cursor": [("invalid", _l("This is not a cursor this API gave out."))]},
        )
    return after


def page_of(stmt: sa.Select, id_column, args: dict) -> dict:
    """One page of ``stmt`` (a select of model rows) ordered by ``id_column``."""
    after = decode_cursor(args.get("cursor"))
    limit = args.get("limit") or DEFAULT_LIMIT
    if after is not None:
        stmt = stmt.where(id_column > after)
    rows = list(db.session.scalars(stmt.order_by(id_column).limit(limit + 1)).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode_cursor(rows[-1].id) if more and rows else None}
