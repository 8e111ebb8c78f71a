"""The navigation bar: each feature registers its own entries and who sees them."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString | str
    visible: Callable[[object], bool]
    order: int = 50


_ITEMS: list[NavItem] = []


def add(endpoint: str, label, visible: Callable[[object], bool], order: int = 50) -> None:
    """Register a navigation entry; called once when a blueprint module is imported.

    One endpoint may have two entries for different users (a cadre's 我的挂职 and everyone
    else's 挂职), told apart by their place in the bar.
    """
    if any(item.endpoint == endpoint and item.order == order for item in _ITEMS):
        return
    _ITEMS.append(NavItem(endpoint, label, visible, order))
    _ITEMS.sort(key=lambda item: item.order)


def items_for(user) -> list[NavItem]:
    return [item for item in _ITEMS if item.visible(user)]
