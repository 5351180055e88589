"""The call feature's part of the window: it hears the center's call updates and brings up
the ringing, missed-call and check-in screens over whatever is on show (never over an
emergency), and it holds what every call screen shares: the board of the one call on
(app.calls.CallBoard), the ring, the clock and the way to the center.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from app.calls import RING, CallBoard, CallOver, CheckinDue, IncomingCall
from ui.call.ringer import Ringer

if TYPE_CHECKING:
    from app.delivery import Changes
    from ui.context import AppContext
    from ui.navigator import Navigator

log = logging.getLogger(__name__)


class CallPart(QObject):
    """One per window (``window.part("call")``)."""

    def __init__(
        self,
        ctx: AppContext,
        nav: Navigator,
        *,
        clock: Callable[[], float] = time.monotonic,
        ringer: Ringer | None = None,
    ) -> None:
        # A child of the window, where the feature's screens find it (see ui.call.part_of).
        super().__init__(nav if isinstance(nav, QObject) else None)
        self.ctx, self.nav = ctx, nav
        self.clock = clock
        self.board = CallBoard()
        self.ringer = ringer or Ringer()
        ctx.sync.sig_changes.connect(self.changed)

    @property
    def desk(self) -> Any:
        """sync.calls.CallDesk, or None where this kiosk has no center."""
        return self.ctx.sync.call_desk

    def open_view(self, allowed_origin: str) -> Any:
        """A web view for the call page (ui.call.web.CallView), QtWebEngine loaded now and
        not before; raises ui.call.web.WebEngineUnavailable where it cannot run."""
        from ui.call.web import open_call_view

        return open_call_view(allowed_origin)

    def close(self) -> None:
        self.ringer.close()

    # -- what is on screen ------------------------------------------------------------------

    def emergency_on_screen(self) -> bool:
        """An emergency (or a group lesson a volunteer runs) is on screen: a call never
        covers it. Such screens are the ones that hold off the idle sign-out."""
        screen = self.nav.current()
        return screen is not None and screen.pauses_idle

    def serves(self, card: str) -> bool:
        """Whether calls to ``card`` ring here: the resident of this home tablet, or the one
        signed in to this kiosk."""
        resident = self.ctx.session.resident
        return resident is not None and resident.card_number == card

    # -- the center's news ------------------------------------------------------------------

    def changed(self, changes: Changes) -> None:
        for over in changes.calls_ended:
            self._ended(over)
        for call in changes.calls_ringing:
            self.offer(call)
        for due in changes.checkins:
            self.checkin(due)

    def offer(self, call: IncomingCall) -> None:
        """A call to ring: first asked of the center whether it is still ringing (an update
        may come late, after a restart or a lost connection)."""
        decision = self.board.offer(
            call,
            self.clock(),
            serves=self.serves(call.resident_card),
            emergency=self.emergency_on_screen(),
        )
        if decision != RING:
            log.info("call %s from %s not rung: %s", call.call_id, call.caller_name, decision)
            return
        desk = self.desk
        if desk is None:
            self._ring(call)
            return

        def checked(record: Any) -> None:
            if record.state == "ringing":
                self._ring(call)
            else:
                log.info("call %s is %s already; not rung", call.call_id, record.state)
                self.board.stop_ringing(call.call_id)

        def unchecked(error: BaseException) -> None:
            # Better to ring a call that may be over than to miss one: answering says which.
            log.warning("could not check call %s; ringing it: %s", call.call_id, error)
            self._ring(call)

        self.ctx.tasks.run(lambda: desk.record(call.call_id), checked, unchecked)

    def _ring(self, call: IncomingCall) -> None:
        from ui.call.incoming import IncomingScreen

        ringing = self.board.ringing
        if ringing is None or ringing.call.call_id != call.call_id:
            return  # ended while the center was asked
        if self.emergency_on_screen():
            self.board.stop_ringing(call.call_id)
            log.info("call %s not rung: an emergency came on screen", call.call_id)
            return
        self.nav.push(IncomingScreen(self.ctx, self.nav, self, ringing))

    def _ended(self, over: CallOver) -> None:
        from ui.call.incoming import IncomingScreen

        was_ringing = self.board.ringing
        if not self.board.ended(over) or was_ringing is None:
            return
        current = self.nav.current()
        if isinstance(current, IncomingScreen) and current.call.call_id == over.call_id:
            current.missed()

    def checkin(self, due: CheckinDue) -> None:
        """Time for the daily call: asked once, over anything but an emergency or a call."""
        from ui.call.checkin import CheckinScreen

        if not self.serves(due.resident_card) or not self._today(due.day):
            log.info("check-in %s for %s not shown", due.schedule_id, due.day)
            return
        if self.emergency_on_screen() or self.board.ringing or self.board.active:
            log.info("check-in %s not shown: the screen is busy", due.schedule_id)
            return
        self.nav.push(CheckinScreen(self.ctx, self.nav, self, due))

    def _today(self, day: str) -> bool:
        now: datetime = self.ctx.clock()
        return day == now.astimezone(self.ctx.catalog.timezone).date().isoformat()


def part_of(nav: Navigator) -> CallPart:
    """The call part the window ``nav`` was given when it was built."""
    part = nav.findChild(CallPart) if isinstance(nav, QObject) else None
    if part is None:
        raise RuntimeError("video calls are opened on a window they were not attached to")
    return part
