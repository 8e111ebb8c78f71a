"""What an audit event shows its reader: never more of a record than the reader could see
by opening the record now (the per-kind rules are ``policy.AUDIT_RULES``)."""

from collections import defaultdict

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from exchange import policy
from exchange.audit.models import AuditEvent
from exchange.extensions import Model, db

HIDDEN_VALUE = _l("(not shown)")
HIDDEN_SUMMARY = _l("Content not shown: you may not see this record.")
# A draft's content is the author's alone until it is submitted, and its drafting stays so.
HIDDEN_DRAFT_SUMMARY = _l("Draft edited (content not shown).")


def model_of(table_name: str):
    """The mapped class stored in ``table_name`` (None if the app has no such table)."""
    for mapper in Model.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table_name:
            return mapper.class_
    return None


def audited_tables() -> set[str]:
    """Every table of the app: each is a kind of record an event may be about."""
    return {
        mapper.class_.__tablename__
        for mapper in Model.registry.mappers
        if hasattr(mapper.class_, "__tablename__")
    }


class ShownEvent:
    """An event as one reader sees it: the event's attributes, with its summary and changes
    reduced to what the reader may see (``redacted`` says whether anything was left out)."""

    def __init__(self, event: AuditEvent, hidden: frozenset[str] | None):
        # The event's loaded columns, read as this object's own attributes: a page reads
        # about twenty per event, and each went through ``__getattr__`` (events never
        # change once written). What is not loaded (the actor) still comes from the event.
        self.__dict__.update(
            (key, value) for key, value in vars(event).items() if not key.startswith("_sa_")
        )
        self._event = event
        self.redacted = hidden is None or bool(hidden & set(event.changes or {}))
        if hidden is None:
            draft = event.action in policy.DRAFT_ACTIONS
            self.summary = HIDDEN_DRAFT_SUMMARY if draft else HIDDEN_SUMMARY
            self.changes: dict = {}
        else:
            self.summary = event.summary
            self.changes = {
                key: ([HIDDEN_VALUE, HIDDEN_VALUE] if key in hidden else pair)
                for key, pair in (event.changes or {}).items()
            }

    def __getattr__(self, name):
        return getattr(self._event, name)


# The records a rule looks through (a report's posting, a leave step's leave and posting):
# loaded with the records, one statement each, never row by row.
_THROUGH = ("posting", "report", "leave", "appraisal", "programme")


def _loading(model) -> list:
    options = []
    relationships = sa.inspect(model).relationships
    for name in _THROUGH:
        if name not in relationships:
            continue
        option = selectinload(getattr(model, name))
        target = relationships[name].mapper.class_
        if name != "posting" and "posting" in sa.inspect(target).relationships:
            option = option.selectinload(target.posting)
        options.append(option)
    return options


def _records_of(events) -> dict[tuple[str, int], object]:
    """The records the events are about, one query per kind."""
    ids = defaultdict(set)
    for event in events:
        if event.object_type and event.object_id is not None:
            ids[event.object_type].add(event.object_id)
    records: dict[tuple[str, int], object] = {}
    for table_name, wanted in ids.items():
        model = model_of(table_name)
        if model is None:
            continue
        query = sa.select(model).where(model.id.in_(wanted)).options(*_loading(model))
        for row in db.session.scalars(query):
            records[(table_name, row.id)] = row
    return records


def shown_events(user, events) -> list[ShownEvent]:
    """``events`` as ``user`` may see them."""
    records = _records_of(events)
    return [
        ShownEvent(
            event,
            policy.audit_hidden_fields(
                user, event, records.get((event.object_type, event.object_id))
            ),
        )
        for event in events
    ]
