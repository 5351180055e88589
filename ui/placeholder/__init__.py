"""The page shown by features that are registered but not built yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui.features import Feature, HomeEntry

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def coming_soon_feature(
    name: str,
    label: Callable[[], str],
    description: Callable[[], str],
    *,
    icon: str,
    intent: str,
) -> Feature:
    """A feature with its entry on the home screen and a "coming soon" page behind it.
    ``label`` and ``description`` give the words in the language installed when called."""

    def entries(ctx: AppContext) -> list[HomeEntry]:
        return [HomeEntry(name, label(), description(), icon, intent)]

    def open_page(ctx: AppContext, nav: Navigator) -> Screen:
        from ui.placeholder.screen import ComingSoonScreen

        return ComingSoonScreen(ctx, nav, label())

    return Feature(name=name, open=open_page, home_entries=entries)
