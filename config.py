"""Configuration classes; every value a deployment changes comes from the environment.

Nothing here is read at import time: each class reads the environment when it is
instantiated by ``create_app``.
"""

import os
import tempfile
from datetime import timedelta


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what is missing."""


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings shared by every environment."""

    def __init__(self, instance_path: str):
        env = os.environ
        self.SECRET_KEY = env.get("SECRET_KEY")
        self.SQLALCHEMY_DATABASE_URI = env.get("DATABASE_URL")
        self.REDIS_URL = env.get("REDIS_URL")
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.SQLALCHEMY_RECORD_QUERIES = False

        self.BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
        self.LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}

        # Bootstrap and its icons are served by the app itself (offline intranets).
        self.BOOTSTRAP_SERVE_LOCAL = True
        self.BOOTSTRAP_BOOTSWATCH_THEME = None

        self.MAX_CONTENT_LENGTH = int(env.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024))
        self.MAX_FORM_MEMORY_SIZE = 512 * 1024
        self.MAX_FORM_PARTS = 500

        # Documents: the résumé separator ("—" or "--"), the .lrmx limits, the PDF font.
        self.RESUME_SEPARATOR = env.get("RESUME_SEPARATOR", "—")
        self.LRMX_MAX_BYTES = int(env.get("LRMX_MAX_BYTES", 2 * 1024 * 1024))
        self.LRMX_ZIP_MAX_BYTES = int(env.get("LRMX_ZIP_MAX_BYTES", 20 * 1024 * 1024))
        self.LRMX_ZIP_MAX_FILES = int(env.get("LRMX_ZIP_MAX_FILES", 200))
        # A CJK font file for PDFs ("path" or "path:index" in a collection); found if unset.
        self.PDF_FONT = env.get("PDF_FONT", "")
        # Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS
        # after login whatever the activity (ASVS V7.3). The cookie lives as long as the
        # longest session, so that the server, not the browser, ends an idle one and can say so.
        self.SESSION_IDLE_TIMEOUT = timedelta(minutes=int(env.get("SESSION_IDLE_MINUTES", 30)))
        self.SESSION_MAX_AGE = timedelta(hours=int(env.get("SESSION_MAX_HOURS", 12)))
        self.PERMANENT_SESSION_LIFETIME = self.SESSION_MAX_AGE
        self.SESSION_REFRESH_EACH_REQUEST = True
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

        # argon2id parameters (OWASP: m=19 MiB, t=2, p=1 is the floor).
        self.PASSWORD_HASH = {"time_cost": 3, "memory_cost": 65536, "parallelism": 1}

        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_HEADERS_ENABLED = False
        # Instances sharing one Redis share their counts; the prefix separates deployments.
        self.RATELIMIT_KEY_PREFIX = env.get("RATELIMIT_KEY_PREFIX", "exchange")
        # Failed logins (exchange/auth/throttle.py): per account from one address, and per
        # address; an account's failures from everywhere slow it down, never lock it.
        self.LOGIN_LIMIT_PER_ACCOUNT = env.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
        self.LOGIN_LIMIT_PER_IP = env.get("LOGIN_LIMIT_PER_IP", "30 per 15 minutes")
        self.LOGIN_SLOWDOWN_AFTER = int(env.get("LOGIN_SLOWDOWN_AFTER", 5))
        self.LOGIN_SLOWDOWN_SECONDS = float(env.get("LOGIN_SLOWDOWN_SECONDS", 1))
        self.LOGIN_SLOWDOWN_MAX_SECONDS = 5.0
        self.LOGIN_KNOWN_DAYS = int(env.get("LOGIN_KNOWN_DAYS", 30))
        # The JSON API, counted per token (shared through Redis when REDIS_URL is set).
        self.API_RATE_LIMIT = env.get("API_RATE_LIMIT", "120 per minute")

        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
        self.PROXY_COUNT = int(env.get("PROXY_COUNT", 0))

        # E-mail (Flask-Mailman); no MAIL_SERVER, no mail. MAIL_USE_TLS: STARTTLS (port 587),
        # MAIL_USE_SSL: TLS from the first byte (port 465).
        self.MAIL_SERVER = env.get("MAIL_SERVER")
        self.MAIL_PORT = int(env.get("MAIL_PORT", 25))
        self.MAIL_USERNAME = env.get("MAIL_USERNAME")
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD")
        self.MAIL_USE_TLS = _flag(env.get("MAIL_USE_TLS"))
        self.MAIL_USE_SSL = _flag(env.get("MAIL_USE_SSL"))
        self.MAIL_TIMEOUT = int(env.get("MAIL_TIMEOUT", 30))
        self.MAIL_DEFAULT_SENDER = env.get("MAIL_SENDER", "exchange@localhost")
        self.MAIL_BACKEND = "smtp"
        # The address users reach the app at, for links in e-mails (https://exchange.example/).
        self.BASE_URL = env.get("BASE_URL", "http://127.0.0.1:5000/")

        # One line per request; LOG_FORMAT=json writes each as a JSON object.
        self.LOG_FORMAT = env.get("LOG_FORMAT", "text")
        self.LOG_LEVEL = env.get("LOG_LEVEL", "INFO")

        # Uploaded files (attachments, staged imports): see exchange/storage.py.
        self.FILE_STORAGE = env.get("FILE_STORAGE", "local")
        self.FILE_STORAGE_DIR = env.get("FILE_STORAGE_DIR") or os.path.join(instance_path, "files")
        self.S3_BUCKET = env.get("S3_BUCKET")
        self.S3_ENDPOINT_URL = env.get("S3_ENDPOINT_URL")
        self.S3_ACCESS_KEY_ID = env.get("S3_ACCESS_KEY_ID")
        self.S3_SECRET_ACCESS_KEY = env.get("S3_SECRET_ACCESS_KEY")
        self.S3_REGION = env.get("S3_REGION")
        self.S3_PREFIX = env.get("S3_PREFIX", "")
        self.ATTACHMENT_MAX_FILE_BYTES = int(env.get("ATTACHMENT_MAX_FILE_MB", 20)) * 1024 * 1024
        self.ATTACHMENT_MAX_REQUEST_BYTES = (
            int(env.get("ATTACHMENT_MAX_REQUEST_MB", 50)) * 1024 * 1024
        )
        self.IMPORT_MAX_BYTES = int(env.get("IMPORT_MAX_MB", 20)) * 1024 * 1024
        self.IMPORT_MAX_ROWS = int(env.get("IMPORT_MAX_ROWS", 20000))

        self.DEMO_PASSWORD = env.get("EXCHANGE_DEMO_PASSWORD", "Shuangcheng2020")
        self.ALLOW_DEMO_SEED = True
        self.HSTS = False


class DevelopmentConfig(Config):
    """Local use: a SQLite file in the instance folder unless DATABASE_URL says otherwise."""

    def __init__(self, instance_path: str):
        super().__init__(instance_path)
        self.DEBUG = False
        if not self.SECRET_KEY:
            self.SECRET_KEY = "dev-only-not-secret"
        if not self.SQLALCHEMY_DATABASE_URI:
            self.SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(instance_path, "exchange.db")


class TestingConfig(Config):
    """The test suite: fast password hashing, CSRF off unless a test turns it on."""

    def __init__(self, instance_path: str):
        super().__init__(instance_path)
        self.TESTING = True
        self.SECRET_KEY = "test-secret"
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "EXCHANGE_TEST_DATABASE_URL", "sqlite:///:memory:"
        )
        self.WTF_CSRF_ENABLED = False
        self.PASSWORD_HASH = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
        self.RATELIMIT_ENABLED = False
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.MAIL_SERVER = None
        self.BASE_URL = "https://exchange.test/"
        self.FILE_STORAGE = "local"
        self.FILE_STORAGE_DIR = os.path.join(tempfile.gettempdir(), "exchange-test-files")


class ProductionConfig(Config):
    """Production refuses to start on a made-up secret or an implicit database."""

    def __init__(self, instance_path: str):
        super().__init__(instance_path)
        missing = [
            name
            for name, value in (
                ("SECRET_KEY", self.SECRET_KEY),
                ("DATABASE_URL", self.SQLALCHEMY_DATABASE_URI),
            )
            if not value
        ]
        if missing:
            raise ConfigError(
                "Production configuration needs the environment variable(s): " + ", ".join(missing)
            )
        if len(self.SECRET_KEY or "") < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production")
        if self.MAIL_USE_TLS and self.MAIL_USE_SSL:
            raise ConfigError("Set MAIL_USE_TLS (STARTTLS) or MAIL_USE_SSL, not both")
        if self.MAIL_SERVER and not os.environ.get("BASE_URL"):
            raise ConfigError("MAIL_SERVER needs BASE_URL, the address users reach the app at")
        self.SESSION_COOKIE_SECURE = True
        self.REMEMBER_COOKIE_SECURE = True
        self.SESSION_COOKIE_NAME = "__Host-session"
        self.REMEMBER_COOKIE_NAME = "__Host-remember"
        self.ALLOW_DEMO_SEED = False
        self.HSTS = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None, instance_path: str) -> Config:
    """Instantiate the configuration named by ``name`` or ``EXCHANGE_CONFIG``."""
    name = name or os.environ.get("EXCHANGE_CONFIG", "development")
    try:
        cls = CONFIGS[name]
    except KeyError:
        raise ConfigError(
            f"Unknown EXCHANGE_CONFIG {name!r}; use one of {', '.join(CONFIGS)}"
        ) from None
    return cls(instance_path)
