"""No main page scrolls sideways on a 390-px phone, in Chinese or in English.

Wide tables scroll inside their own .table-responsive wrapper; the page itself never
does. One login per role; the pages are those the axe-core test visits.
"""

import pytest

from tests.browser.conftest import PHONE, login, switch_language
from tests.browser.test_axe import role_pages

PAGE_WIDTH_JS = "() => document.scrollingElement.scrollWidth"


def too_wide(page, paths: list[str]) -> list[str]:
    wide = []
    for path in paths:
        page.goto(path)
        width = page.evaluate(PAGE_WIDTH_JS)
        if width > PHONE["width"]:
            wide.append(f"{path} ({page.evaluate('document.documentElement.lang')}): {width}px")
    return wide


@pytest.mark.parametrize("username", [None, "admin", "hr.liangjiang", "leader", "zhangxiang"])
def test_no_page_is_wider_than_a_phone_in_either_language(new_page, username):
    page = new_page(width=PHONE["width"], height=PHONE["height"])
    if username is None:
        paths = ["/login"]
        page.goto("/login")
    else:
        login(page, username)
        paths = role_pages(page)
    wide = too_wide(page, paths)
    page.goto(paths[0])
    switch_language(page)
    wide += too_wide(page, paths)
    assert wide == [], "\n".join(wide)
