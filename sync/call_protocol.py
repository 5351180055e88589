"""The wire format of video calls, shared by the center server, the kiosk and the call page.

Only pydantic and the standard library here, as in ``sync.protocol``: the server imports it.

A call is a row at the center (``calls``) whose ``state`` moves as :data:`NEXT_STATES` allows:
ringing, then accepted, declined, missed or ended (the caller gave up); accepted, then ended.
A call that cannot ring at all (the line is busy, quiet hours, calls blocked by staff, no home
tablet) is recorded at once as ``busy`` or ``ended`` with its :data:`EndReason`.

How the two sides meet:

* The kiosk learns of a call to it through its update stream: an update of kind
  ``call.ringing`` (:class:`CallRinging`), then ``call.ended`` (:class:`CallEnded`) when it
  ends without the kiosk; ``call.checkin`` (:class:`CheckinDue`) when a daily check-in is due.
* Either side gets a :class:`CallJoin` (from answering, or from starting a call): a single-use
  ticket, the call page's path and the ICE servers. The call page (``/call/{id}``) opens the
  signaling socket ``/api/v1/calls/{id}/socket`` and sends ``{"type": "hello", "ticket": ...}``
  first; the ticket travels in the page's fragment (``#ticket=``), never in a URL a server logs.
* On the socket, the server answers :data:`SERVER_MESSAGES` and relays :data:`RELAYED` messages
  from one side to the other unchanged but for their size (:data:`MAX_SIGNAL_BYTES`). The
  caller makes the WebRTC offer once both sides are in.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

CallState = Literal["ringing", "accepted", "declined", "missed", "busy", "ended"]
CALL_STATES: Final[tuple[str, ...]] = (
    "ringing",
    "accepted",
    "declined",
    "missed",
    "busy",
    "ended",
)
# state -> the states it may move to; the rest are final
NEXT_STATES: Final[dict[str, frozenset[str]]] = {
    "ringing": frozenset({"accepted", "declined", "missed", "ended"}),
    "accepted": frozenset({"ended"}),
}
FINAL_STATES: Final[frozenset[str]] = frozenset(CALL_STATES) - frozenset(NEXT_STATES)

EndReason = Literal[
    "hung_up",  # one side hung up (``by`` says which, in CallEnded)
    "declined",  # the callee said no
    "no_answer",  # rang for RING_S with no answer
    "busy",  # the resident's kiosk (or the family member) was already in a call
    "quiet_hours",  # the resident's quiet hours
    "blocked",  # staff blocked calls to the resident for a while
    "no_device",  # no home tablet for the resident
    "offline",  # the kiosk was not connected
    "network",  # a side's connection dropped and did not come back in RECONNECT_S
    "cancelled",  # the caller gave up before an answer
]

RING_S: Final = 45  # a call rings this long, then it is missed
AUTO_ANSWER_S: Final = 10  # the countdown before a call the resident allowed answers itself
RECONNECT_S: Final = 20  # a dropped side may come back this long before the call ends
TICKET_S: Final = 120  # a ticket must be used this soon
MAX_SIGNAL_BYTES: Final = 64_000  # an SDP offer is a few kilobytes

CallerKind = Literal["family", "staff", "kiosk"]
Side = Literal["caller", "callee"]
ResidentCardText = Annotated[str, Field(pattern=r"^[0-9]{4,20}$")]
Name = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]
# A row number of the center's (a family account, a check-in): a 32-bit integer in PostgreSQL.
RowId = Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]  # "10:00"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IceServer(_Strict):
    """One STUN or TURN server as RTCPeerConnection takes it."""

    urls: list[Annotated[str, Field(max_length=300)]] = Field(min_length=1, max_length=8)
    username: str | None = Field(default=None, max_length=200)
    credential: str | None = Field(default=None, max_length=200)


class CallRinging(_Strict):
    """``call.ringing``, for the resident's kiosk: someone is calling."""

    call_id: uuid.UUID
    resident_card: ResidentCardText
    caller_kind: Literal["family", "staff"]
    caller_name: Name  # as the resident knows them: "女儿 王丽", "社区中心 王护士"
    family_id: RowId | None = None  # the family account, for a family call
    auto_answer: bool = False  # the resident allowed this caller to be answered by itself
    countdown_s: int = Field(default=AUTO_ANSWER_S, ge=3, le=60)
    ring_s: int = Field(default=RING_S, ge=5, le=300)
    checkin: bool = False  # the daily check-in call


class CallEnded(_Strict):
    """``call.ended``, for the kiosk: a call it knew of ended without it (the caller gave up,
    the call was missed, answered on another screen, or the other side hung up)."""

    call_id: uuid.UUID
    state: CallState
    reason: EndReason | None = None
    by: Side | None = None


class CheckinDue(_Strict):
    """``call.checkin``, for the resident's kiosk: time for the daily call to someone."""

    schedule_id: RowId
    resident_card: ResidentCardText
    family_id: RowId
    name: Name  # "女儿 王丽"
    at_time: ClockTime
    day: Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


class CallContact(_Strict):
    """Someone the resident may call from the kiosk."""

    family_id: RowId
    display_name: Name
    relation: Annotated[str, Field(max_length=40)]
    auto_answer: bool
    online: bool  # their family page is open now: a call will ring there


class CallContacts(_Strict):
    resident_card: ResidentCardText
    contacts: list[CallContact]


class KioskCall(_Strict):
    """``POST /api/v1/kiosk/calls``: the resident calls a family member."""

    resident_card: ResidentCardText
    family_id: RowId
    checkin_schedule_id: RowId | None = None  # when it is the daily check-in call


class FamilyCall(_Strict):
    """``POST /api/v1/family/calls`` (and the staff's ``/api/v1/staff/calls``)."""

    resident_card: ResidentCardText


class AutoAnswerChoice(_Strict):
    """The resident's choice for one family member (kiosk), or staff's on their behalf."""

    auto_answer: bool


class CallPolicyView(_Strict):
    """A resident's quiet hours and any block by staff."""

    quiet_from: ClockTime | None = None
    quiet_to: ClockTime | None = None
    blocked_until: float | None = None  # Unix time
    block_reason: str | None = Field(default=None, max_length=200)


class CallJoin(_Strict):
    """What one side needs to open the call page: its single-use ticket and the ICE servers."""

    call_id: uuid.UUID
    side: Side
    state: CallState
    ticket: str
    page: str  # the call page's path: /call/{call_id}
    ice_servers: list[IceServer]
    peer_name: Name  # who is on the other side


class CallRecord(_Strict):
    """A call as the family page, the console and the kiosk list them."""

    id: uuid.UUID
    resident_card: ResidentCardText
    caller_kind: CallerKind
    caller_name: Name
    callee_kind: Literal["kiosk", "family"]
    state: CallState
    reason: EndReason | None = None
    auto_answer: bool = False
    created_at: float
    answered_at: float | None = None
    ended_at: float | None = None


# Signaling socket messages (JSON objects with a "type").
CLIENT_MESSAGES: Final = ("hello", "offer", "answer", "candidate", "hangup", "media")
RELAYED: Final = ("offer", "answer", "candidate", "media")  # passed to the other side as sent
SERVER_MESSAGES: Final = ("joined", "peer_joined", "peer_left", "ended", "error")
