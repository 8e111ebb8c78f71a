"""What appraisals add to other pages: the posting, the cadre, HR's home page."""

from exchange import policy
from exchange.appraisals import queries, rules
from exchange.clock import today
from exchange.web import sections


def _posting_section(user, posting):
    if not policy.can_view_appraisals(user, posting):
        return None
    data = queries.appraisals_of(posting, today())
    return {"data": data, "own": policy.is_cadre(user)}


def _cadre_section(user, cadre):
    results = queries.results_of_cadre(user, cadre.id)
    recorded = (
        queries.recorded_results(cadre.id) if policy.can_record_annual_result(user, cadre) else []
    )
    if not results and not recorded:
        return None
    return {"appraisals": results, "recorded": recorded}


HOME_SHOWN = 20  # the longest overdue on HR's home page, with the total


def _due(user):
    on = today()
    rows = []
    for posting in queries.end_of_term_due(user, on, limit=HOME_SHOWN):
        window = rules.end_of_term_window(posting)
        rows.append((posting, window, window.is_overdue(on)))
    # Counted every time, not only when the page is full: a page's statements do not
    # depend on how much data there is (tests/test_scale_statements.py).
    total = queries.end_of_term_due_count(user, on)
    return {"rows": rows, "total": total} if rows else None


sections.add("posting", "appraisals/_posting.html", _posting_section, order=40)
sections.add("cadre", "appraisals/_cadre.html", _cadre_section, order=40)
sections.add_home("hr", "appraisals/_home_due.html", _due, order=12)
