"""Browser tests: Playwright driving Debian's Chromium against the app on 127.0.0.1.

The app runs in a real server thread on its own SQLite file, migrated and loaded with
the demo data, so the browser sees what a user of ``make run`` sees. Without
Chromium these tests are skipped with a message saying so; CI installs Chromium and
sets ``EXCHANGE_REQUIRE_BROWSER=1``, under which a missing browser is a failure.
"""

import os
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from flask_migrate import upgrade
from werkzeug.serving import make_server

from exchange import clock, create_app
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


# Form fields without a label (by for=, wrapping label, aria-label or aria-labelledby).
UNLABELLED_FIELDS_JS = """
() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => !['hidden', 'submit', 'button'].includes(el.type))
  .filter(el => {
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;
    if (el.id && document.querySelector(`label[for="${el.id}"]`)) return false;
    return !el.closest('label');
  })
  .map(el => el.name || el.id || el.outerHTML.slice(0, 80))
"""

# The page is wider than the window (tables may scroll inside .table-responsive).
HORIZONTAL_OVERFLOW_JS = "() => document.documentElement.scrollWidth > window.innerWidth + 1"

PHONE = {"width": 390, "height": 844}


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
def live_app(live_server):
    """The served app, to look up ids and dates the way the server sees them."""
    return live_server[1]


def server_today(app) -> date:
    """Today where the districts are (Asia/Shanghai), as the server computes it."""
    with app.app_context():
        return clock.today()


def zh_date(day: date) -> str:
    """A date as the Chinese pages show it (``|date``, medium): 2026年11月26日."""
    return format_date(day, "medium", locale="zh_Hans_CN")


@pytest.fixture
def new_page(browser, base_url):
    """Open pages in fresh browser contexts (no shared cookies); all closed after the test."""
    contexts = []

    def open_page(width=1366, height=768, locale="zh-CN", bypass_csp=False):
        # bypass_csp only lets a test inject its own script (axe-core); the app's CSP stays.
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale=locale,
            base_url=base_url,
            bypass_csp=bypass_csp,
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


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot under artifacts/screenshots for the README and CI."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def assert_refused(page, path: str) -> None:
    """Opening ``path`` gives the 403 refusal page, in Chinese, and none of the data."""
    response = page.goto(path)
    assert response.status == 403, f"{path} answered {response.status}, not 403"
    assert page.get_by_role("heading", name="无权访问").is_visible()
    assert "您无权查看或修改此内容。" in page.locator("main").inner_text()


def assert_fields_labelled(page) -> None:
    assert page.evaluate(UNLABELLED_FIELDS_JS) == [], f"unlabelled fields on {page.url}"


def assert_no_horizontal_overflow(page) -> None:
    width = page.viewport_size["width"]
    assert not page.evaluate(HORIZONTAL_OVERFLOW_JS), f"{page.url} overflows at {width}px"


def assert_layout_holds(page, path: str) -> None:
    """``path`` fits at 1366×768 and on a phone (390×844): no sideways scrolling."""
    for size in ({"width": 1366, "height": 768}, PHONE):
        page.set_viewport_size(size)
        page.goto(path)
        assert_fields_labelled(page)
        assert_no_horizontal_overflow(page)
    page.set_viewport_size({"width": 1366, "height": 768})
