"""The emergency call: the SOS button on every screen, its cancellable countdown, and what
became of the call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def _open(ctx: AppContext, nav: Navigator) -> Screen:
    from ui.sos.screen import SosCountdownScreen

    return SosCountdownScreen(ctx, nav)


FEATURE = Feature(
    name="sos",
    open=_open,
    role="emergency",
    settings=("sos_countdown_s", "center_phone", "emergency_number", "center_name"),
)
