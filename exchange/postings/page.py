"""The posting page: its forms, how it is shown again with a refused form, and where an
action returns. The view modules (``views``, ``term_views``) share it."""

from flask import flash, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange import policy
from exchange.clock import today
from exchange.dates import day_text
from exchange.postings import services
from exchange.postings.forms import (
    ActionForm,
    ConsentForm,
    EndEarlyForm,
    ExtendForm,
    ReasonForm,
)
from exchange.postings.models import Posting
from exchange.postings.queries import load_posting
from exchange.postings.rules import rules_checked
from exchange.web.loaders import load_allowed


def load(posting_id: int, allowed=policy.can_view_posting) -> Posting:
    """The posting with what its page shows: 404 when missing, 403 unless ``allowed``."""
    return load_allowed(load_posting(posting_id), allowed=allowed)


class _Forms(dict):
    """The page's forms, each made when the page first shows it: a page shows only the
    actions its reader may take, and making all ten took a tenth of the page."""

    def __init__(self, makers: dict, given: dict):
        super().__init__(given)
        self._makers = makers

    def __missing__(self, name: str):
        form = self[name] = self._makers[name]()
        return form


def forms_of(posting: Posting, **given) -> dict:
    opened = {"formdata": None, "version": posting.version}
    makers = {
        "accept": lambda: ActionForm(prefix="accept", **opened),
        "start": lambda: ActionForm(prefix="start", **opened),
        "decline": lambda: ReasonForm(prefix="decline", **opened),
        "cancel": lambda: ReasonForm(prefix="cancel", **opened),
        "delete": lambda: ReasonForm(prefix="delete", **opened),
        "extend": lambda: ExtendForm(prefix="extend", **opened),
        "end_early": lambda: EndEarlyForm(prefix="end", end_date=today(), **opened),
    }
    waiting = next((c for c in posting.term_changes if c.is_pending), None)
    if waiting is not None:
        asked = {"formdata": None, "version": waiting.version}
        makers["term_agree"] = lambda: ConsentForm(prefix="agree", **asked)
        makers["term_decline"] = lambda: ReasonForm(prefix="refuse", **asked)
        makers["term_withdraw"] = lambda: ActionForm(prefix="withdraw", **asked)
    return _Forms(makers, given)


def render_detail(posting: Posting, status: int = 200, **given):
    return (
        render_template(
            "postings/detail.html",
            posting=posting,
            forms=forms_of(posting, **given),
            # A refused form stays on the page with its message and what was typed.
            actions=services.allowed_actions(current_user, posting) | set(given),
            checked=rules_checked(posting),
            waiting=next((c for c in posting.term_changes if c.is_pending), None),
        ),
        status,
    )


def page_url(posting_id: int) -> str:
    return url_for("postings.detail", posting_id=posting_id)


def reshow(posting_id: int, name: str, form):
    """An action's failure: the posting page again (reloaded), with the refused form."""
    return lambda status: render_detail(load(posting_id), status, **{name: form})


def asked(change) -> str:
    """After a term change was asked: say whether it waits for the other side."""
    if change.is_pending:
        flash(_l("The request was sent; it takes effect when the other side agrees."), "success")
    elif change.applied_at is None:
        flash(
            _l("Agreed: the posting ends on %(date)s.", date=day_text(change.new_end_date)),
            "success",
        )
    else:
        flash(_l("The change was made."), "success")
    return page_url(change.posting_id)
