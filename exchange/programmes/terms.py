"""Names of the term rules a programme may set, in the user's language."""

from flask_babel import lazy_gettext as _l

from exchange.programmes.models import TermRuleKind

RULE_NAMES = {
    TermRuleKind.MIN_INITIAL_TERM_MONTHS: _l("Shortest initial term (months)"),
    TermRuleKind.MAX_INITIAL_TERM_MONTHS: _l("Longest initial term (months)"),
    TermRuleKind.MAX_TOTAL_EXTENSION_MONTHS: _l("Longest total extension (months)"),
    TermRuleKind.MAX_CAREER_MONTHS: _l("Longest time seconded over a career (months)"),
    TermRuleKind.MIN_GAP_DAYS: _l("Shortest gap between two postings (days)"),
    TermRuleKind.APPRAISAL_WINDOW_DAYS: _l(
        "End-of-term appraisal opens this many days before the end (default 30)"
    ),
    TermRuleKind.ANNUAL_GRADE_BY_HOST: _l(
        "Annual grade: 1 if the host side decides, 0 if the home side confirms or sets it"
    ),
}
