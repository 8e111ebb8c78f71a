"""Operations: the health endpoint, the request log, backup and restore, start-up checks.

Nothing here is a feature a user sees; it is what a deployment needs to run the app,
watch it and recover it (deploy/ and the README's production section use it). Its
commands (``flask backup``, ``restore``, ``wait-for-db``, ``bench-data``) hang on the
blueprint's CLI.
"""

from flask import Blueprint

bp = Blueprint("ops", __name__, cli_group=None)

from exchange.ops import backup, benchdata, health, waitdb  # noqa: E402, F401

bp.cli.add_command(backup.backup_command)
bp.cli.add_command(backup.restore_command)
bp.cli.add_command(waitdb.wait_for_db_command)
bp.cli.add_command(benchdata.bench_data_command)


def init_app(app) -> None:
    from exchange.ops import requestlog

    requestlog.init_app(app)
    app.register_blueprint(bp)
