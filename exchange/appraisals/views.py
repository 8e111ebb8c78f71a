"""Appraisal pages: a posting's appraisals, each side's signature, corrections."""

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import policy
from exchange.appraisals import bp, sections, services  # noqa: F401 (sections registers)
from exchange.appraisals import rules as appraisal_rules
from exchange.appraisals.forms import (
    AnnualHostCorrectionForm,
    AnnualHostForm,
    EndOfTermHostCorrectionForm,
    EndOfTermHostForm,
    HomeCorrectionForm,
    HomeForm,
)
from exchange.appraisals.models import Appraisal, AppraisalKind, Grade
from exchange.appraisals.queries import appraisals_of
from exchange.clock import today
from exchange.postings.queries import load_posting
from exchange.web.actions import act
from exchange.web.loaders import load_allowed


def _posting(posting_id: int, allowed=policy.can_view_appraisals):
    return load_allowed(load_posting(posting_id), None, allowed)


def _host_form_cls(kind, correction=False):
    if kind == AppraisalKind.ANNUAL:
        return AnnualHostCorrectionForm if correction else AnnualHostForm
    return EndOfTermHostCorrectionForm if correction else EndOfTermHostForm


def _key(kind, year) -> str:
    return f"{kind}-{year}" if year else str(kind)


def _forms_for(posting, appraisal, kind, year, given: dict) -> dict:
    """The forms ``current_user`` may use on one appraisal (or its empty slot)."""
    key = _key(kind, year)
    forms = {}
    version = appraisal.version if appraisal else None
    may_host = policy.can_write_host_appraisal(current_user, posting)
    may_home = policy.can_write_home_appraisal(current_user, posting)
    if appraisal is None or not appraisal.is_locked:
        if may_host:
            forms["host"] = _host_form_cls(kind)(
                formdata=None, obj=appraisal, version=version, prefix=f"host-{key}"
            )
            if appraisal is not None:
                forms["host"].grade.data = appraisal.proposed_grade
        if may_home and appraisal is not None:
            forms["home"] = HomeForm(formdata=None, version=version, prefix=f"home-{key}")
    else:
        if may_host:
            form = _host_form_cls(kind, correction=True)(
                formdata=None, obj=appraisal, version=version, prefix=f"fixhost-{key}"
            )
            form.grade.data = appraisal.proposed_grade
            forms["fix_host"] = form
        if may_home:
            forms["fix_home"] = HomeCorrectionForm(
                formdata=None,
                version=version,
                opinion=appraisal.home_opinion,
                final_grade=appraisal.final_grade,
                prefix=f"fixhome-{key}",
            )
    forms.update(given.get(key, {}))
    host_decides = kind == AppraisalKind.END_OF_TERM or appraisal_rules.host_decides_annual_grade(
        posting.programme
    )
    for name in ("home", "fix_home"):
        if host_decides and name in forms and "final_grade" in forms[name]:
            del forms[name]["final_grade"]
    return forms


def render_page(posting, status: int = 200, given: dict | None = None):
    given = given or {}
    data = appraisals_of(posting, today())
    own = policy.is_cadre(current_user)
    slots: list[tuple[AppraisalKind, int | None, Appraisal | None]] = []
    eot = data.end_of_term
    if not (own and (eot is None or not eot.is_locked)):
        slots.append((AppraisalKind.END_OF_TERM, None, eot))
    for year, appraisal in sorted(data.annual.items(), reverse=True):
        if own and (appraisal is None or not appraisal.is_locked):
            continue
        slots.append((AppraisalKind.ANNUAL, year, appraisal))
    return (
        render_template(
            "appraisals/page.html",
            posting=posting,
            window=data.window,
            today=today(),
            slots=[
                (kind, year, appraisal, _forms_for(posting, appraisal, kind, year, given))
                for kind, year, appraisal in slots
            ],
            host_decides=appraisal_rules.host_decides_annual_grade(posting.programme),
            deciding_source=appraisal_rules.deciding_source(posting.programme),
        ),
        status,
    )


@bp.route("/postings/<int:posting_id>/appraisals")
@login_required
def page(posting_id: int):
    return render_page(_posting(posting_id))


def _host_part(form) -> services.HostPart:
    """The host part from whichever form (annual or 鉴定) was posted."""

    def text(name: str) -> str:
        field = getattr(form, name, None)
        return (field.data or "") if field is not None else ""

    return services.HostPart(
        grade=form.grade.data or None,
        work_record=text("work_record"),
        performance=text("performance"),
        achievements=text("achievements"),
        shortcomings=text("shortcomings"),
        expectations=text("expectations"),
    )


def _home_part(form) -> services.HomePart:
    return services.HomePart(opinion=form.opinion.data or "", final_grade=form.final_grade.data)


def _back(posting_id: int) -> str:
    return url_for("appraisals.page", posting_id=posting_id)


def _host_sign(posting_id: int, kind: AppraisalKind, year: int | None):
    posting = _posting(posting_id, policy.can_write_host_appraisal)
    key = _key(kind, year)
    form = _host_form_cls(kind)(prefix=f"host-{key}")
    return act(
        form,
        lambda: services.sign_host_part(
            posting, kind, year, _host_part(form), current_user, form.opened_version()
        ),
        done=_l("The host side's part was signed."),
        success=_back(posting_id),
        failure=lambda status: render_page(posting, status, {key: {"host": form}}),
    )


@bp.post("/postings/<int:posting_id>/appraisals/end-of-term")
@login_required
def sign_end_of_term(posting_id: int):
    return _host_sign(posting_id, AppraisalKind.END_OF_TERM, None)


@bp.post("/postings/<int:posting_id>/appraisals/<int:year>")
@login_required
def sign_annual(posting_id: int, year: int):
    return _host_sign(posting_id, AppraisalKind.ANNUAL, year)


def _appraisal(appraisal_id: int, allowed):
    appraisal = load_allowed(Appraisal, appraisal_id, lambda user, a: allowed(user, a.posting))
    return appraisal, _key(appraisal.kind, appraisal.year)


@bp.post("/appraisals/<int:appraisal_id>/home")
@login_required
def sign_home(appraisal_id: int):
    appraisal, key = _appraisal(appraisal_id, policy.can_write_home_appraisal)
    form = HomeForm(prefix=f"home-{key}")
    return act(
        form,
        lambda: services.sign_home_part(
            appraisal, _home_part(form), current_user, form.opened_version()
        ),
        done=_l("Signed by both sides: the appraisal is locked."),
        success=_back(appraisal.posting_id),
        failure=lambda status: render_page(appraisal.posting, status, {key: {"home": form}}),
    )


@bp.post("/appraisals/<int:appraisal_id>/correct/host")
@login_required
def correct_host(appraisal_id: int):
    appraisal, key = _appraisal(appraisal_id, policy.can_write_host_appraisal)
    form = _host_form_cls(appraisal.kind, correction=True)(prefix=f"fixhost-{key}")
    return act(
        form,
        lambda: services.correct(
            appraisal, _host_part(form), None, form.reason.data, current_user, form.opened_version()
        ),
        done=_l("Corrected; the earlier version is kept."),
        success=_back(appraisal.posting_id),
        failure=lambda status: render_page(appraisal.posting, status, {key: {"fix_host": form}}),
    )


@bp.post("/appraisals/<int:appraisal_id>/correct/home")
@login_required
def correct_home(appraisal_id: int):
    appraisal, key = _appraisal(appraisal_id, policy.can_write_home_appraisal)
    form = HomeCorrectionForm(prefix=f"fixhome-{key}")
    return act(
        form,
        lambda: services.correct(
            appraisal, None, _home_part(form), form.reason.data, current_user, form.opened_version()
        ),
        done=_l("Corrected; the earlier version is kept."),
        success=_back(appraisal.posting_id),
        failure=lambda status: render_page(appraisal.posting, status, {key: {"fix_home": form}}),
    )


@bp.app_template_filter("grade")
def grade_label(value) -> str:
    """A grade's label in the user's language ("—" when there is none)."""
    grade = Grade.coerce(value)
    return grade.label if grade else "—"
