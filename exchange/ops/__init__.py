"""Operations: the health endpoint, the request log, backup and restore, start-up checks.

Nothing here is a feature a user sees; it is what a deployment needs to run the app,
watch it and recover it (deploy/ and the README's production section use it).
"""

from flask import Blueprint

bp = Blueprint("ops", __name__)

from exchange.ops import health  # noqa: E402, F401


def init_app(app) -> None:
    from exchange.ops import backup, requestlog, waitdb

    requestlog.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(backup.backup_command)
    app.cli.add_command(backup.restore_command)
    app.cli.add_command(waitdb.wait_for_db_command)
