"""The roster's rows as HTML, written here rather than by a Jinja loop.

A roster page shows 50 rows of 11 cells; Jinja spent about a third of the page on them
(a lookup, a filter call and an escape per cell). This writes the same markup in one
pass: each value escaped (``markupsafe.escape``), the days and status badges from the
per-language caches the template filters use (``templating``), the phrases from the
render's catalogue, the posting link built once. ``tests/rosters/test_roster_rows.py``
holds it to the markup the template wrote, in both languages.
"""

from flask import url_for
from jinja2 import pass_context
from markupsafe import Markup, escape

from exchange.i18n import locale_of
from exchange.templating import _badge, _nowrap_text, _translations_of

_POSTING_MARK = 987654321


@pass_context
def roster_rows(context, rows) -> Markup:
    """The ``<tr>`` of each row of ``rows`` (``RosterRow``), or the row saying none match."""
    translations = _translations_of(context)
    if not rows:
        empty = Markup(translations.ugettext("No postings match these filters.")) % {}
        return Markup(f'<tr><td colspan="11" class="text-muted">{empty}</td></tr>')
    locale = locale_of(context)
    ended = Markup(translations.ugettext("ended %(d)s"))
    link = url_for("postings.detail", posting_id=_POSTING_MARK).replace(str(_POSTING_MARK), "{}")
    out = []
    for r in rows:
        end: str = _nowrap_text(r.planned_end_date, "medium", locale)
        actual = r.actual_end_date
        if actual and actual != r.planned_end_date:
            note = ended % {"d": _nowrap_text(actual, "medium", locale)}
            end = f'{end}<br><span class="text-muted small">{note}</span>'
        out.append(
            "<tr>"
            f'<td class="text-nowrap"><a href="{link.format(int(r.posting_id))}">'
            f"{escape(r.cadre_name)}</a></td>"
            f"<td>{escape(r.home_district)}</td>"
            f"<td>{escape(r.home_department)}<br>"
            f'<span class="text-muted small">{escape(r.home_position)}</span></td>'
            f"<td>{escape(r.host_district)}</td>"
            f"<td>{escape(r.host_department)}<br>"
            f'<span class="text-muted small">{escape(r.host_position)}</span></td>'
            f"<td>{escape(r.programme)}</td>"
            f"<td>{_nowrap_text(r.start_date, 'medium', locale)}</td>"
            f"<td>{end}</td>"
            f"<td>{int(r.served_days)} / {int(r.left_days)}</td>"
            f"<td>{_badge(str(getattr(r.status, 'value', r.status)), 'posting_status', locale)}</td>"
            f"<td>{_compliance(r.compliance, translations)}</td>"
            "</tr>"
        )
    return Markup("\n".join(out))


def _compliance(c, translations) -> str:
    if not c or c.rate_percent is None:
        return "—"
    text = f'{c.rate_percent}%<span class="text-muted small"> ({c.on_time}/{c.due})</span>'
    if c.missing:
        missing = Markup(translations.ugettext("%(n)d missing")) % {"n": c.missing}
        text += f'<br><span class="badge text-bg-danger">{missing}</span>'
    return text
