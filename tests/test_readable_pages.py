"""English pages name districts and departments in English, and count in the right number."""

import re

from exchange.org.models import in_language


def test_english_pages_use_the_stored_english_names(client, auth, world):
    auth.login("hr.liangjiang")
    client.post("/language/en", data={"next": "/"})
    home = client.get("/").get_data(as_text=True)
    assert "liangjiang — secondments" in home  # the factories' name_en is the code
    postings = client.get("/postings").get_data(as_text=True)
    assert "tianfu" in postings and "四川天府新区" not in postings
    assert re.search(r"\b1 posting\b|\b[02-9]\d* postings\b|\b1\d+ postings\b", postings)
    assert not re.search(r"\b1 postings\b", postings)


def test_chinese_pages_keep_the_chinese_names(client, auth, world):
    auth.login("hr.liangjiang")
    home = client.get("/").get_data(as_text=True)
    assert "两江新区" in home


def test_without_an_english_name_or_a_request_the_name_is_chinese():
    assert in_language("两江新区", "") == "两江新区"
    assert in_language("两江新区", "Liangjiang New Area") == "两江新区"  # no app context


def test_one_rule_for_months():
    from datetime import date

    from exchange.dates import day_text, term_months

    assert term_months(date(2026, 3, 1), date(2026, 6, 30)) == 4.0
    assert term_months(date(2026, 1, 1), date(2026, 4, 30)) == 4.0
    assert term_months(date(2026, 1, 1), date(2026, 4, 15)) == 3.5
    assert term_months(date(2026, 1, 31), date(2026, 2, 27)) == 0.9
    assert day_text(date(2026, 11, 26)) == "2026-11-26"  # outside the app: ISO


def test_messages_show_dates_the_chinese_way(app):
    from datetime import date

    from exchange.dates import day_text

    with app.test_request_context("/"):
        assert day_text(date(2026, 11, 26)) == "2026年11月26日"


def test_the_english_roster_names_districts_in_english(client, auth, world):
    auth.login("leader")
    client.post("/language/en", data={"next": "/"})
    roster = client.get("/roster").get_data(as_text=True)
    table = roster.split("<tbody")[1]
    assert "tianfu" in table and "四川天府新区" not in table
    assert '<option value="' in roster and ">liangjiang</option>" in roster
    statistics = client.get("/statistics").get_data(as_text=True).split("<main")[1]
    assert "liangjiang" in statistics and "两江新区 →" not in statistics
