"""Exchange (干部互派挂职管理): the application factory."""

import os
import secrets
from pathlib import Path

from flask import Flask, g

from config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None, config_name: str | None = None) -> Flask:
    """Build the app; ``test_config`` selects the testing configuration and overrides it."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    if test_config is not None and config_name is None:
        config_name = "testing"
    if test_config is None:
        load_env_file()
    app.config.from_object(load_config(config_name, app.instance_path))
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from exchange.ops.datafiles import check_data_files

    check_data_files()

    register_converters(app)
    register_request_id(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def load_env_file() -> None:
    """Settings from ``.env`` in the checkout (or ``EXCHANGE_ENV_FILE``); the real
    environment wins over the file. Tests pass ``test_config`` and never read it."""
    from dotenv import load_dotenv

    load_dotenv(os.environ.get("EXCHANGE_ENV_FILE") or ROOT / ".env", override=False)


def register_converters(app: Flask) -> None:
    """``<int:...>`` in every URL is an id the database can hold (else 404)."""
    from exchange.web.params import IdConverter

    app.url_map.converters["int"] = IdConverter


def register_request_id(app: Flask) -> None:
    """First of all hooks, so that even a refused CSRF token has a request id to show."""

    @app.before_request
    def assign_request_id():
        g.request_id = secrets.token_hex(8)

    @app.after_request
    def add_request_id(response):
        if request_id := g.get("request_id"):
            response.headers["X-Request-ID"] = request_id
        return response


def register_extensions(app: Flask) -> None:
    from exchange import i18n, mail
    from exchange.auth import login
    from exchange.db import end_reading
    from exchange.extensions import bootstrap, csrf, db, limiter, migrate

    db.init_app(app)
    # A request's teardown runs before its app context's, where the session is removed.
    app.teardown_request(end_reading)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login.init_app(app)
    i18n.init_app(app)
    mail.init_app(app)
    import exchange.models  # noqa: F401  (every mapper configured before first use)


def register_blueprints(app: Flask) -> None:
    from exchange.appraisals import bp as appraisals_bp
    from exchange.attachments import bp as attachments_bp
    from exchange.attendance import bp as attendance_bp
    from exchange.audit import bp as audit_bp
    from exchange.auth import bp as auth_bp
    from exchange.cadres import bp as cadres_bp
    from exchange.documents import bp as documents_bp
    from exchange.home import bp as home_bp
    from exchange.imports import bp as imports_bp
    from exchange.leave import bp as leave_bp
    from exchange.lrmx import bp as lrmx_bp
    from exchange.notifications import bp as notifications_bp
    from exchange.org import bp as org_bp
    from exchange.postings import bp as postings_bp
    from exchange.programmes import bp as programmes_bp
    from exchange.reports import bp as reports_bp
    from exchange.rosters import bp as rosters_bp
    from exchange.talks import bp as talks_bp
    from exchange.workdays import bp as workdays_bp

    for bp in (
        home_bp,
        auth_bp,
        org_bp,
        cadres_bp,
        programmes_bp,
        postings_bp,
        reports_bp,
        notifications_bp,
        rosters_bp,
        audit_bp,
        # Daily management (issue 13)
        workdays_bp,
        leave_bp,
        attendance_bp,
        talks_bp,
        appraisals_bp,
        documents_bp,
        lrmx_bp,
        imports_bp,
        attachments_bp,
    ):
        app.register_blueprint(bp)
    from exchange.api import setup as api

    api.init_app(app)  # the JSON API (/api/v1) and the account page's tokens


def register_errorhandlers(app: Flask) -> None:
    from exchange import errors

    errors.init_app(app)


def register_request_hooks(app: Flask) -> None:
    from exchange import ops, security

    security.init_app(app)
    ops.init_app(app)  # the request log, /healthz, backup and restore


def register_template_helpers(app: Flask) -> None:
    from exchange import policy, templating
    from exchange.web import nav, sections

    app.jinja_env.globals.update(
        policy=policy, nav_items=nav.items_for, page_sections=sections.for_page
    )
    templating.init_app(app)


def register_commands(app: Flask) -> None:
    """The core commands; each feature's come with its blueprint (``bp.cli``)."""
    from exchange import commands

    app.register_blueprint(commands.bp)
