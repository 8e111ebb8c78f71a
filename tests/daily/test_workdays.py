"""Working days: weekends, public holidays and adjusted working weekends, from the table."""

from datetime import date

import pytest

from exchange.errors_domain import DomainError, NotAllowed
from exchange.workdays.days import calendar_for, leave_days, working_days
from exchange.workdays.official import SEEDED_YEARS, official_days
from exchange.workdays.services import DayRange, set_days


def test_the_seeded_years_are_2020_to_2026():
    assert SEEDED_YEARS == (2020, 2021, 2022, 2023, 2024, 2025, 2026)
    # Every adjusted working day is a weekend day: the table never says "work on a Tuesday".
    assert all(day.weekday() >= 5 for day, kind, *_ in official_days() if kind == "workday")


def test_a_plain_week_has_five_working_days(ctx):
    assert working_days(date(2026, 9, 7), date(2026, 9, 13)) == 5


def test_national_day_week_is_off_and_its_weekends_are_worked(ctx):
    # 2026: 1–7 October off; Sunday 20 September and Saturday 10 October worked.
    assert working_days(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert working_days(date(2026, 9, 28), date(2026, 10, 11)) == 3 + 2 + 1
    assert working_days(date(2026, 9, 20), date(2026, 9, 20)) == 1


def test_spring_festival_2026_and_its_two_working_saturdays(ctx):
    # 15–23 February off; Saturdays 14 and 28 February worked.
    assert working_days(date(2026, 2, 14), date(2026, 2, 14)) == 1
    assert working_days(date(2026, 2, 15), date(2026, 2, 23)) == 0
    assert working_days(date(2026, 2, 1), date(2026, 2, 28)) == 20 - 6 + 2


def test_2020s_extended_spring_festival(ctx):
    # Off until 2 February; Saturday 1 February was no longer worked.
    assert working_days(date(2020, 1, 31), date(2020, 2, 3)) == 1  # only Monday 3 February


def test_half_days_count_half_on_working_days_only(ctx):
    calendar = calendar_for(date(2026, 9, 30), date(2026, 10, 9))
    # Afternoon of Wednesday 30 September to the morning of Thursday 8 October: 0.5 + 0.5.
    assert leave_days(calendar, date(2026, 9, 30), date(2026, 10, 8), True, True) == 1


def test_the_administrator_extends_the_table(ctx, user):
    assert working_days(date(2027, 1, 1), date(2027, 1, 1)) == 1  # 2027 is not seeded
    set_days(DayRange(date(2027, 1, 1), None, "holiday", "元旦", "国办通知"), user("admin"))
    assert working_days(date(2027, 1, 1), date(2027, 1, 1)) == 0


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (DayRange(date(2027, 1, 5), date(2027, 1, 1), "holiday", "x"), "end_before_start"),
        (DayRange(date(2027, 1, 1), date(2027, 3, 1), "holiday", "x"), "range_too_long"),
        (DayRange(date(2027, 1, 1), None, "festival", "x"), "invalid_choice"),
        (DayRange(date(2027, 1, 1), None, "holiday", " "), "required"),
    ],
)
def test_bad_ranges_are_refused_with_a_code(ctx, user, data, code):
    with pytest.raises(DomainError) as caught:
        set_days(data, user("admin"))
    assert code in caught.value.codes


def test_hr_may_not_change_the_table(ctx, user):
    with pytest.raises(NotAllowed):
        set_days(DayRange(date(2027, 1, 1), None, "holiday", "元旦"), user("hr_lj"))
