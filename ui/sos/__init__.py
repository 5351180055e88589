"""The emergency call: the SOS button on every screen, its cancellable countdown, and what
became of the call, kept in view until a person has it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ui.features import Feature

if TYPE_CHECKING:
    from app.delivery import Changes
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen

log = logging.getLogger(__name__)
# News about a call that is worth bringing its screen back for, wherever the elder went.
NEWS = ("acknowledged", "escalated")


def _open(ctx: AppContext, nav: Navigator) -> Screen:
    from ui.sos.screen import SosCountdownScreen

    return SosCountdownScreen(ctx, nav)


def _show_call(ctx: AppContext, nav: Navigator, call_id: str | None) -> None:
    """Show the call (the open one when ``call_id`` is None) unless an emergency screen is
    already up."""
    from app.emergency import load_call, open_call
    from app.store import StoreError
    from ui.sos.screen import SosCallScreen, SosCountdownScreen, SosWithdrawScreen

    current = nav.current()
    if isinstance(current, SosCallScreen | SosCountdownScreen | SosWithdrawScreen):
        return
    try:
        call = open_call(ctx.store) if call_id is None else load_call(ctx.store, call_id)
    except StoreError:
        log.warning("the emergency calls could not be read", exc_info=True)
        return
    if call is not None and call.withdrawn_at is None:
        nav.push(SosCallScreen(ctx, nav, call))


def _attach(ctx: AppContext, nav: Navigator) -> None:
    """After a restart, a call nobody has taken yet is shown again, not a calm home screen."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: _show_call(ctx, nav, None))


def _on_changes(ctx: AppContext, nav: Navigator, changes: Changes) -> None:
    """Someone took the call, or the center escalated it: the elder sees and hears it even
    after leaving the call's screen."""
    for call_id, status in changes.sos.items():
        if status in NEWS:
            _show_call(ctx, nav, call_id)


FEATURE = Feature(
    name="sos",
    open=_open,
    role="emergency",
    attach=_attach,
    attach_later=True,
    on_changes=_on_changes,
    settings=("sos_countdown_s", "center_phone", "emergency_number", "center_name"),
)
