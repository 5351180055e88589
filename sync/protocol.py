"""The wire format between kiosks and the center server, shared by both sides.

Only pydantic and the standard library here: the server imports this module and nothing else
of the kiosk. Version 1 of the API lives under ``/api/v1``.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

API_PREFIX = "/api/v1"
MAX_BATCH = 500
MAX_BODY_BYTES = 1_048_576

# Order states, in the order they follow each other.
ORDER_STATES = ("waiting", "sent", "accepted", "on_the_way", "done", "cancelled")
STAFF_ORDER_ACTIONS = ("accept", "assign", "on_the_way", "done", "cancel")


NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL characters

# Numbers and flags are taken only as what they are: "5", 5.0 and true are not a quantity,
# 1 is not a flag, and NaN, Infinity and 1e400 (which JSON parsers read as infinity) are no
# time or measurement. Strict fields still read an int where a float is wanted.
WholeNumber = Annotated[int, Field(strict=True)]
FiniteNumber = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Flag = Annotated[bool, Field(strict=True)]

# Limits of a service catalog's TOML (CatalogUpload, and every place that loads one): a
# catalog is a few kilobytes nested three deep; tomllib recurses once per level.
MAX_CATALOG_CHARS = 200_000
MAX_CATALOG_DEPTH = 16

# Limits of the free JSON an event carries beyond its model's fields (Event.payload).
MAX_PAYLOAD_DEPTH = 8
MAX_PAYLOAD_TEXT = 10_000  # characters of any one string in it
MAX_PAYLOAD_ITEMS = 500  # keys and list items in all


def check_json_value(value: Any) -> Any:
    """``value`` if it is plain JSON within the limits above: no NaN or infinity, no lone
    surrogate (it cannot be stored as UTF-8), no string over MAX_PAYLOAD_TEXT, nested at most
    MAX_PAYLOAD_DEPTH deep; else ValueError saying which."""
    items = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if len(item) > MAX_PAYLOAD_TEXT:
                raise ValueError(f"a text longer than {MAX_PAYLOAD_TEXT} characters")
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise ValueError("a text with a lone surrogate character") from None
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                raise ValueError("a number that is NaN or infinite")
        elif isinstance(item, dict | list):
            if depth >= MAX_PAYLOAD_DEPTH:
                raise ValueError(f"nested deeper than {MAX_PAYLOAD_DEPTH}")
            children = list(item.items()) if isinstance(item, dict) else item
            items += len(children)
            if items > MAX_PAYLOAD_ITEMS:
                raise ValueError(f"more than {MAX_PAYLOAD_ITEMS} items")
            for child in children:
                if isinstance(item, dict):
                    stack.append((child[0], depth + 1))
                    stack.append((child[1], depth + 1))
                else:
                    stack.append((child, depth + 1))
        elif item is not None and not isinstance(item, bool | int):
            raise ValueError(f"a {type(item).__name__}, which JSON does not have")
    return value


PlainJson = Annotated[dict[str, Any], AfterValidator(check_json_value)]


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
    payload: PlainJson
    created_at: FiniteNumber


# -- outbox event payloads -------------------------------------------------------------------
#
# One model per event kind: the kiosk writes these payloads as plain dicts (app/ knows nothing
# of the wire), and the center validates every incoming payload with them. Fields a newer kiosk
# adds are ignored rather than refused, so kiosks can be updated before the center.

ResidentCard = Annotated[str | None, Field(pattern=r"^[0-9]{4,20}$")]
ChoiceName = Annotated[str, Field(min_length=1, max_length=64, pattern=NO_NUL)]
ChoiceValue = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
Stamp = Annotated[str, Field(max_length=40)]  # ISO 8601, as the kiosk's app.clock.iso writes it


class EventPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OrderCreate(EventPayload):
    """``order.create``: a resident ordered a service (app.orders.place_order)."""

    order_id: uuid.UUID
    resident_card: ResidentCard = None
    service_id: str = Field(min_length=1, max_length=64)
    choices: dict[ChoiceName, ChoiceValue] = Field(max_length=10)
    quantity: WholeNumber = Field(ge=1, le=99)
    price_fen: WholeNumber = Field(ge=0, le=10_000_000)
    subsidy_tier: Literal["free", "subsidised", "full"]
    created_at: Stamp


class OrderCancel(EventPayload):
    """``order.cancel``: the resident cancelled an order (app.orders.cancel_order)."""

    order_id: uuid.UUID
    cancelled_at: Stamp
    by: str = Field(default="resident", max_length=100)


class SosRaise(EventPayload):
    """``sos.raise``: an emergency (app.emergency.raise_sos); no resident when nobody signed
    in."""

    sos_id: uuid.UUID
    resident_card: ResidentCard = None
    location: str = Field(default="", max_length=200)
    raised_at: Stamp


class SosWithdraw(EventPayload):
    """``sos.withdraw``: the resident said "I am fine" after the call went out
    (app.emergency.withdraw_sos); staff see it, and whoever is on the way can stand down."""

    sos_id: uuid.UUID
    withdrawn_at: Stamp
    by: str = Field(default="resident", max_length=100)


class HelpRequest(EventPayload):
    """``help.request``: the kiosk asks staff to come (app.emergency.request_staff_help)."""

    request_id: uuid.UUID
    reason: str = Field(max_length=200)
    location: str = Field(default="", max_length=200)
    requested_at: Stamp


ReadingKind = Literal[
    "blood_pressure", "heart_rate", "pulse_oximetry", "temperature", "glucose", "weight"
]
# The values each kind of reading must carry.
READING_VALUES: dict[str, tuple[str, ...]] = {
    "blood_pressure": ("systolic", "diastolic"),
    "heart_rate": ("pulse",),
    "pulse_oximetry": ("spo2",),
    "temperature": ("temperature_c",),
    "glucose": ("glucose_mmol_l",),
    "weight": ("weight_kg",),
}
# What a reading means, from lowest to highest (app/vitals judges it with the thresholds
# table in assets/vitals/); "unsure" when the device flagged the measurement itself.
READING_LEVELS = ("very_low", "low", "normal", "a_bit_high", "high", "very_high", "unsure")
ReadingLevel = Literal["very_low", "low", "normal", "a_bit_high", "high", "very_high", "unsure"]


class ReadingRecord(EventPayload):
    """``reading.record``: one measurement from a health device. Each value has one unit,
    named in the field (pressures in mmHg, pulse in beats per minute, SpO2 in percent); the
    bounds only keep out what no device reports, not what is unusual.

    ``level`` and ``alert`` are the kiosk's judgement of the reading (with the resident's
    own targets where staff set them); the center raises an alert to staff for ``alert``."""

    reading_id: uuid.UUID
    resident_card: ResidentCard = None
    kind: ReadingKind
    measured_at: FiniteNumber = Field(ge=0)  # seconds since the epoch, by the kiosk's clock
    device: str = Field(default="", max_length=100)  # the device that measured it
    source: Literal["device", "typed"] = "device"  # typed: from a paper record or a meter
    systolic: WholeNumber | None = Field(default=None, ge=20, le=300)
    diastolic: WholeNumber | None = Field(default=None, ge=10, le=250)
    pulse: WholeNumber | None = Field(default=None, ge=20, le=300)
    spo2: WholeNumber | None = Field(default=None, ge=50, le=100)
    temperature_c: FiniteNumber | None = Field(default=None, ge=25, le=45)
    glucose_mmol_l: FiniteNumber | None = Field(default=None, ge=0.5, le=50)
    meal: Literal["fasting", "after_meal", "unknown"] | None = None  # for glucose
    weight_kg: FiniteNumber | None = Field(default=None, ge=10, le=400)
    level: ReadingLevel | None = None
    alert: Flag = False

    @model_validator(mode="after")
    def _has_its_values(self) -> Self:
        missing = [name for name in READING_VALUES[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.kind} reading needs {', '.join(missing)}")
        return self


class TutorialProgress(EventPayload):
    """``tutorial.progress``: how far a resident got in a lesson (volunteer tutorial mode)."""

    resident_card: ResidentCard = None
    lesson_id: str = Field(min_length=1, max_length=64)
    step: WholeNumber = Field(ge=0, le=999)  # the last step reached, counted from 0
    steps: WholeNumber = Field(ge=1, le=1000)  # how many steps the lesson has
    completed: Flag = False
    # Tried in the practice screens, and done there without a hint; a center or kiosk older
    # than these fields reads them as not yet.
    practised: Flag = False
    mastered: Flag = False
    recorded_at: Stamp

    @model_validator(mode="after")
    def _step_in_lesson(self) -> Self:
        if self.step >= self.steps:
            raise ValueError(f"step {self.step} is past the lesson's {self.steps} steps")
        return self


class CallLog(EventPayload):
    """``call.log``: a video call made or missed on the kiosk."""

    call_id: uuid.UUID
    resident_card: ResidentCard = None
    contact: str = Field(min_length=1, max_length=100)  # whom, as named in the contacts
    direction: Literal["outgoing", "incoming"]
    outcome: Literal["answered", "missed", "declined", "failed"]
    started_at: Stamp
    duration_s: WholeNumber = Field(default=0, ge=0, le=86_400)


# The payload model of each outbox event kind: the kinds the center knows how to apply.
EVENT_PAYLOADS: dict[str, type[EventPayload]] = {
    "order.create": OrderCreate,
    "order.cancel": OrderCancel,
    "sos.raise": SosRaise,
    "sos.withdraw": SosWithdraw,
    "help.request": HelpRequest,
    "reading.record": ReadingRecord,
    "tutorial.progress": TutorialProgress,
    "call.log": CallLog,
}
EVENT_KINDS = tuple(EVENT_PAYLOADS)


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
    kind: str = Field(
        min_length=1,
        max_length=64,
        description="order.status, sos.status, catalog.changed, message, reading.ack or "
        "resident.targets today; a kiosk "
        "logs and skips a kind it does not know, so a newer center can add kinds.",
    )
    payload: dict[str, Any]
    created_at: float


class UpdatesPage(_Strict):
    cursor: int
    updates: list[Update]
    more: bool = False


# -- vital signs: what the center sends back about readings -------------------------------

ReadingValue = Literal[
    "systolic", "diastolic", "pulse", "spo2", "temperature_c", "glucose_mmol_l", "weight_kg"
]


class ReadingAck(_Strict):
    """Payload of a ``reading.ack`` update: a person at the center has seen an alerting
    reading. The kiosk shows who, never before this arrives."""

    reading_id: uuid.UUID
    by: str = Field(min_length=1, max_length=100, pattern=NO_NUL)  # the staff member's name
    acknowledged_at: FiniteNumber = Field(ge=0)
    note: str = Field(default="", max_length=500, pattern=NO_NUL)


class VitalTarget(_Strict):
    """A resident's own band for one value, set by staff (a nurse or doctor): a value outside
    ``low``..``high`` alerts even where the general table would call it normal."""

    value: ReadingValue
    low: FiniteNumber | None = None
    high: FiniteNumber | None = None

    @model_validator(mode="after")
    def _a_band(self) -> Self:
        if self.low is None and self.high is None:
            raise ValueError("a target needs a low or a high bound")
        if self.low is not None and self.high is not None and self.low >= self.high:
            raise ValueError("a target's low bound must be below its high bound")
        return self


class ResidentTargets(_Strict):
    """Payload of a ``resident.targets`` update, and the body staff send to set them. An
    empty list clears the resident's own targets (the general table applies again)."""

    resident_card: str = Field(pattern=r"^[0-9]{4,20}$")
    targets: list[VitalTarget] = Field(default_factory=list, max_length=20)


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
    created_at: str  # by the kiosk's clock, as it sent it
    updated_at: str
    received_at: float | None = None  # by the center's clock; lists sort by it
    subsidy_tier: str | None = None  # the center's, which the price is for


# What a staff member says they are doing about an emergency, in the kiosk's words.
SosAction = Literal["on_the_way", "phoning", "coming_to_kiosk"]
# The steps an emergency nobody has acknowledged goes through at the center, in the order a
# center configures (server settings); "waiting" is before the first.
SosStep = Literal["waiting", "all_staff", "contacts"]


class StaffSos(_Strict):
    sos_id: str
    device_id: str
    resident_card: str | None
    location: str
    raised_at: str
    acknowledged_by: str | None
    acknowledged_at: str | None
    action: SosAction | None = None
    step: SosStep = "waiting"  # how far it escalated while nobody acknowledged it
    withdrawn_at: str | None = None


class SosRaiseResult(_Strict):
    """The ``result`` of an applied ``sos.raise``: the center stored it, and how long it
    gives its staff to acknowledge it before it escalates (the kiosk says so when passed)."""

    sos_id: str
    ack_within_s: int = Field(ge=1, le=3600)


class SosStatus(_Strict):
    """The payload of a ``sos.status`` update: a person acknowledged the call (``by``,
    ``action``), the center escalated it (``step``), it was withdrawn or closed."""

    sos_id: str
    status: Literal["acknowledged", "escalated", "withdrawn", "closed"]
    by: str | None = Field(default=None, max_length=100)
    action: SosAction | None = None
    step: SosStep | None = None
    at: str = Field(default="", max_length=40)


class StaffSosAck(_Strict):
    """A staff member takes an emergency: what they are doing about it."""

    action: SosAction = "on_the_way"


class DeviceHealth(_Strict):
    """``POST /device/health``: a kiosk reports a fault it cannot put in its own outbox (its
    storage failing), and again when it clears (``storage_fault`` null)."""

    storage_fault: str | None = Field(default=None, max_length=500, pattern=NO_NUL)
    queue_length: WholeNumber | None = Field(default=None, ge=0, le=10_000_000)
    reported_at: str = Field(max_length=40, pattern=NO_NUL)  # ISO 8601, by the kiosk's clock


class StaffDevice(_Strict):
    """An enrolled terminal as staff see it, with its latest health report (if any)."""

    device_id: str
    name: str
    mode: str
    created_at: float
    revoked_at: float | None
    last_seen_at: float | None
    storage_fault: str | None = None
    queue_length: int | None = None
    health_reported_at: str | None = None  # by the kiosk's clock
    health_received_at: float | None = None  # by the center's


# -- the staff socket (GET /staff/ws): what staff must see at once -------------------------


class StaffHello(_Strict):
    """The socket's first message, and again after a client fell too far behind: the
    emergencies open now (not acknowledged; a withdrawn one stays, with ``withdrawn_at``,
    until someone acknowledges it)."""

    type: Literal["hello"] = "hello"
    staff: str
    sos: list[StaffSos]


class StaffSosChange(_Strict):
    """An emergency was raised, escalated (``step``), acknowledged or withdrawn; ``sos`` is
    how it stands when the message is sent."""

    type: Literal["sos"] = "sos"
    event: Literal["raised", "escalated", "acknowledged", "withdrawn"]
    step: SosStep | None = None
    by: str
    at: str
    note: str | None = None
    sos: StaffSos


class StaffOrderChange(_Strict):
    """A new order (``status`` "sent") or a change of one, by whom; ``order`` is how it
    stands when the message is sent."""

    type: Literal["order"] = "order"
    status: str
    by: str
    at: str
    note: str | None = None
    order: StaffOrder


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
    toml: Annotated[str, Field(min_length=1, max_length=MAX_CATALOG_CHARS, pattern=NO_NUL)]

    @model_validator(mode="after")
    def _not_too_deep(self) -> Self:
        depth = toml_nesting(self.toml)
        if depth > MAX_CATALOG_DEPTH:
            raise ValueError(
                f"the catalog is nested {depth} deep; a catalog may nest {MAX_CATALOG_DEPTH}"
            )
        return self


class StaffMessage(_Strict):
    """A message for one terminal, one resident, or (neither given) every terminal."""

    text: str = Field(min_length=1, max_length=500, pattern=NO_NUL)
    device_id: str | None = Field(default=None, pattern=r"^[0-9a-fA-F-]{36}$")
    resident_card: str | None = Field(default=None, pattern=r"^[0-9]{4,20}$")


# -- vital signs at the center: what staff see and send ----------------------------------


class StaffReadingAlert(_Strict):
    """A reading the kiosk judged alerting, as staff see it: the reading's values and level,
    where it was taken, and who acknowledged it (null while nobody has)."""

    reading_id: str
    device_id: str  # the kiosk that sent it
    kiosk: str  # that kiosk's name
    resident_card: str | None
    kind: ReadingKind
    measured_at: str  # ISO 8601, by the kiosk's clock
    raised_at: str  # ISO 8601, when the center stored it
    level: ReadingLevel | None
    source: Literal["device", "typed"]
    device: str  # the health device that measured it
    systolic: int | None = None
    diastolic: int | None = None
    pulse: int | None = None
    spo2: int | None = None
    temperature_c: float | None = None
    glucose_mmol_l: float | None = None
    meal: Literal["fasting", "after_meal", "unknown"] | None = None
    weight_kg: float | None = None
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None
    note: str | None = None


class StaffAlertAck(_Strict):
    """A member of staff has seen an alerting reading. ``by`` is the name the kiosk shows
    (the staff member's own name when not given); ``note`` what they did about it."""

    by: str | None = Field(default=None, min_length=1, max_length=100, pattern=NO_NUL)
    note: str = Field(default="", max_length=500, pattern=NO_NUL)


class StaffReadingAlertChange(_Strict):
    """On the staff socket: an alerting reading arrived (``raised``, by ``device:NAME``) or
    a member of staff acknowledged it (by ``staff:NAME``); ``alert`` is how it stands."""

    type: Literal["reading_alert"] = "reading_alert"
    event: Literal["raised", "acknowledged"]
    by: str
    at: str
    note: str | None = None
    alert: StaffReadingAlert


# -- staff accounts, sessions and the audit trail (server.accounts, server.roles) ----------

StaffRole = Literal["administrator", "dispatcher", "nurse", "volunteer"]
StaffName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")]
Password = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]


class SignIn(_Strict):
    """``POST /staff/session``: a member of staff signs in to the console."""

    name: StaffName
    password: Password


class StaffAccount(_Strict):
    """A staff account as staff see it (never its password or tokens)."""

    id: int
    name: str
    role: StaffRole
    disabled: bool
    has_password: bool
    locked_until: float | None = None
    created_at: float


class SessionInfo(_Strict):
    """Who is signed in, what they may do (actions of server.roles), and until when."""

    account: StaffAccount
    allowed: list[str]
    expires_at: float | None = None


class NewStaffAccount(_Strict):
    name: StaffName
    role: StaffRole
    password: Password | None = None


class StaffAccountChange(_Strict):
    """An administrator's change to an account: its role, switched off or on."""

    role: StaffRole | None = None
    disabled: Flag | None = None


class PasswordReset(_Strict):
    password: Password


class TokenRequest(_Strict):
    """``POST /staff/tokens``: an API token for a program, valid for ``days``."""

    label: str = Field(default="", max_length=100, pattern=NO_NUL)
    days: WholeNumber = Field(default=90, ge=1, le=365)


class IssuedToken(_Strict):
    token: str  # shown once
    expires_at: float


class AuditRecord(_Strict):
    """One change recorded by the center: who (``staff:NAME``, ``cli``, ``center``), when,
    what (``account.create``, ``resident.change``, ``catalog.publish``, ``device.revoke``,
    ``message.send`` ...), to what, and a summary of before and after; or one use of a
    resident's data by staff (``access:ACTION``, to ``resident:CARD`` where the request
    names one) from ``address``."""

    id: int
    at: float
    actor: str
    action: str
    target: str
    before: Any = None
    after: Any = None
    address: str | None = None  # the client's, where the center knows it


# -- the residents register (the center's; kiosks receive it as ``resident`` updates) --------

SubsidyTier = Literal["free", "subsidised", "full"]


class ResidentContact(_Strict):
    name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    phone: str = Field(default="", max_length=30, pattern=r"^[0-9+\- ]*$")
    relation: str = Field(default="", max_length=50, pattern=NO_NUL)


class ResidentDetails(_Strict):
    """What an administrator sets for a resident (``PUT /staff/residents/{card}``)."""

    name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    phone: str = Field(default="", max_length=30, pattern=r"^[0-9+\- ]*$")
    subsidy_tier: SubsidyTier
    contacts: list[ResidentContact] = Field(default_factory=list, max_length=10)
    language: Literal["zh_CN", "en_US"] = "zh_CN"
    active: Flag = True


class ResidentRecord(ResidentDetails):
    """A resident in the center's register; also the payload of a ``resident`` update,
    which a kiosk applies to its own copy (an inactive resident can no longer sign in)."""

    card: str = Field(pattern=r"^[0-9]{4,20}$")
    updated_at: float = 0.0


# Why the center refused an ``order.create``: the code starts the event's ``error``, as
# "CODE: sentence", and the kiosk words it for the resident.
ORDER_REFUSALS = (
    "unknown_service",
    "unknown_choice",
    "unknown_card",
    "inactive_card",
    "past_cutoff",
    "not_offered_today",
)


# -- lessons: a resident's progress kept by the center ------------------------------------


class ResidentTutorialProgress(_Strict):
    """``GET /tutorials/progress?card=``: a resident's progress in each lesson they started on
    any kiosk, as the center gathered it from the ``tutorial.progress`` events (the furthest
    step reached, and every flag any kiosk set), for a kiosk to merge into its own."""

    resident_card: str = Field(pattern=r"^[0-9]{4,20}$")
    lessons: list[TutorialProgress] = Field(default_factory=list, max_length=1000)


# -- hardened input: the update socket's hello, catalog nesting ----------------------------


class UpdatesHello(_Strict):
    """The first message a kiosk sends on its update socket: the cursor it has."""

    since: WholeNumber = Field(default=0, ge=0, le=2**63 - 1)


def toml_nesting(text: str) -> int:
    """How deep the arrays and inline tables of a TOML text nest (a table header counts its
    brackets), read without parsing it, so that a text nested thousands deep is refused
    before a parser recurses into it. Strings and comments are skipped."""
    depth = deepest = 0
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char == "#":
            newline = text.find("\n", index)
            index = end if newline < 0 else newline
        elif char in "\"'":
            triple = text.startswith(char * 3, index)
            quote = char * 3 if triple else char
            index += len(quote)
            while index < end and not text.startswith(quote, index):
                if char == '"' and text[index] == "\\":
                    index += 1  # an escaped character, whatever it is
                elif not triple and text[index] == "\n":
                    break  # an unclosed one-line string: the parser will say so
                index += 1
            index += len(quote) - 1
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
        index += 1
    return deepest


# -- a resident's data on request: export and erasure (server.privacy) ---------------------


class ResidentErase(_Strict):
    """Payload of a ``resident.erase`` update: the center erased this resident on request.
    A kiosk deletes everything it holds of the card (register entry, orders, readings,
    progress, call logs, consent records) and keeps nothing queued for it."""

    resident_card: str = Field(pattern=r"^[0-9]{4,20}$")
    erased_at: FiniteNumber = Field(ge=0)


class ResidentExport(_Strict):
    """``GET /staff/residents/{card}/export``: everything the center holds about one
    resident, for the resident to take away. Each list holds the rows as the center keeps
    them (the JSON of their models), newest last."""

    format: Literal["center-resident-export"] = "center-resident-export"
    version: int = 1
    exported_at: float
    exported_by: str
    resident: ResidentRecord | None
    orders: list[dict[str, Any]] = Field(default_factory=list)
    sos: list[dict[str, Any]] = Field(default_factory=list)
    help_requests: list[dict[str, Any]] = Field(default_factory=list)
    readings: list[dict[str, Any]] = Field(default_factory=list)
    targets: ResidentTargets | None = None
    tutorial_progress: list[dict[str, Any]] = Field(default_factory=list)
    call_logs: list[dict[str, Any]] = Field(default_factory=list)
    messages: list[dict[str, Any]] = Field(default_factory=list)
    consent: list[dict[str, Any]] = Field(default_factory=list)
    accesses: list[AuditRecord] = Field(default_factory=list)


class ResidentErasure(_Strict):
    """The answer to ``DELETE /staff/residents/{card}``: what was removed, per kind, and the
    ``resident.erase`` update that tells every kiosk."""

    resident_card: str
    erased_at: float
    removed: dict[str, int]
    update_seq: int


# -- consent records (app.privacy.consent on the kiosk, server.consent at the center) -------

CONSENT_PURPOSES = ("health_readings", "call_recording", "family_sharing")


class ConsentRecord(EventPayload):
    """``consent.record``: a resident's answer about one use of their data, given on a
    kiosk's consent screen (or to staff with them). ``granted`` false after a yes is a
    withdrawal; the newest answer per resident and purpose holds."""

    consent_id: uuid.UUID
    resident_card: str = Field(pattern=r"^[0-9]{4,20}$")
    purpose: Literal["health_readings", "call_recording", "family_sharing"]
    granted: bool = Field(strict=True)
    wording_version: str = Field(min_length=1, max_length=40, pattern=NO_NUL)
    recorded_by: Literal["resident", "staff"]
    staff_name: str = Field(default="", max_length=100, pattern=NO_NUL)
    # Seconds since the epoch, by the kiosk's clock.
    recorded_at: float = Field(ge=0, strict=True, allow_inf_nan=False)


EVENT_PAYLOADS["consent.record"] = ConsentRecord
EVENT_KINDS = tuple(EVENT_PAYLOADS)


# -- volunteer-led group sessions (app.tutorials.sessions, server.volunteering) -------------

VOLUNTEER_PIN = r"^[0-9]{6,12}$"
SESSION_RESULTS = ("managed", "needs_practice")
MAX_SESSION_ATTENDEES = 60


class VolunteerList(_Strict):
    """``GET /volunteers``: the names of the volunteers who may run a group session on a
    kiosk (active accounts of the volunteer role with a kiosk PIN), for the kiosk to offer
    as a list to tap."""

    volunteers: list[str] = Field(default_factory=list, max_length=500)


class VolunteerSignIn(_Strict):
    """``POST /volunteers/signin``: a volunteer chose their name on a kiosk and typed their
    kiosk PIN; the kiosk asks the center over its own device credentials."""

    name: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    pin: str = Field(pattern=VOLUNTEER_PIN)


class VolunteerSignedIn(_Strict):
    """The center's answer to a volunteer's sign-in on a kiosk: the sign-in's id, which the
    session's events carry so the center credits the hours to the one who signed in."""

    signin_id: uuid.UUID
    name: str
    signed_in_at: FiniteNumber


class VolunteerPin(_Strict):
    """A volunteer's new kiosk PIN (set by themselves, or by an administrator)."""

    pin: str = Field(pattern=VOLUNTEER_PIN)


class SessionAttendee(EventPayload):
    """One elder checked in to a group session, and the volunteer's mark for them (none
    until marked)."""

    resident_card: str = Field(pattern=r"^[0-9]{4,20}$")
    checked_in_at: Stamp
    result: Literal["managed", "needs_practice"] | None = None


class GroupSession(EventPayload):
    """``learn.session``: a volunteer-led group session as it stands (sent when it starts,
    at each check-in and when it ends; the latest word per session holds). ``step`` is the
    furthest step shown, from 0; ``ended_at`` is empty while it runs."""

    session_id: uuid.UUID
    signin_id: uuid.UUID
    volunteer: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    lesson_id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    steps: WholeNumber = Field(ge=1, le=1000)
    step: WholeNumber = Field(ge=0, le=999)
    started_at: Stamp
    ended_at: Stamp | None = None
    attendees: list[SessionAttendee] = Field(default_factory=list, max_length=MAX_SESSION_ATTENDEES)

    @model_validator(mode="after")
    def _whole(self) -> Self:
        if self.step >= self.steps:
            raise ValueError(f"step {self.step} is past the lesson's {self.steps} steps")
        cards = [a.resident_card for a in self.attendees]
        if len(set(cards)) != len(cards):
            raise ValueError("an elder is checked in twice")
        return self


EVENT_PAYLOADS["learn.session"] = GroupSession
EVENT_KINDS = tuple(EVENT_PAYLOADS)


class VolunteerSessionView(_Strict):
    """A group session as the center keeps it: who ran it, the lesson, when, the hours it
    counts for the volunteer's time bank, and who came with their marks."""

    session_id: str
    volunteer: str
    device: str
    lesson_id: str
    steps: int
    step: int
    started_at: str
    ended_at: str | None
    hours: float
    confirmed: bool  # the sign-in it names was made by this volunteer on this kiosk
    attendees: list[SessionAttendee]


class TimeBankBalance(_Strict):
    """One volunteer's time bank: hours of ended, confirmed sessions, and how many."""

    volunteer: str
    hours: float
    sessions: int
    elders: int  # check-ins across those sessions


class VolunteeringReport(_Strict):
    """``GET /staff/volunteering``: balances and sessions (administrators see everyone's,
    a volunteer their own)."""

    balances: list[TimeBankBalance]
    sessions: list[VolunteerSessionView]


# -- lessons the center publishes to kiosks ----------------------------------------------------

# The same names the kiosk's lesson format takes (app/tutorials/schema.py): a lesson id fits
# the progress events' lesson_id, and a lesson folder holds lesson.toml and flat SVG files.
LESSON_ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
LESSON_PICTURE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.svg$"
MAX_LESSON_TOML_CHARS = 100_000
MAX_LESSON_PICTURE_CHARS = 200_000
MAX_LESSON_PICTURES = 100

LessonPictureName = Annotated[str, Field(pattern=LESSON_PICTURE_PATTERN)]
LessonPictureText = Annotated[
    str, Field(min_length=1, max_length=MAX_LESSON_PICTURE_CHARS, pattern=NO_NUL)
]


class LessonUpload(_Strict):
    """``POST /staff/lessons`` as JSON: a lesson folder's lesson.toml and its SVG pictures
    (by file name, as text). A .zip of the folder is the other way to send it."""

    toml: Annotated[str, Field(min_length=1, max_length=MAX_LESSON_TOML_CHARS, pattern=NO_NUL)]
    files: dict[LessonPictureName, LessonPictureText] = Field(
        default_factory=dict, max_length=MAX_LESSON_PICTURES
    )


class PublishedLesson(_Strict):
    """``GET /lessons/{lesson_id}``: the newest version of a lesson the center published,
    as the folder a kiosk writes: lesson.toml and the pictures it uses."""

    lesson_id: str = Field(pattern=LESSON_ID_PATTERN)
    version: int = Field(ge=1)
    toml: str = Field(min_length=1, max_length=MAX_LESSON_TOML_CHARS)
    files: dict[LessonPictureName, LessonPictureText] = Field(max_length=MAX_LESSON_PICTURES)
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")  # SHA-256 of the folder's files


class LessonPublished(_Strict):
    """The payload of a ``lesson.published`` update: which lesson to fetch, and which
    version is the newest."""

    lesson_id: str = Field(pattern=LESSON_ID_PATTERN)
    version: int = Field(ge=1)


class LessonReceipt(_Strict):
    """The center's answer to a publication: what it keeps and sends to kiosks.
    ``repeated``: this very version was published before; nothing was sent again."""

    lesson_id: str
    version: int
    digest: str
    steps: int
    pictures: int
    published_by: str
    published_at: float
    repeated: bool = False
