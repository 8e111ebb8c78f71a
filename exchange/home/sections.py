"""Sections that features add to the role home pages, so each feature owns its own part.

A feature registers ``add("hr", "postings/_home_ending.html", loader)``; the home page
calls ``loader(user)`` and includes the template with the result as ``data``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    role: str
    template: str
    loader: Callable[[object], object]
    order: int = 50


_SECTIONS: list[Section] = []


def add(role: str, template: str, loader: Callable[[object], object], order: int = 50) -> None:
    """Register a home-page section for ``role`` (admin, hr, cadre, leader); once per template."""
    if any(s.role == role and s.template == template for s in _SECTIONS):
        return
    _SECTIONS.append(Section(role, template, loader, order))
    _SECTIONS.sort(key=lambda s: s.order)


def for_user(user) -> list[tuple[str, object]]:
    return [(s.template, s.loader(user)) for s in _SECTIONS if s.role == user.role]
