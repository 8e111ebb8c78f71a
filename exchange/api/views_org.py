"""Reading the organisation: districts, departments, cadres, programmes."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from exchange import policy
from exchange.api import bp
from exchange.api import schemas as s
from exchange.api.common import allow, load, shown, user
from exchange.api.paging import page_of
from exchange.cadres.models import Cadre
from exchange.org.models import Department, District
from exchange.programmes.models import Programme

DistrictPage = s.page_of(s.DistrictSchema, "DistrictPage")
DepartmentPage = s.page_of(s.DepartmentSchema, "DepartmentPage")
CadrePage = s.page_of(s.CadreSchema, "CadrePage")
ProgrammePage = s.page_of(s.ProgrammeSchema, "ProgrammePage")


@bp.get("/districts")
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, DistrictPage)
def districts(args):
    """The districts (every account reads them: they name the sides of a posting)."""
    allow(policy.can_read_org_names)
    return page_of(sa.select(District), District.id, args)


@bp.get("/districts/<int(max=2147483647):district_id>")
@bp.response(200, s.DistrictSchema)
def district(district_id: int):
    allow(policy.can_read_org_names)
    return load(District, district_id)


@bp.get("/departments")
@bp.arguments(s.DepartmentArgs, location="query")
@bp.response(200, DepartmentPage)
def departments(args):
    """The departments, of one district when ``district`` is given."""
    allow(policy.can_read_org_names)
    stmt = sa.select(Department)
    if args.get("district"):
        stmt = stmt.where(Department.district_id == args["district"])
    return page_of(stmt, Department.id, args)


@bp.get("/departments/<int(max=2147483647):department_id>")
@bp.response(200, s.DepartmentSchema)
def department(department_id: int):
    allow(policy.can_read_org_names)
    return load(Department, department_id)


@bp.get("/cadres")
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, CadrePage)
def cadres(args):
    """The cadres the user may see (the cadre list's scope)."""
    allow(policy.can_list_cadres)
    return page_of(sa.select(Cadre).where(policy.cadre_scope(user())), Cadre.id, args)


@bp.get("/cadres/<int(max=2147483647):cadre_id>")
@bp.response(200, s.CadreSchema)
def cadre(cadre_id: int):
    return shown(load(Cadre, cadre_id, policy.can_view_cadre))


def _programmes():
    return sa.select(Programme).options(
        selectinload(Programme.districts),
        selectinload(Programme.quotas),
        selectinload(Programme.term_rules),
        selectinload(Programme.change_requests),
    )


@bp.get("/programmes")
@bp.arguments(s.PageArgs, location="query")
@bp.response(200, ProgrammePage)
def programmes(args):
    """Exchange programmes with their member districts, quotas and term rules."""
    allow(policy.can_view_programmes)
    return page_of(_programmes(), Programme.id, args)


@bp.get("/programmes/<int(max=2147483647):programme_id>")
@bp.response(200, s.ProgrammeSchema)
def programme(programme_id: int):
    allow(policy.can_view_programmes)
    return shown(load(_programmes().where(Programme.id == programme_id)))
