"""Reading postings, with their extensions, term-change requests and appraisals."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from exchange import policy
from exchange.api import bp
from exchange.api import schemas as s
from exchange.api.common import allow, load, shown, user
from exchange.api.paging import page_of
from exchange.api.views_term_changes import term_change_out
from exchange.appraisals.models import Appraisal
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.postings.queries import load_posting, visible_postings
from exchange.postings.services import allowed_actions

PostingPage = s.page_of(s.PostingSchema, "PostingPage")
COLUMNS = [name for name in s.PostingSchema._declared_fields if name != "actions"]


def api_action(action: str) -> str:
    """The pages' action name as the API's URLs spell it (``end_early`` → ``end-early``)."""
    return action.replace("_", "-")


def posting_out(posting: Posting) -> dict:
    data = {name: getattr(posting, name) for name in COLUMNS}
    data["actions"] = sorted(api_action(a) for a in allowed_actions(user(), posting))
    return data


def posting_detail(posting: Posting) -> dict:
    data = posting_out(posting)
    data["extensions"] = list(posting.extensions)
    appraisals = db.session.scalars(
        sa.select(Appraisal).where(Appraisal.posting_id == posting.id).order_by(Appraisal.id)
    )
    data["appraisals"] = [a for a in appraisals if policy.can_view_appraisal(user(), a)]
    changes = posting.term_changes if policy.can_view_term_changes(user(), posting) else []
    data["term_changes"] = [term_change_out(c) for c in changes]
    shown(posting)
    return data


@bp.get("/postings")
@bp.arguments(s.PostingArgs, location="query")
@bp.response(200, PostingPage)
def postings(args):
    """The postings the user may see (the postings page's scope), by id."""
    allow(policy.can_list_postings)
    where = [Posting.status == args["status"]] if args.get("status") else []
    # the actions depend on the open term changes (one at a time)
    stmt = (
        visible_postings(user(), *where).order_by(None).options(selectinload(Posting.term_changes))
    )
    page = page_of(stmt, Posting.id, args)
    page["items"] = [posting_out(p) for p in page["items"]]
    return page


@bp.get("/postings/<int(max=2147483647):posting_id>")
@bp.response(200, s.PostingDetailSchema)
def posting(posting_id: int):
    return posting_detail(load(load_posting(posting_id), None, policy.can_view_posting))
