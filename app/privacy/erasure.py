"""Everything this kiosk holds of one resident, removed when the center erased them.

A resident (or their family with them) asks the center to delete their data; the center
deletes its own and sends every kiosk a ``resident.erase`` update
(``sync.protocol.ResidentErase``). :func:`erase_resident_in` then removes, in the update's
transaction: the register entry, orders and their history, readings and the targets staff
set, lesson progress, consent records, messages for the resident, and the outbox events that
name their card, sent or not. Deleted pages are overwritten (``secure_delete``).

One thing is kept: an emergency call not yet sent. A person may be in danger now, and the
center must hear of it even from someone it no longer holds data about (a vital interest,
PIPL Art. 13); the call's row here loses its link to the resident. Everything else queued
(an order, a reading, progress) would only bring data the center has just deleted back to
it, so it goes.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field

from app.people import InvalidCard, normalise_card

log = logging.getLogger(__name__)

# Unsent emergency events stay (see the module).
KEPT_KINDS = ("sos.raise", "sos.withdraw")
UNSENT_STATES = ("pending", "in_flight", "failed")


@dataclass
class Erased:
    """How many rows of each kind were removed (for the log and the tests)."""

    card: str
    removed: dict[str, int] = field(default_factory=dict)
    kept_emergencies: int = 0

    @property
    def total(self) -> int:
        return sum(self.removed.values())


def erase_resident_in(conn: sqlite3.Connection, raw_card: object) -> Erased | None:
    """Remove everything of the card's resident in the caller's transaction; None when the
    card is not a card at all (logged; nothing changed)."""
    try:
        card = normalise_card(str(raw_card or ""))
    except InvalidCard:
        log.warning("skipped an erasure without a usable card: %r", raw_card)
        return None
    erased = Erased(card)
    row = conn.execute("SELECT id FROM residents WHERE card_number = ?", (card,)).fetchone()
    if row is not None:
        resident_id = int(row[0])
        by_id = (resident_id,)
        _delete(
            conn,
            erased,
            "order_history",
            "DELETE FROM order_history WHERE order_id IN"
            " (SELECT id FROM orders WHERE resident_id = ?)",
            by_id,
        )
        for table in ("orders", "readings", "tutorial_progress", "consents"):
            _delete(conn, erased, table, f"DELETE FROM {table} WHERE resident_id = ?", by_id)
        erased.kept_emergencies = conn.execute(
            "UPDATE sos_events SET resident_id = NULL WHERE resident_id = ?", by_id
        ).rowcount
        _delete(conn, erased, "residents", "DELETE FROM residents WHERE id = ?", by_id)
    by_card = (card,)
    _delete(
        conn,
        erased,
        "resident_targets",
        "DELETE FROM resident_targets WHERE resident_card = ?",
        by_card,
    )
    _delete(conn, erased, "messages", "DELETE FROM messages WHERE resident_card = ?", by_card)
    kept = ", ".join(f"'{k}'" for k in KEPT_KINDS)
    unsent = ", ".join(f"'{s}'" for s in UNSENT_STATES)
    _delete(
        conn,
        erased,
        "outbox",
        "DELETE FROM outbox WHERE json_valid(payload)"
        " AND json_extract(payload, '$.resident_card') = ?"
        f" AND NOT (kind IN ({kept}) AND state IN ({unsent}))",
        by_card,
    )
    log.info(
        "erased the resident with card %s on request: %s (an emergency call kept: %d)",
        card,
        ", ".join(f"{k} {v}" for k, v in erased.removed.items() if v) or "nothing held here",
        erased.kept_emergencies,
    )
    return erased


def _delete(
    conn: sqlite3.Connection, erased: Erased, name: str, sql: str, args: tuple[object, ...]
) -> None:
    erased.removed[name] = erased.removed.get(name, 0) + conn.execute(sql, args).rowcount
