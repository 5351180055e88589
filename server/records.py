"""Reading the ``records`` table back: tutorial progress, call logs, consent answers and
volunteer sessions, kept as kiosks sent them but sealed (server.crypto, the event id as the
row's key).

A resident's records are found by the plain ``resident_card`` beside each payload (what
the payload names, filled by server.ingest), so only theirs are opened. A payload that does
not open is left out; server.crypto logs which row.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from server import crypto

_OF_KIND = "SELECT id, device_id, payload, received_at FROM records WHERE kind = :kind"
# With the rows whose card is not noted: written by a process of an older release during an
# upgrade. Callers check the card inside each payload.
_OF_RESIDENT = _OF_KIND + " AND (resident_card = :card OR resident_card IS NULL)"


class StoredRecord(NamedTuple):
    id: str
    device_id: str
    payload: str  # opened: the event's payload as JSON text
    received_at: float


def card_named(payload: object) -> str | None:
    """The resident card a payload names (``resident_card``, else ``card``), if it is one:
    the plain column beside a sealed payload."""
    if not isinstance(payload, dict):
        return None
    card = payload.get("resident_card") or payload.get("card")
    return card if isinstance(card, str) and 0 < len(card) <= 20 else None


def stored(session: Session, kind: str, card: str | None = None) -> list[StoredRecord]:
    """The records of ``kind`` (when ``card`` is given: those noted as its, and those with
    no card noted, which the caller checks), opened."""
    params = {"kind": kind, "card": card}
    rows = session.execute(text(_OF_KIND if card is None else _OF_RESIDENT), params).all()
    opened = []
    for record_id, device_id, payload, received_at in rows:
        plain = crypto.open_or("records", "payload", record_id, payload, None)
        if plain is not None:
            opened.append(StoredRecord(record_id, device_id, plain, float(received_at)))
    return opened
