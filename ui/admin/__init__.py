"""Staff settings for this kiosk, behind a hidden corner target and a staff PIN: sync status
and enrolment, sound and voice with speaker and microphone tests, text size, the waiting
times, and leaving kiosk mode. No home entry: elders never meet it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature

if TYPE_CHECKING:
    from ui.admin.part import AdminPart
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def _attach(ctx: AppContext, nav: Navigator) -> AdminPart:
    from ui.admin.part import AdminPart

    return AdminPart(ctx, nav)


def _open(ctx: AppContext, nav: Navigator) -> Screen:
    from PySide6.QtCore import QObject

    from ui.admin.part import AdminPart
    from ui.admin.pin_screen import PinScreen

    # The part the window attached is its child.
    part = nav.findChild(AdminPart) if isinstance(nav, QObject) else None
    if part is None:
        raise RuntimeError("the staff settings are opened on a window they were not attached to")
    return PinScreen(ctx, nav, part)


FEATURE = Feature(
    name="admin",
    open=_open,
    attach=_attach,
    attach_later=True,
    settings=(
        "speech_enabled",
        "speech_volume",
        "speech_rate",
        "voice_enabled",
        "font_scale",
        "idle_signout_s",
        "sos_countdown_s",
        "server_url",
        "device_name",
    ),
)
