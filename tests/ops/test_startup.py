"""Start-up: settings from a .env file; a missing data file stops the app with a clear message."""

import os

import pytest

from config import ConfigError
from exchange import create_app
from exchange.ops import datafiles, requestlog


def test_a_missing_password_list_stops_start_up(monkeypatch, tmp_path, database_url):
    gone = tmp_path / "common_passwords.txt"
    monkeypatch.setattr(datafiles, "COMMON_PASSWORDS_FILE", gone)
    with pytest.raises(ConfigError, match="common_passwords.txt"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def test_an_uncompiled_catalogue_stops_start_up_and_says_how_to_compile(monkeypatch, tmp_path):
    monkeypatch.setattr(datafiles, "catalogue_path", lambda locale: tmp_path / "messages.po")
    with pytest.raises(ConfigError, match="pybabel compile"):
        create_app({})


def test_settings_come_from_the_env_file_and_the_environment_wins(monkeypatch, tmp_path):
    env_file = tmp_path / "exchange.env"
    env_file.write_text(
        "# as in deploy/.env.example\n"
        "SECRET_KEY=from-the-file-and-long-enough-for-production-0123\n"
        "DATABASE_URL=sqlite:///" + str(tmp_path / "file.db") + "\n"
        "SESSION_IDLE_MINUTES=45\n"
        "LOG_FORMAT=json\n"
    )
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items()})
    for name in ("SECRET_KEY", "DATABASE_URL", "SESSION_IDLE_MINUTES", "LOG_FORMAT", "MAIL_SERVER"):
        os.environ.pop(name, None)
    os.environ["EXCHANGE_ENV_FILE"] = str(env_file)
    os.environ["SESSION_IDLE_MINUTES"] = "20"
    logging_set_up = []
    monkeypatch.setattr(requestlog, "configure_logging", lambda *args: logging_set_up.append(args))
    app = create_app(config_name="production")
    assert app.config["SECRET_KEY"].startswith("from-the-file")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("file.db")
    assert app.config["SESSION_IDLE_TIMEOUT"].total_seconds() == 20 * 60
    assert app.config["PERMANENT_SESSION_LIFETIME"] == app.config["SESSION_MAX_AGE"]
    assert logging_set_up == [("json", "INFO")]
