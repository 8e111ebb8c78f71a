"""The look of the pages and their accessibility basics, in both languages."""

import pytest

from tests.browser.conftest import (
    HORIZONTAL_OVERFLOW_JS,
    UNLABELLED_FIELDS_JS,
    login,
    screenshot,
    switch_language,
)


def assert_accessible_basics(page):
    assert page.evaluate(UNLABELLED_FIELDS_JS) == [], "every form field needs a label"
    assert page.locator("h1").count() >= 1, "every page has a heading"
    assert page.evaluate("document.documentElement.lang") in ("zh-CN", "en")


def test_login_page_in_chinese_and_english(new_page):
    page = new_page()
    page.goto("/login")
    assert page.get_by_role("button", name="登录").is_visible()
    assert_accessible_basics(page)
    screenshot(page, "login-zh")
    switch_language(page)
    assert page.get_by_role("button", name="Log in").is_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    screenshot(page, "login-en")


def test_login_works_from_the_keyboard_alone(new_page):
    page = new_page()
    page.goto("/login")
    # The username field has focus on arrival (Chromium applies autofocus a frame after
    # the load: the first keys typed at once were lost once in CI); Tab moves on, Enter
    # submits.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    page.keyboard.type("leader")
    page.keyboard.press("Tab")
    page.keyboard.type("Shuangcheng2020")
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="挂职干部名册").is_visible()


def test_wrong_password_is_announced_next_to_the_field(new_page):
    page = new_page()
    page.goto("/login")
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill("not the password")
    page.get_by_role("button", name="登录").click()
    error = page.locator("#password-error")
    assert error.get_attribute("role") == "alert"
    assert "用户名或密码错误" in error.inner_text()
    assert page.get_by_label("密码").get_attribute("aria-describedby") == "password-error"


@pytest.mark.parametrize(
    ("username", "name"),
    [("hr.liangjiang", "hr-home"), ("leader", "leader-home"), ("zhangxiang", "official-home")],
)
def test_role_home_pages_hold_on_laptop_and_phone(new_page, username, name):
    for width, height, suffix in ((1366, 768, "laptop"), (390, 844, "phone")):
        page = new_page(width=width, height=height)
        login(page, username)
        assert_accessible_basics(page)
        assert not page.evaluate(HORIZONTAL_OVERFLOW_JS), f"{name} overflows at {width}px"
        screenshot(page, f"{name}-zh-{suffix}")
    switch_language(page)
    screenshot(page, f"{name}-en-phone")
