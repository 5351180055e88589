"""Enrolled terminals as staff see them, and the health reports kiosks send.

A kiosk reports what it cannot put in its own outbox, its storage failing, with
``POST /device/health`` (``sync.protocol.DeviceHealth``), and again when the fault clears.
The center keeps each device's latest report (``device_health``) and logs a line when a fault
appears, changes or clears, so a failing kiosk is noticed even when nobody looks at the list.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.auth import DeviceRef
from server.models import Device, DeviceHealth
from sync.protocol import DeviceHealth as DeviceHealthReport
from sync.protocol import StaffDevice

log = logging.getLogger(__name__)


def record_health(
    session: Session, device: DeviceRef, report: DeviceHealthReport, *, now: float | None = None
) -> None:
    """Keep ``report`` as the device's latest; commits."""
    now = time.time() if now is None else now
    for attempt in range(2):
        row = session.get(DeviceHealth, device.id, with_for_update=True)
        before = row.storage_fault if row is not None else None
        if row is None:
            row = DeviceHealth(device_id=device.id)
            session.add(row)
        row.storage_fault = report.storage_fault
        row.queue_length = report.queue_length
        row.reported_at = report.reported_at
        row.received_at = now
        try:
            session.commit()
        except IntegrityError:  # its first report, sent twice at once: the other one won
            session.rollback()
            if attempt:
                raise
            continue
        _log_change(device, before, report)
        return


def _log_change(device: DeviceRef, before: str | None, report: DeviceHealthReport) -> None:
    fault = report.storage_fault
    if fault == before:
        return
    queued = "unknown" if report.queue_length is None else report.queue_length
    if fault is None:
        log.info("device %s (%s): storage fault cleared: %s", device.name, device.id, before)
    else:
        log.warning(
            "device %s (%s): storage fault: %s (%s events waiting, reported %s)",
            device.name,
            device.id,
            fault,
            queued,
            report.reported_at,
        )


def list_devices(session: Session, limit: int, faulty_only: bool = False) -> list[StaffDevice]:
    """Enrolled devices by name, each with its latest health report."""
    query = (
        select(Device, DeviceHealth)
        .outerjoin(DeviceHealth, DeviceHealth.device_id == Device.id)
        .order_by(Device.name, Device.id)
        .limit(limit)
    )
    if faulty_only:
        query = query.where(DeviceHealth.storage_fault.is_not(None))
    return [
        StaffDevice(
            device_id=device.id,
            name=device.name,
            mode=device.mode,
            created_at=device.created_at,
            revoked_at=device.revoked_at,
            last_seen_at=device.last_seen_at,
            storage_fault=health.storage_fault if health else None,
            queue_length=health.queue_length if health else None,
            health_reported_at=health.reported_at if health else None,
            health_received_at=health.received_at if health else None,
        )
        for device, health in session.execute(query).tuples()
    ]
