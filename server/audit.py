"""The audit trail: every change to accounts, residents, the catalog, devices and messages,
with who made it, when, and a summary of before and after; and every read of a resident's
data by staff (server.access), with the address it came from.

An entry is added in the transaction of the change it records, so there is never a change
without its entry nor an entry for a change that was rolled back. Summaries never hold a
password, a hash or a token.
"""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import AuditEntry
from sync.protocol import AuditRecord

MAX_SUMMARY = 4000


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > MAX_SUMMARY:  # still JSON: the start of it, said to be cut
        text = json.dumps({"cut": text[: MAX_SUMMARY - 100]}, ensure_ascii=False)
    return text


def record(
    session: Session,
    actor: str,
    action: str,
    target: str,
    before: Any,
    after: Any,
    now: float | None = None,
    address: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=time.time() if now is None else now,
            actor=actor[:120],
            action=action[:40],
            target=target[:120],
            before=_text(before),
            after=_text(after),
            address=address[:100] if address else None,
        )
    )


def entries(
    session: Session, *, before_id: int | None, limit: int, target: str | None = None
) -> list[AuditRecord]:
    """The newest entries first; ``before_id`` pages on (the last id of the page before)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if target:
        query = query.where(AuditEntry.target == target)
    return [
        AuditRecord(
            id=row.id,
            at=row.at,
            actor=row.actor,
            action=row.action,
            target=row.target,
            before=json.loads(row.before) if row.before else None,
            after=json.loads(row.after) if row.after else None,
            address=row.address,
        )
        for row in session.scalars(query)
    ]
