"""Local copies of health readings and messages removed once their time here is up.

The center keeps residents' readings; the kiosk keeps a copy for the trend charts and the
screens, and the outbox keeps each sent event. Once the center has confirmed a reading (its
``reading.record`` event is ``sent``) and it is older than the retention period
(``local_retention_days`` in the config), the reading and its event go. A reading the center
has not confirmed yet stays, however old: nothing the elder did is lost. A message from the
center goes once read and past the period. Deleted pages are overwritten (``secure_delete``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.clock import iso, utc_now
from app.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pruned:
    readings: int
    events: int
    messages: int


def prune(store: Store, *, days: int, now: datetime | None = None) -> Pruned:
    """Remove what is past ``days`` and confirmed (see the module), in one transaction."""
    moment = now or utc_now()
    before = moment - timedelta(days=days)
    cutoff, cutoff_s = iso(before), before.timestamp()
    with store.transaction() as conn:
        # Readings the center has: their event was answered, or is long gone from the outbox
        # of a kiosk older than this rule (then the reading was sent before the rule).
        readings = conn.execute(
            "DELETE FROM readings WHERE created_at < ? AND NOT EXISTS ("
            " SELECT 1 FROM outbox WHERE kind = 'reading.record' AND state != 'sent'"
            " AND json_valid(payload) AND json_extract(payload, '$.reading_id') = readings.id)",
            (cutoff,),
        ).rowcount
        events = conn.execute(
            "DELETE FROM outbox WHERE kind = 'reading.record' AND state = 'sent'"
            " AND coalesce(sent_at, created_at) < ?",
            (cutoff_s,),
        ).rowcount
        messages = conn.execute(
            "DELETE FROM messages WHERE read_at IS NOT NULL AND read_at < ?", (cutoff,)
        ).rowcount
    pruned = Pruned(readings, events, messages)
    if readings or events or messages:
        log.info(
            "removed past their %d days here: %d readings, %d sent reading events,"
            " %d read messages",
            days,
            readings,
            events,
            messages,
        )
    return pruned
