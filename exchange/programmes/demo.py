"""Demo data of programme change requests: one waiting for the other member's confirmation."""

import sqlalchemy as sa

from exchange.extensions import db
from exchange.programmes.models import Programme, ProgrammeChangeRequest

REASON = (
    "两江新区拟增派一名干部赴天府新区参与总部经济招商，提议将两江→天府名额由4名调整为5名，"
    "请天府新区组织人事部确认。（演示数据）"
)


def seed(created: dict, password: str) -> None:
    """两江 proposes one more place 两江 → 天府 in the current round; 天府 must confirm."""
    from dataclasses import replace

    from exchange.auth.models import User
    from exchange.org.models import District
    from exchange.programmes import changes

    programme = db.session.scalar(
        sa.select(Programme).where(Programme.name.like("%两江—天府第二批%"))
    )
    hr = db.session.scalar(sa.select(User).where(User.username == "hr.liangjiang"))
    if programme is None or hr is None:
        return
    if db.session.scalar(
        sa.select(ProgrammeChangeRequest.id).where(
            ProgrammeChangeRequest.programme_id == programme.id
        )
    ):
        return
    lj, tf = (
        db.session.scalar(sa.select(District.id).where(District.code == code))
        for code in ("liangjiang", "tianfu")
    )
    data = changes.data_of(programme)
    quotas = {**data.quotas, (lj, tf): data.quotas.get((lj, tf), 4) + 1}
    changes.propose_programme_change(
        programme, replace(data, quotas=quotas), hr, programme.version, REASON
    )
    created["programme_changes"] = created.get("programme_changes", 0) + 1
