"""Patching a cadre's ``.lrmx``, or a programme's zip of them; nothing is stored.

The audit trail says who patched whose file and when, never what it held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from exchange import policy
from exchange.appraisals.queries import annual_results
from exchange.audit.services import record
from exchange.cadres.models import Cadre
from exchange.documents.resume import served
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.lrmx import archive
from exchange.lrmx.patch import LrmxError, identity, normal_name, parse, patch
from exchange.org.models import Department
from exchange.postings.models import Posting
from exchange.postings.queries import postings_of_cadre

MESSAGES = {
    "not_xml": _l("The file is not XML: is it a .lrmx file of the 任免表编辑器?"),
    "no_person": _l("The file has no <Person> element: it is not a 任免审批表 file."),
    "unsafe_xml": _l("The file declares entities or a DTD; such files are not read."),
    "other_cadre": _l(
        "The file is another cadre's (%(found)s): its name and birth month must be this cadre's."
    ),
    "no_resume": _l("The file has no résumé (JianLi)."),
    "no_line": _l("No line of the résumé covers %(month)s: add the home post's line first."),
    "too_large": _l("The file is larger than %(limit)s KB."),
    "not_zip": _l("The file is not a readable zip archive."),
    "too_many_files": _l("The zip holds more than %(limit)s files."),
    "zip_bomb": _l("The zip expands to far more than its files can hold; it was not opened."),
    "empty": _l("Choose a file."),
    "nothing_matched": _l("No file in the zip matched a cadre of this programme you may patch."),
    "no_birth_month": _l("Record the cadre's birth month first: files are matched by it."),
}


def refusal(code: str, field: str | None = "file", **values) -> DomainError:
    return DomainError([(field, code, _l(MESSAGES[code], **values) if values else MESSAGES[code])])


def _refuse(error: LrmxError, limit: int) -> DomainError:
    if error.code == "other_cadre":
        return refusal("other_cadre", found=error.detail or "—")
    if error.code == "no_line":
        return refusal("no_line", month=error.detail)
    if error.code == "too_large":
        return refusal("too_large", limit=limit // 1024)
    if error.code == "too_many_files":
        return refusal("too_many_files", limit=error.detail)
    return refusal(error.code)


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    zip_files: int
    separator: str


def _check_size(data: bytes, limit: int) -> None:
    if not data:
        raise refusal("empty")
    if len(data) > limit:
        raise refusal("too_large", limit=limit // 1024)


def patch_cadre_file(cadre, data: bytes, actor, with_annual: bool, limits: Limits) -> bytes:
    """The cadre's file with their postings' 其间 entries (and annual results when asked)."""
    if not policy.can_patch_lrmx(actor, cadre):
        raise NotAllowed(_l("Only the cadre's home HR patches this file."))
    _check_size(data, limits.file_bytes)
    if cadre.birth_month is None:
        raise refusal("no_birth_month")
    postings = served(
        db.session.scalars(postings_of_cadre(cadre.id).where(policy.posting_scope(actor)))
        .unique()
        .all()
    )
    annual = annual_results(cadre.id) if with_annual else None
    try:
        patched = patch(data, cadre, postings, annual, limits.separator)
    except LrmxError as error:
        raise _refuse(error, limits.file_bytes) from error
    record(
        "lrmx.patch",
        cadre,
        actor=actor,
        summary=cadre.name,
        districts=(cadre.home_department.district_id,),
    )
    return patched


@dataclass
class ZipResult:
    data: bytes
    patched: list[str] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (file, why)


def _programme_cadres(programme, actor) -> dict[tuple[str, str], Cadre]:
    """(name, YYYYMM) → the programme's cadres whose files ``actor`` may patch."""
    cadres = db.session.scalars(
        sa.select(Cadre)
        .join(Department, Cadre.home_department_id == Department.id)
        .where(
            Cadre.id.in_(sa.select(Posting.cadre_id).where(Posting.programme_id == programme.id)),
            Cadre.birth_month.is_not(None),
            policy.lrmx_cadre_scope(actor, Cadre, Department),
        )
        .options(joinedload(Cadre.home_department))
    ).all()
    return {
        (normal_name(c.name), f"{c.birth_month.year}{c.birth_month.month:02d}"): c
        for c in cadres
        if c.birth_month
    }


def patch_programme_zip(programme, data: bytes, actor, with_annual: bool, limits) -> ZipResult:
    """Every ``.lrmx`` in the zip matched by name and birth month, patched; the rest listed."""
    if not (policy.is_admin(actor) or policy.is_hr(actor)) or not policy.can_manage_programme(
        actor, programme
    ):
        raise NotAllowed(_l("You may not patch this programme's files."))
    if not data:
        raise refusal("empty")
    try:
        members = archive.read_members(data, limits.zip_files, limits.file_bytes)
    except LrmxError as error:
        raise _refuse(error, limits.file_bytes) from error
    cadres = _programme_cadres(programme, actor)
    result = ZipResult(b"")
    done: list[archive.Member] = []
    for member in members:
        if not member.name.lower().endswith(".lrmx"):
            result.unmatched.append((member.name, str(_l("not a .lrmx file"))))
            continue
        try:
            found = identity(parse(member.data))
        except LrmxError as error:
            result.unmatched.append((member.name, str(_refuse(error, limits.file_bytes))))
            continue
        cadre = cadres.get((found.name, found.birth_month))
        if cadre is None:
            why = _l(
                "no cadre of this programme named %(name)s born %(month)s",
                name=found.name or "—",
                month=found.birth_month or "—",
            )
            result.unmatched.append((member.name, str(why)))
            continue
        postings = [
            p
            for p in served(db.session.scalars(postings_of_cadre(cadre.id)).unique().all())
            if p.programme_id == programme.id
        ]
        annual = annual_results(cadre.id) if with_annual else None
        try:
            patched = patch(member.data, cadre, postings, annual, limits.separator)
        except LrmxError as error:
            result.unmatched.append((member.name, str(_refuse(error, limits.file_bytes))))
            continue
        done.append(archive.Member(member.name, patched))
        result.patched.append(member.name)
    if not done:
        listed = [(None, "unmatched_file", f"{name}：{why}") for name, why in result.unmatched]
        raise DomainError([("file", "nothing_matched", MESSAGES["nothing_matched"]), *listed])
    report = "\n".join(f"{name}：{why}" for name, why in result.unmatched) or None
    result.data = archive.write_members(done, report)
    record(
        "lrmx.patch_zip",
        programme,
        actor=actor,
        summary=f"{programme.name}: {len(done)} patched, {len(result.unmatched)} unmatched",
        districts=(actor.district_id,) if policy.is_hr(actor) else (),
    )
    return result
