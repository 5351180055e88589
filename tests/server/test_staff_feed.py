"""The staff feed (server.staff_feed) on its own: it sends only what is committed after a
socket starts listening, every row once, and a row whose number was skipped over (its
transaction committed after a later one, as happens on PostgreSQL) when it appears."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from server.db import make_engine, migrate, session_factory
from server.models import Device, SosEvent, SosStepRecord
from server.staff_feed import GAP_WAIT_S, StaffFeed, _Cursor

SOS_ID = "00000000-0000-4000-8000-0000000000aa"


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    migrate(engine)
    made = session_factory(engine)
    with made() as session:
        session.add(Device(id="d1", name="hall kiosk", mode="kiosk", token_hash="h", created_at=0))
        session.add(
            SosEvent(id=SOS_ID, device_id="d1", location="hall", raised_at="2024-06-11T08:00Z")
        )
        session.commit()
    yield made
    engine.dispose()


def add_step(sessions: sessionmaker[Session], number: int, step: str) -> None:
    with sessions() as session:
        session.add(SosStepRecord(id=number, sos_id=SOS_ID, step=step, actor="x", at="t"))
        session.commit()


def test_the_feed_sends_each_new_step_once_and_waits_for_a_skipped_number(
    sessions: sessionmaker[Session],
) -> None:
    async def scenario() -> list[list[tuple[str, str | None]]]:
        feed = StaffFeed(sessions)
        await feed.start()
        add_step(sessions, 1, "raised")  # before anyone listened: not sent
        listener = await feed.listen()
        seen: list[list[tuple[str, str | None]]] = []

        def take() -> None:
            news = feed.after(listener.position)
            assert news is not None
            messages, listener.position = news
            seen.append([(m["event"], m["step"]) for m in map(json.loads, messages)])

        add_step(sessions, 3, "all_staff")  # number 2 is still being committed elsewhere
        feed.scan_now()
        take()
        feed.scan_now()  # nothing new: nothing sent again
        take()
        add_step(sessions, 2, "withdrawn")
        add_step(sessions, 4, "acknowledged")
        feed.scan_now()
        take()
        await asyncio.sleep(0)  # the wake-up, scheduled from the scan
        assert listener.wake.is_set()
        feed.unlisten(listener)
        assert not feed.listening
        await feed.stop()
        return seen

    assert asyncio.run(scenario()) == [
        [("escalated", "all_staff")],
        [],
        [("withdrawn", None), ("acknowledged", None)],
    ]


def test_a_skipped_number_is_given_up_after_a_while() -> None:
    cursor = _Cursor(high=10)
    cursor.saw([13], now=100.0)
    assert (cursor.high, sorted(cursor.missing)) == (13, [11, 12])
    cursor.saw([12], now=101.0)
    assert sorted(cursor.missing) == [11]
    cursor.saw([], now=100.0 + GAP_WAIT_S + 1)
    assert cursor.missing == {}
    cursor.saw([5_000], now=200.0)  # a jump of the sequence, not a gap to wait for
    assert (cursor.high, cursor.missing) == (5_000, {})


def test_a_scan_inside_another_transaction_and_a_scan_of_its_own_never_wait_on_each_other(
    sessions: sessionmaker[Session],
) -> None:
    """The push hub calls scan() inside its own transaction (on SQLite: BEGIN IMMEDIATE, the
    database's one write lock); scan_now() must take its transaction before the feed's lock,
    or each holds what the other waits for until SQLite's 30 s busy timeout, and every writer
    (an emergency's next step) waits with them."""
    import threading

    async def listening() -> StaffFeed:
        feed = StaffFeed(sessions)
        await feed.start()
        await feed.listen()
        return feed

    feed = asyncio.run(listening())
    with sessions() as hub_session:
        hub_session.connection()  # the hub's scan holds the database
        own_scan = threading.Thread(target=feed.scan_now, daemon=True)
        own_scan.start()  # waits for the database, holding nothing of the feed's
        inside = threading.Thread(target=feed.scan, args=(hub_session,), daemon=True)
        inside.start()
        inside.join(10)
        assert not inside.is_alive(), "the hub's scan waited for the feed's lock"
        hub_session.commit()
    own_scan.join(10)
    assert not own_scan.is_alive()
