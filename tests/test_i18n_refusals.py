"""The wording of refusals, in both languages: service tests compare codes, this file the words."""

from datetime import date
from functools import partial

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.errors_domain import DomainError, NotAllowed
from exchange.extensions import db
from exchange.postings import services as postings
from exchange.postings import term_changes
from exchange.postings.models import Posting
from exchange.reports import services as reports
from exchange.reports.services import ReportData


@pytest.fixture
def in_language(app, world):
    """``with in_language("en"):`` a request whose interface language is ``en``."""

    def enter(lang):
        return app.test_request_context(headers={"Cookie": f"lang={lang}"})

    return enter


def user(username):
    return db.session.scalar(sa.select(User).where(User.username == username))


def refusal(call):
    with pytest.raises(DomainError) as error:
        call()
    return [str(reason.message) for reason in error.value.reasons]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_Hans_CN", ["2020年1月2日", "2026年6月1日", "2026年12月31日"]),
        ("en", ["January 2, 2020", "June 1, 2026", "December 31, 2026", "outside the posting"]),
    ],
)
def test_a_report_dated_outside_its_posting_names_the_dates(in_language, world, lang, words):
    with in_language(lang):
        posting = db.session.get(Posting, world.p_zx)
        data = ReportData("monthly", "心得", date(2020, 1, 2), "学到了很多东西。")
        [message] = refusal(lambda: reports.create_report(posting, user("zhangxiang"), data))
    assert all(word in message for word in words), message


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_Hans_CN", "提前结束日期必须早于计划结束日期 2026-12-31。"),
        ("en", "An early end must be before the planned end 2026-12-31."),
    ],
)
def test_a_posting_refusal_in_each_language(in_language, world, lang, expected):
    with in_language(lang):
        posting = db.session.get(Posting, world.p_zx)
        hr = user("hr.liangjiang")
        after_the_end = date(2027, 1, 15)
        call = partial(
            term_changes.end_posting_early,
            posting,
            hr,
            after_the_end,
            "家庭原因",
            posting.version,
            category="family",
        )
        assert refusal(call) == [expected]


def test_an_actor_refusal_says_who_may(in_language, world):
    with in_language("zh_Hans_CN"):
        posting = db.session.get(Posting, world.p_zx)
        with pytest.raises(NotAllowed) as error:
            postings.accept_posting(posting, user("leader"), posting.version)
        assert str(error.value.reasons[0].message) == "您无权对该挂职执行此操作。"


def test_the_command_line_speaks_chinese_first(runner, world):
    result = runner.invoke(
        args=["users", "create", "zx2", "--role", "cadre", "--cadre-id", str(world.cadre_zx)]
        + ["--password-stdin"],
        input="a long enough password\n",
    )
    assert "--cadre-id: 该干部已有账号。" in result.output
