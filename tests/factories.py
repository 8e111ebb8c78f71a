"""Factories for test data. Call them inside an app context; they flush, never commit."""

from datetime import date, datetime, time

from exchange.auth.models import User
from exchange.auth.passwords import hash_password
from exchange.cadres.models import Cadre
from exchange.clock import TZ
from exchange.extensions import db
from exchange.org.models import Department, District
from exchange.postings.models import Posting
from exchange.programmes.models import Programme, Quota
from exchange.reports.models import Comment, ReflectionLog

PASSWORD = "correct horse battery"
_hash_cache: dict[str, str] = {}


def _password_hash(password: str) -> str:
    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    return _hash_cache[password]


def create_district(code: str, name: str | None = None, province: str = "") -> District:
    district = District(code=code, name=name or code, name_en=code, province=province)
    db.session.add(district)
    db.session.flush()
    return district


def create_department(district: District, name: str, parent: Department | None = None):
    department = Department(district=district, name=name, parent=parent)
    db.session.add(department)
    db.session.flush()
    return department


def create_cadre(name: str, department: Department, position: str = "副局长", **kw) -> Cadre:
    cadre = Cadre(name=name, home_department=department, home_position=position, **kw)
    db.session.add(cadre)
    db.session.flush()
    return cadre


def create_user(
    username: str,
    role: str,
    district: District | None = None,
    cadre: Cadre | None = None,
    password: str = PASSWORD,
    **kw,
) -> User:
    user = User(
        username=username,
        role=role,
        district=district,
        cadre=cadre,
        password_hash=_password_hash(password),
        display_name=kw.pop("display_name", username),
        **kw,
    )
    db.session.add(user)
    db.session.flush()
    return user


def create_programme(
    districts: list[District],
    name: str = "测试交流批次",
    start_date: date = date(2020, 1, 1),
    end_date: date = date(2030, 12, 31),
    quotas: list[tuple[District, District, int]] = (),
    **kw,
) -> Programme:
    programme = Programme(
        name=name, start_date=start_date, end_date=end_date, districts=list(districts), **kw
    )
    for home, host, limit in quotas:
        programme.quotas.append(Quota(home_district=home, host_district=host, max_postings=limit))
    db.session.add(programme)
    db.session.flush()
    return programme


def create_posting(
    cadre: Cadre,
    host_department: Department,
    programme: Programme,
    start_date: date = date(2026, 6, 1),
    planned_end_date: date = date(2026, 12, 31),
    status: str = "active",
    host_position: str = "副主任",
    **kw,
) -> Posting:
    posting = Posting(
        cadre=cadre,
        programme=programme,
        home_department=cadre.home_department,
        home_position=cadre.home_position,
        host_department=host_department,
        host_position=host_position,
        start_date=start_date,
        planned_end_date=planned_end_date,
        status=status,
        **kw,
    )
    db.session.add(posting)
    db.session.flush()
    return posting


def create_report(
    posting: Posting,
    author: User,
    status: str = "submitted",
    title: str = "心得体会",
    report_date: date | None = None,
    kind: str = "reflection",
    body: str = "学到了很多东西。",
    **kw,
) -> ReflectionLog:
    report_date = report_date or posting.start_date
    report = ReflectionLog(
        posting=posting,
        author=author,
        status=status,
        title=title,
        report_date=report_date,
        kind=kind,
        body=body,
        submitted_at=datetime.combine(report_date, time(18), tzinfo=TZ)
        if status == "submitted"
        else None,
        **kw,
    )
    db.session.add(report)
    db.session.flush()
    return report


def create_comment(report: ReflectionLog, author: User, body: str = "阅。", kind: str = "comment"):
    comment = Comment(report=report, author=author, body=body, kind=kind)
    db.session.add(comment)
    db.session.flush()
    return comment
