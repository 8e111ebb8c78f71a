"""The yardstick: Flask-Admin's list of the same postings, as a competent developer sets it up.

Twelve columns through the same relationships as the roster, fifty a page, sorted like
the roster's first page (start date, then id), the relationships loaded in the same
statement (``column_select_related_list``), search on the cadre's name and its pinyin,
CSV export of every row. Only the benchmark mounts it (bench/app.py, at /bench-admin/);
nothing of Flask-Admin is part of the product.
"""

from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user

URL = "/bench-admin"
LIST = f"{URL}/posting/"
EXPORT_CSV = f"{LIST}export/csv/"
RELATED = (
    "cadre",
    "home_district",
    "home_department",
    "host_district",
    "host_department",
    "programme",
)


class PostingList(ModelView):
    can_create = can_edit = can_delete = False
    can_export = True
    export_types = ["csv"]
    export_max_rows = 0  # every row
    page_size = 50
    column_list = (
        "cadre.name",
        "home_district.name",
        "home_department.name",
        "home_position",
        "host_district.name",
        "host_department.name",
        "host_position",
        "programme.name",
        "start_date",
        "planned_end_date",
        "actual_end_date",
        "status",
    )
    column_searchable_list = ("cadre.name", "cadre.name_pinyin", "cadre.name_initials")
    column_default_sort = [("start_date", False), ("id", False)]

    def __init__(self, model, session, **kwargs):
        # Loaded in the list's own statement (joinedload), not one query per row.
        self.column_select_related_list = tuple(getattr(model, name) for name in RELATED)
        super().__init__(model, session, **kwargs)

    def is_accessible(self) -> bool:
        """Who may read the roster may read this list: the same login and check."""
        from exchange import policy

        return policy.can_view_roster(current_user)


def install(app) -> None:
    """Mount the list on ``app`` (after create_app: the product's modules import in its order)."""
    from exchange.extensions import db
    from exchange.postings.models import Posting

    admin = Admin(app, name="bench", url=URL, endpoint="bench_admin")
    admin.add_view(PostingList(Posting, db.session, endpoint="bench_admin_posting", url="posting"))
