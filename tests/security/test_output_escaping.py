"""Names are text, never markup (issue 11): a district named ``<meta http-equiv=refresh ...>``
must not redirect whoever opens a page that shows it.

Markup goes into every name field the app stores; then every page of the authorization
table is opened by a role it serves. No page may carry the markup raw, and each field's
markup must show up escaped somewhere (so the test knows the field was on a page).
Downloads (CSV, XLSX, DOCX, PDF) must still be produced (no 500).
"""

import pytest
import sqlalchemy as sa

from exchange.attachments.models import Attachment
from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.errors_domain import DomainError
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.reports.models import ReflectionLog
from exchange.talks.models import Talk
from exchange.workdays.models import CalendarDay
from tests.authz import OK, prepare
from tests.security.helpers import login_session
from tests.security.test_fuzz import GET_ROWS

# Every free-text name or title the app stores and shows.
NAME_FIELDS = [
    (District, "name"),
    (District, "name_en"),
    (Department, "name"),
    (Cadre, "name"),
    (Cadre, "home_position"),
    (Programme, "name"),
    (Programme, "team_leader"),
    (User, "display_name"),
    (Posting, "home_position"),
    (Posting, "host_position"),
    (Posting, "portfolio"),
    (ReflectionLog, "title"),
    (Attachment, "title"),
    (Attachment, "doc_number"),
    (Talk, "participants"),
    (CalendarDay, "name"),
]
ROLES = ("admin", "hr_lj", "hr_tf", "leader", "zx")


def marker(index: int) -> str:
    """Short (names are 40 characters), and markup a browser would act on."""
    return f"<b x{index}>"


def escaped(index: int) -> str:
    return f"&lt;b x{index}&gt;"


def _mark_up_every_name(app) -> None:
    with app.app_context():
        for index, (model, column) in enumerate(NAME_FIELDS):
            for record in db.session.scalars(sa.select(model)):
                value = getattr(record, column) or "名"
                setattr(record, column, value[:20] + marker(index))
        db.session.commit()


def _prepared_pages(app, world) -> list[tuple[str, str]]:
    """(url, role): each GET route once, opened by the first role it serves, after its
    row's setup made what it shows (attachments, talks, holidays ...). A setup that
    clashes with an earlier one's records (a second leave on the same days) is left out."""
    pages = []
    for row in GET_ROWS:
        role = next((r for r in ROLES if row.expect.get(r) == OK), None)
        if role is None:
            continue
        try:
            prepare(app, world, row)
        except DomainError:
            with app.app_context():
                db.session.rollback()
            continue
        pages.append((row.url(world), role))
    return pages


def test_markup_in_every_name_is_escaped_on_every_page(app, client, world):
    pages = _prepared_pages(app, world)
    _mark_up_every_name(app)
    assert len(pages) > 40
    shown = set()
    for url, role in pages:
        login_session(client, app, world.users[role])
        response = client.get(url)
        data = response.get_data()  # a streamed export runs to its end
        body = data.decode() if response.mimetype == "text/html" else ""
        assert response.status_code < 500, f"GET {url} as {role}: {response.status_code}"
        for index in range(len(NAME_FIELDS)):
            assert marker(index) not in body, f"{NAME_FIELDS[index]} raw on {url} as {role}"
            if escaped(index) in body:
                shown.add(index)
    missing = [NAME_FIELDS[i] for i in range(len(NAME_FIELDS)) if i not in shown]
    assert missing == [], f"never shown (so never checked): {missing}"


def test_the_programme_forms_quota_labels_escape_district_names(app, client, world):
    with app.app_context():
        db.session.get(District, world.lj).name = '<meta http-equiv=refresh content="0;url=/x">'
        db.session.commit()
    login_session(client, app, world.users["admin"])
    page = client.get(f"/programmes/{world.programme}/edit").get_data(as_text=True)
    assert "<meta http-equiv=refresh" not in page
    assert "&lt;meta http-equiv=refresh content=&#34;0;url=/x&#34;&gt; → " in page


@pytest.mark.parametrize("kind", ["domain", "flash", "lazy_flash"])
def test_refusal_messages_that_quote_names_are_escaped(app, client, world, kind):
    """A reason or a flash that interpolates a stored name shows it as text."""
    from flask import flash, render_template_string
    from flask_babel import lazy_gettext as _l

    from exchange.errors_domain import DomainError

    name = "<b x99>"

    @app.get(f"/_test/{kind}")
    def quoting():
        if kind == "domain":
            raise DomainError([(None, "x", _l("“%(name)s” exists.", name=name))])
        # The session keeps a lazy string as markup: it must be escaped on the way in.
        flash(_l("Saved %(name)s.", name=name) if kind == "lazy_flash" else f"已保存 {name}")
        return render_template_string("{% extends 'base.html' %}")

    login_session(client, app, world.users["admin"])
    page = client.get(f"/_test/{kind}").get_data(as_text=True)
    assert name not in page and "&lt;b x99&gt;" in page
    assert "&amp;lt;" not in page  # escaped once, not twice
