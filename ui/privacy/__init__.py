"""Residents' consent: the screen that asks whether the center may keep their health readings
(:mod:`ui.privacy.screen`), opened from the Health screen and from a reading that was not
kept. It has no entry on the home screen: ordering and SOS never ask for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def _open(ctx: AppContext, nav: Navigator, purpose: str = "health_readings") -> Screen:
    from ui.privacy.screen import ConsentScreen

    return ConsentScreen(ctx, nav, purpose)


FEATURE = Feature(name="privacy", open=_open, needs_resident=True)
