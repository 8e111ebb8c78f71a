"""The authorization table: for every route, who gets what.

Each ``table_<feature>.py`` module in this package defines ``ROUTES``, a list of
``Route`` rows. ``tests/test_authorization.py`` fails when a route in ``app.url_map``
has no row, and checks every row for every role below.

Roles are concrete users of the ``world`` fixture: ``hr_lj`` is HR of 两江新区 (home
side of 张想's posting), ``hr_tf`` HR of 天府新区 (its host side), ``hr_cd`` HR of
成都经开区 (home side of 丁曌's posting, a stranger to 张想's), ``zx`` and ``dz``
the two seconded officials, ``anon`` nobody logged in.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("admin", "hr_lj", "hr_tf", "hr_cd", "leader", "zx", "dz", "anon")

OK = 200
REDIRECT = 302  # any redirect that is not to the login page
LOGIN = "login"  # redirected to the login page
DENIED = 403
MISSING = 404
# The version a form opened on one of the world's records carries: they are all fresh.
FRESH = "1"


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: Callable  # (world) -> str
    expect: dict  # role -> OK | REDIRECT | LOGIN | DENIED | MISSING | other status
    data: Callable | None = None  # (world) -> dict posted as the form
    note: str = ""
    extra: dict = field(default_factory=dict)


def everyone(value, **overrides) -> dict:
    """The same outcome for every role, except those named."""
    expect = dict.fromkeys(ROLES, value)
    expect.update(overrides)
    return expect


def logged_in(value, **overrides) -> dict:
    """``value`` for every logged-in role, the login page for anonymous visitors."""
    return everyone(value, anon=LOGIN, **overrides)


def prepare(app, world, row: Route) -> None:
    """Run the row's ``setup(world)`` (if any) in an app context; its ids join ``world``."""
    setup = row.extra.get("setup")
    if setup is None:
        return
    from exchange.extensions import db

    with app.app_context():
        for name, value in setup(world).items():
            setattr(world, name, value)
        db.session.commit()


def load_table() -> list[Route]:
    """Every row of every ``table_<feature>.py`` module in this package."""
    rows = []
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("table_"):
            rows += importlib.import_module(f"{__name__}.{module.name}").ROUTES
    return rows
