"""The roster's rows, written in Python (``rosters.rows``), are the markup the template's
loop wrote: every value escaped, dates, badges and phrases in the page's language."""

import re
from datetime import date

import pytest
from flask import render_template_string
from flask_babel import force_locale

from exchange.reports.counts import ComplianceCounts
from exchange.rosters.queries import RosterRow

# The template's loop as it was, the reference.
TEMPLATE_LOOP = """
  {% for r in page.rows %}
    <tr>
      <td class="text-nowrap"><a href="{{ url_for('postings.detail', posting_id=r.posting_id) }}">{{ r.cadre_name }}</a></td>
      <td>{{ r.home_district }}</td>
      <td>{{ r.home_department }}<br><span class="text-muted small">{{ r.home_position }}</span></td>
      <td>{{ r.host_district }}</td>
      <td>{{ r.host_department }}<br><span class="text-muted small">{{ r.host_position }}</span></td>
      <td>{{ r.programme }}</td>
      <td>{{ r.start_date | date }}</td>
      <td>{{ r.planned_end_date | date }}{% if r.actual_end_date and r.actual_end_date != r.planned_end_date %}<br><span class="text-muted small">{{ _('ended %(d)s', d=r.actual_end_date | date) }}</span>{% endif %}</td>
      <td>{{ r.served_days }} / {{ r.left_days }}</td>
      <td>{{ r.status | status_badge }}</td>
      <td>{% set c = r.compliance %}{% if c and c.rate_percent is not none %}{{ c.rate_percent }}%<span class="text-muted small"> ({{ c.on_time }}/{{ c.due }})</span>{% if c.missing %}<br><span class="badge text-bg-danger">{{ _('%(n)d missing', n=c.missing) }}</span>{% endif %}{% else %}—{% endif %}</td>
    </tr>
  {% else %}
    <tr><td colspan="11" class="text-muted">{{ _('No postings match these filters.') }}</td></tr>
  {% endfor %}
"""


def _row(posting_id, **kw):
    values = dict(
        posting_id=posting_id,
        cadre_name="张想",
        cadre_pinyin="zhang xiang",
        gender=None,
        birth_month=None,
        rank="",
        home_district="两江新区",
        home_department="现代服务业局",
        home_position="副局长",
        host_district="四川天府新区",
        host_department="天府总部商务区",
        host_position="副主任",
        programme="川渝互派第一批",
        start_date=date(2026, 3, 1),
        planned_end_date=date(2027, 2, 28),
        actual_end_date=None,
        end_date=date(2027, 2, 28),
        status="active",
        served_days=184,
        left_days=180,
        compliance=None,
    )
    values.update(kw)
    return RosterRow(**values)


ROWS = [
    _row(1),
    _row(
        22,
        cadre_name='<script>alert("x")</script> & Co',
        home_position='=HYPERLINK("http://evil")',
        host_department="R&D <部门>",
        programme='‘quotes’ & "more"',
        actual_end_date=date(2026, 7, 31),
        status="ended_early",
        compliance=ComplianceCounts(on_time=3, late=1, missing=2),
    ),
    _row(
        333,
        actual_end_date=date(2027, 2, 28),
        status="completed",
        compliance=ComplianceCounts(on_time=5),
    ),
    _row(4444, status="accepted", compliance=ComplianceCounts(), served_days=0, left_days=0),
    _row(5, status="proposed", compliance=ComplianceCounts(missing=1)),
]


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
@pytest.mark.parametrize("rows", [ROWS, ROWS[1:2], []], ids=["five", "one", "none"])
def test_the_rows_are_the_markup_the_template_wrote(app, locale, rows):
    with app.test_request_context("/roster"), force_locale(locale):
        page = type("Page", (), {"rows": rows})()
        wanted = render_template_string(TEMPLATE_LOOP, page=page)
        written = render_template_string("{{ roster_rows(page.rows) }}", page=page)
    assert _squeezed(written) == _squeezed(wanted)
    assert "<script>" not in written and "&lt;script&gt;" in written or not rows
