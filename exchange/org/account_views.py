"""Account management views: list with filters, create, edit, reset a password."""

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.auth.models import Role, User
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.org import bp
from exchange.org.accounts import (
    AccountData,
    NewAccount,
    account_list,
    cadres_without_account,
    create_account,
    reset_password,
    update_account,
)
from exchange.org.forms import (
    AccountFilterForm,
    EditAccountForm,
    NewAccountForm,
    ResetPasswordForm,
    role_choices,
)
from exchange.org.models import Department, District
from exchange.web.access import acting_user, requires
from exchange.web.actions import act
from exchange.web.loaders import load_or_404

PER_PAGE = 100

admin_only = requires(policy.can_manage_org)


def district_choices(blank) -> list:
    districts = db.session.scalars(sa.select(District).order_by(District.code)).all()
    return [SelectChoice("", blank)] + [SelectChoice(d.id, d.name) for d in districts]


def cadre_choices(keep_id=None) -> list:
    query = cadres_without_account(keep_id).options(
        joinedload(Cadre.home_department).joinedload(Department.district)
    )
    cadres = db.session.scalars(query).all()
    return [SelectChoice("", _("— none —"))] + [
        SelectChoice(
            c.id, f"{c.name} · {c.home_department.district.name} · {c.home_department.name}"
        )
        for c in cadres
    ]


def fill_choices(form, keep_cadre_id=None) -> None:
    form.role.choices = role_choices()
    form.district_id.choices = district_choices(_("— none —"))
    form.cadre_id.choices = cadre_choices(keep_cadre_id)


def account_data(form) -> dict:
    return {
        "display_name": form.display_name.data or "",
        "email": form.email.data or None,
        "role": form.role.data or "",
        "district_id": form.district_id.data,
        "cadre_id": form.cadre_id.data,
    }


@bp.route("/org/accounts")
@admin_only
def accounts():
    filters = AccountFilterForm(request.args)
    filters.role.choices = [SelectChoice("", _("All")), *role_choices()]
    filters.district_id.choices = district_choices(_("All"))
    role = filters.role.data if filters.role.data in set(Role) else None
    district_id = filters.district_id.data if (filters.district_id.data or 0) > 0 else None
    active = {"1": True, "0": False}.get(filters.active.data or "")
    query = account_list(role=role, district_id=district_id, active=active)
    users = db.session.scalars(query.limit(PER_PAGE + 1)).unique().all()
    return render_template(
        "org/accounts.html",
        users=users[:PER_PAGE],
        more=len(users) > PER_PAGE,
        filters=filters,
    )


def account_page(form, account: User | None, template="org/account_form.html"):
    return lambda status: (render_template(template, form=form, account=account), status)


@bp.route("/org/accounts/new", methods=["GET", "POST"])
@admin_only
def account_new():
    form = NewAccountForm()
    fill_choices(form)
    return act(
        form,
        lambda: create_account(
            NewAccount(
                **account_data(form),
                username=form.username.data or "",
                password=form.password.data or "",
            ),
            acting_user(),
        ),
        done=_("The account was created."),
        success=url_for("org.accounts"),
        failure=account_page(form, None),
    )


@bp.route("/org/accounts/<int:user_id>/edit", methods=["GET", "POST"])
@admin_only
def account_edit(user_id: int):
    account = load_or_404(User, user_id)
    form = EditAccountForm(obj=account)
    fill_choices(form, account.cadre_id)

    def save():
        me = acting_user()
        update_account(
            account, AccountData(**account_data(form), active=bool(form.active.data)), me
        )
        if account.id == me.id and account.active:
            login_user(account)  # an admin editing themselves stays logged in

    return act(
        form,
        save,
        done=_("The account was saved."),
        success=url_for("org.accounts"),
        failure=account_page(form, account),
    )


@bp.route("/org/accounts/<int:user_id>/password", methods=["GET", "POST"])
@admin_only
def account_password(user_id: int):
    account = load_or_404(User, user_id)
    form = ResetPasswordForm()

    def reset():
        me = acting_user()
        reset_password(account, form.password.data, me)
        if account.id == me.id:
            login_user(account)  # this session continues; every other one ends

    return act(
        form,
        reset,
        done=_("The password was set. Every session of this account has ended."),
        success=url_for("org.accounts"),
        failure=account_page(form, account, "org/account_password.html"),
    )
