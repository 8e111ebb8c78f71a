"""Importing cadres (干部): each row registers a cadre or updates the one already registered.

A row is the same cadre as a registered one when name, birth month and unit (home
department) agree. Then the columns the file has overwrite the record where they
differ (an empty cell keeps what is there); a row that changes nothing is skipped.
Writing goes through ``exchange.cadres.services`` like the cadre form.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.cadres import services
from exchange.cadres.models import FORM_TEXT, Cadre
from exchange.errors_domain import DomainError, Reason
from exchange.extensions import db
from exchange.imports.lookup import Lookup
from exchange.imports.reader import Column
from exchange.imports.runner import CREATE, SKIP, UPDATE, Importer
from exchange.imports.values import Cells

GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
POLITICAL = {
    **{text: value for value, text in FORM_TEXT.items()},
    **{value: value for value in FORM_TEXT},
    "党员": "cpc_member",
    "预备党员": "cpc_probationary",
    "团员": "league_member",
}


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
        "home_position_month",
        "任现职时间",
        "In the current post since",
        _l("Optional. Year and month, e.g. 2021.03."),
        aliases=("任现职务时间",),
        width=10,
    ),
    Column(
        "ethnicity",
        "民族",
        "Ethnicity",
        _l("Optional, e.g. 汉族."),
        max_length=_limit(Cadre.ethnicity),
        width=8,
    ),
    Column(
        "native_place",
        "籍贯",
        "Native place",
        _l("Optional, e.g. 重庆合川."),
        max_length=_limit(Cadre.native_place),
        width=12,
    ),
    Column(
        "political_status",
        "政治面貌",
        "Political status",
        _l("Optional."),
        choices=tuple(FORM_TEXT.values()),
        width=12,
    ),
    Column(
        "party_joined_month",
        "入党时间",
        "Joined the party",
        _l("Optional. Year and month, e.g. 2001.07."),
        width=10,
    ),
    Column(
        "work_started_month",
        "参加工作时间",
        "Started work",
        _l("Optional. Year and month, e.g. 2002.08."),
        width=10,
    ),
    Column(
        "education",
        "学历",
        "Education",
        _l("Optional, e.g. 大学、研究生."),
        max_length=_limit(Cadre.education),
        width=10,
    ),
    Column(
        "degree",
        "学位",
        "Degree",
        _l("Optional, e.g. 硕士."),
        max_length=_limit(Cadre.degree),
        width=10,
    ),
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
#: Optional text columns, each the cadre field of the same name.
TEXT_FIELDS = ("rank", "ethnicity", "native_place", "education", "degree", "phone", "email")
#: Optional year-and-month columns, each the cadre field of the same name.
MONTH_FIELDS = ("party_joined_month", "work_started_month", "home_position_month")
#: The fields an update may change: a column the file has and whose cell is not empty.
OPTIONAL = ("gender", "political_status", *TEXT_FIELDS, *MONTH_FIELDS, "notes")
FIELDS = ("birth_month", "home_position", *OPTIONAL)


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

    def _district(self, cells: Cells):
        reasons = cells.reasons
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
        return district

    @staticmethod
    def _values(cells: Cells) -> dict:
        """The optional fields as the row gives them (``None``/"" where the cell is empty)."""
        values: dict = {
            "home_position": cells.text(
                "position", required=True, max_length=_BY_KEY["position"].max_length
            ),
            "gender": cells.choice("gender", GENDERS),
            "political_status": cells.choice("political_status", POLITICAL),
            "notes": cells.text("notes", max_length=5000),
        }
        for name in TEXT_FIELDS:
            values[name] = cells.text(name, max_length=_BY_KEY[name].max_length)
        for name in MONTH_FIELDS:
            values[name] = cells.month(name)
        if values["email"] and ("@" not in values["email"] or " " in values["email"]):
            cells.add("email", "invalid", _l("Enter a valid email address."))
        return values

    def _read(self, cells: Cells):
        name = cells.text("name", required=True, max_length=_BY_KEY["name"].max_length)
        birth = cells.month("birth_month")
        district = self._district(cells)
        department_name = cells.text("department", required=True)
        department = self.lookup.department(district, department_name, "department", cells.reasons)
        values = self._values(cells)
        if cells.reasons:
            raise DomainError(cells.reasons)
        return name, birth, department, values

    def _check_identity(self, number: int, identity) -> None:
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

    def _update(self, cadre_id: int, department, birth, values, present) -> tuple[str, str]:
        cadre = db.session.get(Cadre, cadre_id)
        assert cadre is not None
        kept = {f: values[f] if f in present else getattr(cadre, f) for f in OPTIONAL}
        data = services.CadreData(
            name=cadre.name,
            home_department_id=department.id,
            home_position=values["home_position"] or cadre.home_position,
            birth_month=birth or cadre.birth_month,
            **kept,
        )
        changed = [f for f in FIELDS if getattr(data, f) != getattr(cadre, f)]
        if not changed:
            return SKIP, str(_l("Already registered, unchanged."))
        services.update_cadre(cadre, data, self.actor, None)
        headers = "、".join(self.header(f) for f in changed)
        return UPDATE, str(_l("Already registered; changes %(columns)s.", columns=headers))

    def import_row(self, number, cells, extras):
        name, birth, department, values = self._read(cells)
        self._check_identity(number, (name, birth, department.id))
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
        if matches:
            present = {f for f in OPTIONAL if cells.values.get(f)}
            return self._update(matches[0].id, department, birth, values, present)
        given = {f: v for f, v in values.items() if v is not None}
        cadre = services.create_cadre(
            services.CadreData(
                name=name, home_department_id=department.id, birth_month=birth, **given
            ),
            self.actor,
        )
        self.lookup.remember_cadre(cadre)
        return CREATE, ""
