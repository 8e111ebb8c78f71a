"""Sections that features add to other features' pages, so each feature owns its part.

A page is named by a string: the role home pages ``"home:admin"``, ``"home:hr"``,
``"home:cadre"``, ``"home:leader"``, the record pages ``"posting"`` and ``"cadre"``, and
the leadership ``"dashboard"`` (headline cards).
A feature registers ``add("posting", "reports/_posting_schedule.html", loader)``; the page
calls ``for_page("posting", user, posting)``, which runs ``loader(user, posting)`` and
gives the template and its data. A loader returns None to leave its section out.
Home-page and dashboard loaders take only the user.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    page: str
    template: str
    loader: Callable[..., Any]
    order: int = 50


_SECTIONS: list[Section] = []


def add(page: str, template: str, loader: Callable[..., Any], order: int = 50) -> None:
    """Register a section of ``page``; once per (page, template)."""
    if any(s.page == page and s.template == template for s in _SECTIONS):
        return
    _SECTIONS.append(Section(page, template, loader, order))
    _SECTIONS.sort(key=lambda s: s.order)


def add_home(roles: str | tuple[str, ...], template: str, loader, order: int = 50) -> None:
    """Register a section of the home page of each role in ``roles``."""
    for role in (roles,) if isinstance(roles, str) else roles:
        add(f"home:{role}", template, loader, order)


def for_page(page: str, user, *objects) -> list[tuple[str, Any]]:
    """``(template, data)`` of each section of ``page`` for ``user``, in order."""
    shown = []
    for section in _SECTIONS:
        if section.page != page:
            continue
        data = section.loader(user, *objects)
        if data is not None:
            shown.append((section.template, data))
    return shown


def for_home(user) -> list[tuple[str, Any]]:
    return for_page(f"home:{user.role}", user)
