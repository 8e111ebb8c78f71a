"""The app's select widget writes the same HTML as WTForms' own, faster."""

import pytest
from wtforms import RadioField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice as C
from wtforms.widgets import Select

from exchange.web.forms import BaseForm, ListedSelect

CHOICES = [
    C("", "Any"),
    C(1, "两江新区"),
    C("a&b", '<script>"x"</script>'),
    C("2", ""),
    C("y", "Ünïcode ‘quotes’ & <tags>"),
]


class _Form(BaseForm):
    class Meta:
        csrf = False

    plain = SelectField(choices=CHOICES)
    numbers = SelectField(choices=[C(1, "one"), C(2, "two")], coerce=int)
    flags = SelectField(choices=[C(True, "yes"), C(False, "no")], coerce=bool)
    declared = SelectField(choices=CHOICES, widget=Select())
    many = SelectMultipleField(choices=CHOICES)
    radio = RadioField(choices=[C("a", "A")])


def _wtforms_html(field, **kwargs) -> str:
    return str(Select()(field, **kwargs))


@pytest.mark.parametrize(
    "data", [{}, {"plain": "a&b", "numbers": "2", "flags": ""}, {"plain": "2"}]
)
def test_plain_selects_render_as_wtforms_renders_them(app, data):
    with app.test_request_context():
        from werkzeug.datastructures import MultiDict

        form = _Form(MultiDict(data))
        for field in (form.plain, form.numbers, form.flags):
            assert isinstance(field.widget, ListedSelect)
            assert str(field()) == _wtforms_html(field)
            assert str(field(class_="form-select", required=True)) == _wtforms_html(
                field, class_="form-select", required=True
            )
        assert "&lt;script&gt;" in str(form.plain()) and "<script>" not in str(form.plain())


def test_options_with_their_own_attributes_and_other_widgets_are_left_to_wtforms(app):
    with app.test_request_context():
        form = _Form()
        form.plain.choices = [C("a", "A", render_kw={"disabled": True}), C("b", "B")]
        assert '<option disabled value="a">A</option>' in str(form.plain())
        assert str(form.plain()) == _wtforms_html(form.plain)
        assert type(form.declared.widget) is Select
        assert not isinstance(form.many.widget, ListedSelect) and form.many.widget.multiple
        assert not isinstance(form.radio.widget, Select)


def test_wtforms_own_messages_are_in_the_pages_language_each_time(app):
    """WTForms' messages (kept per language, not read per request) follow the language of
    each request, one after another."""
    from flask_babel import force_locale
    from werkzeug.datastructures import MultiDict
    from wtforms import IntegerField

    class Numbers(BaseForm):
        class Meta:
            csrf = False

        n = IntegerField()

    seen = []
    for locale in ("zh_Hans_CN", "en", "zh_Hans_CN"):
        with app.test_request_context("/", method="POST"), force_locale(locale):
            form = Numbers(formdata=MultiDict({"n": "十"}))
            assert not form.validate()
            seen.append(form.n.errors[0])
    assert seen == ["不是有效的整数。", "Not a valid integer value.", "不是有效的整数。"]
