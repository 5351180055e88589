"""Card sign-in on a shared kiosk: the sign-in screen, the card reader, idle sign-out, and the
resident's own language while they are signed in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui.features import Feature

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen
    from ui.signin.part import SignInPart


def _open(ctx: AppContext, nav: Navigator, *, then: Callable[[], Screen] | None = None) -> Screen:
    from ui.signin.screen import SignInScreen

    return SignInScreen(ctx, nav, then=then)


def _attach(ctx: AppContext, nav: Navigator) -> SignInPart:
    from ui.signin.part import SignInPart

    return SignInPart(ctx, nav)


def _on_key(ctx: AppContext, nav: Navigator, event: QKeyEvent) -> bool:
    from ui.signin.part import card_reader_key

    return card_reader_key(ctx, nav, event)


FEATURE = Feature(
    name="signin",
    open=_open,
    attach=_attach,
    on_key=_on_key,
    role="sign_in",
    settings=("idle_signout_s", "idle_warning_s", "language"),
)
