"""Finding the records a row names: districts, departments, programmes, cadres.

Names are matched after Unicode normalisation (full-width letters, stray spaces), so
"两江新区 " and "两江新区" are the same district. Districts and departments are few
and cached for the run; cadres are looked up per row.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.cadres.models import Cadre
from exchange.errors_domain import Reason
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.programmes.models import Programme


def key(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()


class Lookup:
    """The actor's view of districts, departments and programmes during one import."""

    def __init__(self, actor):
        self.actor = actor
        self.districts: dict[str, District] = {}
        for district in db.session.scalars(sa.select(District)):
            for name in (district.name, district.code, district.name_en):
                if name:
                    self.districts[key(name)] = district
        self.departments: dict[tuple[int, str], Department] = {}
        self.department_districts: dict[str, list[District]] = {}
        for department in db.session.scalars(sa.select(Department)):
            self.departments[(department.district_id, key(department.name))] = department
            self.department_districts.setdefault(key(department.name), []).append(
                db.session.get(District, department.district_id)
            )
        self.programmes = {key(p.name): p for p in db.session.scalars(sa.select(Programme))}

    def own_district(self) -> District | None:
        if policy.is_hr(self.actor):
            return db.session.get(District, self.actor.district_id)
        return None

    def district(self, name: str, column: str, header: str, reasons: list) -> District | None:
        """The district named, or the actor's own when the cell is empty (HR)."""
        if not name:
            own = self.own_district()
            if own is None:
                reasons.append(
                    Reason(column, "required", _l("%(column)s is empty.", column=header))
                )
            return own
        district = self.districts.get(key(name))
        if district is None:
            reasons.append(
                Reason(
                    column,
                    "unknown_district",
                    _l("There is no district called %(name)s.", name=name),
                )
            )
        return district

    def department(
        self, district: District | None, name: str, column: str, reasons: list
    ) -> Department | None:
        if district is None or not name:
            return None
        found = self.departments.get((district.id, key(name)))
        if found is not None:
            return found
        elsewhere = [d.name for d in self.department_districts.get(key(name), [])]
        if elsewhere:
            reasons.append(
                Reason(
                    column,
                    "department_other_district",
                    _l(
                        "%(department)s is a department of %(others)s, not of %(district)s.",
                        department=name,
                        others="、".join(elsewhere),
                        district=district.name,
                    ),
                )
            )
        else:
            reasons.append(
                Reason(
                    column,
                    "unknown_department",
                    _l(
                        "%(district)s has no department called %(department)s.",
                        district=district.name,
                        department=name,
                    ),
                )
            )
        return None

    def programme(self, name: str, column: str, reasons: list) -> Programme | None:
        if not name:
            return None
        found = self.programmes.get(key(name))
        if found is None:
            reasons.append(
                Reason(
                    column,
                    "unknown_programme",
                    _l("There is no programme called %(name)s.", name=name),
                )
            )
        return found

    def _load_cadres(self) -> None:
        """Every cadre's identity, read once (a row then costs no query to find its cadre)."""
        self._cadres: dict[str, list[CadreKey]] = {}
        rows = db.session.execute(
            sa.select(
                Cadre.id,
                Cadre.name,
                Cadre.birth_month,
                Cadre.home_department_id,
                Cadre.home_position,
            )
        )
        for row in rows:
            self._cadres.setdefault(row.name, []).append(CadreKey(*row))

    def cadres(
        self, name: str, birth_month: date | None, department_id: int | None = None
    ) -> list[CadreKey]:
        """Registered cadres with this name (and unit, and birth month, where given).

        A cadre without a recorded birth date matches any birth month.
        """
        if not hasattr(self, "_cadres"):
            self._load_cadres()
        found = [
            c
            for c in self._cadres.get(name, [])
            if department_id is None or c.home_department_id == department_id
        ]
        if birth_month is None:
            return found
        return [
            c
            for c in found
            if c.birth_month is None
            or (c.birth_month.year, c.birth_month.month) == (birth_month.year, birth_month.month)
        ]

    def remember_cadre(self, cadre: Cadre) -> None:
        """A cadre registered by this import is found by the rows after it."""
        if hasattr(self, "_cadres"):
            key = CadreKey(
                cadre.id,
                cadre.name,
                cadre.birth_month,
                cadre.home_department_id,
                cadre.home_position,
            )
            self._cadres.setdefault(cadre.name, []).append(key)

    def department_by_id(self, department_id: int) -> Department:
        department = db.session.get(Department, department_id)
        assert department is not None  # a cadre's home department always exists (foreign key)
        return department


class CadreKey(NamedTuple):
    id: int
    name: str
    birth_month: date | None
    home_department_id: int
    home_position: str
