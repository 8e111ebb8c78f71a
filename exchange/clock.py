"""Today's date where the districts are (Asia/Shanghai); tests may set ``TODAY`` in config."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

TZ = ZoneInfo("Asia/Shanghai")


def today() -> date:
    if has_app_context() and (fixed := current_app.config.get("TODAY")):
        return fixed if isinstance(fixed, date) else date.fromisoformat(fixed)
    return datetime.now(TZ).date()
