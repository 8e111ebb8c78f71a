"""Deleting a record never leaves its files behind.

When a posting, a programme or a report is deleted — by whatever service — the
database removes its attachment rows (``ON DELETE CASCADE``) and this hook queues
their files for removal from the store once the deletion commits. Postings, programmes
and reports need not know that attachments exist.
"""

from functools import partial

from sqlalchemy import event
from sqlalchemy.orm import object_session

from exchange.attachments.models import Attachment
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.reports.models import ReflectionLog
from exchange.storage import after_commit, get_storage

_COLUMNS = {
    Posting: Attachment.posting_id,
    Programme: Attachment.programme_id,
    ReflectionLog: Attachment.report_id,
}


def _remove_files(mapper, connection, target) -> None:
    from exchange.attachments.services import keys_of_record

    keys = keys_of_record(connection, _COLUMNS[mapper.class_], target.id)
    if not keys:
        return
    storage, session = get_storage(), object_session(target)
    if session is None:
        return
    for key in keys:
        after_commit(session, partial(storage.delete, key))


def register() -> None:
    for model in _COLUMNS:
        if not event.contains(model, "before_delete", _remove_files):
            event.listen(model, "before_delete", _remove_files)
