"""The wire format between kiosks and the center server, shared by both sides.

Only pydantic and the standard library here: the server imports this module and nothing else
of the kiosk. Version 1 of the API lives under ``/api/v1``.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

API_PREFIX = "/api/v1"
MAX_BATCH = 500
MAX_BODY_BYTES = 1_048_576

# Outbox event kinds the server knows how to apply.
EVENT_KINDS = (
    "order.create",
    "order.cancel",
    "sos.raise",
    "help.request",
    "reading.record",
    "tutorial.progress",
    "call.log",
)
# Order states, in the order they follow each other.
ORDER_STATES = ("waiting", "sent", "accepted", "on_the_way", "done", "cancelled")
STAFF_ORDER_ACTIONS = ("accept", "assign", "on_the_way", "done", "cancel")


NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL characters


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrolRequest(_Strict):
    code: str = Field(min_length=6, max_length=64, pattern=NO_NUL)
    device_name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    mode: Literal["kiosk", "home"] = "kiosk"


class EnrolResponse(_Strict):
    device_id: str
    token: str


class Event(_Strict):
    """One outbox event as sent by a kiosk."""

    event_id: uuid.UUID
    kind: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any]
    created_at: float


class EventBatch(_Strict):
    events: list[Event] = Field(min_length=1, max_length=MAX_BATCH)


class EventResult(_Strict):
    """What happened to one event. A repeat gets the first answer with ``duplicate`` true."""

    event_id: uuid.UUID
    status: Literal["applied", "rejected"]
    duplicate: bool = False
    error: str | None = None
    result: dict[str, Any] = Field(default_factory=dict)


class BatchResult(_Strict):
    results: list[EventResult]


class Update(_Strict):
    """A change for a kiosk: an order's new state, a new catalog, a message for a resident."""

    seq: int
    kind: Literal["order.status", "sos.status", "catalog.changed", "message"]
    payload: dict[str, Any]
    created_at: float


class UpdatesPage(_Strict):
    cursor: int
    updates: list[Update]
    more: bool = False


class ErrorBody(_Strict):
    """Every 4xx/5xx answer: a stable code for programs and a sentence for people."""

    code: str
    message: str


class StaffOrderAction(_Strict):
    action: Literal["accept", "assign", "on_the_way", "done", "cancel"]
    worker: str | None = Field(default=None, max_length=100, pattern=NO_NUL)
    reason: str | None = Field(default=None, max_length=500, pattern=NO_NUL)


class StaffOrder(_Strict):
    order_id: str
    device_id: str
    resident_card: str | None
    service_id: str
    choices: dict[str, str]
    quantity: int
    price_fen: int
    status: str
    worker: str | None
    created_at: str
    updated_at: str


class StaffSos(_Strict):
    sos_id: str
    device_id: str
    resident_card: str | None
    location: str
    raised_at: str
    acknowledged_by: str | None
    acknowledged_at: str | None


class HistoryEntry(_Strict):
    status: str
    actor: str
    at: str
    note: str | None = None


class CatalogDocument(_Strict):
    """The center's service catalog, as the TOML text kiosks load (see assets/catalog)."""

    version: int
    toml: str = Field(max_length=200_000)


class CatalogUpload(_Strict):
    toml: str = Field(min_length=1, max_length=200_000, pattern=NO_NUL)


class StaffMessage(_Strict):
    """A message for one terminal, one resident, or (neither given) every terminal."""

    text: str = Field(min_length=1, max_length=500, pattern=NO_NUL)
    device_id: str | None = Field(default=None, pattern=r"^[0-9a-fA-F-]{36}$")
    resident_card: str | None = Field(default=None, pattern=r"^[0-9]{4,20}$")
