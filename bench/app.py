"""The application the benchmark measures: the product, plus two bench-only additions.

- ``/_bench/floor``: the base template for the logged-in user and nothing else, the least
  any page of the app costs (user loaded, session checked, navigation, layout);
- Flask-Admin's list of the postings at /bench-admin/ (bench/admin.py), the yardstick.

Gunicorn serves it as ``bench.app:create_bench_app()``, on the day ``BENCH_TODAY`` (the
day the benchmark's data was generated for).
"""

import os

from flask import render_template
from flask_login import login_required

from bench import admin
from exchange import create_app

FLOOR = "/_bench/floor"


@login_required
def floor():
    return render_template("base.html")


def create_bench_app(config: dict | None = None, config_name: str | None = None):
    app = create_app(config, config_name)
    if config is None and (day := os.environ.get("BENCH_TODAY")):
        app.config["TODAY"] = day
    app.add_url_rule(FLOOR, "bench_floor", floor)
    admin.install(app)
    return app
