"""The one calendar arithmetic: months clamped to month ends, and months ↔ days."""

from datetime import date

import pytest

from exchange.dates import add_months, days_to_months, months_to_days


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 3, 15), -3, date(2025, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_ends(day, months, expected):
    assert add_months(day, months) == expected


def test_a_series_keeps_its_day_of_month():
    assert add_months(date(2026, 2, 28), 1, anchor_day=31) == date(2026, 3, 31)


def test_months_and_days():
    assert months_to_days(24) == 730
    assert months_to_days(6) == 183
    assert days_to_months(730) == 24.0
    assert days_to_months(153) == 5.0  # 1 March to 31 July
