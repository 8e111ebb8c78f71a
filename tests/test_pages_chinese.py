"""The Chinese details of every page: the renderer hint for dual-engine browsers, and names,
dates and statuses that do not break in the middle."""

import re


def test_pages_ask_dual_engine_browsers_for_webkit(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<meta name="renderer" content="webkit">' in page
    assert '<meta http-equiv="X-UA-Compatible" content="IE=edge">' in page


def test_names_dates_and_statuses_keep_together_in_tables(client, auth, world):
    auth.login("leader")
    for path in ("/roster", "/roster/print"):
        page = client.get(path).get_data(as_text=True)
        assert re.search(r'<td class="text-nowrap">(<a [^>]*>)?张想', page), path
    roster = client.get("/roster").get_data(as_text=True)
    assert re.search(r'<span class="text-nowrap">\d{4}年\d{1,2}月\d{1,2}日</span>', roster)
    assert 'class="badge ' in roster  # Bootstrap badges (statuses) never wrap
    printed = client.get("/roster/print").get_data(as_text=True)
    assert re.search(r'<td class="text-nowrap">(进行中|在岗|已完成|已接收)', printed)
