from flask import abort, render_template
from flask_login import current_user, login_required

from exchange import policy
from exchange.extensions import db
from exchange.postings import bp
from exchange.postings.models import Posting
from exchange.postings.queries import load_posting


def get_posting(posting_id: int) -> Posting:
    """The posting, or 404 when it does not exist and 403 when the user may not see it."""
    posting = db.session.scalars(load_posting(posting_id)).unique().one_or_none()
    if posting is None:
        abort(404)
    policy.require(policy.can_view_posting(current_user, posting))
    return posting


@bp.route("/postings/<int:posting_id>")
@login_required
def detail(posting_id: int):
    posting = get_posting(posting_id)
    return render_template("postings/detail.html", posting=posting)
