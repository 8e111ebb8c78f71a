"""Districts and departments: administrators only (DOMAIN.md's table)."""

import sqlalchemy as sa
from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.extensions import db
from exchange.org import bp
from exchange.org.forms import DepartmentForm, DistrictForm
from exchange.org.models import Department, District, display_ordering
from exchange.org.services import (
    DepartmentData,
    DistrictData,
    create_department,
    create_district,
    department_tree,
    update_department,
    update_district,
)
from exchange.web import nav
from exchange.web.access import acting_user, requires
from exchange.web.actions import act
from exchange.web.loaders import load_or_404

nav.add("org.districts", _l("Districts and departments"), policy.can_manage_org, order=80)
nav.add("org.accounts", _l("Accounts"), policy.can_manage_org, order=85)

admin_only = requires(policy.can_manage_org)


# Districts ---------------------------------------------------------------------------


def district_data(form: DistrictForm) -> DistrictData:
    return DistrictData(
        code=form.code.data or "",
        name=form.name.data or "",
        name_en=form.name_en.data or "",
        province=form.province.data or "",
        display_order=form.display_order.data or 0,
    )


def district_page(form: DistrictForm, district: District | None):
    return lambda status: (
        render_template("org/district_form.html", form=form, district=district),
        status,
    )


@bp.route("/org/districts")
@admin_only
def districts():
    counts = sa.select(Department.district_id, sa.func.count(Department.id)).group_by(
        Department.district_id
    )
    department_counts = dict(db.session.execute(counts).all())
    rows = db.session.scalars(sa.select(District).order_by(*display_ordering(District))).all()
    return render_template(
        "org/districts.html", districts=rows, department_counts=department_counts
    )


@bp.route("/org/districts/new", methods=["GET", "POST"])
@admin_only
def district_new():
    form = DistrictForm()
    return act(
        form,
        lambda: create_district(district_data(form), acting_user()),
        done=_("The district was created."),
        success=url_for("org.districts"),
        failure=district_page(form, None),
    )


@bp.route("/org/districts/<int:district_id>/edit", methods=["GET", "POST"])
@admin_only
def district_edit(district_id: int):
    district = load_or_404(District, district_id)
    form = DistrictForm(obj=district)
    return act(
        form,
        lambda: update_district(district, district_data(form), acting_user()),
        done=_("The district was saved."),
        success=url_for("org.district_detail", district_id=district_id),
        failure=district_page(form, district),
    )


@bp.route("/org/districts/<int:district_id>")
@admin_only
def district_detail(district_id: int):
    district = load_or_404(District, district_id)
    return render_template(
        "org/district_detail.html", district=district, tree=department_tree(district)
    )


# Departments -------------------------------------------------------------------------


def department_form(district: District, department: Department | None) -> DepartmentForm:
    """The form, its parent choices the district's tree without the department itself."""
    form = DepartmentForm(obj=department)
    choices = [SelectChoice("", _("— none (top level) —"))]
    for candidate, depth in department_tree(district):
        if department is None or candidate.id != department.id:
            choices.append(SelectChoice(candidate.id, "\u3000" * depth + candidate.name))
    form.parent_id.choices = choices
    return form


def department_data(form: DepartmentForm) -> DepartmentData:
    return DepartmentData(
        name=form.name.data or "",
        name_en=form.name_en.data or "",
        parent_id=form.parent_id.data,
        display_order=form.display_order.data or 0,
    )


def department_page(form: DepartmentForm, district: District, department: Department | None):
    return lambda status: (
        render_template(
            "org/department_form.html", form=form, district=district, department=department
        ),
        status,
    )


@bp.route("/org/districts/<int:district_id>/departments/new", methods=["GET", "POST"])
@admin_only
def department_new(district_id: int):
    district = load_or_404(District, district_id)
    form = department_form(district, None)
    return act(
        form,
        lambda: create_department(district, department_data(form), acting_user()),
        done=_("The department was created."),
        success=url_for("org.district_detail", district_id=district.id),
        failure=department_page(form, district, None),
    )


@bp.route("/org/departments/<int:department_id>/edit", methods=["GET", "POST"])
@admin_only
def department_edit(department_id: int):
    department = load_or_404(Department, department_id)
    form = department_form(department.district, department)
    return act(
        form,
        lambda: update_department(department, department_data(form), acting_user()),
        done=_("The department was saved."),
        success=url_for("org.district_detail", district_id=department.district_id),
        failure=department_page(form, department.district, department),
    )
