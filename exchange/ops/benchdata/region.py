"""The region's structure: districts, departments, programmes, accounts and cadres.

Each ``*_rows`` function returns the rows of one table; the plan objects keep what the
postings and the activity need to refer to (ids, members, cadences).
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from exchange.auth.models import Role, new_session_token
from exchange.clock import TZ
from exchange.leave.demo import TIER_SOURCE, TIERS
from exchange.ops.benchdata import vocabulary as words
from exchange.programmes.models import TermRuleKind
from exchange.text import name_grams, pinyin_keys, sort_reading

MAX_DISTRICTS = len(words.DISTRICTS)
#: Both rounds' postings start from here, the first round's until the second begins.
FIRST_START = date(2017, 1, 1)
SECOND_ROUND = date(2020, 1, 1)
#: Everyone's accounts and the organisation exist from before the first round.
FOUNDED = datetime(2016, 10, 1, 9, tzinfo=TZ)

LEADERS = [
    ("leader", "双城经济圈建设办公室领导"),
    ("leader.cq", "重庆市委组织部领导"),
    ("leader.sc", "四川省委组织部领导"),
    ("leader.office", "推进成渝地区双城经济圈建设联合办公室领导"),
]

# Every programme's rules: the demo's limits, the career limit wide enough for three terms.
TERM_RULES = [
    (TermRuleKind.MAX_INITIAL_TERM_MONTHS, 24),
    (TermRuleKind.MAX_TOTAL_EXTENSION_MONTHS, 6),
    (TermRuleKind.MAX_EXTENSIONS, 1),
    (TermRuleKind.MAX_CAREER_MONTHS, 72),
    (TermRuleKind.APPRAISAL_WINDOW_DAYS, 30),
]
QUARTERLY = 0.4  # share of programmes with reports every 3 months (the others: monthly)
CAREER_MONTHS = 70  # what the generator plans, a little under the rule
MIN_GAP_DAYS = 365  # the generator keeps the strictest gap any programme asks


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of ``day`` in the districts' time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


@cache
def name_keys(name: str) -> tuple[str, str]:
    """pinyin search keys of a name (names repeat: 王伟 is read once)."""
    return pinyin_keys(name)


@cache
def grams(name: str) -> tuple[str, ...]:
    """The pieces the search keeps of a name (``exchange.cadres.search``)."""
    return tuple(sorted(name_grams(name, *name_keys(name))))


@cache
def reading(name: str) -> str:
    return sort_reading(name)


@dataclass
class ProgrammePlan:
    id: int
    round: int
    members: list[int]
    start: date
    end: date
    cadence: int
    due_day: int  # attendance sheets are due on this day of the next month
    name: str = ""


@dataclass
class Region:
    today: date
    districts: list[int]
    names: dict[int, str]
    codes: dict[int, str]
    departments: dict[int, list[int]] = field(default_factory=dict)
    programmes: list[ProgrammePlan] = field(default_factory=list)
    #: (round, district id) → the programme the district belongs to in that round.
    member_of: dict[tuple[int, int], ProgrammePlan] = field(default_factory=dict)
    hr: dict[int, int] = field(default_factory=dict)  # district id → its HR account's id
    admin_id: int = 1
    leader_ids: list[int] = field(default_factory=list)

    def programme_for(self, district_id: int, start: date) -> ProgrammePlan:
        return self.member_of[(1 if start < SECOND_ROUND else 2, district_id)]


def district_count(scale: float) -> int:
    return min(MAX_DISTRICTS, max(6, round(MAX_DISTRICTS * scale)))


def departments_per_district(scale: float, districts: int) -> int:
    return min(words.MAX_DEPARTMENTS, max(4, round(3000 * scale / districts)))


def _code(name: str, given: str, taken: set[str]) -> str:
    code = given or reading(name).replace(" ", "")
    while code in taken:
        code += "x"
    taken.add(code)
    return code


def plan_region(scale: float, today: date) -> Region:
    count = district_count(scale)
    taken: set[str] = set()
    names, codes = {}, {}
    for i, (name, _province, code) in enumerate(words.DISTRICTS[:count], 1):
        names[i], codes[i] = name, _code(name, code, taken)
    region = Region(today, list(names), names, codes)
    per = departments_per_district(scale, count)
    next_id = 1
    for district_id in region.districts:
        region.departments[district_id] = list(range(next_id, next_id + per))
        next_id += per
    return region


def district_rows(region: Region):
    provinces = {name: province for name, province, _code in words.DISTRICTS}
    for district_id in region.districts:
        name = region.names[district_id]
        yield (
            district_id,
            region.codes[district_id],
            name,
            "",
            provinces[name],
            district_id,
            reading(name),
            FOUNDED,
        )


DISTRICT_COLUMNS = (
    "id",
    "code",
    "name",
    "name_en",
    "province",
    "display_order",
    "sort_name",
    "created_at",
)
DEPARTMENT_COLUMNS = (
    "id",
    "district_id",
    "parent_id",
    "name",
    "name_en",
    "display_order",
    "sort_name",
    "created_at",
)


def department_rows(region: Region):
    for district_id, ids in region.departments.items():
        names = [words.organisation_department(region.names[district_id]), *words.DEPARTMENTS]
        for order, (department_id, name) in enumerate(zip(ids, names, strict=False)):
            yield (department_id, district_id, None, name, "", order, reading(name), FOUNDED)


# Programmes ------------------------------------------------------------------------------


def _groups(rng: random.Random, districts: list[int]) -> list[list[int]]:
    """The districts in groups of 2–6, none left alone."""
    shuffled = districts[:]
    rng.shuffle(shuffled)
    groups = []
    while shuffled:
        size = rng.randint(2, min(6, len(shuffled)))
        if len(shuffled) - size == 1:
            size = size - 1 if size > 2 else size + 1
        groups.append(sorted(shuffled[:size]))
        shuffled = shuffled[size:]
    return groups


def _programme_name(region: Region, plan: ProgrammePlan) -> str:
    names = [region.names[d] for d in plan.members]
    year = f"{plan.start.year + 1}年" + ("" if plan.round == 1 else "第二批")
    pair = "—".join(names[:2])
    more = f"等{len(names)}地" if len(names) > 2 else ""
    return f"{year}{pair}{more}互派干部挂职交流"


def plan_programmes(rng: random.Random, region: Region) -> None:
    windows = {
        1: (date(2016, 12, 1), date(2022, 6, 30)),
        2: (date(2019, 12, 1), date(region.today.year + 4, 12, 31)),
    }
    for round_, (start, end) in windows.items():
        for members in _groups(rng, region.districts):
            plan = ProgrammePlan(
                id=len(region.programmes) + 1,
                round=round_,
                members=members,
                start=start,
                end=end,
                cadence=1,
                due_day=rng.choice((5, 5, 10)),
            )
            plan.name = _programme_name(region, plan)
            region.programmes.append(plan)
            for district_id in members:
                region.member_of[(round_, district_id)] = plan
    # Quarterly reports in a fixed share of the programmes (the report volume stays steady).
    for plan in rng.sample(region.programmes, round(QUARTERLY * len(region.programmes))):
        plan.cadence = 3


PROGRAMME_COLUMNS = (
    "id",
    "name",
    "description",
    "agreement_date",
    "start_date",
    "end_date",
    "standard_term_months",
    "report_cadence_months",
    "reports_required_from",
    "team_leader",
    "is_draft",
    "version",
    "created_at",
)


def programme_rows(rng: random.Random, region: Region):
    for plan in region.programmes:
        agreed = plan.start - timedelta(days=rng.randint(10, 40))
        leader = words.organisation_department(region.names[plan.members[0]])
        yield (
            plan.id,
            plan.name,
            words.PROGRAMME_DESCRIPTION,
            agreed,
            plan.start,
            plan.end,
            rng.choice((12, 12, 24)),
            plan.cadence,
            None,
            region.names[plan.members[0]] + leader,
            False,
            1,
            at(agreed, 16),
        )


def member_rows(region: Region):
    for plan in region.programmes:
        for district_id in plan.members:
            yield (plan.id, district_id)


def term_rule_rows(rng: random.Random, region: Region):
    next_id = 1
    for plan in region.programmes:
        rules = [
            *TERM_RULES,
            (TermRuleKind.MIN_INITIAL_TERM_MONTHS, rng.choice((6, 12))),
            (TermRuleKind.MIN_GAP_DAYS, rng.choice((180, MIN_GAP_DAYS))),
            (TermRuleKind.ANNUAL_GRADE_BY_HOST, rng.choice((0, 1))),
        ]
        for kind, value in rules:
            yield (next_id, plan.id, kind.value, value, words.TERM_RULE_SOURCE)
            next_id += 1


def leave_tier_rows(region: Region):
    next_id = 1
    for plan in region.programmes:
        for limit, (first, second, third) in TIERS:
            yield (next_id, plan.id, limit, first, second, third, TIER_SOURCE)
            next_id += 1


#: 谈心谈话: the host unit talks with its seconded officials every quarter, the home unit
#: every half-year (a common provision of the agreements).
TALK_RULES = (("host", 3), ("home", 6))


def talk_rule_rows(region: Region):
    next_id = 1
    for plan in region.programmes:
        for side, every in TALK_RULES:
            source = f"{words.TERM_RULE_SOURCE}：每{every}个月至少谈心谈话一次。"
            yield (next_id, plan.id, side, every, source)
            next_id += 1


def attendance_rule_rows(region: Region):
    for plan in region.programmes:
        yield (
            plan.id,
            plan.id,
            plan.due_day,
            f"{words.TERM_RULE_SOURCE}：次月{plan.due_day}日前报送考勤表。",
            90,
            f"{words.TERM_RULE_SOURCE}：在岗天数不少于应出勤天数的90%。",
        )


# Accounts -----------------------------------------------------------------------------

USER_COLUMNS = (
    "id",
    "username",
    "display_name",
    "email",
    "password_hash",
    "role",
    "district_id",
    "cadre_id",
    "active",
    "session_token",
    "locale",
    "created_at",
    "must_change_password",
)


def _user(user_id, username, display, password_hash, role, district_id=None, cadre_id=None):
    return (
        user_id,
        username,
        display,
        None,
        password_hash,
        role,
        district_id,
        cadre_id,
        True,
        new_session_token(),
        None,
        FOUNDED,
        False,
    )


def staff_rows(region: Region, password_hash: str):
    """The administrator, one HR officer per district and the leaders."""
    yield _user(region.admin_id, "admin", "系统管理员", password_hash, Role.ADMIN.value)
    next_id = region.admin_id + 1
    for district_id in region.districts:
        region.hr[district_id] = next_id
        name = region.names[district_id] + words.organisation_department(region.names[district_id])
        username = f"hr.{region.codes[district_id]}"
        yield _user(next_id, username, name, password_hash, Role.HR.value, district_id)
        next_id += 1
    for username, display in LEADERS:
        region.leader_ids.append(next_id)
        yield _user(next_id, username, display, password_hash, Role.LEADER.value)
        next_id += 1


def official_rows(accounts: dict[int, int], cadre_names: dict[int, str], password_hash: str):
    """An account for each cadre in ``accounts`` (cadre id → account id)."""
    for cadre_id, user_id in accounts.items():
        name = cadre_names[cadre_id]
        username = f"{name_keys(name)[0].split()[0]}{cadre_id}"
        yield _user(user_id, username, name, password_hash, Role.CADRE.value, cadre_id=cadre_id)


# Cadres -------------------------------------------------------------------------------

CADRE_COLUMNS = (
    "id",
    "name",
    "name_pinyin",
    "name_initials",
    "gender",
    "birth_month",
    "ethnicity",
    "native_place",
    "political_status",
    "party_joined_month",
    "work_started_month",
    "education",
    "degree",
    "home_department_id",
    "home_position",
    "rank",
    "home_position_month",
    "phone",
    "email",
    "notes",
    "version",
    "created_at",
    "updated_at",
)


@dataclass(slots=True)
class CadrePlan:
    id: int
    name: str
    district_id: int
    department_id: int
    position: str


def gram_rows(cadres: list[CadrePlan]):
    """The search's pieces of each cadre's name, as the name validator writes them."""
    for cadre in cadres:
        for gram in grams(cadre.name):
            yield gram, cadre.id


def _month(year: int, month: int) -> date:
    return date(year, month, 1)


def cadre_row(rng: random.Random, cadre: CadrePlan) -> tuple:
    born = rng.randint(1965, 1995)
    started = min(born + rng.randint(21, 26), 2016)
    member = rng.random() < 0.85
    education, degree = rng.choice(words.EDUCATION)
    pinyin, initials = name_keys(cadre.name)
    return (
        cadre.id,
        cadre.name,
        pinyin,
        initials,
        rng.choice("MMF"),
        _month(born, rng.randint(1, 12)),
        rng.choice(words.ETHNICITIES),
        rng.choice(words.NATIVE_PLACES),
        "cpc_member" if member else rng.choice(("masses", "democratic_party", "non_partisan")),
        _month(started + rng.randint(0, 4), rng.randint(1, 12)) if member else None,
        _month(started, 7),
        education,
        degree,
        cadre.department_id,
        cadre.position,
        rng.choice(words.RANKS),
        _month(rng.randint(max(started, 2008), 2016), rng.randint(1, 12)),
        f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
        "",
        "性能测试数据",
        1,
        FOUNDED,
        FOUNDED,
    )


def plan_cadres(rng: random.Random, region: Region, count: int) -> list[CadrePlan]:
    weights = [1 + 2 * rng.random() for _ in region.districts]  # some districts are bigger
    homes = rng.choices(region.districts, weights, k=count)
    cadres = []
    for cadre_id, district_id in enumerate(homes, 1):
        name = rng.choice(words.SURNAMES) + rng.choice(words.GIVEN)
        department = rng.choice(region.departments[district_id])
        cadres.append(
            CadrePlan(cadre_id, name, district_id, department, rng.choice(words.HOME_POSITIONS))
        )
    return cadres
