"""Demo data from the 2021 report on Liangjiang and Tianfu (seed-article.zh.txt).

张想 and 丁曌, their departments and the 2020 exchange are from the article; the
positions it does not print, the second round and its cadres are made up for the
demo and say so in their notes. Every function is idempotent: it finds before it
creates, so ``seed-demo`` can run again without duplicating anything.

The article's 2020 cases keep their real dates; the current round's dates are counted
from the day the demo is loaded (``FromToday``), so its officials are in post whenever
someone tries the demo.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from exchange import clock
from exchange.appraisals import demo as appraisals_demo
from exchange.attachments import demo as attachments_demo
from exchange.audit.services import record
from exchange.auth.models import Role, User
from exchange.auth.passwords import hash_password
from exchange.cadres.models import Cadre
from exchange.clock import TZ
from exchange.dates import add_months
from exchange.extensions import db
from exchange.imports import demo as imports_demo
from exchange.org.models import Department, District
from exchange.postings import demo as postings_demo
from exchange.postings.models import Extension, Posting, PostingStatus
from exchange.programmes.models import Programme, Quota, TermRule, TermRuleKind
from exchange.reports import demo as reports_demo
from exchange.reports.models import Comment, CommentKind, ReflectionLog, ReportKind


@dataclass(frozen=True)
class FromToday:
    """A date of the current round: ``months`` from the first of this month, plus ``days``.

    Loaded on 2026-09-01 (the tests' today), the round has the dates it was written with.
    """

    months: int
    days: int = 0

    def on(self, today: date) -> date:
        return add_months(today.replace(day=1), self.months) + timedelta(days=self.days)


def _day(value: object) -> date:
    """A date of the tables below: as written, or counted from today."""
    if isinstance(value, FromToday):
        return value.on(clock.today())
    if not isinstance(value, date):
        raise TypeError(f"not a demo date: {value!r}")
    return value


DISTRICTS = [
    ("liangjiang", "两江新区", "Liangjiang New Area", "重庆市"),
    ("tianfu", "四川天府新区", "Tianfu New Area", "四川省"),
    ("cdedz", "成都经开区", "Chengdu Economic & Technological Development Zone", "四川省"),
]

DEPARTMENTS = {
    "liangjiang": [
        ("组织人事部", "Organisation and Personnel Department"),
        ("现代服务业局", "Modern Services Bureau"),
        ("科技创新局", "Science & Technology Innovation Bureau"),
        ("产业促进局", "Industry Promotion Bureau"),
        ("政务大厅（自贸试验区）", "Government Services Hall (Free Trade Zone)"),
        (
            "打造内陆开放门户助力成渝地区双城经济圈建设办公室",
            "Office for the Inland Opening Gateway and the Chengdu–Chongqing Economic Circle",
        ),
    ],
    "tianfu": [
        ("党工委组织部", "Organisation Department of the Party Working Committee"),
        ("天府总部商务区", "Tianfu Headquarters Business District"),
        ("成都管委会行政审批局", "Administrative Approval Bureau, Chengdu Administration"),
        ("科技创新和人才工作局", "Science, Technology and Talent Bureau"),
    ],
    "cdedz": [
        ("党工委组织部", "Organisation Department of the Party Working Committee"),
        ("汽车产业发展局", "Automotive Industry Development Bureau"),
    ],
}

# (name, gender, home district, home department, home position, note)
CADRES = [
    ("张想", "M", "liangjiang", "现代服务业局", "副局长", "见报道：两江新区派往天府新区挂职。"),
    (
        "丁曌",
        "M",
        "cdedz",
        "汽车产业发展局",
        "副局长",
        "见报道：原单位职务报道未载，此处为演示假设。",
    ),
    ("李晓雯", "F", "liangjiang", "产业促进局", "副处长", "演示用虚构人物。"),
    ("王建国", "M", "tianfu", "科技创新和人才工作局", "副局长", "演示用虚构人物。"),
    ("陈思远", "M", "tianfu", "成都管委会行政审批局", "科长", "演示用虚构人物。"),
    ("刘雨桐", "F", "liangjiang", "政务大厅（自贸试验区）", "副主任", "演示用虚构人物。"),
]

# The data of the 干部任免审批表 for the article's two cadres. The article gives their
# names, home and host departments, and 张想's post (副局长); everything below is
# made up for the demo and their notes say so.
CADRE_DETAILS = {
    "张想": {
        "birth_month": date(1985, 3, 1),
        "ethnicity": "汉族",
        "native_place": "重庆",
        "political_status": "cpc_member",
        "party_joined_month": date(2007, 6, 1),
        "work_started_month": date(2008, 7, 1),
        "education": "研究生",
        "degree": "经济学硕士",
        "rank": "四级调研员",
        "home_position_month": date(2019, 6, 1),
    },
    "丁曌": {
        "birth_month": date(1988, 10, 1),
        "ethnicity": "汉族",
        "native_place": "四川成都",
        "political_status": "cpc_member",
        "party_joined_month": date(2010, 5, 1),
        "work_started_month": date(2011, 7, 1),
        "education": "大学",
        "degree": "工学学士",
        "rank": "一级主任科员",
        "home_position_month": date(2018, 12, 1),
    },
}
MADE_UP_DETAILS = "出生年月、民族、籍贯、政治面貌、入党时间、参加工作时间、学历学位、职级、任现职时间报道未载，为演示虚构。"

ACCOUNTS = [
    # username, role, display name, district code, cadre name
    ("admin", Role.ADMIN, "系统管理员", None, None),
    ("hr.liangjiang", Role.HR, "两江新区组织人事部", "liangjiang", None),
    ("hr.tianfu", Role.HR, "天府新区党工委组织部", "tianfu", None),
    ("hr.cdedz", Role.HR, "成都经开区党工委组织部", "cdedz", None),
    ("leader", Role.LEADER, "双城经济圈建设办公室领导", None, None),
    ("zhangxiang", Role.CADRE, "张想", None, "张想"),
    ("dingzhao", Role.CADRE, "丁曌", None, "丁曌"),
]

PROGRAMMES = [
    {
        "name": "2020年两江—天府互派干部挂职交流",
        "description": "依据2020年4月23日共同打造内陆开放门户第二次联席会议签署的战略合作协议，"
        "两江新区与四川天府新区（含成都经开区）互派干部挂职交流，深化合作对接，"
        "做好成渝地区双城经济圈建设相关协调联络工作。",
        "agreement_date": date(2020, 4, 23),
        "start_date": date(2020, 6, 1),
        "end_date": date(2021, 12, 31),
        "standard_term_months": 4,
        # The round predates the system: its reflections were filed on paper, so no report
        # is expected here (the roster shows no compliance rather than invented gaps).
        "reports_required_from": date(2022, 1, 1),
        "team_leader": "两江新区组织人事部",
        "districts": ["liangjiang", "tianfu", "cdedz"],
        "quotas": [
            ("liangjiang", "tianfu", 5),
            ("tianfu", "liangjiang", 5),
            ("liangjiang", "cdedz", 3),
            ("cdedz", "liangjiang", 3),
        ],
    },
    {
        "name": "{year}年两江—天府第二批互派干部挂职交流",  # the year it starts
        "description": "第二批互派挂职，聚焦政务服务同城化、科技创新协同和总部经济。（演示数据）",
        "agreement_date": FromToday(-6),  # 2026-03-01 when loaded on 2026-09-01
        "start_date": FromToday(-5),  # 2026-04-01
        "end_date": FromToday(16, -1),  # 2027-12-31
        "standard_term_months": 6,
        "team_leader": "李晓雯",
        "districts": ["liangjiang", "tianfu"],
        "quotas": [("liangjiang", "tianfu", 4), ("tianfu", "liangjiang", 4)],
    },
]

# Rule sources cite one document only: the strategic cooperation agreement signed at the
# second joint meeting on 2020-04-23 (seed article: "会议签署了战略合作协议"). The article names
# the agreement and its date but prints none of its terms. Two lines are quoted as the
# agreement's in the project's brief (issue 12): "挂职时间一般为1至2年" and "确因工作需要可
# 延期一次，累计不超过6个月". Every other rule below is made up for the demo and says so
# in its source text (演示设定，非协议原文).
AGREEMENT = "两江新区—天府新区战略合作协议（2020年4月23日共同打造内陆开放门户第二次联席会议签署）"
MADE_UP = "（演示设定，非协议原文）"
APPRAISAL_RULES = [
    (
        TermRuleKind.APPRAISAL_WINDOW_DAYS,
        30,
        f"{AGREEMENT}{MADE_UP}：挂职期满前30日起，接收单位会同派出单位开展考核鉴定。",
    ),
    (
        TermRuleKind.ANNUAL_GRADE_BY_HOST,
        0,
        f"{AGREEMENT}{MADE_UP}：年度考核由接收单位提出等次建议，派出单位确认或确定。",
    ),
]
PROGRAMME_RULES = [
    (
        TermRuleKind.MIN_INITIAL_TERM_MONTHS,
        3,
        f"{AGREEMENT}{MADE_UP}：挂职期限不少于3个月。",
    ),
    (TermRuleKind.MAX_INITIAL_TERM_MONTHS, 24, f"{AGREEMENT}：挂职时间一般为1至2年。"),
    (
        TermRuleKind.MAX_TOTAL_EXTENSION_MONTHS,
        6,
        f"{AGREEMENT}：确因工作需要可延期一次，累计不超过6个月。",
    ),
    (
        TermRuleKind.MAX_EXTENSIONS,
        1,
        f"{AGREEMENT}：确因工作需要可延期一次，累计不超过6个月。",
    ),
    (
        TermRuleKind.MAX_CAREER_MONTHS,
        48,
        f"{AGREEMENT}{MADE_UP}：一名干部累计挂职不超过4年。",
    ),
    (
        TermRuleKind.MIN_GAP_DAYS,
        365,
        f"{AGREEMENT}{MADE_UP}：两次挂职间隔不少于1年。",
    ),
]

# cadre, programme index, host district, host department, host position, portfolio,
# start, planned end, status, actual end
POSTINGS = [
    (
        "张想",
        0,
        "tianfu",
        "天府总部商务区",
        "副主任",
        "商务事业领域（总部经济、会展博览）",
        date(2020, 9, 7),
        date(2021, 1, 31),
        PostingStatus.COMPLETED,
        date(2021, 1, 31),
    ),
    (
        "丁曌",
        0,
        "liangjiang",
        "科技创新局",
        "局长助理",
        "科技金融",
        date(2020, 9, 21),
        date(2021, 3, 20),
        PostingStatus.COMPLETED,
        date(2021, 3, 20),
    ),
    (
        "李晓雯",
        1,
        "tianfu",
        "天府总部商务区",
        "副主任",
        "总部经济招商",
        FromToday(-3),  # 2026-06-01
        FromToday(3, 14),  # 2026-12-15
        PostingStatus.ACTIVE,
        None,
    ),
    (
        "王建国",
        1,
        "liangjiang",
        "科技创新局",
        "副局长",
        "科技创新协同",
        FromToday(-4, 5),  # 2026-05-06
        FromToday(2, 4),  # 2026-11-05
        PostingStatus.ACTIVE,
        None,
    ),
    (
        "陈思远",
        1,
        "liangjiang",
        "政务大厅（自贸试验区）",
        "副主任",
        "两江天府合作示范窗口",
        FromToday(4, 3),  # 2027-01-04
        FromToday(10, 2),  # 2027-07-03
        PostingStatus.PROPOSED,
        None,
    ),
]

EXTENSIONS = [
    # 王建国's term was extended: the planned end above is before the extension.
    (
        "王建国",
        FromToday(5, 4),  # 2027-02-05
        "两地科技创新协同项目进入落地阶段，经双方组织人事部门商定延期三个月。",
    ),
]

REPORTS: list[dict[str, Any]] = [
    {
        "cadre": "张想",
        "kind": ReportKind.REFLECTION,
        "title": "挂职近4个月的心得体会",
        "report_date": date(2021, 1, 2),
        "tags": "所学所获,短板不足",
        "body": (
            "这近4个月时间过太快了，感觉学到了很多东西，也感觉还有不少短板，有很多东西还要抓紧学。\n\n"
            "在天府新区的新岗位上，我主要从事商务事业领域工作。天府新区总部商务区正大力发展"
            "总部经济、会展博览主导产业，积极培育创新型金融、体验式文创两大生态配套产业，"
            "同步发展会计师事务所、律师事务所、咨询、广告等商务服务体系，加快导入国际化商圈建设，"
            "着力构建大企业大集团集群发展格局。\n\n"
            "近期两江新区多个商业综合体开业运营，两江新区现代服务业发展势头十分强劲。"
            "双城生活很充实，压力大、动力更足。"
        ),
        "remark": "双城生活充实、收获很大。望把天府总部经济和会展博览的经验带回两江，补齐短板。",
    },
    {
        "cadre": "丁曌",
        "kind": ReportKind.REFLECTION,
        "title": "在两江新区科技创新局挂职三个月的体会",
        "report_date": date(2021, 1, 4),
        "tags": "所学所获,工作成效",
        "body": (
            "这样一种干部互派的机制，是非常有意义的。\n\n"
            "在两江新区科技创新局的工作，将进一步提升我的工作阅历，帮助我成长为一个科技金融"
            "领域的专家，对于以后自身的发展将有非常重要的帮助。"
        ),
        "remark": None,
    },
]


def _district(code: str) -> District:
    return db.session.scalars(sa.select(District).where(District.code == code)).one()


def _department(district_code: str, name: str) -> Department | None:
    return db.session.scalar(
        sa.select(Department)
        .join(District)
        .where(District.code == district_code, Department.name == name)
    )


def _cadre(name: str) -> Cadre:
    return db.session.scalars(sa.select(Cadre).where(Cadre.name == name)).one()


def _user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def _seed_districts(created: dict) -> None:
    for order, (code, name, name_en, province) in enumerate(DISTRICTS, 1):
        if not db.session.scalar(sa.select(District.id).where(District.code == code)):
            db.session.add(
                District(
                    code=code,
                    name=name,
                    name_en=name_en,
                    province=province,
                    display_order=order,  # 显示顺序: as the article names them
                )
            )
            created["districts"] += 1
    db.session.flush()


def _seed_departments(created: dict) -> None:
    for code, departments in DEPARTMENTS.items():
        district = _district(code)
        for name, name_en in departments:
            if _department(code, name) is None:
                db.session.add(Department(district=district, name=name, name_en=name_en))
                created["departments"] += 1
    db.session.flush()


def _seed_cadres(created: dict) -> None:
    for name, gender, district_code, department, position, note in CADRES:
        if not db.session.scalar(sa.select(Cadre.id).where(Cadre.name == name)):
            details = CADRE_DETAILS.get(name, {})
            db.session.add(
                Cadre(
                    name=name,
                    gender=gender,
                    home_department=_department(district_code, department),
                    home_position=position,
                    notes=f"{note}{MADE_UP_DETAILS}" if details else note,
                    **details,
                )
            )
            created["cadres"] += 1
    db.session.flush()


def _seed_accounts(created: dict, password: str) -> None:
    password_hash = None
    for username, role, display_name, district_code, cadre_name in ACCOUNTS:
        if _user(username) is None:
            password_hash = password_hash or hash_password(password)
            db.session.add(
                User(
                    username=username,
                    role=role,
                    display_name=display_name,
                    district=_district(district_code) if district_code else None,
                    cadre=_cadre(cadre_name) if cadre_name else None,
                    password_hash=password_hash,
                )
            )
            created["accounts"] += 1
    db.session.flush()


def _on_today(spec: dict) -> dict:
    """The programme's spec with its dates as of today and the year in its name."""
    spec = {
        key: _day(value) if isinstance(value, FromToday) else value for key, value in spec.items()
    }
    spec["name"] = spec["name"].format(year=spec["start_date"].year)
    return spec


def _new_programme(spec: dict) -> Programme:
    programme = Programme(
        name=spec["name"],
        description=spec["description"],
        agreement_date=spec["agreement_date"],
        start_date=spec["start_date"],
        end_date=spec["end_date"],
        standard_term_months=spec["standard_term_months"],
        reports_required_from=spec.get("reports_required_from"),
        team_leader=spec["team_leader"],
        districts=[_district(code) for code in spec["districts"]],
    )
    for home, host, limit in spec["quotas"]:
        programme.quotas.append(
            Quota(home_district=_district(home), host_district=_district(host), max_postings=limit)
        )
    for kind, value, source in PROGRAMME_RULES + APPRAISAL_RULES:
        programme.term_rules.append(TermRule(kind=kind, value=value, source=source))
    return programme


def _seed_programmes(created: dict) -> list[Programme]:
    programmes = []
    for spec in map(_on_today, PROGRAMMES):
        programme = db.session.scalar(sa.select(Programme).where(Programme.name == spec["name"]))
        if programme is None:
            programme = _new_programme(spec)
            db.session.add(programme)
            created["programmes"] += 1
        programmes.append(programme)
    db.session.flush()
    return programmes


def _extend(posting: Posting, cadre_name: str, created_by: User | None) -> None:
    for ext_cadre, written_end, reason in EXTENSIONS:
        new_end = _day(written_end)
        if ext_cadre == cadre_name:
            db.session.add(
                Extension(
                    posting=posting,
                    previous_planned_end_date=posting.planned_end_date,
                    new_planned_end_date=new_end,
                    reason=reason,
                    created_by=created_by,
                )
            )
            posting.planned_end_date = new_end


def _seed_postings(created: dict, programmes: list[Programme]) -> None:
    hr_by_district = {code: _user(f"hr.{code}") for code in ("liangjiang", "tianfu", "cdedz")}
    for spec in POSTINGS:
        (cadre_name, programme_index, host_code, host_department, host_position) = spec[:5]
        (portfolio, written_start, written_end, status, actual_end) = spec[5:]
        start, planned_end = _day(written_start), _day(written_end)
        cadre = _cadre(cadre_name)
        exists = db.session.scalar(
            sa.select(Posting.id).where(Posting.cadre_id == cadre.id, Posting.start_date == start)
        )
        if exists:
            continue
        home_code = cadre.home_department.district.code
        posting = Posting(
            cadre=cadre,
            programme=programmes[programme_index],
            home_department=cadre.home_department,
            home_position=cadre.home_position,
            host_department=_department(host_code, host_department),
            host_position=host_position,
            portfolio=portfolio,
            start_date=start,
            planned_end_date=planned_end,
            actual_end_date=actual_end,
            status=status,
            proposed_by=hr_by_district[home_code],
        )
        if status != PostingStatus.PROPOSED:
            posting.decided_by = hr_by_district[host_code]
            posting.decided_at = _at(start.replace(day=1))
        db.session.add(posting)
        created["postings"] += 1
        db.session.flush()
        _extend(posting, cadre_name, hr_by_district[home_code])
    db.session.flush()


def _seed_reports(created: dict) -> None:
    leader = _user("leader")
    for spec in REPORTS:
        cadre = _cadre(spec["cadre"])
        posting = db.session.scalars(
            sa.select(Posting).where(Posting.cadre_id == cadre.id).order_by(Posting.start_date)
        ).first()
        if posting is None:
            continue
        exists = db.session.scalar(
            sa.select(ReflectionLog.id).where(
                ReflectionLog.posting_id == posting.id, ReflectionLog.title == spec["title"]
            )
        )
        if exists:
            continue
        report = ReflectionLog(
            posting=posting,
            author=cadre.user,
            kind=spec["kind"],
            title=spec["title"],
            report_date=spec["report_date"],
            body=spec["body"],
            tags=spec["tags"],
            status="submitted",
            submitted_at=_at(spec["report_date"], 18),
        )
        db.session.add(report)
        if spec["remark"]:
            report.comments.append(
                Comment(
                    author=leader,
                    kind=CommentKind.REMARK,
                    body=spec["remark"],
                    created_at=_at(spec["report_date"].replace(day=8), 9),
                )
            )
        created["reports"] += 1
    db.session.flush()


#: Each feature's own demo data, run after the shared records above, in this order.
#: A feature adds its ``seed(created, password)`` here (one line), never code above.
FEATURE_SEEDERS: list[Callable[[dict, str], None]] = [
    lambda created, password: reports_demo.seed(created, password),
    # Daily management (issue 13): leave before attendance (sheets fill in leave days).
    lambda created, password: _daily_seed(created, password),
    lambda created, password: appraisals_demo.seed(created),
    lambda created, password: attachments_demo.seed(created, password),
    lambda created, password: imports_demo.seed(created, password),
    lambda created, password: postings_demo.seed(created, password),
    lambda created, password: _programme_changes_seed(created, password),
]


def _programme_changes_seed(created: dict, password: str) -> None:
    from exchange.programmes import demo as programmes_demo

    programmes_demo.seed(created, password)


def _daily_seed(created: dict, password: str) -> None:
    from exchange.attendance import demo as attendance_demo
    from exchange.leave import demo as leave_demo
    from exchange.notifications import demo as notifications_demo
    from exchange.talks import demo as talks_demo

    for feature in (leave_demo, attendance_demo, talks_demo, notifications_demo):
        feature.seed(created, password)


def seed(password: str) -> dict[str, int]:
    """Load the demo data; return how many objects of each kind were created."""
    created = dict.fromkeys(
        ("districts", "departments", "cadres", "accounts", "programmes", "postings", "reports"), 0
    )
    _seed_districts(created)
    _seed_departments(created)
    _seed_cadres(created)
    _seed_accounts(created, password)
    _seed_postings(created, _seed_programmes(created))
    _seed_reports(created)
    for feature_seed in FEATURE_SEEDERS:
        feature_seed(created, password)
    if any(created.values()):
        record("demo.seed", summary=", ".join(f"{k}={v}" for k, v in created.items()))
    return created
