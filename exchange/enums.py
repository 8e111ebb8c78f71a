"""Enumerations that carry their own vocabulary: labels, badge classes and CHECK lists.

Each domain enum is written once. Its members are the stored values; ``__labels__``
gives each value its translated label and ``__badges__`` its Bootstrap badge class
(as Indico's ``RichEnum`` keeps ``__titles__`` and ``__css_classes__``). The database
CHECK constraint is generated from the members by :func:`check_in`, so adding a
member changes the constraint, the label table and the choices in one place.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar

import sqlalchemy as sa


class RichEnum(enum.StrEnum):
    """A string enum whose members know their label and badge class."""

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
        try:
            return cls(getattr(value, "value", value))
        except ValueError:
            return None

    @classmethod
    def choices(cls, members=None, blank: Any = None) -> list[tuple[str, str]]:
        """``(value, label)`` pairs for a select; ``blank`` puts an empty first choice."""
        pairs = [(m.value, m.label) for m in (members or cls)]
        return ([("", str(blank))] if blank is not None else []) + pairs


def check_in(column: str, enum_cls: type[enum.Enum], name: str) -> sa.CheckConstraint:
    """``CHECK (column IN (...))`` listing the enum's stored values, in declaration order."""
    values = ", ".join(f"'{member.value}'" for member in enum_cls)
    return sa.CheckConstraint(f"{column} IN ({values})", name=name)
