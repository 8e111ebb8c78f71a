"""Districts and departments: the rules an administrator's changes keep. Flush, never commit."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.audit.services import changes_of, record
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.org.models import MAX_DISPLAY_ORDER, Department, District, display_ordering


@dataclass(frozen=True)
class DistrictData:
    code: str
    name: str
    name_en: str = ""
    province: str = ""
    display_order: int = 0  # 显示顺序


@dataclass(frozen=True)
class DepartmentData:
    name: str
    name_en: str = ""
    parent_id: int | None = None
    display_order: int = 0  # 显示顺序


def _display_order_reasons(value: int) -> list:
    if 0 <= value <= MAX_DISPLAY_ORDER:
        return []
    return [("display_order", "out_of_range", _l("Give a whole number from 0 to 9999."))]


def require_admin(actor) -> None:
    """Refuse anyone but an administrator (districts, departments, accounts)."""
    if not policy.can_manage_org(actor):
        raise NotAllowed(
            [
                (
                    None,
                    "not_allowed",
                    _l("Only administrators manage districts, departments and accounts."),
                )
            ]
        )


def _district_reasons(data: DistrictData, district: District | None) -> list:
    reasons = []
    own_id = district.id if district is not None else None
    if not data.code:
        reasons.append(("code", "required", _l("Enter a code.")))
    else:
        other = db.session.scalar(sa.select(District.id).where(District.code == data.code))
        if other is not None and other != own_id:
            reasons.append(("code", "taken", _l("Another district already uses this code.")))
    if not data.name:
        reasons.append(("name", "required", _l("Enter a name.")))
    else:
        other = db.session.scalar(sa.select(District.id).where(District.name == data.name))
        if other is not None and other != own_id:
            reasons.append(("name", "taken", _l("Another district already has this name.")))
    return reasons + _display_order_reasons(data.display_order)


def _clean_district(data: DistrictData) -> DistrictData:
    return DistrictData(
        code=data.code.strip().lower(),
        name=data.name.strip(),
        name_en=data.name_en.strip(),
        province=data.province.strip(),
        display_order=data.display_order,
    )


def create_district(data: DistrictData, actor) -> District:
    require_admin(actor)
    data = _clean_district(data)
    reasons = _district_reasons(data, None)
    if reasons:
        raise DomainError(reasons)
    district = District(
        code=data.code,
        name=data.name,
        name_en=data.name_en,
        province=data.province,
        display_order=data.display_order,
    )
    db.session.add(district)
    changes = changes_of(district)
    db.session.flush()
    record(
        "district.create",
        district,
        actor=actor,
        changes=changes,
        summary=district.name,
        districts=(district.id,),
    )
    return district


def update_district(district: District, data: DistrictData, actor) -> District:
    require_admin(actor)
    data = _clean_district(data)
    reasons = _district_reasons(data, district)
    if reasons:
        raise DomainError(reasons)
    district.code = data.code
    district.name = data.name
    district.name_en = data.name_en
    district.province = data.province
    district.display_order = data.display_order
    changes = changes_of(district)
    if changes:
        db.session.flush()
        record(
            "district.update",
            district,
            actor=actor,
            changes=changes,
            summary=district.name,
            districts=(district.id,),
        )
    return district


def ancestors_of(department: Department | None) -> list[int]:
    """The ids from ``department`` up to its root (stops on a loop rather than spinning)."""
    seen: list[int] = []
    while department is not None and department.id not in seen:
        seen.append(department.id)
        department = department.parent
    return seen


def _clean_department(data: DepartmentData) -> DepartmentData:
    return DepartmentData(
        name=data.name.strip(),
        name_en=data.name_en.strip(),
        parent_id=data.parent_id or None,
        display_order=data.display_order,
    )


def _department_reasons(
    district: District, data: DepartmentData, department: Department | None
) -> list:
    reasons = []
    own_id = department.id if department is not None else None
    if not data.name:
        reasons.append(("name", "required", _l("Enter a name.")))
    else:
        other = db.session.scalar(
            sa.select(Department.id).where(
                Department.district_id == district.id, Department.name == data.name
            )
        )
        if other is not None and other != own_id:
            reasons.append(
                ("name", "taken", _l("This district already has a department of that name."))
            )
    if data.parent_id is not None:
        parent = db.session.get(Department, data.parent_id)
        if parent is None or parent.district_id != district.id:
            reasons.append(
                (
                    "parent_id",
                    "other_district",
                    _l("The parent department must belong to the same district."),
                )
            )
        elif own_id is not None and own_id in ancestors_of(parent):
            reasons.append(
                (
                    "parent_id",
                    "loop",
                    _l("A department cannot sit under itself or one of its own sub-departments."),
                )
            )
    return reasons + _display_order_reasons(data.display_order)


def create_department(district: District, data: DepartmentData, actor) -> Department:
    require_admin(actor)
    data = _clean_department(data)
    reasons = _department_reasons(district, data, None)
    if reasons:
        raise DomainError(reasons)
    department = Department(
        district_id=district.id,
        name=data.name,
        name_en=data.name_en,
        parent_id=data.parent_id,
        display_order=data.display_order,
    )
    db.session.add(department)
    changes = changes_of(department)
    db.session.flush()
    record(
        "department.create",
        department,
        actor=actor,
        changes=changes,
        summary=f"{district.name} · {department.name}",
        districts=(district.id,),
    )
    return department


def update_department(department: Department, data: DepartmentData, actor) -> Department:
    require_admin(actor)
    data = _clean_department(data)
    reasons = _department_reasons(department.district, data, department)
    if reasons:
        raise DomainError(reasons)
    department.name = data.name
    department.name_en = data.name_en
    department.parent_id = data.parent_id
    department.display_order = data.display_order
    changes = changes_of(department)
    if changes:
        db.session.flush()
        record(
            "department.update",
            department,
            actor=actor,
            changes=changes,
            summary=f"{department.district.name} · {department.name}",
            districts=(department.district_id,),
        )
    return department


def department_tree(district: District) -> list[tuple[Department, int]]:
    """The district's departments in tree order, each with its depth (by display order)."""
    departments = db.session.scalars(
        sa.select(Department)
        .where(Department.district_id == district.id)
        .order_by(*display_ordering(Department))
    ).all()
    children: dict[int | None, list[Department]] = {}
    ids = {d.id for d in departments}
    for d in departments:
        parent = d.parent_id if d.parent_id in ids else None
        children.setdefault(parent, []).append(d)
    ordered: list[tuple[Department, int]] = []
    placed: set[int] = set()

    def walk(parent_id, depth):
        for child in children.get(parent_id, []):
            if child.id in placed:
                continue
            placed.add(child.id)
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    # Anything left (only possible with a loop written around the app) still shows.
    ordered += [(d, 0) for d in departments if d.id not in placed]
    return ordered
