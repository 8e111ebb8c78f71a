"""Import runs from the web: stage the upload, preview it, then confirm or discard it.

The uploaded file is kept in the file store between the preview and the confirmation;
the preview (one entry per row) is kept on the run, so paging through it reads no file.
Confirming imports the staged file again, for real, in the request's one transaction:
if any row now has a problem (someone registered the same cadre meanwhile), nothing is
written and the run gets the fresh preview instead.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import IO

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import record
from exchange.errors_domain import DomainError, NotAllowed, Reason
from exchange.extensions import db
from exchange.files import FileRefused, check_filename
from exchange.imports.appraisals import AppraisalImporter
from exchange.imports.cadres import CadreImporter
from exchange.imports.models import ImportKind, ImportRun, ImportStatus
from exchange.imports.postings import PostingImporter
from exchange.imports.reader import FileProblem, open_table
from exchange.imports.runner import Importer, Outcome, preview, run
from exchange.storage import after_commit, after_rollback, get_storage, new_key

IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.CADRES: CadreImporter,
    ImportKind.POSTINGS: PostingImporter,
    ImportKind.APPRAISALS: AppraisalImporter,
}


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed([Reason(None, "not_allowed", _l("You may not import this."))])


def read_and_run(
    kind: str,
    stream: IO[bytes],
    actor,
    *,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
    source: str = "",
) -> Outcome:
    """Open the file and import (or preview) every row; raises FileProblem for the file."""
    importer_cls = IMPORTERS[kind]
    table = open_table(
        stream,
        importer_cls.columns,
        current_app.config["IMPORT_MAX_ROWS"],
        extra=importer_cls.extra_header,
    )
    importer = importer_cls(actor, table.layout)
    importer.source = source
    return (preview if dry_run else run)(importer, table, progress)


def _store_outcome(run_: ImportRun, outcome: Outcome) -> None:
    run_.rows = [row.as_json() for row in outcome.rows]
    run_.counts = outcome.counts
    run_.file_problems = []
    if not outcome.rows:
        run_.file_problems = [["empty", str(_l("The file has a header but no data rows."))]]


def _preview(run_: ImportRun, actor) -> None:
    assert run_.staged_key is not None  # staged by stage_import just before
    with closing(get_storage().open(run_.staged_key)) as stream:
        try:
            outcome = read_and_run(run_.kind, stream, actor, dry_run=True, source=_source(run_))
        except FileProblem as error:
            run_.status = ImportStatus.REFUSED
            run_.file_problems = [[r.code, str(r.message)] for r in error.reasons]
            run_.rows, run_.counts = [], {}
            return
    _store_outcome(run_, outcome)


def _source(run_: ImportRun) -> str:
    return f"import #{run_.id} {run_.filename}"


PREVIEW_KEPT = timedelta(days=7)


def _expire_old_previews(actor) -> None:
    """Previews nobody confirmed within a week are discarded, and their files removed."""
    old = db.session.scalars(
        sa.select(ImportRun).where(
            ImportRun.created_by_id == actor.id,
            ImportRun.status == ImportStatus.PREVIEWED,
            ImportRun.created_at < datetime.now(UTC) - PREVIEW_KEPT,
        )
    ).all()
    for run_ in old:
        run_.status = ImportStatus.DISCARDED
        _unstage(run_)


def stage_import(kind: str, filename: str | None, stream: IO[bytes], actor) -> ImportRun:
    """Keep the uploaded file, preview it, and return the run (nothing else is written)."""
    _refuse_unless(policy.can_import(actor, kind))
    _expire_old_previews(actor)
    if kind not in IMPORTERS:
        raise DomainError([Reason("kind", "unknown_kind", _l("Choose what to import."))])
    try:
        name = check_filename(filename)
    except FileRefused as error:
        raise DomainError(error.reasons) from None
    data = stream.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
    if not data:
        raise DomainError([Reason("file", "empty_file", _l("Choose a file."))])
    if len(data) > current_app.config["IMPORT_MAX_BYTES"]:
        raise DomainError([Reason("file", "file_too_large", _l("The file is too large."))])

    storage = get_storage()
    key = new_key("imports")
    storage.save(key, io.BytesIO(data))
    after_rollback(db.session(), partial(storage.delete, key))
    run_ = ImportRun(
        kind=kind,
        filename=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        staged_key=key,
        created_by_id=actor.id,
        district_id=getattr(actor, "district_id", None),
        status=ImportStatus.PREVIEWED,
    )
    db.session.add(run_)
    db.session.flush()
    _preview(run_, actor)
    if run_.status == ImportStatus.REFUSED:
        _unstage(run_, storage)
    db.session.flush()
    record(
        f"import.{'refuse' if run_.status == ImportStatus.REFUSED else 'preview'}",
        run_,
        actor=actor,
        summary=f"{kind}: {name}",
        changes={"counts": [None, run_.counts], "sha256": [None, run_.sha256]},
        districts=(run_.district_id,),
    )
    return run_


def _unstage(run_: ImportRun, storage=None) -> None:
    key, run_.staged_key = run_.staged_key, None
    if key:
        storage = storage or get_storage()
        after_commit(db.session(), partial(storage.delete, key))


def earlier_imports(run_: ImportRun) -> list[ImportRun]:
    """Runs that imported the same bytes before (the preview says so)."""
    return list(
        db.session.scalars(
            sa.select(ImportRun).where(
                ImportRun.sha256 == run_.sha256,
                ImportRun.id != run_.id,
                ImportRun.status == ImportStatus.IMPORTED,
            )
        )
    )


def confirm_import(run_: ImportRun, actor) -> Outcome:
    """Write the staged file in this transaction; refuse whole (with the fresh preview) on a problem."""
    _refuse_unless(policy.can_view_import(actor, run_) and policy.can_import(actor, run_.kind))
    if run_.status != ImportStatus.PREVIEWED or not run_.staged_key:
        raise DomainError(
            [Reason(None, "not_previewed", _l("This import is no longer waiting to be confirmed."))]
        )
    if not run_.can_confirm:
        raise DomainError(
            [Reason(None, "has_problems", _l("Fix the problems in the file and upload it again."))]
        )
    with closing(get_storage().open(run_.staged_key)) as stream:
        try:
            outcome = read_and_run(run_.kind, stream, actor, dry_run=False, source=_source(run_))
        except FileProblem as error:
            raise DomainError(error.reasons) from None
    if not outcome.ok:
        raise ImportHasProblems(outcome)
    _store_outcome(run_, outcome)
    run_.status = ImportStatus.IMPORTED
    run_.imported_at = datetime.now(UTC)
    _unstage(run_)
    db.session.flush()
    record(
        "import.confirm",
        run_,
        actor=actor,
        summary=f"{run_.kind}: {run_.filename}",
        changes={"counts": [None, outcome.counts], "sha256": [None, run_.sha256]},
        districts=(run_.district_id,),
    )
    return outcome


class ImportHasProblems(DomainError):
    """Rows had problems when the import ran for real; nothing was written."""

    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        first = next(r for r in outcome.rows if r.problems)
        super().__init__(
            [
                Reason(
                    None,
                    "row_problems",
                    _l(
                        "Nothing was written: %(count)d row(s) have problems, the first is row %(row)d.",
                        count=outcome.counts["problem"],
                        row=first.number,
                    ),
                )
            ]
        )


def refresh_preview(run_: ImportRun, outcome: Outcome) -> None:
    """After a refused confirmation: keep the fresh problems on the run."""
    _store_outcome(run_, outcome)
    db.session.flush()


def discard_import(run_: ImportRun, actor) -> None:
    _refuse_unless(policy.can_view_import(actor, run_))
    if run_.status != ImportStatus.PREVIEWED:
        raise DomainError(
            [Reason(None, "not_previewed", _l("This import is no longer waiting to be confirmed."))]
        )
    run_.status = ImportStatus.DISCARDED
    _unstage(run_)
    db.session.flush()
    record(
        "import.discard",
        run_,
        actor=actor,
        summary=f"{run_.kind}: {run_.filename}",
        districts=(run_.district_id,),
    )
