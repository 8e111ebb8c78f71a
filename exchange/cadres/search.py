"""Finding cadres by a piece of their name: 张, 张想, zhang, zx (拼音 or its initials).

A search matches a cadre when the typed text is in their Chinese name, or its pinyin
(tones, spaces and case folded away) is in one of the name's readings or begins one
reading's initials (``matches``). Tested on every cadre, that is a scan: 25 ms at 50,000
cadres on SQLite, growing with the region, for every page of a searched roster.

So each cadre's name is also kept as its grams (``CadreGram``): every one- to three-
character piece of the Chinese name, and every two- and three-letter piece of each
reading and each reading's initials. A search first takes the cadres holding every gram
of what was typed (an index lookup), and tests only those against the conditions above:
the answer is the scan's, read from the cadres that could match.

Written here rather than taken from the databases: SQLite's FTS5 trigram tokenizer and
PostgreSQL's pg_trgm find no grams in a text shorter than three characters, and a
Chinese surname (张) or a pair of initials (zx) is one or two. The grams are written
with the name (``Cadre``'s name validator sets them), so they are never out of step.
"""

import sqlalchemy as sa

from exchange.cadres.models import Cadre, CadreGram
from exchange.text import GRAM_LONGEST as LONGEST
from exchange.text import normalise_pinyin_query


def _needed(text: str) -> set[str] | None:
    """The grams a name piece ``text`` must hold: its longest pieces (None: none kept)."""
    if not text:
        return None
    size = min(len(text), LONGEST)
    return {text[start : start + size] for start in range(len(text) - size + 1)}


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(q: str) -> list:
    """The conditions on ``Cadre`` of a match (ORed): the search's meaning."""
    conditions = [Cadre.name.like(_like(q), escape="\\")]
    if key := normalise_pinyin_query(q):
        conditions += [
            Cadre.name_pinyin.like(_like(key), escape="\\"),
            # Initials match from the start of any reading ("zx cx" for 曾想).
            Cadre.name_initials.like(key + "%"),
            Cadre.name_initials.like("% " + key + "%"),
        ]
    return conditions


def _holding(grams: set[str]):
    """The ids of the cadres holding every one of ``grams``."""
    return (
        sa.select(CadreGram.cadre_id)
        .where(CadreGram.gram.in_(sorted(grams)))
        .group_by(CadreGram.cadre_id)
        .having(sa.func.count() == len(grams))
    )


def candidates(q: str):
    """A SELECT of the ids of the cadres that could match ``q`` (every match among them),
    or None when what was typed is too short to look up (one Latin letter: it is in
    nearly every reading, and the scan is then as quick)."""
    name = _needed(q.lower())
    key = normalise_pinyin_query(q)
    reading = _needed(key) if len(key) >= 2 else None
    if name is None or (key and reading is None):
        return None
    parts = [_holding(name)]
    if reading is not None and reading != name:
        parts.append(_holding(reading))
    return parts[0] if len(parts) == 1 else sa.union(*parts)


def cadre_search(q: str):
    """The WHERE clause on ``Cadre`` of a search for ``q``: looked up by grams where it
    can be, and always tested by the conditions themselves."""
    condition = sa.or_(*matches(q))
    found = candidates(q)
    return condition if found is None else sa.and_(Cadre.id.in_(found), condition)
