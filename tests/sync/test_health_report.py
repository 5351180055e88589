"""Telling the center that this kiosk cannot save, past the outbox: ``POST /device/health``.

Against a real center process: the report is kept as the device's latest, a cleared fault
clears it, and the sync worker on a full disk reports through the real client.
"""

from __future__ import annotations

import threading

import pytest

from app import outbox
from app.store import Store
from sync.client import Refused
from sync.worker import SyncStatus, SyncWorker
from tests.helpers.center import EnrolledKiosk
from tests.helpers.queries import pragma


def health_row(kiosk: EnrolledKiosk) -> tuple | None:
    rows = kiosk.center.query(
        "SELECT storage_fault, queue_length FROM device_health WHERE device_id = :device",
        device=kiosk.device_id,
    )
    return rows[0] if rows else None


def test_the_center_keeps_the_report_and_hears_when_the_fault_clears(
    enrolled_kiosk: EnrolledKiosk,
) -> None:
    client = enrolled_kiosk.client
    assert client.report_health("disk_full: database or disk is full", queue_length=3) is None
    assert health_row(enrolled_kiosk) == ("disk_full: database or disk is full", 3)

    client.report_health(None, queue_length=0)
    assert health_row(enrolled_kiosk) == (None, 0)


def test_a_fault_longer_than_the_protocol_allows_is_cut_not_refused(
    enrolled_kiosk: EnrolledKiosk,
) -> None:
    enrolled_kiosk.client.report_health("io: " + "x" * 2000 + "\x00")
    row = health_row(enrolled_kiosk)
    assert row is not None and len(row[0]) == 500 and "\x00" not in row[0]


def test_a_device_without_a_token_is_refused(enrolled_kiosk: EnrolledKiosk) -> None:
    enrolled_kiosk.client.token = "not-a-token"
    with pytest.raises(Refused):
        enrolled_kiosk.client.report_health("disk_full: database or disk is full")
    assert health_row(enrolled_kiosk) is None


def test_the_worker_on_a_full_disk_tells_the_real_center(enrolled_kiosk: EnrolledKiosk) -> None:
    store: Store = enrolled_kiosk.store
    with store.transaction() as conn:
        for number in range(300):
            outbox.enqueue(conn, "reading.record", {"n": number, "note": "x" * 40})
    pages = int(pragma(store, "page_count"))
    with store.reading() as conn:
        conn.execute(f"PRAGMA max_page_count = {pages}")
    reported: list[SyncStatus] = []
    told = threading.Event()

    def on_status(status: SyncStatus) -> None:
        reported.append(status)
        if status.fault_reported:
            told.set()

    worker = SyncWorker(store, enrolled_kiosk.client, on_status=on_status)
    worker.start()
    try:
        assert told.wait(10), reported[-1:]
    finally:
        worker.stop()
    assert reported[-1].storage_fault == "disk_full"
    row = health_row(enrolled_kiosk)
    assert row is not None and row[0].startswith("disk_full") and row[1] == 300
