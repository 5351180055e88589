"""Video calls with family: the home tile with the resident's family to call, a call coming
in (over any screen but an emergency) with its ring and, where allowed, its auto-answer, the
call itself in QtWebEngine (loaded when the first call starts), and the daily check-in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature, HomeEntry

if TYPE_CHECKING:
    from ui.call.part import CallPart
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def _entries(ctx: AppContext) -> list[HomeEntry]:
    from PySide6.QtCore import QCoreApplication  # Qt is not loaded when features register

    return [
        HomeEntry(
            "call",
            QCoreApplication.translate("HomeScreen", "Video call"),
            QCoreApplication.translate("HomeScreen", "Call your family"),
            icon="video",
            intent="video_call",
        )
    ]


def _open(ctx: AppContext, nav: Navigator) -> Screen:
    from ui.call.contacts import ContactsScreen
    from ui.call.part import part_of

    return ContactsScreen(ctx, nav, part_of(nav))


def _attach(ctx: AppContext, nav: Navigator) -> CallPart:
    from ui.call.part import CallPart

    return CallPart(ctx, nav)


FEATURE = Feature(
    name="call",
    open=_open,
    home_entries=_entries,
    needs_resident=True,
    attach=_attach,
    attach_later=True,
)
