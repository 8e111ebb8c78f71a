"""Re-key the cadres' pinyin search keys: surnames read as surnames, everyday readings too.

Revision ID: 20261126_pinyin_surnames
Revises: 0001_initial
Create Date: 2026-11-26

曾想 was keyed "cengxiang" / "cx" and could not be found as "zeng"; it now has the keys
"zengxiang cengxiang" and "zx cx" (exchange/text.py). The downgrade writes the old keys
back (pypinyin's everyday reading only).
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "20261126_pinyin_surnames"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

cadre = sa.table(
    "cadre",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("name_pinyin", sa.String),
    sa.column("name_initials", sa.String),
)


def _everyday_keys(name: str) -> tuple[str, str]:
    """The keys as revision 0001 wrote them."""
    from pypinyin import Style, lazy_pinyin

    syllables = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(name or "", style=Style.NORMAL)]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def _rekey(keys) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(cadre.c.id, cadre.c.name)).all()
    for row in rows:
        full, initials = keys(row.name)
        connection.execute(
            cadre.update()
            .where(cadre.c.id == row.id)
            .values(name_pinyin=full, name_initials=initials)
        )


def upgrade():
    from exchange.text import pinyin_keys

    _rekey(pinyin_keys)


def downgrade():
    _rekey(_everyday_keys)
