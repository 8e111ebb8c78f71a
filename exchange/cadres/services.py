"""Registering cadres and changing their records; each change writes an audit event."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import changes_of, record
from exchange.cadres.models import Cadre
from exchange.errors_domain import ConflictError, DomainError, NotAllowed
from exchange.extensions import db
from exchange.org.models import Department

CHANGED_MESSAGE = _l("This record changed since you opened it. Reload the page, then try again.")
NOT_ALLOWED = _l("You may not change this cadre.")


@dataclass(frozen=True)
class CadreData:
    name: str
    home_department_id: int
    home_position: str
    gender: str | None = None
    birth_date: date | None = None
    rank: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


def _check_version(cadre: Cadre, expected_version: int | None) -> None:
    if expected_version is not None and cadre.version != expected_version:
        raise ConflictError([("version", "stale", CHANGED_MESSAGE)])


def _apply(cadre: Cadre, data: CadreData, actor) -> None:
    department = db.session.get(Department, data.home_department_id)
    if department is None:
        raise DomainError([("home_department_id", "required", _l("Choose the home department."))])
    if not policy.can_create_cadre(actor, department):
        message = _l("You may register cadres of your own district only.")
        raise NotAllowed([("home_department_id", "other_district", message)])
    cadre.name = data.name.strip()
    cadre.home_department = department
    cadre.home_position = data.home_position.strip()
    cadre.gender = data.gender or None
    cadre.birth_date = data.birth_date
    cadre.rank = data.rank.strip()
    cadre.phone = data.phone.strip()
    cadre.email = data.email.strip()
    cadre.notes = data.notes.strip()


def _audit(action: str, cadre: Cadre, actor, changes: dict) -> None:
    record(
        f"cadre.{action}",
        cadre,
        actor=actor,
        changes=changes,
        summary=cadre.name,
        districts=(cadre.home_department.district_id,),
    )


def create_cadre(data: CadreData, actor) -> Cadre:
    if not policy.can_create_cadre(actor):
        raise NotAllowed([(None, "not_allowed", _l("You may not register cadres."))])
    cadre = Cadre()
    _apply(cadre, data, actor)
    db.session.add(cadre)
    changes = changes_of(cadre)
    db.session.flush()
    _audit("create", cadre, actor, changes)
    return cadre


def update_cadre(cadre: Cadre, data: CadreData, actor, expected_version: int | None) -> Cadre:
    if not policy.can_edit_cadre(actor, cadre):
        raise NotAllowed([(None, "not_allowed", NOT_ALLOWED)])
    _check_version(cadre, expected_version)
    _apply(cadre, data, actor)
    changes = changes_of(cadre)
    db.session.flush()
    _audit("update", cadre, actor, changes)
    return cadre


def update_contact(cadre: Cadre, phone: str, email: str, actor, expected_version: int | None):
    """The official changes their own phone and email, nothing else."""
    if not (policy.can_edit_own_contact(actor, cadre) or policy.can_edit_cadre(actor, cadre)):
        raise NotAllowed([(None, "not_allowed", NOT_ALLOWED)])
    _check_version(cadre, expected_version)
    cadre.phone = (phone or "").strip()
    cadre.email = (email or "").strip()
    changes = changes_of(cadre)
    db.session.flush()
    _audit("update_contact", cadre, actor, changes)
    return cadre
