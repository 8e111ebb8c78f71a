"""Enumerations that carry their own vocabulary: labels, badge classes and CHECK lists.

Each domain enum is written once. Its members are the stored values; ``__labels__``
gives each value its translated label and ``__badges__`` its Bootstrap badge class
(as Indico's ``RichEnum`` keeps ``__titles__`` and ``__css_classes__``). The database
CHECK constraint is generated from the members by :func:`check_in`, so adding a
member changes the constraint, the label table and the choices in one place.
"""

from __future__ import annotations

import enum
import re
from typing import Any, ClassVar

import sqlalchemy as sa
from wtforms.fields.choices import SelectChoice


class RichEnum(enum.StrEnum):
    """A string enum whose members know their label and badge class."""

    _value_: str
    __labels__: ClassVar[dict[str, Any]] = {}
    __badges__: ClassVar[dict[str, str]] = {}

    @property
    def label(self) -> str:
        return str(type(self).__labels__.get(self.value, self.value))

    @property
    def badge(self) -> str:
        return type(self).__badges__.get(self.value, "text-bg-light")

    @classmethod
    def coerce(cls, value: object) -> RichEnum | None:
        """The member for ``value`` (a member or its stored string), or None."""
        if isinstance(value, enum.Enum):
            value = value.value
        if not isinstance(value, str):
            return None
        try:
            return cls(value)
        except ValueError:
            return None

    @classmethod
    def choices(cls, members=None, blank: Any = None) -> list[SelectChoice]:
        """The options of a select, in declaration order; ``blank`` puts an empty one first.

        The labels stay lazy, so a form class may build its choices at import time.
        """
        options = [SelectChoice("", blank)] if blank is not None else []
        options += [
            SelectChoice(m.value, cls.__labels__.get(m.value, m.value)) for m in (members or cls)
        ]
        return options


def enum_named(name: str) -> type[RichEnum]:
    """The rich enum whose class name is ``name`` in snake case (``posting_status`` →
    ``PostingStatus``), so templates can name an enum without importing it."""
    for cls in RichEnum.__subclasses__():
        if re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower() == name:
            return cls
    raise LookupError(f"no enum named {name!r}")


def check_in(
    column: str, enum_cls: type[enum.Enum], name: str, *, nullable: bool = False
) -> sa.CheckConstraint:
    """``CHECK (column IN (...))`` listing the enum's stored values, in declaration order.

    ``nullable`` allows NULL as well (``column IS NULL OR column IN (...)``).
    """
    values = ", ".join(f"'{member.value}'" for member in enum_cls)
    condition = f"{column} IN ({values})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return sa.CheckConstraint(condition, name=name)
