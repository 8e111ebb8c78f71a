"""Answering a term change (延期, 提前结束, 召回): agree, decline, or withdraw one's own."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import policy
from exchange.postings import bp, term_changes
from exchange.postings.forms import ActionForm, ConsentForm, ReasonForm
from exchange.postings.models import TermChangeRequest
from exchange.postings.page import page_url, reshow
from exchange.web.actions import act
from exchange.web.loaders import load_or_404


def _change(posting_id: int, change_id: int, allowed) -> TermChangeRequest:
    """The request of that posting: 404 when missing (or of another posting), 403 unless
    ``allowed``; a request no longer waiting is refused by the service (400), not hidden."""
    change: TermChangeRequest = load_or_404(
        sa.select(TermChangeRequest).where(
            TermChangeRequest.id == change_id, TermChangeRequest.posting_id == posting_id
        )
    )
    policy.require(policy.can_view_term_changes(current_user, change.posting))
    if change.is_pending:
        policy.require(allowed(current_user, change))
    return change


@bp.post("/postings/<int:posting_id>/term-changes/<int:change_id>/agree")
@login_required
def agree_term_change(posting_id: int, change_id: int):
    change = _change(posting_id, change_id, policy.can_consent_term_change)
    form = ConsentForm(prefix="agree")
    return act(
        form,
        lambda: term_changes.agree_term_change(
            change, current_user, form.note.data, form.opened_version()
        ),
        done=_l("Agreed; the change takes effect as agreed."),
        success=page_url(posting_id),
        failure=reshow(posting_id, "term_agree", form),
    )


@bp.post("/postings/<int:posting_id>/term-changes/<int:change_id>/decline")
@login_required
def decline_term_change(posting_id: int, change_id: int):
    change = _change(posting_id, change_id, policy.can_consent_term_change)
    form = ReasonForm(prefix="refuse")
    return act(
        form,
        lambda: term_changes.decline_term_change(
            change, current_user, form.reason.data, form.opened_version()
        ),
        done=_l("Declined; the posting stays as it was."),
        success=page_url(posting_id),
        failure=reshow(posting_id, "term_decline", form),
    )


@bp.post("/postings/<int:posting_id>/term-changes/<int:change_id>/withdraw")
@login_required
def withdraw_term_change(posting_id: int, change_id: int):
    change = _change(posting_id, change_id, policy.can_withdraw_term_change)
    form = ActionForm(prefix="withdraw")
    return act(
        form,
        lambda: term_changes.withdraw_term_change(change, current_user, form.opened_version()),
        done=_l("The request was withdrawn."),
        success=page_url(posting_id),
        failure=reshow(posting_id, "term_withdraw", form),
    )
