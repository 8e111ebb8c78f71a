"""Jinja filters for :class:`~exchange.enums.RichEnum` values stored as strings.

``{{ leave.status | enum_badge(LeaveStatus) }}`` and ``{{ leave.kind | enum_label(LeaveKind) }}``;
a feature's blueprint registers them with :func:`register` and puts its enums in the
template context.
"""

from markupsafe import Markup


def enum_label(value, enum_cls) -> str:
    member = enum_cls.coerce(value)
    return member.label if member is not None else str(value or "")


def enum_badge(value, enum_cls) -> Markup:
    member = enum_cls.coerce(value)
    if member is None:
        return Markup('<span class="badge text-bg-light">{}</span>').format(value or "")
    return Markup('<span class="badge {}">{}</span>').format(member.badge, member.label)


def register(bp, *enums) -> None:
    """Register the filters app-wide and expose ``enums`` to every template by class name."""
    bp.add_app_template_filter(enum_label, "enum_label")
    bp.add_app_template_filter(enum_badge, "enum_badge")
    names = {cls.__name__: cls for cls in enums}
    bp.app_context_processor(lambda: names)


def select_choices(enum_cls) -> list:
    """The enum's members as WTForms ``SelectChoice`` objects (tuples are deprecated)."""
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice(value, label) for value, label in enum_cls.choices()]
