"""Importing cadres (干部): each row registers a cadre or updates the one already registered.

A row is the same cadre as a registered one when name, birth month and unit (home
department) agree. Then the columns the file has overwrite the record where they
differ (an empty cell keeps what is there); a row that changes nothing is skipped.
Writing goes through ``exchange.cadres.services`` like the cadre form.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.cadres import services
from exchange.cadres.models import Cadre
from exchange.errors_domain import DomainError, Reason
from exchange.extensions import db
from exchange.imports.lookup import Lookup
from exchange.imports.reader import Column
from exchange.imports.runner import CREATE, SKIP, UPDATE, Importer
from exchange.imports.values import Cells

GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}


def _limit(column) -> int:
    return column.type.length


COLUMNS = [
    Column(
        "name",
        "姓名",
        "Name",
        _l("Required. The cadre's full name."),
        True,
        max_length=_limit(Cadre.name),
        width=10,
    ),
    Column("gender", "性别", "Gender", _l("男 or 女."), choices=("男", "女"), width=6),
    Column(
        "birth_month",
        "出生年月",
        "Birth month",
        _l("Year and month, e.g. 1980.05 (type it as text)."),
        aliases=("出生日期", "Date of birth"),
        width=10,
    ),
    Column(
        "district",
        "所属区域",
        "District",
        _l("The home district; empty means your own district."),
        aliases=("区域",),
        width=14,
    ),
    Column(
        "department",
        "单位",
        "Home department",
        _l("Required. A department of the district, as named in the system."),
        True,
        aliases=("工作单位", "原单位", "部门", "Department", "Unit"),
        width=24,
    ),
    Column(
        "position",
        "职务",
        "Home position",
        _l("Required. The position in the home department."),
        True,
        aliases=("原单位职务", "现任职务", "Position"),
        max_length=_limit(Cadre.home_position),
        width=14,
    ),
    Column("rank", "职级", "Rank", _l("Optional."), max_length=_limit(Cadre.rank), width=10),
    Column(
        "phone",
        "联系电话",
        "Phone",
        _l("Optional."),
        aliases=("电话",),
        max_length=_limit(Cadre.phone),
    ),
    Column(
        "email",
        "电子邮箱",
        "Email",
        _l("Optional."),
        aliases=("邮箱",),
        max_length=_limit(Cadre.email),
        width=20,
    ),
    Column("notes", "备注", "Notes", _l("Optional."), width=20),
]
_BY_KEY = {c.key: c for c in COLUMNS}
FIELDS = ("gender", "birth_month", "rank", "phone", "email", "notes", "home_position")


class CadreImporter(Importer):
    kind = "cadres"
    columns = COLUMNS
    fields = {
        "home_department_id": "department",
        "home_position": "position",
    }

    def __init__(self, actor, layout):
        super().__init__(actor, layout)
        self.lookup = Lookup(actor)

    def label(self, values: dict) -> str:
        return " · ".join(str(values[k]) for k in ("name", "department") if values.get(k))

    def _read(self, cells: Cells):
        reasons = cells.reasons
        name = cells.text("name", required=True, max_length=_BY_KEY["name"].max_length)
        gender = cells.choice("gender", GENDERS)
        birth = cells.month("birth_month")
        district = self.lookup.district(
            cells.text("district"), "district", self.header("district"), reasons
        )
        own = self.lookup.own_district()
        if district is not None and own is not None and district.id != own.id:
            reasons.append(
                Reason(
                    "district",
                    "district_not_yours",
                    _l(
                        "You may register cadres of your own district only (%(district)s).",
                        district=own.name,
                    ),
                )
            )
        department_name = cells.text("department", required=True)
        department = self.lookup.department(district, department_name, "department", reasons)
        values = {
            "position": cells.text(
                "position", required=True, max_length=_BY_KEY["position"].max_length
            ),
            "rank": cells.text("rank", max_length=_BY_KEY["rank"].max_length),
            "phone": cells.text("phone", max_length=_BY_KEY["phone"].max_length),
            "email": cells.text("email", max_length=_BY_KEY["email"].max_length),
            "notes": cells.text("notes", max_length=5000),
        }
        if values["email"] and ("@" not in values["email"] or " " in values["email"]):
            reasons.append(Reason("email", "invalid", _l("Enter a valid email address.")))
        if reasons:
            raise DomainError(reasons)
        return name, gender, birth, department, values

    def import_row(self, number, cells, extras):
        name, gender, birth, department, values = self._read(cells)
        identity = (name, birth, department.id)
        if identity in self.seen:
            raise DomainError(
                [
                    Reason(
                        "name",
                        "duplicate_row",
                        _l(
                            "The same cadre is already in row %(row)d of this file.",
                            row=self.seen[identity],
                        ),
                    )
                ]
            )
        self.seen[identity] = number
        matches = self.lookup.cadres(name, birth, department.id)
        if len(matches) > 1:
            raise DomainError(
                [
                    Reason(
                        "name",
                        "ambiguous_cadre",
                        _l(
                            "%(count)d registered cadres match this row; give the birth month.",
                            count=len(matches),
                        ),
                    )
                ]
            )
        present = {k for k in ("gender", "rank", "phone", "email", "notes") if cells.values.get(k)}
        if matches:
            cadre = db.session.get(Cadre, matches[0].id)
            data = services.CadreData(
                name=cadre.name,
                home_department_id=department.id,
                home_position=values["position"] or cadre.home_position,
                gender=gender if "gender" in present else cadre.gender,
                birth_month=birth or cadre.birth_month,
                rank=values["rank"] if "rank" in present else cadre.rank,
                phone=values["phone"] if "phone" in present else cadre.phone,
                email=values["email"] if "email" in present else cadre.email,
                notes=values["notes"] if "notes" in present else cadre.notes,
            )
            changed = [f for f in FIELDS if getattr(data, f) != getattr(cadre, f)]
            if not changed:
                return SKIP, str(_l("Already registered, unchanged."))
            services.update_cadre(cadre, data, self.actor, None)
            headers = "、".join(self.header(f) for f in changed)
            return UPDATE, str(_l("Already registered; changes %(columns)s.", columns=headers))
        cadre = services.create_cadre(
            services.CadreData(
                name=name,
                home_department_id=department.id,
                home_position=values["position"],
                gender=gender,
                birth_month=birth,
                rank=values["rank"],
                phone=values["phone"],
                email=values["email"],
                notes=values["notes"],
            ),
            self.actor,
        )
        self.lookup.remember_cadre(cadre)
        return CREATE, ""
