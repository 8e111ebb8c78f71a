"""Districts, departments and accounts: administrators only (DOMAIN.md's table)."""

from functools import wraps

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.auth.models import User
from exchange.errors_domain import DomainError, refuse
from exchange.extensions import db
from exchange.org import bp
from exchange.org.forms import DepartmentForm, DistrictForm
from exchange.org.models import Department, District
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

nav.add("org.districts", _l("Districts and departments"), policy.can_manage_org, order=80)
nav.add("org.accounts", _l("Accounts"), policy.can_manage_org, order=85)


def admin_required(view):
    """Logged in (else the login page) and an administrator (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        policy.require(policy.can_manage_org(current_user))
        return view(*args, **kwargs)

    return wrapped


def acting_user() -> User:
    return current_user._get_current_object()


def save(form, action, template: str, success: str, target: str, **context):
    """Run ``action`` (a service call); commit and redirect, or re-show the form with reasons."""
    try:
        action()
    except DomainError as error:
        status = refuse(error, form)
        return render_template(template, form=form, **context), status
    db.session.commit()
    flash(success, "success")
    return redirect(target)


# Districts ---------------------------------------------------------------------------


def district_data(form: DistrictForm) -> DistrictData:
    return DistrictData(
        code=form.code.data or "",
        name=form.name.data or "",
        name_en=form.name_en.data or "",
        province=form.province.data or "",
    )


@bp.route("/org/districts")
@admin_required
def districts():
    counts = sa.select(Department.district_id, sa.func.count(Department.id)).group_by(
        Department.district_id
    )
    department_counts = dict(db.session.execute(counts).all())
    rows = db.session.scalars(sa.select(District).order_by(District.code)).all()
    return render_template(
        "org/districts.html", districts=rows, department_counts=department_counts
    )


@bp.route("/org/districts/new", methods=["GET", "POST"])
@admin_required
def district_new():
    form = DistrictForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("org/district_form.html", form=form, district=None), 400
        return save(
            form,
            lambda: create_district(district_data(form), acting_user()),
            "org/district_form.html",
            _("The district was created."),
            url_for("org.districts"),
            district=None,
        )
    return render_template("org/district_form.html", form=form, district=None)


@bp.route("/org/districts/<int:district_id>/edit", methods=["GET", "POST"])
@admin_required
def district_edit(district_id: int):
    district = db.get_or_404(District, district_id)
    form = DistrictForm(obj=district)
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("org/district_form.html", form=form, district=district), 400
        return save(
            form,
            lambda: update_district(district, district_data(form), acting_user()),
            "org/district_form.html",
            _("The district was saved."),
            url_for("org.district_detail", district_id=district_id),
            district=district,
        )
    return render_template("org/district_form.html", form=form, district=district)


@bp.route("/org/districts/<int:district_id>")
@admin_required
def district_detail(district_id: int):
    district = db.get_or_404(District, district_id)
    return render_template(
        "org/district_detail.html", district=district, tree=department_tree(district)
    )


# Departments -------------------------------------------------------------------------


def parent_choices(district: District, department: Department | None) -> list:
    choices = [SelectChoice("", _("— none (top level) —"))]
    for candidate, depth in department_tree(district):
        if department is not None and candidate.id == department.id:
            continue
        choices.append(SelectChoice(candidate.id, "\u3000" * depth + candidate.name))
    return choices


def department_data(form: DepartmentForm) -> DepartmentData:
    return DepartmentData(
        name=form.name.data or "", name_en=form.name_en.data or "", parent_id=form.parent_id.data
    )


@bp.route("/org/districts/<int:district_id>/departments/new", methods=["GET", "POST"])
@admin_required
def department_new(district_id: int):
    district = db.get_or_404(District, district_id)
    form = DepartmentForm()
    form.parent_id.choices = parent_choices(district, None)
    context = {"district": district, "department": None}
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("org/department_form.html", form=form, **context), 400
        return save(
            form,
            lambda: create_department(district, department_data(form), acting_user()),
            "org/department_form.html",
            _("The department was created."),
            url_for("org.district_detail", district_id=district.id),
            **context,
        )
    return render_template("org/department_form.html", form=form, **context)


@bp.route("/org/departments/<int:department_id>/edit", methods=["GET", "POST"])
@admin_required
def department_edit(department_id: int):
    department = db.get_or_404(Department, department_id)
    district = department.district
    form = DepartmentForm(obj=department)
    form.parent_id.choices = parent_choices(district, department)
    context = {"district": district, "department": department}
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("org/department_form.html", form=form, **context), 400
        return save(
            form,
            lambda: update_department(department, department_data(form), acting_user()),
            "org/department_form.html",
            _("The department was saved."),
            url_for("org.district_detail", district_id=district.id),
            **context,
        )
    return render_template("org/department_form.html", form=form, **context)


def get_account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


from exchange.org import account_views  # noqa: E402, F401
