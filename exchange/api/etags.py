"""ETags on reads, and the record's version that a write must name.

A record's ETag is ``"<version>.<digest>"``: the version the record is at, and a digest
of the representation (which also shows the record's children). A write names the
version it saw, in the body (``version``) or as ``If-Match`` with that ETag; a stale
one is refused with 409 (body) or 412 (``If-Match``) and changes nothing.
"""

import hashlib

from flask import g, request
from flask_babel import lazy_gettext as _l

from exchange.api.errors import ApiError
from exchange.errors_domain import ConflictError

STALE = _l("This record changed since you read it. Read it again, then try again.")


def add_etag(response):
    """Every successful GET gets an ETag; a matching If-None-Match gets 304."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if not response.is_json:
        return response
    digest = hashlib.sha256(response.get_data()).hexdigest()[:16]
    version = g.get("api_version")
    response.set_etag(f"{version}.{digest}" if version is not None else digest)
    return response.make_conditional(request)


def show_version(record) -> None:
    """The record the response shows: its version goes into the ETag."""
    g.api_version = record.version


def _if_match_version(header: str) -> int:
    tag = header.strip()
    tag = tag.removeprefix("W/").strip('"')
    head = tag.split(".", 1)[0]
    if not head.isdigit() or len(head) > 9:
        raise ApiError(412)
    return int(head)


class Expected:
    """The version a write names, and whether it came as If-Match (412) or in the body (409)."""

    def __init__(self, body_version: int | None):
        header = request.headers.get("If-Match")
        self.by_if_match = bool(header)
        if header:
            self.version = _if_match_version(header)
        elif body_version is None:
            raise ApiError(
                422,
                "required",
                fields={"version": [("required", _l("Send the version of the record you read."))]},
            )
        else:
            self.version = body_version

    def check(self, record) -> None:
        """Refuse unless ``record`` is still at the version the client read."""
        if record.version != self.version:
            self.refuse()

    def refuse(self):
        if self.by_if_match:
            raise ApiError(412)
        raise ConflictError([("version", "stale", STALE)])
