"""The one same-site check for ``next`` and ``return`` parameters."""

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """Only a same-site path: no scheme, no host, no protocol-relative or backslash trick."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
