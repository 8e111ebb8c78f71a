"""Templates speak the language of their render, looked up once per render: the language of
the request, or the one forced around the render (mail goes out in the default language)."""

from datetime import date

from flask import render_template_string
from flask_babel import force_locale

PAGE = (
    "{{ _('Roster') }}|{{ ngettext('%(num)d posting matches', '%(num)d postings match', 2) }}"
    "|{{ day | date }}|{{ day | month }}|{{ 'active' | status_badge }}|{{ current_locale() }}"
)
DAY = date(2026, 11, 26)


def _render(**context) -> str:
    return render_template_string(PAGE, day=DAY, **context)


def test_a_render_speaks_the_request_language_and_the_forced_one_inside_force_locale(app):
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        english = _render()
        with force_locale("zh_Hans_CN"):
            chinese = _render()
        assert _render() == english  # the forced language ends with the block
    assert english.startswith("Roster|2 postings match|") and english.endswith("|en")
    assert "Nov" in english and "In post" in english
    assert chinese.startswith("名册|") and chinese.endswith("|zh_Hans_CN")
    assert "2026年11月26日" in chinese and "在岗" in chinese


def test_macros_imported_without_context_and_renders_outside_a_request_still_translate(app):
    from jinja2 import ChoiceLoader, DictLoader

    macros = DictLoader(
        {"m.html": "{% macro m(day) %}{{ _('Roster') }}|{{ day | date }}{% endmacro %}"}
    )
    env = app.jinja_env.overlay(loader=ChoiceLoader([macros, app.jinja_env.loader]))
    page = env.from_string('{% from "m.html" import m %}{{ m(day) }}')
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        context = {"day": DAY}
        app.update_template_context(context)
        assert (
            page.render(context) == 'Roster|<span class="text-nowrap">Nov 26, 2026</span>'
        )  # the macro has no render context
    with app.app_context():
        assert _render().startswith("名册|")  # the default language
    month = app.jinja_env.from_string("{{ day | month }}|{{ current_locale() }}")
    assert month.render(day=DAY) == "2026年11月|zh_Hans_CN"  # no app at all: the default


def test_moments_are_written_as_flask_babel_writes_them_in_the_readers_zone(app):
    from datetime import UTC, datetime, timedelta, timezone

    from flask_babel import format_datetime

    moments = [
        datetime(2026, 11, 26, 15, 59, 59, tzinfo=UTC),  # 23:59:59 in Beijing
        datetime(2026, 11, 26, 16, 0, 0, tzinfo=UTC),  # the next day there
        datetime(2026, 1, 1, 0, 0),  # naive: taken as UTC
        datetime(2026, 6, 30, 8, 5, 1, tzinfo=timezone(timedelta(hours=-5))),
    ]
    formats = ("short", "medium", "long", "full")
    template = (
        "{% for m in moments %}{% for f in formats %}{{ m | datetime(f) }}|{% endfor %}{% endfor %}"
    )
    for cookie in ("lang=en", "lang=zh_Hans_CN"):
        with app.test_request_context("/", headers={"Cookie": cookie}):
            expected = "".join(f"{format_datetime(m, f)}|" for m in moments for f in formats)
            page = render_template_string(template, moments=moments, formats=formats)
            assert page == expected.replace("&", "&amp;"), cookie
            assert render_template_string("{{ none | datetime }}", none=None) == "—"
