"""The rules a posting is checked against; each returns ``(field, code, message)`` reasons.

Services call these; nothing here writes. Term rules come from the posting's
programme (``TermRule``), each refusal names the rule it broke. The codes are stable
(tests and API clients compare them); the messages are for people.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange.dates import add_months, day_text, months_to_days
from exchange.extensions import db
from exchange.postings.models import HOLDING_STATUSES, QUOTA_STATUSES, Posting
from exchange.programmes.models import Programme, Quota, TermRuleKind


def describe(posting) -> str:
    return f"{posting.cadre.name} · {posting.host_district.name}{posting.host_department.name}"


@dataclass(frozen=True)
class Term:
    """What a rule needs to know about the posting being checked (new or changed)."""

    cadre_id: int
    programme: Programme
    home_district_id: int
    host_district_id: int
    start_date: date
    planned_end_date: date
    posting_id: int | None = None


def _rules_of(programme) -> dict:
    return {rule.kind: rule.value for rule in programme.term_rules}


def check_districts(term: Term) -> list:
    reasons = []
    if term.home_district_id == term.host_district_id:
        reasons.append(
            (
                "host_department_id",
                "same_district",
                _l("The host department must be in another district."),
            )
        )
    member_ids = {d.id for d in term.programme.districts}
    if term.home_district_id not in member_ids or term.host_district_id not in member_ids:
        reasons.append(
            (
                "programme_id",
                "not_in_programme",
                _l(
                    "Both districts must take part in the programme %(name)s.",
                    name=term.programme.name,
                ),
            )
        )
    return reasons


def check_dates(term: Term, end_field: str = "planned_end_date") -> list:
    if term.planned_end_date <= term.start_date:
        return [(end_field, "before_start", _l("The planned end must be after the start."))]
    reasons = []
    programme = term.programme
    if term.start_date < programme.start_date:
        reasons.append(
            (
                "start_date",
                "outside_window",
                _l(
                    "The start is before the programme's window (%(start)s – %(end)s).",
                    start=day_text(programme.start_date),
                    end=day_text(programme.end_date),
                ),
            )
        )
    if term.planned_end_date > programme.end_date:
        reasons.append(
            (
                end_field,
                "outside_window",
                _l(
                    "The planned end is after the programme's window (%(start)s – %(end)s).",
                    start=day_text(programme.start_date),
                    end=day_text(programme.end_date),
                ),
            )
        )
    return reasons


class Facts:
    """Where the rules read a cadre's other postings and a direction's quota: the database.

    An import of many rows passes ``exchange.postings.batch.MemoryFacts`` instead: the
    same answers, read once for the file and kept up to date as its rows are added.
    The rules themselves are the same code either way.
    """

    def postings_of(self, cadre_id: int, statuses, exclude_id: int | None = None) -> list:
        """The cadre's postings in ``statuses`` (but ``exclude_id``), by start."""
        stmt = sa.select(Posting).where(Posting.cadre_id == cadre_id, Posting.status.in_(statuses))
        if exclude_id is not None:
            stmt = stmt.where(Posting.id != exclude_id)
        return list(db.session.scalars(stmt.order_by(Posting.start_date)))

    def quota(self, programme_id: int, home_district_id: int, host_district_id: int) -> int | None:
        """The most postings the programme allows in this direction (``None``: no quota)."""
        return db.session.scalar(
            sa.select(Quota.max_postings).where(
                Quota.programme_id == programme_id,
                Quota.home_district_id == home_district_id,
                Quota.host_district_id == host_district_id,
            )
        )

    def used(
        self,
        programme_id: int,
        home_district_id: int,
        host_district_id: int,
        exclude_id: int | None = None,
        statuses=QUOTA_STATUSES,
    ) -> int:
        """How many postings in ``statuses`` count against that quota (but ``exclude_id``)."""
        stmt = sa.select(sa.func.count(Posting.id)).where(
            Posting.programme_id == programme_id,
            Posting.home_district_id == home_district_id,
            Posting.host_district_id == host_district_id,
            Posting.status.in_(statuses),
        )
        if exclude_id is not None:
            stmt = stmt.where(Posting.id != exclude_id)
        return db.session.scalar(stmt) or 0


DATABASE = Facts()


def _others(term: Term, statuses=HOLDING_STATUSES, facts: Facts | None = None):
    return (facts or DATABASE).postings_of(term.cadre_id, statuses, term.posting_id)


def check_overlap(term: Term, field: str = "start_date", facts: Facts | None = None) -> list:
    """Proposed, accepted and active postings of one cadre never overlap."""
    for other in _others(term, facts=facts):
        if other.start_date <= term.planned_end_date and term.start_date <= other.end_date:
            return [
                (
                    field,
                    "overlaps",
                    _l(
                        "Overlaps the posting %(posting)s (%(start)s – %(end)s).",
                        posting=describe(other),
                        start=day_text(other.start_date),
                        end=day_text(other.end_date),
                    ),
                )
            ]
    return []


def quota_of(term: Term, lock: bool = False) -> Quota | None:
    """The quota of the term's programme and direction; ``lock`` takes its row lock
    (PostgreSQL), so quota checks in one direction run one after the other."""
    stmt = sa.select(Quota).where(
        Quota.programme_id == term.programme.id,
        Quota.home_district_id == term.home_district_id,
        Quota.host_district_id == term.host_district_id,
    )
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(stmt)


def check_quota(term: Term, facts: Facts | None = None, statuses=QUOTA_STATUSES) -> list:
    """The direction's quota is not full: ``statuses`` say which other postings count
    (every posting not declined or cancelled; at acceptance, the agreed ones)."""
    facts = facts or DATABASE
    direction = (term.programme.id, term.home_district_id, term.host_district_id)
    quota = facts.quota(*direction)
    if quota is None:
        return []
    if facts.used(*direction, exclude_id=term.posting_id, statuses=statuses) >= quota:
        return [
            (
                "host_department_id",
                "quota_full",
                _l(
                    "The quota of %(quota)d postings in this direction is full.",
                    quota=quota,
                ),
            )
        ]
    return []


def check_initial_term(term: Term) -> list:
    rules = _rules_of(term.programme)
    reasons = []
    low = rules.get(TermRuleKind.MIN_INITIAL_TERM_MONTHS)
    if low and term.planned_end_date < add_months(term.start_date, low) - timedelta(days=1):
        reasons.append(
            (
                "planned_end_date",
                "rule_min_initial_term",
                _l(
                    "Breaks the rule “%(rule)s”: at least %(value)d months.",
                    rule=TermRuleKind.MIN_INITIAL_TERM_MONTHS.label,
                    value=low,
                ),
            )
        )
    high = rules.get(TermRuleKind.MAX_INITIAL_TERM_MONTHS)
    if high and term.planned_end_date > add_months(term.start_date, high) - timedelta(days=1):
        reasons.append(
            (
                "planned_end_date",
                "rule_max_initial_term",
                _l(
                    "Breaks the rule “%(rule)s”: at most %(value)d months.",
                    rule=TermRuleKind.MAX_INITIAL_TERM_MONTHS.label,
                    value=high,
                ),
            )
        )
    return reasons


def check_extension(term: Term, original_end_date: date, field: str = "new_end_date") -> list:
    high = _rules_of(term.programme).get(TermRuleKind.MAX_TOTAL_EXTENSION_MONTHS)
    if high is not None and term.planned_end_date > add_months(original_end_date, high):
        return [
            (
                field,
                "rule_max_total_extension",
                _l(
                    "Breaks the rule “%(rule)s”: at most %(value)d months.",
                    rule=TermRuleKind.MAX_TOTAL_EXTENSION_MONTHS.label,
                    value=high,
                ),
            )
        ]
    return []


def check_extension_count(term: Term, done: int, field: str = "new_end_date") -> list:
    """可延期一次: a posting extended ``done`` times already may not be extended again."""
    high = _rules_of(term.programme).get(TermRuleKind.MAX_EXTENSIONS)
    if high is not None and done >= high:
        return [
            (
                field,
                "rule_max_extensions",
                _l(
                    "Breaks the rule “%(rule)s”: at most %(value)d; the posting was extended %(done)d times.",
                    rule=TermRuleKind.MAX_EXTENSIONS.label,
                    value=high,
                    done=done,
                ),
            )
        ]
    return []


def check_career_and_gap(
    term: Term, field: str = "planned_end_date", facts: Facts | None = None
) -> list:
    rules = _rules_of(term.programme)
    reasons = []
    career = rules.get(TermRuleKind.MAX_CAREER_MONTHS)
    wanted = career or rules.get(TermRuleKind.MIN_GAP_DAYS)
    others = _others(term, QUOTA_STATUSES, facts) if wanted else []
    if career:
        days = sum((p.end_date - p.start_date).days + 1 for p in others)
        days += (term.planned_end_date - term.start_date).days + 1
        if days > months_to_days(career):
            reasons.append(
                (
                    field,
                    "rule_max_career",
                    _l(
                        "Breaks the rule “%(rule)s”: at most %(value)d months; with this posting the cadre would have %(days)d days.",
                        rule=TermRuleKind.MAX_CAREER_MONTHS.label,
                        value=career,
                        days=days,
                    ),
                )
            )
    gap = rules.get(TermRuleKind.MIN_GAP_DAYS)
    if gap:
        for other in others:
            if other.end_date < term.start_date:
                between = (term.start_date - other.end_date).days - 1
            elif term.planned_end_date < other.start_date:
                between = (other.start_date - term.planned_end_date).days - 1
            else:
                continue  # overlapping postings are refused by the overlap rule
            if between < gap:
                reasons.append(
                    (
                        "start_date",
                        "rule_min_gap",
                        _l(
                            "Breaks the rule “%(rule)s”: only %(days)d days from the posting %(posting)s, which counts as continuous; at least %(value)d days are needed.",
                            rule=TermRuleKind.MIN_GAP_DAYS.label,
                            days=between,
                            posting=describe(other),
                            value=gap,
                        ),
                    )
                )
                break
    return reasons


def check_in_force(term: Term) -> list:
    """A programme one member drafted is in force only once every other member confirmed it."""
    if term.programme.is_draft:
        return [
            (
                "programme_id",
                "programme_draft",
                _l(
                    "The programme %(programme)s is a draft: postings can be proposed once "
                    "every member district has confirmed it.",
                    programme=term.programme.name,
                ),
            )
        ]
    return []


def check_proposal(term: Term, facts: Facts | None = None) -> list:
    """Every rule a new posting must keep, as ``(field, code, message)`` reasons.

    ``facts``: where other postings and quotas are read (the database unless given).
    """
    reasons = check_in_force(term) + check_districts(term)
    dates = check_dates(term)
    reasons += dates
    if dates and term.planned_end_date <= term.start_date:
        return reasons
    reasons += check_overlap(term, facts=facts)
    reasons += check_quota(term, facts)
    reasons += check_initial_term(term)
    reasons += check_career_and_gap(term, facts=facts)
    return reasons


@dataclass(frozen=True)
class CheckedRule:
    name: str
    detail: str
    source: str


def rules_checked(posting) -> list[CheckedRule]:
    """The rules a posting was checked against, with their source text, for its page."""
    programme = posting.programme
    agreement = _l("Exchange agreement: %(name)s", name=programme.name)
    base = _l("Rules of the exchange (互派干部挂职交流): every posting")
    checked = [
        CheckedRule(
            str(_l("Crosses districts")),
            str(_l("The host district differs from the home district.")),
            str(base),
        ),
        CheckedRule(
            str(_l("One posting at a time")),
            str(_l("No other proposed, accepted or active posting of the cadre overlaps it.")),
            str(base),
        ),
        CheckedRule(
            str(_l("Inside the programme's window")),
            f"{day_text(programme.start_date)} – {day_text(programme.end_date)}",
            str(agreement),
        ),
    ]
    for quota in programme.quotas:
        if (quota.home_district_id, quota.host_district_id) == (
            posting.home_district_id,
            posting.host_district_id,
        ):
            checked.append(
                CheckedRule(
                    str(_l("Quota in this direction")),
                    str(_l("At most %(count)d postings.", count=quota.max_postings)),
                    str(agreement),
                )
            )
    for rule in programme.term_rules:
        checked.append(
            CheckedRule(
                TermRuleKind(rule.kind).label,
                str(rule.value),
                rule.source or str(agreement),
            )
        )
    return checked
