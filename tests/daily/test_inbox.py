"""Every hand-over gives exactly one inbox item to exactly the right users, and acting on
it clears it; a change that rolled back leaves nothing."""

from datetime import date

import pytest
import sqlalchemy as sa

from exchange.attendance.services import SheetData, create_sheet
from exchange.extensions import db
from exchange.leave.services import (
    LeaveRequest,
    decide_leave,
    report_back,
    request_leave,
    withdraw_leave,
)
from exchange.notifications.models import Notification
from exchange.talks.services import TalkData, record_talk
from exchange.web.todos import todos_for


def snapshot(everyone) -> dict[str, set[str]]:
    """Each user's inbox: to-do keys and message keys."""
    state = {}
    for key, user in everyone.items():
        todos = {f"todo:{t.key}" for t in todos_for(user)}
        messages = set(
            db.session.scalars(sa.select(Notification.key).where(Notification.user_id == user.id))
        )
        state[key] = todos | {f"message:{m}" for m in messages}
    return state


class Inbox:
    """``with inbox.change() as seen:`` then ``seen.added`` / ``seen.removed`` per user."""

    def __init__(self, everyone):
        self.everyone = everyone

    def change(self):
        return _Change(self.everyone)


class _Change:
    def __init__(self, everyone):
        self.everyone = everyone

    def __enter__(self):
        self.before = snapshot(self.everyone)
        return self

    def __exit__(self, *exc):
        after = snapshot(self.everyone)
        self.added = {k: after[k] - self.before[k] for k in after if after[k] - self.before[k]}
        self.removed = {k: self.before[k] - after[k] for k in after if self.before[k] - after[k]}
        return False


@pytest.fixture
def inbox(everyone):
    return Inbox(everyone)


def ask(posting, user, start, end):
    return request_leave(posting, user, LeaveRequest("personal", start, end, "家事。"))


def test_leave_hand_overs(posting_zx, user, inbox):
    with inbox.change() as asked:
        leave = ask(posting_zx, user("zx"), date(2026, 9, 14), date(2026, 9, 18))
    assert asked.added == {"hr_tf": {f"todo:leave:{leave.id}:step:1"}}
    assert asked.removed == {}

    with inbox.change() as host_approved:
        decide_leave(leave, user("hr_tf"), True, "", leave.version)
    assert host_approved.removed == {"hr_tf": {f"todo:leave:{leave.id}:step:1"}}
    assert host_approved.added == {"hr_lj": {f"todo:leave:{leave.id}:step:2"}}

    with inbox.change() as approved:
        decide_leave(leave, user("hr_lj"), True, "", leave.version)
    assert approved.removed == {"hr_lj": {f"todo:leave:{leave.id}:step:2"}}
    assert approved.added == {"zx": {f"message:leave.approved:{leave.id}"}}


def test_a_declined_leave_tells_the_official(posting_zx, user, inbox):
    leave = ask(posting_zx, user("zx"), date(2026, 9, 7), date(2026, 9, 8))
    with inbox.change() as declined:
        decide_leave(leave, user("hr_tf"), False, "工作安排冲突。", leave.version)
    assert declined.removed == {"hr_tf": {f"todo:leave:{leave.id}:step:1"}}
    assert declined.added == {"zx": {f"message:leave.declined:{leave.id}"}}


def test_a_withdrawn_leave_leaves_the_approvers_list(posting_zx, user, inbox):
    leave = ask(posting_zx, user("zx"), date(2026, 9, 7), date(2026, 9, 8))
    with inbox.change() as withdrawn:
        withdraw_leave(leave, user("zx"), leave.version)
    assert withdrawn.removed == {"hr_tf": {f"todo:leave:{leave.id}:step:1"}}
    assert withdrawn.added == {}


def test_reporting_back_is_due_then_tells_both_sides(posting_zx, user, inbox):
    leave = ask(posting_zx, user("zx"), date(2026, 8, 24), date(2026, 8, 25))
    with inbox.change() as approved:
        decide_leave(leave, user("hr_tf"), True, "", leave.version)
    # The leave is over: the official is asked to report back, and told it was approved.
    assert approved.added == {
        "zx": {f"todo:leave:{leave.id}:report_back", f"message:leave.approved:{leave.id}"}
    }
    with inbox.change() as back:
        report_back(leave, user("zx"), date(2026, 8, 26), leave.version)
    assert back.removed == {"zx": {f"todo:leave:{leave.id}:report_back"}}
    message = f"message:leave.returned:{leave.id}"
    assert back.added == {"hr_lj": {message}, "hr_tf": {message}}


def test_a_submitted_sheet_tells_the_home_side(posting_zx, user, inbox):
    data = SheetData(date(2026, 7, 1), 23, 0, 0, 0)
    with inbox.change() as submitted:
        sheet = create_sheet(posting_zx, user("hr_tf"), data, submit=True)
    assert submitted.removed == {"hr_tf": {f"todo:attendance:{posting_zx.id}:2026-07"}}
    assert submitted.added == {"hr_lj": {f"message:attendance.submitted:{sheet.id}"}}


def test_a_recorded_talk_tells_the_official(posting_zx, user, inbox):
    with inbox.change() as recorded:
        talk = record_talk(
            posting_zx, user("hr_lj"), TalkData(date(2026, 8, 20), "phone", "干部科、张想")
        )
    assert recorded.added == {"zx": {f"message:talk.recorded:{talk.id}"}}


def test_a_change_that_rolled_back_leaves_nothing(posting_zx, user, everyone):
    before = snapshot(everyone)
    savepoint = db.session.begin_nested()
    leave = ask(posting_zx, user("zx"), date(2026, 8, 24), date(2026, 8, 25))
    decide_leave(leave, user("hr_tf"), True, "", leave.version)
    assert snapshot(everyone) != before
    savepoint.rollback()
    assert snapshot(everyone) == before


def test_a_proposal_waits_for_the_host_and_its_acceptance_is_told(world, user, inbox):
    from exchange.postings.services import PostingProposal, accept_posting, propose_posting

    with inbox.change() as proposed:
        posting = propose_posting(
            PostingProposal(
                cadre_id=world.cadre_other,
                programme_id=world.programme,
                home_department_id=world.lj_science,
                home_position="副处长",
                host_department_id=world.tf_hq,
                host_position="副主任",
                start_date=date(2026, 10, 1),
                planned_end_date=date(2027, 3, 31),
            ),
            user("hr_lj"),
        )
    assert proposed.added == {"hr_tf": {f"todo:posting:{posting.id}:accept"}}
    with inbox.change() as accepted:
        accept_posting(posting, user("hr_tf"), posting.version)
    assert accepted.removed == {"hr_tf": {f"todo:posting:{posting.id}:accept"}}
    # 李晓雯 has no account in this world: only the home side's HR is told.
    assert accepted.added == {"hr_lj": {f"message:posting.accept:{posting.id}"}}


def test_a_submitted_report_waits_for_comments_and_a_remark(world, user, inbox):
    from exchange.reports.models import ReflectionLog
    from exchange.reports.services import add_comment, add_remark, submit_report

    draft = db.session.get(ReflectionLog, world.r_zx_draft)
    with inbox.change() as submitted:
        submit_report(draft, user("zx"))
    assert submitted.added == {
        "hr_lj": {f"todo:report:{draft.id}:comment"},
        "hr_tf": {f"todo:report:{draft.id}:comment"},
        "leader": {f"todo:report:{draft.id}:remark"},
    }
    with inbox.change() as commented:
        comment = add_comment(draft, user("hr_lj"), "已阅，很好。")
    assert commented.removed == {"hr_lj": {f"todo:report:{draft.id}:comment"}}
    assert commented.added == {"zx": {f"message:report.comment:{comment.id}"}}
    with inbox.change() as remarked:
        remark = add_remark(draft, user("leader"), "望总结推广。")
    assert remarked.removed == {"leader": {f"todo:report:{draft.id}:remark"}}
    message = {f"message:report.remark:{remark.id}"}
    assert remarked.added == {"zx": message, "hr_lj": message, "hr_tf": message}


def test_a_posting_ending_early_tells_the_official_and_both_sides(posting_zx, user, inbox):
    from exchange.postings.term_changes import agree_term_change, end_posting_early

    change = end_posting_early(
        posting_zx, user("hr_lj"), date(2026, 8, 31), "工作需要。", None, category="home_need"
    )
    with inbox.change() as ended:
        agree_term_change(change, user("hr_tf"), "", None)
    message = {f"message:posting.end_early:{posting_zx.id}"}
    assert {k: v & message for k, v in ended.added.items() if v & message} == {
        "zx": message,
        "hr_lj": message,
        "hr_tf": message,
    }


def test_each_officers_bell_counts_their_own_districts_leave(posting_zx, user):
    """The bell's count (``awaiting_count``, its statement kept per role and district) is
    each officer's own, asked in turn by officers of different districts."""
    from exchange.leave.queries import awaiting, awaiting_count

    leave = ask(posting_zx, user("zx"), date(2026, 9, 14), date(2026, 9, 18))
    seen = [(awaiting_count(user(k)), len(awaiting(user(k)))) for k in ("hr_lj", "hr_tf", "hr_lj")]
    assert seen == [(0, 0), (1, 1), (0, 0)]
    decide_leave(leave, user("hr_tf"), True, "", leave.version)
    seen = [(awaiting_count(user(k)), len(awaiting(user(k)))) for k in ("hr_tf", "hr_lj", "admin")]
    assert seen == [(0, 0), (1, 1), (0, 0)]
