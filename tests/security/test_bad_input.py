"""Bad input that used to give a 500 now gives 400 or 404 with a message (issue 11).

Every route of ``app.url_map`` gets ids the database cannot hold; every GET route of the
authorization table gets every query parameter a list page reads, set to numbers in other
scripts or past 2^31 / 2^63, dates at the calendar's ends, forged keyset cursors and LIKE
wildcards, as an administrator and as HR. Runs on the suite's database (SQLite locally,
PostgreSQL with EXCHANGE_TEST_DATABASE_URL), where the overflows differ.
"""

import base64
import json
import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from wtforms.fields import DateField, PasswordField, StringField

from exchange.extensions import db
from exchange.web.forms import BaseForm
from tests.security.helpers import login_session
from tests.security.test_fuzz import GET_ROWS

ROLES = ("admin", "hr_lj")

# Past PostgreSQL's integer, past 64 bits: an administrator gets one, HR the other.
HUGE_IDS = {"admin": 2**31, "hr_lj": 10**30}


def _url_with(rule, value) -> str:
    """The rule's path with every ``<int:...>`` set to ``value`` (other parts: a valid one)."""

    def part(match):
        converter, _, name = match.group(1).rpartition(":")
        if converter == "int":
            return str(value)
        if converter.startswith("any("):
            return converter[4:].split(",")[0].strip(" )'\"")
        return "x"

    return re.sub(r"<([^>]+)>", part, rule.rule)


def _id_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(type(c).__name__ == "IdConverter" for c in rule._converters.values())
    ]


@pytest.mark.parametrize("role", ROLES)
def test_an_id_the_database_cannot_hold_is_404_in_every_url(app, client, world, role):
    login_session(client, app, world.users[role])
    rules = _id_rules(app)
    assert len(rules) > 50
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = _url_with(rule, HUGE_IDS[role])
            response = client.open(url, method=method)
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
    # Digits of other scripts are no id either; the largest id that fits still is one.
    assert client.get(f"/cadres/{'١٢'}").status_code == 404
    assert client.get("/cadres/²").status_code == 404
    assert client.get(f"/cadres/{2**31 - 1}").status_code == 404  # fits: looked up, not there


def _cursor(*items) -> str:
    raw = json.dumps(list(items), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


INTS = ["²", "١٢", "-1", str(2**31), str(2**63), "1" + "0" * 30, "true"]
DATES = ["9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "9999-12"]
CURSORS = [
    _cursor("2026-09-01", True, 0),
    _cursor("2026-09-01", 10**30, 0),
    _cursor("a\x00b", 1, 0),
    _cursor("9999-12-31", 1, 0),
    _cursor("0001-01-01", 1, 1),
    _cursor("x", 2**31, True),
    "!!!",
]
TEXTS = ["%", "_", "\\", "\u202e"]
PAGES = ["0", str(2**64), "1" + "0" * 40, "²"]
# The keyset lists' cursors: the roster's and one list's ``cursor``, the postings page's three.
CURSOR_PARAMS = ("cursor", "pending_cursor", "outgoing_cursor", "incoming_cursor")

# Every query parameter a page or an export reads (grep request.args / *FilterForm).
INT_PARAMS = (
    "district",
    "department",
    "programme",
    "ar_district",
    "posting_id",
    "object_id",
    "district_id",
    "before",
    "year",
    "cadre",
    "cadre_id",
    "role",
    "active",
)
DATE_PARAMS = (
    "as_of",
    "date_from",
    "date_to",
    "ar_from",
    "ar_to",
    "period_start",
    "period_end",
    "month",
    "from",
    "to",
    "date",
)
TEXT_PARAMS = ("q", "ar_person", "actor", "action", "status", "kind", "ar_kind", "only")


def _bad_query(i: int) -> dict:
    """Round ``i``: each parameter a bad value of its kind, neighbours different ones, so
    that a few rounds try every value somewhere (the list pages get each one alone below)."""

    def pick(values, j):
        return values[(i + j) % len(values)]

    query = {name: pick(INTS, j) for j, name in enumerate(INT_PARAMS)}
    query |= {name: pick(DATES, j) for j, name in enumerate(DATE_PARAMS)}
    query |= {name: pick(TEXTS, j) for j, name in enumerate(TEXT_PARAMS)}
    query["page"] = pick(PAGES, 0)
    query |= {name: pick(CURSORS, j) for j, name in enumerate(CURSOR_PARAMS)}
    query["count"] = ("exact", "x")[i % 2]
    query["sort"] = ("start", "cadre")[i % 2]
    query["order"] = ("asc", "desc")[i % 2]
    return query


ROUNDS = 4


def _get_routes(world):
    paths = set()
    for row in GET_ROWS:
        if row.extra.get("setup"):
            continue
        url = row.url(world)
        parts = urlsplit(url)
        paths.add(parts.path)
    return sorted(paths)


@pytest.mark.parametrize("role", ROLES)
def test_bad_query_strings_never_give_a_5xx_on_any_page(app, client, world, role):
    """Every GET route, every known parameter at once; the rounds shared between roles."""
    login_session(client, app, world.users[role])
    paths = _get_routes(world)
    assert len(paths) > 40
    for path in paths:
        for i in range(ROLES.index(role), ROUNDS, len(ROLES)):
            response = client.get(path, query_string=_bad_query(i))
            response.get_data()  # an export streams: run it to its end
            assert response.status_code < 500, f"GET {path} {_bad_query(i)}: 500"


ROSTER = {"district": INTS, "department": INTS, "programme": INTS, "as_of": DATES}
ROSTER |= {"cursor": CURSORS, "q": TEXTS}
# The list pages and what each reads from its query string, with who reads it.
LIST_PAGES = [
    ("admin", "/roster", ROSTER),
    ("hr_lj", "/roster", ROSTER),
    ("admin", "/roster/print", ROSTER),
    ("hr_lj", "/roster/export.csv", ROSTER),
    ("admin", "/roster/export.xlsx", ROSTER),
    ("hr_lj", "/dashboard", {"programme": INTS, "district": INTS}),
    (
        "admin",
        "/audit",
        {"object_id": INTS, "district_id": INTS, "before": INTS}
        | {"date_from": DATES, "date_to": DATES, "actor": TEXTS, "action": TEXTS},
    ),
    ("admin", "/org/accounts", {"district_id": INTS, "active": INTS}),
    ("hr_lj", "/reports", {"q": TEXTS, "cursor": CURSORS}),
    ("hr_lj", "/cadres", {"q": TEXTS, "cursor": CURSORS}),
    ("admin", "/postings", {"status": TEXTS, "cursor": CURSORS}),
    ("hr_lj", "/postings", {name: CURSORS for name in CURSOR_PARAMS[1:]}),
    (
        "leader",
        "/",
        {"ar_district": INTS, "ar_from": DATES, "ar_to": DATES, "ar_person": TEXTS},
    ),
    ("admin", "/holidays", {"year": INTS}),
    ("zx", "/reports/new", {"posting_id": INTS, "period_start": DATES, "period_end": DATES}),
]


def test_each_bad_parameter_alone_on_the_list_pages(app, client, world):
    """One parameter at a time, so that no refusal of another hides a 500."""
    for role, path, params in LIST_PAGES:
        login_session(client, app, world.users[role])
        for name, values in params.items():
            for i, value in enumerate(values):
                sort = ("start", "cadre")[i % 2]
                response = client.get(path, query_string={name: value, "sort": sort})
                response.get_data()
                assert response.status_code < 500, f"GET {path}?{name}={value!r} as {role}: 500"


def test_a_filter_id_in_other_digits_is_refused_with_a_message(app, client, world):
    login_session(client, app, world.users["admin"])
    for path in ("/roster", "/roster/print"):
        response = client.get(path, query_string={"district": "²"})
        assert response.status_code == 400
        assert "未知的区域" in response.get_data(as_text=True) or "区" in response.get_data(
            as_text=True
        )
    for path in ("/roster/export.csv", "/roster/export.xlsx"):
        response = client.get(path, query_string={"district": "²"})
        assert response.status_code == 400
        assert "text/html" in response.content_type


@pytest.mark.parametrize(
    ("role", "path", "param"),
    [
        ("admin", "/roster", "cursor"),
        ("admin", "/postings", "cursor"),
        ("hr_lj", "/postings", "outgoing_cursor"),
        ("admin", "/cadres", "cursor"),
        ("admin", "/reports", "cursor"),
    ],
)
def test_forged_cursors_are_dropped(app, client, world, role, path, param):
    login_session(client, app, world.users[role])
    for cursor in CURSORS:
        response = client.get(path, query_string={param: cursor})
        assert response.status_code == 400, cursor
        assert "分页链接无效" in response.get_data(as_text=True)


def test_dates_at_the_calendars_ends_are_refused_not_overflowed(app, client, world):
    login_session(client, app, world.users["admin"])
    response = client.get("/audit", query_string={"date_to": "9999-12-31"})
    assert response.status_code == 400
    assert "1900" in response.get_data(as_text=True)
    assert client.get("/roster", query_string={"as_of": "0001-01-01"}).status_code == 400


def test_every_form_derives_from_the_base_form(app):
    """So every form strips control and bidi characters and refuses off-calendar dates."""
    from flask_wtf import FlaskForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    strays = [
        f"{c.__module__}.{c.__qualname__}"
        for c in subclasses(FlaskForm)
        if c.__module__.startswith("exchange.") and not issubclass(c, BaseForm)
    ]
    assert strays == []


def test_base_form_cleans_text_and_refuses_off_calendar_dates(req):
    from werkzeug.datastructures import MultiDict
    from wtforms import TextAreaField

    class Form(BaseForm):
        class Meta:
            csrf = False

        name = StringField(filters=[lambda v: v.strip() if v else v])
        body = TextAreaField()
        password = PasswordField()
        day = DateField()

    form = Form(
        MultiDict(
            {
                "name": " \u202e张\u2066想\u200f\x07 ",
                "body": "一\n二\u202e\t三\x00",
                "password": "pa\u202ess",
                "day": "9999-12-31",
            }
        )
    )
    assert form.name.data == "张想"
    assert form.body.data == "一\n二\t三"
    assert form.password.data == "pa\u202ess"
    assert not form.validate()
    assert form.day.errors and "1900" in str(form.day.errors[0])
    # The declared field keeps its declaration: a second form cleans the same way.
    assert Form(MultiDict({"name": "\u202a李"})).name.data == "李"


def test_a_unique_violation_in_act_is_a_409_and_nothing_is_written(app, world):
    """Two requests saving the same unique thing at once: the one that flushes second
    meets the unique index (its own check ran before the other committed)."""
    from exchange.org.models import District
    from exchange.web.actions import act
    from exchange.web.forms import EmptyForm

    with app.test_request_context("/", method="POST"):
        taken = db.session.get(District, world.lj).name

        def save_twin():
            db.session.add(District(code="twin", name=taken, province="重庆市"))
            db.session.flush()

        form = EmptyForm()
        status, errors = act(
            form, save_twin, success="/", failure=lambda s: (s, list(form.form_errors))
        )
        assert status == 409
        assert "同一时间" in str(errors[0])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(District)) == 3


def test_an_integrity_error_outside_act_is_a_409_page(app, client, world):
    """A view that commits by itself (an upload, an import) gets the same answer."""
    from exchange.org.models import District

    @app.get("/_test/twin")
    def twin():
        taken = db.session.get(District, world.lj).name
        db.session.add(District(code="twin", name=taken, province="重庆市"))
        db.session.commit()
        return "saved"

    response = client.get("/_test/twin")
    assert response.status_code == 409
    assert "刷新" in response.get_data(as_text=True) or "重新" in response.get_data(as_text=True)


def test_a_refusal_no_form_caught_is_its_status_with_its_message(app, client, world):
    from exchange.errors_domain import ConflictError, DomainError, NotAllowed

    for path, error in (
        ("/_test/domain", DomainError([("start_date", "overlap", "请假与已有请假重叠")])),
        ("/_test/conflict", ConflictError([(None, "stale", "已被他人修改")])),
        ("/_test/denied", NotAllowed([(None, "not_allowed", "不可")])),
    ):
        app.add_url_rule(path, path, lambda error=error: (_ for _ in ()).throw(error))
    login_session(client, app, world.users["admin"])
    response = client.get("/_test/domain")
    assert response.status_code == 400 and "请假与已有请假重叠" in response.get_data(as_text=True)
    response = client.get("/_test/conflict")
    assert response.status_code == 409 and "已被他人修改" in response.get_data(as_text=True)
    assert client.get("/_test/denied").status_code == 403


def test_a_document_in_an_unknown_format_is_404(app, client, world):
    login_session(client, app, world.users["admin"])
    for url in (
        f"/reports/{world.r_zx}/document.x",
        f"/postings/{world.p_zx}/documents/approval.x",
        f"/postings/{world.p_zx}/documents/appraisal.doc",
        f"/programmes/{world.programme}/compilation.PDF",
    ):
        assert client.get(url).status_code == 404, url


def test_an_lrmx_upload_that_is_no_lrmx_file_says_why(app, client, world):
    import io
    from datetime import date

    from exchange.cadres.models import Cadre

    with app.app_context():
        db.session.get(Cadre, world.cadre_zx).birth_month = date(1985, 3, 1)
        db.session.commit()
    login_session(client, app, world.users["hr_lj"])
    response = client.post(
        f"/cadres/{world.cadre_zx}/lrmx",
        data={"file": (io.BytesIO(b"<?xml version='1.0'?><Foo/>"), "a.lrmx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "&lt;Person&gt;" in response.get_data(as_text=True)  # the message, as text


def test_two_annual_appraisals_signed_at_once_give_409_not_500(app, client, world, monkeypatch):
    """The second request looked before the first committed (so it found no appraisal and
    adds one): the unique key (posting, kind, year) refuses it at flush, a 409."""
    from exchange.appraisals import services
    from exchange.appraisals.models import Appraisal
    from tests.authz.table_appraisals import host_signed

    with app.app_context():
        host_signed(world)
        db.session.commit()
    monkeypatch.setattr(services, "find", lambda *args, **kwargs: None)
    login_session(client, app, world.users["hr_tf"])
    response = client.post(
        f"/postings/{world.p_zx}/appraisals/2026",
        data={"host-annual-2026-work_record": "分管商务", "host-annual-2026-grade": "excellent"},
    )
    assert response.status_code == 409
    assert "同一时间" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Appraisal)) == 1
