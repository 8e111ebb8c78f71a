"""Importing annual appraisal results (年度考核结果): one row per cadre, one column per year.

The wide table of the 干部考核 sheets: 姓名, 单位 (the home department), 出生年月 when
names repeat, then a column per year ("2023年", "2024年度", "2024", in any order, as
many as the file has) holding the grade (优秀, 称职, 基本称职, 不称职). An empty cell
leaves that year alone. Each (cadre, year) goes through ``exchange.appraisals.imported``:
a year the cadre served a posting becomes that posting's final 年度考核; another year
becomes the cadre's recorded result, which the 任免审批表 and the .lrmx file read.
The same result again is skipped; a different one updates (a correction with the
import as its reason).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l

from exchange import policy
from exchange.appraisals import imported
from exchange.appraisals.models import GRADE_TEXT, Grade
from exchange.cadres.models import Cadre
from exchange.clock import today
from exchange.errors_domain import DomainError, Reason
from exchange.extensions import db
from exchange.imports.lookup import Lookup, key
from exchange.imports.reader import Column, normalise, problem
from exchange.imports.runner import CREATE, SKIP, UPDATE, Importer
from exchange.imports.values import Cells

#: A grade as the sheets write it (Chinese, English label, stored value) -> the stored value.
GRADES: dict[str, str] = {
    **{text: value for value, text in GRADE_TEXT.items()},
    **{value: value for value in GRADE_TEXT},
    **{value.replace("_", " "): value for value in GRADE_TEXT},
}
EMPTY = {"", "-", "—", "－", "/", "无"}
_YEAR = re.compile(r"^(\d{4})(年度?)?(考核(结果|等次)?)?$")
FIRST_YEAR = 1990

COLUMNS = [
    Column("name", "姓名", "Name", _l("Required. A registered cadre."), True, width=10),
    Column(
        "birth_month",
        "出生年月",
        "Birth month",
        _l("Tells apart cadres of the same name, e.g. 1980.05."),
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
        _l("Required. The cadre's home department, as named in the system."),
        True,
        aliases=("工作单位", "原单位", "派出单位", "部门", "Department", "Unit"),
        width=24,
    ),
]


def year_of(header: str) -> int | None:
    """The year a header such as 2024年, 2024年度考核 or 2024 stands for."""
    match = _YEAR.match(normalise(header))
    if match is None:
        return None
    year = int(match.group(1))
    return year if FIRST_YEAR <= year <= 2100 else None


def year_columns(years: list[int]) -> list[Column]:
    """The template's year columns: the grade of each year, from a validation list."""
    return [
        Column(
            f"year_{year}",
            f"{year}年",
            str(year),
            _l("The year's grade; add a column for each further year (2022年 …)."),
            choices=tuple(GRADE_TEXT.values()),
            width=10,
        )
        for year in years
    ]


class AppraisalImporter(Importer):
    kind = "appraisals"
    columns = COLUMNS

    def __init__(self, actor, layout):
        super().__init__(actor, layout)
        if not layout.extra:
            raise problem(
                "missing_header",
                _l("The file has no year column (2024年, 2025年 …) to read the grades from."),
            )
        self.lookup = Lookup(actor)
        self.year_headers = {year: layout.headers[i] for i, year in layout.extra.items()}

    @classmethod
    def extra_header(cls, header: str) -> Any:
        return year_of(header)

    @classmethod
    def template_columns(cls) -> list[Column]:
        last = today().year - 1
        return [*COLUMNS, *year_columns([last - 2, last - 1, last])]

    def label(self, values: dict) -> str:
        return " · ".join(str(values[k]) for k in ("name", "department") if values.get(k))

    def _department(self, cells: Cells):
        reasons = cells.reasons
        name = cells.text("department", required=True)
        district_name = cells.text("district")
        if not district_name and not policy.is_hr(self.actor) and name:
            # The admins may leave the district out when the department's name is unique.
            found = self.lookup.department_districts.get(key(name), [])
            if len(found) == 1:
                district_name = found[0].name
        district = self.lookup.district(district_name, "district", self.header("district"), reasons)
        return self.lookup.department(district, name, "department", reasons)

    def _cadre(self, cells: Cells) -> Cadre:
        name = cells.text("name", required=True)
        birth = cells.month("birth_month")
        department = self._department(cells)
        if cells.reasons or department is None:
            raise DomainError(cells.reasons)
        matches = self.lookup.cadres(name, birth, department.id)
        if not matches:
            raise DomainError(
                [
                    Reason(
                        "name",
                        "unknown_cadre",
                        _l(
                            "No registered cadre called %(name)s matches; import the cadres first.",
                            name=name,
                        ),
                    )
                ]
            )
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
        cadre = db.session.get(Cadre, matches[0].id)
        assert cadre is not None
        return cadre

    def _grades(self, extras: dict) -> dict[int, str]:
        grades, reasons = {}, []
        for year, value in sorted(extras.items()):
            text = "" if value is None else str(value).strip()
            if text in EMPTY:
                continue
            grade = GRADES.get(text.lower())
            if grade is None:
                reasons.append(
                    Reason(
                        self.year_headers[year],
                        "invalid_grade",
                        _l(
                            "%(column)s: %(value)s is not a grade (优秀, 称职, 基本称职 or 不称职).",
                            column=self.year_headers[year],
                            value=text[:40],
                        ),
                    )
                )
            else:
                grades[year] = grade
        if reasons:
            raise DomainError(reasons)
        return grades

    def _check_duplicate(self, cadre: Cadre, number: int) -> None:
        if cadre.id in self.seen:
            raise DomainError(
                [
                    Reason(
                        "name",
                        "duplicate_row",
                        _l(
                            "The same cadre is already in row %(row)d of this file.",
                            row=self.seen[cadre.id],
                        ),
                    )
                ]
            )
        self.seen[cadre.id] = number

    def _year(self, cadre: Cadre, year: int, grade: str) -> str:
        postings = imported.served_postings(cadre, year)
        if len(postings) > 1:
            raise DomainError(
                [
                    (
                        None,
                        "two_postings",
                        _l(
                            "The cadre served two postings in %(year)d; record this result "
                            "on the appraisal page of the posting it belongs to.",
                            year=year,
                        ),
                    )
                ]
            )
        if postings:
            return imported.import_posting_year(postings[0], year, grade, self.actor, self.source)
        return imported.import_year_outside_postings(cadre, year, grade, self.actor, self.source)

    def import_row(self, number, cells, extras):
        cadre = self._cadre(cells)
        grades = self._grades(extras)
        self._check_duplicate(cadre, number)
        if not grades:
            return SKIP, str(_l("No grades in this row."))
        done: dict[str, list[str]] = {CREATE: [], UPDATE: [], SKIP: []}
        reasons: list[Reason] = []
        for year, grade in grades.items():
            try:
                action = self._year(cadre, year, grade)
            except DomainError as error:
                header = self.year_headers[year]
                reasons += [Reason(header, r.code, r.message) for r in error.reasons]
                continue
            done[action].append(f"{year}{Grade(grade).form_text}")
        if reasons:
            raise DomainError(reasons)
        return _action(done), _detail(done)


def _action(done: dict[str, list[str]]) -> str:
    if done[UPDATE]:
        return UPDATE
    return CREATE if done[CREATE] else SKIP


def _detail(done: dict[str, list[str]]) -> str:
    parts = []
    if done[CREATE]:
        parts.append(str(_l("new: %(years)s", years="、".join(done[CREATE]))))
    if done[UPDATE]:
        parts.append(str(_l("changed: %(years)s", years="、".join(done[UPDATE]))))
    if done[SKIP]:
        parts.append(str(_l("unchanged: %(years)s", years="、".join(done[SKIP]))))
    return "; ".join(parts)
