"""Every required select of every form starts on an empty "请选择" choice (RequiredSelectField),
never on a preselected first option: the user chooses a role, a grade, a department."""

import importlib
import pkgutil

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, Optional

import exchange
from exchange.web.forms import RequiredSelectField


def all_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(exchange.__path__, "exchange."):
        importlib.import_module(module.name)
    found, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("exchange."):
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _static_choices(field) -> list:
    return list(field.choices) if isinstance(field.choices, list | tuple) else []


def _is_required(field) -> bool:
    validators = field.validators or []
    if field.flags.required or any(isinstance(v, DataRequired | InputRequired) for v in validators):
        return True
    if any(isinstance(v, Optional) for v in validators):
        return False
    choices = _static_choices(field)
    values = [c[0] if isinstance(c, tuple) else c.value for c in choices]
    return bool(choices) and "" not in values


def test_the_app_has_forms_with_selects():
    assert len(all_form_classes()) > 30


def test_no_required_select_is_preselected(app):
    problems = []
    with app.test_request_context():
        for cls in all_form_classes():
            form = cls(formdata=None)
            for field in form:
                if not isinstance(field, SelectField) or isinstance(field, SelectMultipleField):
                    continue
                if not _is_required(field):
                    continue
                name = f"{cls.__module__}.{cls.__qualname__}.{field.name}"
                if not isinstance(field, RequiredSelectField):
                    problems.append(f"{name} is required but not a RequiredSelectField")
                    continue
                if not field.choices:
                    field.choices = [(1, "X"), (2, "Y")]
                html = str(field())
                first = html.split("<option", 2)[1]
                if 'value=""' not in first or "selected" not in first:
                    problems.append(f"{name} does not start on the empty choice: {html[:120]}")
    assert not problems, "\n".join(problems)


def test_a_required_select_left_empty_is_refused_with_a_message(app):
    from werkzeug.datastructures import MultiDict

    from exchange.org.forms import NewAccountForm

    with app.test_request_context():
        form = NewAccountForm(MultiDict({"role": ""}))
        form.role.choices = [("hr", "HR")]
        form.district_id.choices = form.cadre_id.choices = [("", "—")]
        form.validate()
        assert form.role.errors and "角色" in str(form.role.errors[0])
        assert "请选择" in str(form.role())
