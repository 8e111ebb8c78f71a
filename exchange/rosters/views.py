from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from exchange import nav, policy
from exchange.extensions import db
from exchange.postings.queries import visible_postings
from exchange.rosters import bp

nav.add("rosters.roster", _l("Roster"), policy.can_view_roster, order=30)


@bp.route("/roster")
@login_required
def roster():
    policy.require(policy.can_view_roster(current_user))
    postings = db.session.scalars(visible_postings(current_user)).unique().all()
    return render_template("rosters/roster.html", postings=postings)
