"""Every main page of every role passes axe-core (no serious or critical violation).

axe-core is vendored under tests/browser/vendor (a test asset, never served by the
app) and injected into each page. One browser, one login per role: the pages of a
role are the links of its top bar, the notifications page, and one record of each
list that has records (a posting, a report, a programme, a cadre).
"""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import login

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = ("serious", "critical")

# List page → the first link to one of its records.
RECORD_LINKS = {
    "/postings": r"^/postings/\d+$",
    "/reports": r"^/reports/\d+$",
    "/reports/mine": r"^/reports/\d+$",
    "/programmes": r"^/programmes/\d+$",
    "/cadres": r"^/cadres/\d+$",
    "/audit": r"^/audit/\d+$",
}

NAV_LINKS_JS = """
() => Array.from(document.querySelectorAll('#mainnav .nav-link'))
  .map(a => a.getAttribute('href'))
"""

FIRST_LINK_JS = """
(pattern) => {
  const re = new RegExp(pattern);
  const a = Array.from(document.querySelectorAll('main a[href]'))
    .find(a => re.test(a.getAttribute('href')));
  return a ? a.getAttribute('href') : null;
}
"""

RUN_AXE_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + n.failureSummary),
    }));
}
"""


def axe_violations(page) -> list[dict]:
    """The serious and critical axe-core violations of the page as loaded."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    return page.evaluate(RUN_AXE_JS)


def role_pages(page) -> list[str]:
    """The main pages of the logged-in user: home, top bar, notifications, one of each record."""
    paths = ["/", "/notifications"]
    for href in page.evaluate(NAV_LINKS_JS):
        if href not in paths:
            paths.append(href)
    for listing, pattern in RECORD_LINKS.items():
        if listing not in paths:
            continue
        page.goto(listing)
        record = page.evaluate(FIRST_LINK_JS, pattern)
        if record and record not in paths:
            paths.append(record)
    return paths


def report_of(paths: list[str], page) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        for violation in axe_violations(page):
            problems.append(f"{path}: {violation}")
    return problems


def test_login_page_passes_axe(new_page):
    page = new_page(bypass_csp=True)
    assert report_of(["/login"], page) == []


@pytest.mark.parametrize("username", ["admin", "hr.liangjiang", "leader", "zhangxiang"])
def test_every_main_page_of_a_role_passes_axe(new_page, username):
    page = new_page(bypass_csp=True)
    login(page, username)
    paths = role_pages(page)
    assert len(paths) >= 4, paths
    if username == "hr.liangjiang":
        assert {"/roster", "/dashboard", "/statistics", "/leave"} <= set(paths), paths
        for pattern in ("/postings", "/reports", "/programmes", "/cadres"):
            assert any(re.match(RECORD_LINKS[pattern], p) for p in paths), (pattern, paths)
    problems = report_of(paths, page)
    assert problems == [], "\n".join(problems)


def test_record_patterns_are_anchored():
    # A sanity check of the table above: "/reports/new" is a form, not a record.
    assert not re.match(RECORD_LINKS["/reports"], "/reports/new")
