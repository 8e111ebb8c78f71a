"""Exchange (干部互派挂职管理): the application factory."""

import logging
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
    app.config.from_object(load_config(config_name, app.instance_path))
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_request_id(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_commands(app)
    return app


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
    from exchange import i18n
    from exchange.auth import login
    from exchange.extensions import bootstrap, csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login.init_app(app)
    i18n.init_app(app)
    import exchange.models  # noqa: F401  (every mapper configured before first use)


def register_blueprints(app: Flask) -> None:
    from exchange.attachments import bp as attachments_bp
    from exchange.audit import bp as audit_bp
    from exchange.auth import bp as auth_bp
    from exchange.cadres import bp as cadres_bp
    from exchange.home import bp as home_bp
    from exchange.imports import bp as imports_bp
    from exchange.notifications import bp as notifications_bp
    from exchange.org import bp as org_bp
    from exchange.postings import bp as postings_bp
    from exchange.programmes import bp as programmes_bp
    from exchange.reports import bp as reports_bp
    from exchange.rosters import bp as rosters_bp

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
        imports_bp,
        attachments_bp,
    ):
        app.register_blueprint(bp)


def register_errorhandlers(app: Flask) -> None:
    from exchange import errors

    errors.init_app(app)


def register_request_hooks(app: Flask) -> None:
    from exchange import security

    security.init_app(app)

    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )


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
