"""Database tables of the center server (SQLAlchemy 2 declarative models).

Columns holding a person's name, phone, contacts or health are sealed (server.crypto): the
model maps the stored text to a private attribute (``_name``) and shows the plaintext under
the column's name (``name``), opening it on read and sealing it on write.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from server.crypto import UNREADABLE_TEXT, SealedText

# What a sealed JSON summary that does not open reads as: still JSON, and says so.
UNREADABLE_JSON = json.dumps(UNREADABLE_TEXT, ensure_ascii=False)


class Base(DeclarativeBase):
    pass


class Device(Base):
    """A kiosk or home tablet that enrolled with a one-time code."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_seen_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    __table_args__ = (
        Index(
            "devices_revoked",
            "id",
            postgresql_where=text("revoked_at IS NOT NULL"),
            sqlite_where=text("revoked_at IS NOT NULL"),
        ),
    )


class DeviceHealth(Base):
    """The latest health report of a device (``POST /device/health``), kept apart from
    ``devices``, which every request reads."""

    __tablename__ = "device_health"
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"), primary_key=True)
    storage_fault: Mapped[str | None] = mapped_column(Text, nullable=True)
    queue_length: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reported_at: Mapped[str] = mapped_column(String(40))  # by the kiosk's clock
    received_at: Mapped[float] = mapped_column(Float)


class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    used_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Staff(Base):
    """A member of staff: a role (server.roles), a password (argon2, server.accounts) and
    what the lockout of sign-in counts. ``token_hash`` is a hash nobody holds a token for
    (tokens and sessions are ``staff_sessions``); the column stays for older processes."""

    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[float] = mapped_column(Float)
    role: Mapped[str] = mapped_column(String(20), server_default="administrator")
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    disabled_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    failed_signins: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    lockouts: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    locked_until: Mapped[float | None] = mapped_column(Float, nullable=True)


class StaffSession(Base):
    """A console session (``kind`` console, a cookie) or an API token (``kind`` token, a
    bearer token): stored as a hash, valid until ``expires_at`` unless ended before."""

    __tablename__ = "staff_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(100), server_default="", default="")
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)
    ended_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    client: Mapped[str] = mapped_column(String(100), server_default="", default="")
    __table_args__ = (Index("staff_sessions_by_staff", "staff_id"),)


class AuditEntry(Base):
    """One change to accounts, residents, the catalog, devices or messages, or one read of a
    resident's data: who, when, from which address, what, and a summary of before and after
    (JSON; secrets never). Append-only: the database refuses updates, and deletions of
    entries younger than six months (migration 0007)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[float] = mapped_column(Float)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(120))
    # The summaries name residents and family members: sealed, with the target as the row's
    # key (the entry's own id is not known before it is stored, and the database refuses
    # to change an entry after).
    _before: Mapped[str | None] = mapped_column("before", Text, nullable=True)
    _after: Mapped[str | None] = mapped_column("after", Text, nullable=True)
    address: Mapped[str | None] = mapped_column(String(100), nullable=True)  # the client's

    before = SealedText("_before", "audit_log", "before", lambda row: row.target, UNREADABLE_JSON)
    after = SealedText("_after", "audit_log", "after", lambda row: row.target, UNREADABLE_JSON)


class ResidentRow(Base):
    """A resident in the center's register (``sync.protocol.ResidentRecord``)."""

    __tablename__ = "residents"
    card: Mapped[str] = mapped_column(String(20), primary_key=True)
    # Sealed (server.crypto), with the card as the row's key: the card stays plain, as the
    # key every other table joins on.
    _name: Mapped[str] = mapped_column("name", Text)
    _phone: Mapped[str] = mapped_column("phone", Text, server_default="")
    subsidy_tier: Mapped[str] = mapped_column(String(12))
    _contacts: Mapped[str] = mapped_column("contacts", Text, server_default="[]")  # JSON list
    language: Mapped[str] = mapped_column(String(10), server_default="zh_CN")
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("1"))
    updated_at: Mapped[float] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(String(120))

    name = SealedText("_name", "residents", "name", lambda row: row.card)
    # A phone or list of contacts that does not open reads as none (a phone number has its
    # own pattern); the log says which row.
    phone = SealedText("_phone", "residents", "phone", lambda row: row.card, "")
    contacts = SealedText("_contacts", "residents", "contacts", lambda row: row.card, "[]")


class IngestedEvent(Base):
    """The permanent key (device, event id) and the first answer given for it."""

    __tablename__ = "ingested_events"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))
    answer: Mapped[str] = mapped_column(Text)
    # The event as sent, sealed (it may hold a reading); "" once retention or an erasure
    # removed it.
    _payload: Mapped[str] = mapped_column("payload", Text)
    received_at: Mapped[float] = mapped_column(Float)

    payload = SealedText("_payload", "ingested_events", "payload", lambda row: event_key(row))


def event_key(row: IngestedEvent) -> str:
    """The row key a stored event's payload is sealed with (server.ingest seals it)."""
    return f"{row.device_id}/{row.event_id}"


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"))
    resident_card: Mapped[str | None] = mapped_column(String(20), nullable=True)
    service_id: Mapped[str] = mapped_column(String(64))
    choices: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer)
    price_fen: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    worker: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))  # by the kiosk's clock
    updated_at: Mapped[str] = mapped_column(String(40))
    # The tier and price above are the center's own (server.pricing); the kiosk's price is
    # kept only to compare. Orders of older releases have NULL here.
    subsidy_tier: Mapped[str | None] = mapped_column(String(12), nullable=True)
    kiosk_price_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    received_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # center's clock
    __table_args__ = (
        Index("orders_by_status", "status", "created_at"),
        Index("orders_by_received", "received_at", "id"),
    )


class OrderHistory(Base):
    """Every change of an order: what, who and when."""

    __tablename__ = "order_history"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(36), ForeignKey("orders.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class SosEvent(Base):
    """An emergency a kiosk raised. While nobody has acknowledged or withdrawn it,
    ``next_step_at`` says when it escalates to the step after ``step`` (server.sos)."""

    __tablename__ = "sos_events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"))
    resident_card: Mapped[str | None] = mapped_column(String(20), nullable=True)
    location: Mapped[str] = mapped_column(String(200))
    raised_at: Mapped[str] = mapped_column(String(40))  # by the kiosk's clock
    acknowledged_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    acknowledged_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    action: Mapped[str | None] = mapped_column(String(20), nullable=True)
    step: Mapped[str] = mapped_column(String(20), server_default="waiting")
    received_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    next_step_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    withdrawn_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    __table_args__ = (
        # Only the emergencies still waiting for a step: each process looks for those that
        # are due once a second.
        Index(
            "sos_due",
            "next_step_at",
            postgresql_where=text("next_step_at IS NOT NULL"),
            sqlite_where=text("next_step_at IS NOT NULL"),
        ),
    )


class SosStepRecord(Base):
    """Everything that happened to an emergency: raised, each escalation step (all_staff,
    contacts), acknowledged (note: what they are doing), withdrawn; who and when. New rows
    are what the staff socket sends (server.staff_feed)."""

    __tablename__ = "sos_steps"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    sos_id: Mapped[str] = mapped_column(String(36), ForeignKey("sos_events.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class HelpRequest(Base):
    __tablename__ = "help_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"))
    reason: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[str] = mapped_column(String(40))


class Record(Base):
    """Tutorial progress, call logs, consent answers and volunteer sessions: checked against
    their models in sync.protocol, then kept as sent, sealed (the event id as the row's
    key). ``resident_card`` is the card the payload names, plain, so a resident's records
    are found without opening every one. (Readings have their own table.)"""

    __tablename__ = "records"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"))
    kind: Mapped[str] = mapped_column(String(64))
    _payload: Mapped[str] = mapped_column("payload", Text)
    received_at: Mapped[float] = mapped_column(Float)
    resident_card: Mapped[str | None] = mapped_column(String(20), nullable=True)
    __table_args__ = (Index("records_by_resident", "resident_card", "kind"),)

    # A payload that does not open reads as None: its readers leave it out (logged).
    payload = SealedText("_payload", "records", "payload", lambda row: row.id, None)


class Reading(Base):
    """One measurement a kiosk sent (``reading.record``), stored once per ``reading_id`` with
    the kiosk's judgement of it (``level``, ``alert``); server.vitals."""

    __tablename__ = "readings"
    reading_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36))  # the outbox event that brought it
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"))
    resident_card: Mapped[str | None] = mapped_column(String(20), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The measured values and the level are sealed together in ``sealed`` (a JSON object,
    # server.readings.SEALED_FIELDS, the reading id as the row's key). Their own columns
    # stay, empty, for rows written before (read as they are) and a downgrade.
    _systolic: Mapped[int | None] = mapped_column("systolic", Integer, nullable=True)
    _diastolic: Mapped[int | None] = mapped_column("diastolic", Integer, nullable=True)
    _pulse: Mapped[int | None] = mapped_column("pulse", Integer, nullable=True)
    _spo2: Mapped[int | None] = mapped_column("spo2", Integer, nullable=True)
    _temperature_c: Mapped[float | None] = mapped_column("temperature_c", Float, nullable=True)
    _glucose_mmol_l: Mapped[float | None] = mapped_column("glucose_mmol_l", Float, nullable=True)
    _meal: Mapped[str | None] = mapped_column("meal", String(12), nullable=True)
    _weight_kg: Mapped[float | None] = mapped_column("weight_kg", Float, nullable=True)
    _sealed: Mapped[str | None] = mapped_column(
        "sealed", Text, nullable=True, info={"sealed_storage": True}
    )
    measured_at: Mapped[float] = mapped_column(Float)  # by the kiosk's clock
    received_at: Mapped[float] = mapped_column(Float)  # by the center's
    source: Mapped[str] = mapped_column(String(8))  # device or typed
    device_name: Mapped[str] = mapped_column(String(100))  # the device that measured it
    _level: Mapped[str | None] = mapped_column("level", String(12), nullable=True)
    alert: Mapped[bool] = mapped_column(Boolean)
    __table_args__ = (Index("readings_by_resident", "resident_card", "measured_at"),)

    _values = SealedText("_sealed", "readings", "sealed", lambda row: row.reading_id, None)

    @property
    def unreadable(self) -> bool:
        """Its sealed values do not open (logged by server.crypto); shown as unreadable."""
        return self._sealed is not None and self._values is None

    def _value(self, name: str) -> Any:
        if self._sealed is None:
            return getattr(self, "_" + name)
        opened = self._values
        return None if opened is None else json.loads(opened).get(name)

    @property
    def systolic(self) -> int | None:
        return self._value("systolic")  # type: ignore[no-any-return]

    @property
    def diastolic(self) -> int | None:
        return self._value("diastolic")  # type: ignore[no-any-return]

    @property
    def pulse(self) -> int | None:
        return self._value("pulse")  # type: ignore[no-any-return]

    @property
    def spo2(self) -> int | None:
        return self._value("spo2")  # type: ignore[no-any-return]

    @property
    def temperature_c(self) -> float | None:
        return self._value("temperature_c")  # type: ignore[no-any-return]

    @property
    def glucose_mmol_l(self) -> float | None:
        return self._value("glucose_mmol_l")  # type: ignore[no-any-return]

    @property
    def meal(self) -> str | None:
        return self._value("meal")  # type: ignore[no-any-return]

    @property
    def weight_kg(self) -> float | None:
        return self._value("weight_kg")  # type: ignore[no-any-return]

    @property
    def level(self) -> str | None:
        return self._value("level")  # type: ignore[no-any-return]


class ReadingAlert(Base):
    """A reading the kiosk judged alerting, until a member of staff acknowledges it."""

    __tablename__ = "reading_alerts"
    reading_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("readings.reading_id"), primary_key=True
    )
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"))
    resident_card: Mapped[str | None] = mapped_column(String(20), nullable=True)
    raised_at: Mapped[float] = mapped_column(Float)  # when the center stored it
    acknowledged_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    acknowledged_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    _note: Mapped[str | None] = mapped_column("note", Text, nullable=True)  # sealed
    __table_args__ = (
        # The open ones, which staff consoles list: newest first.
        Index(
            "reading_alerts_open",
            "raised_at",
            postgresql_where=text("acknowledged_at IS NULL"),
            sqlite_where=text("acknowledged_at IS NULL"),
        ),
    )

    note = SealedText("_note", "reading_alerts", "note", lambda row: row.reading_id)


class ReadingAlertStep(Base):
    """Everything that happened to a reading alert (raised, acknowledged), who and when. New
    rows are what the staff socket sends (server.staff_feed)."""

    __tablename__ = "reading_alert_steps"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    reading_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("reading_alerts.reading_id"), index=True
    )
    step: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[float] = mapped_column(Float)
    # Sealed with the reading id as the row's key (the step's own id is not known before
    # it is stored).
    _note: Mapped[str | None] = mapped_column("note", Text, nullable=True)

    note = SealedText("_note", "reading_alert_steps", "note", lambda row: row.reading_id)


class ResidentTarget(Base):
    """A resident's own targets, set by staff (``sync.protocol.ResidentTargets``)."""

    __tablename__ = "resident_targets"
    resident_card: Mapped[str] = mapped_column(String(20), primary_key=True)
    targets: Mapped[str] = mapped_column(Text)  # JSON: a list of VitalTarget
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[float] = mapped_column(Float)


class Update(Base):
    """A change for one device (or all, when device_id is NULL), numbered for cursors. The
    payload (a resident's name and phone, a message, a caller's name) is sealed; kiosks get
    it opened, over TLS. ``resident_card`` is the card it names, plain, so an erasure finds
    the updates that carried a resident."""

    __tablename__ = "updates"
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    _payload: Mapped[str] = mapped_column("payload", Text)
    created_at: Mapped[float] = mapped_column(Float)
    resident_card: Mapped[str | None] = mapped_column(String(20), nullable=True)
    __table_args__ = (
        Index("updates_by_device", "device_id", "seq"),
        Index("updates_by_resident", "resident_card"),
    )

    # Sealed with device and kind as the row's key: the number is given by the database
    # only when the row is stored. One that does not open reads as None (not sent).
    payload = SealedText("_payload", "updates", "payload", lambda row: update_key(row), None)


def update_key(row: Update) -> str | None:
    """The row key an update's payload is sealed with (None until its kind is set)."""
    if row.kind is None:
        return None
    return f"{row.device_id or '*'}/{row.kind}"


class CatalogVersion(Base):
    """A service catalog published by staff; the newest is what kiosks show."""

    __tablename__ = "catalog_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    toml: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[float] = mapped_column(Float)


class FamilyLink(Base):
    """A family account (``staff`` with the role ``family``) and one resident they may see and
    call: how the resident sees them, and whether their calls answer by themselves (the
    resident's consent, with who recorded it: the resident on a kiosk, or staff for them)."""

    __tablename__ = "family_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(Integer, ForeignKey("staff.id"))
    resident_card: Mapped[str] = mapped_column(String(20))
    relation: Mapped[str] = mapped_column(String(40))  # 女儿, son, ...
    # As the kiosk shows them; sealed with account and card as the row's key.
    _display_name: Mapped[str] = mapped_column("display_name", Text)
    auto_answer: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    auto_answer_set_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    auto_answer_set_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[float] = mapped_column(Float)
    ended_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    __table_args__ = (
        UniqueConstraint("account_id", "resident_card", name="family_links_once"),
        Index("family_links_by_resident", "resident_card"),
    )

    display_name = SealedText(
        "_display_name", "family_links", "display_name", lambda row: link_key(row)
    )


def link_key(row: FamilyLink) -> str | None:
    """The row key a family link's display name is sealed with (set both before it)."""
    if row.account_id is None or row.resident_card is None:
        return None
    return f"{row.account_id}/{row.resident_card}"


class FamilyInvitation(Base):
    """A single-use, expiring link from staff that makes a family account linked to one
    resident; only a hash of its token is kept."""

    __tablename__ = "family_invitations"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    resident_card: Mapped[str] = mapped_column(String(20))
    relation: Mapped[str] = mapped_column(String(40))
    _display_name: Mapped[str] = mapped_column("display_name", Text)  # sealed
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    used_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the account made

    display_name = SealedText(
        "_display_name", "family_invitations", "display_name", lambda row: row.token_hash
    )


class ResidentDevice(Base):
    """The home tablet that rings when someone calls a resident (one each way)."""

    __tablename__ = "resident_devices"
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"), primary_key=True)
    resident_card: Mapped[str] = mapped_column(String(20), unique=True)
    set_by: Mapped[str] = mapped_column(String(120))
    set_at: Mapped[float] = mapped_column(Float)


class Call(Base):
    """One video call attempt between a resident's kiosk and a family member or staff:
    ``state`` is one of server.calls.CALL_STATES, ``reason`` why it ended as it did."""

    __tablename__ = "calls"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    resident_card: Mapped[str] = mapped_column(String(20))
    device_id: Mapped[str] = mapped_column(String(36))
    caller_kind: Mapped[str] = mapped_column(String(10))  # family, staff, kiosk
    caller_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # staff.id
    _caller_name: Mapped[str] = mapped_column("caller_name", Text)  # sealed, the id its key
    callee_kind: Mapped[str] = mapped_column(String(10))  # kiosk, family
    callee_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    state: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    auto_answer: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    checkin_schedule_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    ended_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    __table_args__ = (
        Index("calls_by_device_state", "device_id", "state"),
        Index("calls_by_resident", "resident_card", "created_at"),
        Index("calls_by_state", "state", "created_at"),  # the ring-out scan (migration 0011)
    )

    caller_name = SealedText("_caller_name", "calls", "caller_name", lambda row: row.id)


class CallTicket(Base):
    """A single-use pass for one side of one call into its signaling socket (a hash)."""

    __tablename__ = "call_tickets"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    call_id: Mapped[str] = mapped_column(String(36), ForeignKey("calls.id"))
    side: Mapped[str] = mapped_column(String(10))  # caller, callee
    expires_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class CallPolicy(Base):
    """A resident's quiet hours ("21:00" to "07:30", the center's local time) and a block of
    calls by staff until a time, with its reason."""

    __tablename__ = "call_policies"
    resident_card: Mapped[str] = mapped_column(String(20), primary_key=True)
    quiet_from: Mapped[str | None] = mapped_column(String(5), nullable=True)
    quiet_to: Mapped[str | None] = mapped_column(String(5), nullable=True)
    blocked_until: Mapped[float | None] = mapped_column(Float, nullable=True)
    block_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[float] = mapped_column(Float)


class CheckinSchedule(Base):
    """A daily check-in: at ``at_time`` (center's local time) on ``weekdays`` (ISO digits,
    1 = Monday) the resident's kiosk offers to call the family account."""

    __tablename__ = "checkin_schedules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resident_card: Mapped[str] = mapped_column(String(20))
    account_id: Mapped[int] = mapped_column(Integer, ForeignKey("staff.id"))
    at_time: Mapped[str] = mapped_column(String(5))
    weekdays: Mapped[str] = mapped_column(String(7), server_default="1234567", default="1234567")
    enabled: Mapped[bool] = mapped_column(Boolean, server_default=true(), default=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[float] = mapped_column(Float)
    __table_args__ = (Index("checkin_schedules_by_resident", "resident_card"),)


class CheckinRun(Base):
    """What became of one day's check-in: prompted, then ``called`` or ``missed``."""

    __tablename__ = "checkin_runs"
    schedule_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("checkin_schedules.id"), primary_key=True
    )
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, local
    prompted_at: Mapped[float] = mapped_column(Float)
    call_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(10), nullable=True)
    settled_at: Mapped[float | None] = mapped_column(Float, nullable=True)


__all__ = ["Base", "UniqueConstraint"]
