"""Talk pages: talks due and late, recording a talk, one talk."""

import sqlalchemy as sa
from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from exchange import clock, policy
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.talks import bp, services
from exchange.talks.forms import CadenceForm, TalkForm
from exchange.talks.models import Talk, TalkRule
from exchange.talks.queries import oldest_outstanding, outstanding_count
from exchange.talks.rules import Cadence, set_cadence
from exchange.web import nav
from exchange.web.access import requires
from exchange.web.actions import act
from exchange.web.loaders import load_allowed
from exchange.web.paging import Keyset, keyset_page, list_page_size, read_cursor, wants_exact_count
from exchange.web.params import parse_int

# Newest first, paged by keyset: with an index on (talk_date, id) a page reads only its rows.
#: The oldest periods due listed on the page (a region's administrator may see thousands).
DUE_SHOWN = 50
TALK_ORDER = Keyset((Talk.talk_date, Talk.id), ("date", "int"), descending=True)

nav.add("talks.index", _l("Talks"), policy.can_list_talks, order=32)


@bp.route("/talks")
@requires(policy.can_list_talks)
def index():
    talks = (
        sa.select(Talk)
        .join(Posting, Talk.posting_id == Posting.id)
        .where(policy.talk_scope(current_user, Talk, Posting))
        .options(joinedload(Talk.posting).joinedload(Posting.cadre))
    )
    problems: list = []
    page = keyset_page(
        db.session,
        talks,
        TALK_ORDER,
        read_cursor("cursor", TALK_ORDER, problems),
        page_size=list_page_size(),
        exact_count=wants_exact_count(),
    )
    return render_template(
        "talks/index.html",
        due=oldest_outstanding(current_user, DUE_SHOWN)[:DUE_SHOWN],
        due_total=outstanding_count(current_user),
        page=page,
        problems=problems,
    ), (400 if problems else 200)


@bp.route("/postings/<int:posting_id>/talks/new", methods=["GET", "POST"])
@login_required
def new(posting_id: int):
    posting = load_allowed(Posting, posting_id, policy.can_record_talk)
    form = TalkForm()
    if not form.is_submitted():
        form.talk_date.data = min(clock.today(), posting.end_date)

    def render(status):
        return render_template("talks/form.html", form=form, posting=posting), status

    if not form.is_submitted():
        return render(200)
    data = services.TalkData(
        talk_date=form.talk_date.data,
        mode=form.mode.data,
        participants=form.participants.data or "",
        topics=form.topics.data or "",
        issues=form.issues.data or "",
        follow_up=form.follow_up.data or "",
        shared=form.shared.data,
        side=form.side.data,
    )
    return act(
        form,
        lambda: services.record_talk(posting, current_user, data),
        done=_l("The talk was recorded."),
        success=lambda talk: url_for("talks.detail", talk_id=talk.id),
        failure=render,
    )


@bp.route("/talks/<int:talk_id>")
@login_required
def detail(talk_id: int):
    talk = load_allowed(Talk, talk_id, policy.can_view_talk)
    return render_template(
        "talks/detail.html", talk=talk, notes=policy.can_read_talk_notes(current_user, talk)
    )


@bp.route("/programmes/<int:programme_id>/talk-cadence", methods=["GET", "POST"])
@login_required
def cadence(programme_id: int):
    """The coordinating 组织部 sets how often each side must talk with its officials."""
    programme = load_allowed(Programme, programme_id, policy.can_manage_daily_rules)
    form = CadenceForm()
    if not form.is_submitted():
        for rule in db.session.scalars(
            sa.select(TalkRule).where(TalkRule.programme_id == programme.id)
        ):
            getattr(form, f"{rule.side}_every").data = str(rule.every_months)
            getattr(form, f"{rule.side}_source").data = rule.source

    def render(status):
        return render_template("talks/cadence.html", form=form, programme=programme), status

    if not form.is_submitted():
        return render(200)

    def months(value):
        return parse_int(value)

    data = [
        Cadence(
            side,
            months(getattr(form, f"{side}_every").data),
            getattr(form, f"{side}_source").data or "",
        )
        for side in ("home", "host")
    ]
    return act(
        form,
        lambda: set_cadence(programme, current_user, data),
        done=_l("The talk cadence was saved."),
        success=url_for("programmes.detail", programme_id=programme.id),
        failure=render,
    )
