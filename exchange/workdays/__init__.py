"""Working days: weekends, China's public holidays and the adjusted working weekends (调休).

The holiday table (``calendar_day``) holds the days that differ from the plain rule
"Monday to Friday work": holidays, and weekends made working days. The official
arrangements of the State Council for 2020–2026 are seeded by the migration; the
administrator adds later years on the calendar page.
"""

from flask import Blueprint

bp = Blueprint("workdays", __name__)

from exchange.workdays import views  # noqa: E402, F401
