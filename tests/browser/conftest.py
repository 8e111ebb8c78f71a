"""Browser tests: Playwright driving Debian's Chromium against the app on 127.0.0.1.

The app runs in a real server thread on its own SQLite file, migrated and loaded with
the demo data, so the browser sees what a user of ``make run`` sees. Without
Chromium these tests are skipped with a message saying so; CI installs Chromium and
sets ``EXCHANGE_REQUIRE_BROWSER=1``, under which a missing browser is a failure.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from exchange import create_app
from exchange.demo import seed
from exchange.extensions import db
from exchange.i18n import compile_catalogues

CHROMIUM = os.environ.get("EXCHANGE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DEMO_PASSWORD = "Shuangcheng2020"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium_missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _chromium_missing()
    if reason is None:
        return
    if os.environ.get("EXCHANGE_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests are required here but cannot run: {reason}")
    marker = pytest.mark.skip(reason=f"BROWSER TESTS SKIPPED: {reason}")
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(marker)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app with the demo data, served on a free port of 127.0.0.1 for the whole session."""
    compile_catalogues()
    db_path = tmp_path_factory.mktemp("browser") / "browser.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "WTF_CSRF_ENABLED": True,
            "TODAY": None,
            "DEMO_PASSWORD": DEMO_PASSWORD,
        }
    )
    with app.app_context():
        upgrade()
        seed(DEMO_PASSWORD)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def base_url(live_server):
    return live_server[0]


@pytest.fixture
def new_page(browser, base_url):
    """Open pages in fresh browser contexts (no shared cookies); all closed after the test."""
    contexts = []

    def open_page(width=1366, height=768, locale="zh-CN"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale, base_url=base_url
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def switch_language(page) -> None:
    """Press the language button in the top bar (中文 ⇄ English), opening the menu on a phone."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.locator("form[action^='/language/'] button").first.click()
    page.wait_for_load_state()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/screenshots for the README and CI."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
