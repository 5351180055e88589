"""The audit of reads: every use of a resident's data by a member of staff is recorded before
the answer is given, with who, which action, which resident (where the request names one),
when and from which address.

The permission dependency (server.routes.permissions) calls :func:`record` for every action of
:data:`PERSONAL_ACTIONS`. The entry is committed at once in the request's session (which has
only checked the credentials by then), so a read that only reads is recorded too, and a
request whose entry cannot be written is not answered.
A request naming an order, an emergency, a reading or a call is recorded against that
thing's resident. A list (orders, emergencies, alerts, residents) is recorded as the list asked for,
with its query.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server.models import Call, Order, Reading, SosEvent

# The actions of server.roles that read or change a resident's data.
PERSONAL_ACTIONS: Final = frozenset(
    {
        "orders.read",
        "orders.act",
        "sos.read",
        "sos.ack",
        "board.watch",
        "messages.send",
        "alerts.read",
        "alerts.ack",
        "targets.read",
        "targets.write",
        "vitals.export",
        "tutorials.read",
        "residents.read",
        "residents.write",
        "residents.export",
        "residents.erase",
        "events.read",
        "audit.read",
        "calls.make",
        "calls.read",
        "calls.policy",
    }
)
# A path parameter naming a thing -> the column holding its resident's card.
_OWNER = {
    "order_id": (Order.id, Order.resident_card),
    "sos_id": (SosEvent.id, SosEvent.resident_card),
    "reading_id": (Reading.reading_id, Reading.resident_card),
    "call_id": (Call.id, Call.resident_card),
}


def _storable(text: str) -> str:
    """``text`` as PostgreSQL can keep it: a NUL character (which no id holds, but a request
    may) is written as ``\\x00``."""
    return text.replace("\x00", "\\x00")


def target_of(session: Session, path_params: Mapping[str, str], path: str) -> str:
    """``resident:CARD`` when the request names a resident or a thing of one; else the
    path asked for."""
    path_params = {name: _storable(value) for name, value in path_params.items()}
    path = _storable(path)
    card = path_params.get("card")
    if card:
        return f"resident:{card}"
    for name, (key, owner) in _OWNER.items():
        value = path_params.get(name)
        if value:
            found = session.scalar(select(owner).where(key == value.lower()))
            return f"resident:{found}" if found else f"{name.removesuffix('_id')}:{value}"
    return path


def record(
    session: Session,
    staff_name: str,
    action: str,
    *,
    method: str,
    path: str,
    query: str,
    path_params: Mapping[str, str],
    address: str | None,
    now: float | None = None,
) -> None:
    """Write the entry for one use of ``action`` by ``staff_name``, and commit ``session``."""
    audit.record(
        session,
        f"staff:{staff_name}",
        f"access:{action}",
        target_of(session, path_params, path),
        None,
        {"method": method, "path": _storable(path), "query": _storable(query[:300])},
        time.time() if now is None else now,
        address=address,
    )
    session.commit()
