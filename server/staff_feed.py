"""What staff must see at once, for the staff socket (server.routes.staff_socket).

Three tables already record every change staff care about, one row per change, numbered:
``sos_steps`` (an emergency raised, escalated, acknowledged, withdrawn), ``order_history``
(an order placed, accepted, on its way, done, cancelled) and ``reading_alert_steps`` (an
alerting reading arrived, was acknowledged). Each process reads the rows added since its last
look and turns each into one message (``sync.protocol.StaffSosChange``, ``StaffOrderChange``,
``StaffReadingAlertChange``), kept in a buffer that every staff socket of the process reads from
its own position. It looks:

* every ``poll_interval_s`` (0.5 s), in the push hub's scan (server.push), so a change that
  another process committed arrives within about half a second;
* at once when this process committed a change (:meth:`StaffFeed.poke`).

Nothing is read while no staff socket is open in the process.

The row numbers come from sequences, and on PostgreSQL two transactions may commit in the
other order than they took their numbers (these rows are written without the lock that
orders ``updates``). So a number skipped over is not given up at once: it is looked for
again in every scan for ``GAP_WAIT_S``, and sent when its row appears.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from server import vitals
from server.models import (
    Device,
    Order,
    OrderHistory,
    Reading,
    ReadingAlert,
    ReadingAlertStep,
    SosEvent,
    SosStepRecord,
)
from server.settings import ESCALATION_STEPS
from server.sos import sos_view
from server.staff import order_view
from sync.protocol import StaffOrderChange, StaffSosChange

log = logging.getLogger(__name__)
BUFFER = 5_000  # messages kept; a socket further behind starts again from a hello
SCAN_ROWS = 1_000
GAP_WAIT_S = 30.0
MAX_GAP = 1_000  # a jump of the sequence wider than this is not a gap to wait for


@dataclass
class _Cursor:
    """How far one table has been read: every number up to ``high`` but ``missing``."""

    high: int
    missing: dict[int, float] = field(default_factory=dict)  # number -> when first missed

    def where(self, column: Any) -> ColumnElement[bool]:
        if not self.missing:
            return cast(ColumnElement[bool], column > self.high)
        return or_(column > self.high, column.in_(sorted(self.missing)))

    def saw(self, numbers: Iterable[int], now: float) -> None:
        for number in sorted(numbers):
            if number in self.missing:
                del self.missing[number]
            elif number > self.high:
                if number - self.high <= MAX_GAP:
                    for skipped in range(self.high + 1, number):
                        self.missing[skipped] = now
                self.high = number
        for number, since in list(self.missing.items()):
            if now - since > GAP_WAIT_S:
                del self.missing[number]


@dataclass(eq=False)
class Listener:
    """One staff socket: woken when there is something new after ``position``."""

    wake: asyncio.Event
    position: int


class StaffFeed:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._lock = threading.Lock()  # one scan at a time
        self._messages: deque[tuple[int, str]] = deque(maxlen=BUFFER)
        self._last = 0  # number of the newest message
        # sos_steps, order_history, reading_alert_steps; None: not reading
        self._cursors: tuple[_Cursor, _Cursor, _Cursor] | None = None
        self._listeners: set[Listener] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._poked: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._poked = asyncio.Event()
        self._task = asyncio.create_task(self._scan_when_poked())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    # -- listeners -----------------------------------------------------------------------

    async def listen(self) -> Listener:
        """A new listener, reading from what is committed from now on."""
        if self._cursors is None:
            await asyncio.to_thread(self._begin)
        listener = Listener(asyncio.Event(), self._last)
        self._listeners.add(listener)
        return listener

    def unlisten(self, listener: Listener) -> None:
        self._listeners.discard(listener)
        if not self._listeners:
            with self._lock:
                if not self._listeners:  # nobody to read for: stop reading
                    self._cursors = None
                    self._messages.clear()

    def after(self, position: int) -> tuple[list[str], int] | None:
        """The messages after ``position`` and the position after them; None when some of
        them are no longer kept."""
        messages = list(self._messages)
        if not messages or messages[-1][0] <= position:
            return [], max(position, self._last)
        if messages[0][0] > position + 1:
            return None
        return [text for number, text in messages if number > position], messages[-1][0]

    @property
    def last(self) -> int:
        """The number of the newest message."""
        return self._last

    @property
    def listening(self) -> bool:
        return bool(self._listeners)

    # -- reading the tables --------------------------------------------------------------

    def _begin(self) -> None:
        with self._sessions() as session:
            session.connection()  # the transaction before the lock, as in scan_now
            with self._lock:
                if self._cursors is not None:
                    return
                high_step = session.scalar(select(func.max(SosStepRecord.id))) or 0
                high_order = session.scalar(select(func.max(OrderHistory.id))) or 0
                high_alert = session.scalar(select(func.max(ReadingAlertStep.id))) or 0
                self._cursors = (
                    _Cursor(int(high_step)),
                    _Cursor(int(high_order)),
                    _Cursor(int(high_alert)),
                )

    def poke(self) -> None:
        """This process committed something staff must see: look now. Any thread."""
        if self._listeners and self._loop is not None and self._poked is not None:
            self._loop.call_soon_threadsafe(self._poked.set)

    async def _scan_when_poked(self) -> None:
        assert self._poked is not None
        while True:
            await self._poked.wait()
            self._poked.clear()
            try:
                await asyncio.to_thread(self.scan_now)
            except Exception:
                log.warning("could not read what staff must see", exc_info=True)

    def scan_now(self) -> None:
        with self._sessions() as session:
            # The transaction first, then the feed's lock, in the order the push hub's scan
            # takes them (it calls :meth:`scan` inside its own transaction). Begun lazily inside
            # the lock, a transaction here waited for the database (SQLite's BEGIN IMMEDIATE)
            # while the hub's scan held the database and waited for the lock: both stood still
            # for the 30 s busy timeout, and every other writer with them (an emergency's next
            # step among them).
            session.connection()
            self.scan(session)

    def scan(self, session: Session) -> None:
        """Read the rows added since the last look, in ``session``, and wake the listeners
        when there are any (the push hub runs this in each of its scans)."""
        if self._cursors is None:
            return
        with self._lock:
            if self._cursors is None:
                return
            steps, orders, alerts = self._cursors
            now = time.monotonic()
            added = self._read_steps(session, steps, now) + self._read_orders(session, orders, now)
            added += self._read_alerts(session, alerts, now)
            for text in added:
                self._last += 1
                self._messages.append((self._last, text))
        if added and self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        for listener in list(self._listeners):
            listener.wake.set()

    def _read_steps(self, session: Session, cursor: _Cursor, now: float) -> list[str]:
        rows = session.execute(
            select(SosStepRecord, SosEvent)
            .join(SosEvent, SosEvent.id == SosStepRecord.sos_id)
            .where(cursor.where(SosStepRecord.id))
            .order_by(SosStepRecord.id)
            .limit(SCAN_ROWS)
        ).all()
        cursor.saw((step.id for step, _ in rows), now)
        return [sos_message(step, sos) for step, sos in rows]

    def _read_orders(self, session: Session, cursor: _Cursor, now: float) -> list[str]:
        rows = session.execute(
            select(OrderHistory, Order)
            .join(Order, Order.id == OrderHistory.order_id)
            .where(cursor.where(OrderHistory.id))
            .order_by(OrderHistory.id)
            .limit(SCAN_ROWS)
        ).all()
        cursor.saw((entry.id for entry, _ in rows), now)
        return [
            StaffOrderChange(
                status=entry.status,
                by=entry.actor,
                at=entry.at,
                note=entry.note,
                order=order_view(order),
            ).model_dump_json()
            for entry, order in rows
        ]

    def _read_alerts(self, session: Session, cursor: _Cursor, now: float) -> list[str]:
        rows = session.execute(
            select(ReadingAlertStep, ReadingAlert, Reading, Device.name)
            .join(ReadingAlert, ReadingAlert.reading_id == ReadingAlertStep.reading_id)
            .join(Reading, Reading.reading_id == ReadingAlertStep.reading_id)
            .join(Device, Device.id == ReadingAlert.device_id)
            .where(cursor.where(ReadingAlertStep.id))
            .order_by(ReadingAlertStep.id)
            .limit(SCAN_ROWS)
        ).all()
        cursor.saw((step.id for step, _, _, _ in rows), now)
        return [vitals.alert_message(*row.tuple()) for row in rows]


def sos_message(step: SosStepRecord, sos: SosEvent) -> str:
    """The message for one row of ``sos_steps``."""
    escalated = step.step in ESCALATION_STEPS
    message = StaffSosChange.model_validate(
        {
            "event": "escalated" if escalated else step.step,
            "step": step.step if escalated else None,
            "by": step.actor,
            "at": step.at,
            "note": step.note,
            "sos": sos_view(sos),
        }
    )
    return message.model_dump_json()
