import pytest

from config import ConfigError, load_config
from exchange import create_app


def test_production_refuses_to_start_without_secret_and_database(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY, DATABASE_URL"):
        load_config("production", str(tmp_path))


def test_production_names_the_one_missing_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError) as info:
        load_config("production", str(tmp_path))
    assert "DATABASE_URL" in str(info.value) and "SECRET_KEY" not in str(info.value)


def test_production_rejects_a_short_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    with pytest.raises(ConfigError, match="at least 32"):
        load_config("production", str(tmp_path))


def test_production_cookies_are_secure_and_host_prefixed(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    config = load_config("production", str(tmp_path))
    assert config.SESSION_COOKIE_SECURE and config.SESSION_COOKIE_NAME.startswith("__Host-")
    assert config.ALLOW_DEMO_SEED is False


def test_development_uses_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config("development", str(tmp_path))
    assert f"sqlite:///{tmp_path}/exchange.db" == config.SQLALCHEMY_DATABASE_URI


def test_unknown_config_name_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="Unknown EXCHANGE_CONFIG"):
        load_config("staging", str(tmp_path))


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    from exchange.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        db.engine.dispose()
