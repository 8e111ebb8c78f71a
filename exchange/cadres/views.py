"""Cadre pages: the list, registering and editing, and a cadre's postings and résumé."""

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from exchange import policy
from exchange.cadres import bp, services
from exchange.cadres.forms import CadreForm, ContactForm
from exchange.cadres.models import Cadre, PoliticalStatus
from exchange.cadres.search import cadre_search
from exchange.clock import today
from exchange.db import written
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.postings.queries import postings_of_cadre
from exchange.postings.resume import career_days_seconded
from exchange.web import nav
from exchange.web.access import requires
from exchange.web.actions import act
from exchange.web.loaders import load_allowed
from exchange.web.paging import Keyset, keyset_page, list_page_size, read_cursor, wants_exact_count

nav.add("cadres.index", _l("Cadres"), policy.can_list_cadres, order=15)


def get_cadre(cadre_id: int) -> Cadre:
    """The cadre, 404 when missing, 403 when the user may not see them."""
    stmt = (
        sa.select(Cadre)
        .where(Cadre.id == cadre_id)
        .options(
            joinedload(Cadre.home_department).joinedload(Department.district),
            selectinload(Cadre.postings),
        )
    )
    return load_allowed(stmt, allowed=policy.can_view_cadre)


#: How many cadres, in the list's order from its page on, an HR officer's list looks
#: through first for its page.
FIRST_LOOK = 5_000


def _cadre_list_stmt(scope=None):
    stmt = (
        sa.select(Cadre)
        .join(Cadre.home_department)
        .options(joinedload(Cadre.home_department).joinedload(Department.district))
        .where(policy.cadre_scope(current_user) if scope is None else scope)
    )
    query = request.args.get("q", "").strip()
    if query:
        # The roster's search: name, pinyin or initials (a typed "%" or "_" is a character).
        stmt = stmt.where(cadre_search(query))
    return stmt


# By name (pinyin), as a roster of names is read; the district is a column. An order that
# began with the district spanned two tables, and no index served it (90 ms a page at
# 50,000 cadres, growing with them); ix_cadre_name_pinyin serves this one.
CADRE_ORDER = Keyset((Cadre.name_pinyin, Cadre.id), ("str", "int"))


@bp.route("/cadres")
@requires(policy.can_list_cadres)
def index():
    problems: list = []
    cursor = read_cursor("cursor", CADRE_ORDER, problems)
    first_try = counted = None
    if policy.is_hr(current_user):
        # The district's cadres among the next FIRST_LOOK cadres by name, each tested
        # (``policy.cadre_scope_in_list_order``); the district's own by their indexes when
        # they do not fill the page (``keyset_page``). Counted the same way, up to its cap.
        in_order = policy.cadre_scope_in_list_order(current_user)
        counted = _cadre_list_stmt(in_order)
        last = sa.select(Cadre.name_pinyin).order_by(*CADRE_ORDER.order())
        if cursor and not cursor.before:
            last = last.where(CADRE_ORDER.after(cursor.values, False))
        last = last.offset(written(FIRST_LOOK - 1)).limit(written(1)).scalar_subquery()
        first_try = counted.where(Cadre.name_pinyin <= sa.func.coalesce(last, Cadre.name_pinyin))
    page = keyset_page(
        db.session,
        _cadre_list_stmt(),
        CADRE_ORDER,
        cursor,
        page_size=list_page_size(),
        exact_count=wants_exact_count(),
        fixed_join_order=False,  # cadres and their departments: nothing to plan
        counted=counted,
        first_try=first_try,
    )
    q = request.args.get("q", "")
    return render_template(
        "cadres/index.html",
        page=page,
        q=q,
        args={"q": q.strip()} if q.strip() else {},
        problems=problems,
    ), (400 if problems else 200)


def _department_choices():
    stmt = sa.select(Department).join(District).options(joinedload(Department.district))
    if policy.is_hr(current_user):
        stmt = stmt.where(Department.district_id == current_user.district_id)
    return [
        SelectChoice(dept.id, dept.name, optgroup=dept.district.name)
        for dept in db.session.scalars(stmt.order_by(District.id, Department.name))
    ]


def _data(form) -> services.CadreData:
    return services.CadreData(
        name=form.name.data,
        home_department_id=form.home_department_id.data,
        home_position=form.home_position.data,
        gender=form.gender.data or None,
        birth_month=form.birth_month.data,
        rank=form.rank.data or "",
        ethnicity=form.ethnicity.data or "",
        native_place=form.native_place.data or "",
        political_status=form.political_status.data or None,
        party_joined_month=form.party_joined_month.data,
        work_started_month=form.work_started_month.data,
        education=form.education.data or "",
        degree=form.degree.data or "",
        home_position_month=form.home_position_month.data,
        phone=form.phone.data or "",
        email=form.email.data or "",
        notes=form.notes.data or "",
    )


def _page(form, cadre: Cadre | None = None):
    return lambda status: (render_template("cadres/form.html", form=form, cadre=cadre), status)


def _saved(cadre: Cadre) -> str:
    return url_for("cadres.detail", cadre_id=cadre.id)


@bp.route("/cadres/new", methods=["GET", "POST"])
@requires(policy.can_create_cadre)
def create():
    form = CadreForm()
    form.home_department_id.choices = _department_choices()
    return act(
        form,
        lambda: services.create_cadre(_data(form), current_user),
        done=_l("Saved."),
        success=_saved,
        failure=_page(form),
    )


def _edit_form(cadre: Cadre):
    """HR edits the whole record, the official only their own contact details: the form
    and the service call that saves it."""
    if policy.can_edit_cadre(current_user, cadre):
        full = CadreForm.of(cadre)
        full.home_department_id.choices = _department_choices()
        return full, lambda: services.update_cadre(
            cadre, _data(full), current_user, full.opened_version()
        )
    policy.require(policy.can_edit_own_contact(current_user, cadre))
    contact = ContactForm.of(cadre)
    return contact, lambda: services.update_contact(
        cadre, contact.phone.data, contact.email.data, current_user, contact.opened_version()
    )


@bp.route("/cadres/<int:cadre_id>/edit", methods=["GET", "POST"])
@login_required
def edit(cadre_id: int):
    cadre = get_cadre(cadre_id)
    form, save = _edit_form(cadre)
    return act(form, save, done=_l("Saved."), success=_saved, failure=_page(form, cadre))


@bp.route("/cadres/<int:cadre_id>")
@login_required
def detail(cadre_id: int):
    cadre = get_cadre(cadre_id)
    postings = (
        db.session.scalars(postings_of_cadre(cadre.id).where(policy.posting_scope(current_user)))
        .unique()
        .all()
    )
    return render_template(
        "cadres/detail.html",
        cadre=cadre,
        postings=postings,
        career_days=career_days_seconded(postings, today()),
    )


@bp.app_template_filter("political_status")
def political_status_label(value) -> str:
    status = PoliticalStatus.coerce(value)
    return status.label if status else "—"
