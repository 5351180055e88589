"""The kiosk's side of family video calls, without Qt: what the center announced and what to show.

The center tells a resident's kiosk of calls through its update stream (``call.ringing``,
``call.ended``, ``call.checkin``; the wire models are ``sync.call_protocol``'s, which this
layer may not import, so the payloads are read here by the same rules and a test keeps the
two in step). :class:`CallBoard` holds the one call this kiosk is ringing or holding, decides
what a new announcement does (ring, or not), counts the auto-answer down on a clock it is
given, and notices a call screen that has made no progress for too long. :func:`page_state`
reads the call page's ``document.title`` (``call:<state>``) and :func:`ending` sorts how a
call ended into the few outcomes the screens put in words.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from typing import Any, Final

# The same figures as sync.call_protocol (RING_S, AUTO_ANSWER_S, RECONNECT_S); a test keeps
# them equal.
RING_S: Final = 45
AUTO_ANSWER_S: Final = 10
RECONNECT_S: Final = 20
# A call screen that has not moved on this long ends itself: nothing leaves the kiosk on it.
STALL_S: Final = RING_S + 15
MISSED_SHOWN_S: Final = 8  # "missed call from ..." stays this long, then the screen goes back

CALL_STATES: Final = ("ringing", "accepted", "declined", "missed", "busy", "ended")
END_REASONS: Final = (
    "hung_up",
    "declined",
    "no_answer",
    "busy",
    "quiet_hours",
    "blocked",
    "no_device",
    "offline",
    "network",
    "cancelled",
)
PAGE_ERRORS: Final = ("no_camera", "no_microphone", "permission", "network", "ticket")
_CARD = re.compile(r"^[0-9]{4,20}$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class BadPayload(ValueError):
    """An update's payload is not what the protocol says; the message says what is wrong."""


@dataclass(frozen=True)
class IncomingCall:
    """``call.ringing``: someone is calling the resident of this kiosk."""

    call_id: str
    resident_card: str
    caller_kind: str  # "family" or "staff"
    caller_name: str  # as the resident knows them: "女儿 王丽"
    family_id: int | None = None
    auto_answer: bool = False
    countdown_s: int = AUTO_ANSWER_S
    ring_s: int = RING_S
    checkin: bool = False


@dataclass(frozen=True)
class CallOver:
    """``call.ended``: a call this kiosk knew of ended without it."""

    call_id: str
    state: str
    reason: str | None = None
    by: str | None = None


@dataclass(frozen=True)
class CheckinDue:
    """``call.checkin``: time for the resident's daily call to someone."""

    schedule_id: int
    resident_card: str
    family_id: int
    name: str
    at_time: str
    day: str


# -- reading payloads -------------------------------------------------------------------------


def _known(payload: dict[str, Any], fields: tuple[str, ...]) -> None:
    extra = sorted(set(payload) - set(fields))
    if extra:
        raise BadPayload(f"unknown fields {extra}")


def _call_id(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise BadPayload(f"call_id {value!r} is not a UUID") from None


def _card(value: Any) -> str:
    if not isinstance(value, str) or not _CARD.match(value):
        raise BadPayload(f"resident_card {value!r} is not a card number")
    return value


def _name(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 100 or "\x00" in value:
        raise BadPayload(f"{field} is not a name")
    return " ".join(value.split()) or value


def _int(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadPayload(f"{field} {value!r} is not a whole number from {low} to {high}")
    return value


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise BadPayload(f"{field} {value!r} is not true or false")
    return value


def _choice(value: Any, field: str, allowed: tuple[str, ...], *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if value not in allowed:
        raise BadPayload(f"{field} {value!r} is not one of {', '.join(allowed)}")
    return value


def parse_ringing(payload: dict[str, Any]) -> IncomingCall:
    _known(
        payload,
        (
            "call_id",
            "resident_card",
            "caller_kind",
            "caller_name",
            "family_id",
            "auto_answer",
            "countdown_s",
            "ring_s",
            "checkin",
        ),
    )
    family_id = payload.get("family_id")
    return IncomingCall(
        call_id=_call_id(payload.get("call_id")),
        resident_card=_card(payload.get("resident_card")),
        caller_kind=_choice(payload.get("caller_kind"), "caller_kind", ("family", "staff")),
        caller_name=_name(payload.get("caller_name"), "caller_name"),
        family_id=None if family_id is None else _int(family_id, "family_id", 1, 2**62),
        auto_answer=_flag(payload.get("auto_answer", False), "auto_answer"),
        countdown_s=_int(payload.get("countdown_s", AUTO_ANSWER_S), "countdown_s", 3, 60),
        ring_s=_int(payload.get("ring_s", RING_S), "ring_s", 5, 300),
        checkin=_flag(payload.get("checkin", False), "checkin"),
    )


def parse_ended(payload: dict[str, Any]) -> CallOver:
    _known(payload, ("call_id", "state", "reason", "by"))
    return CallOver(
        call_id=_call_id(payload.get("call_id")),
        state=_choice(payload.get("state"), "state", CALL_STATES),
        reason=_choice(payload.get("reason"), "reason", END_REASONS, optional=True),
        by=_choice(payload.get("by"), "by", ("caller", "callee"), optional=True),
    )


def parse_checkin(payload: dict[str, Any]) -> CheckinDue:
    _known(payload, ("schedule_id", "resident_card", "family_id", "name", "at_time", "day"))
    at_time, day = payload.get("at_time"), payload.get("day")
    if not isinstance(at_time, str) or not _TIME.match(at_time):
        raise BadPayload(f"at_time {at_time!r} is not a time of day")
    if not isinstance(day, str) or not _DAY.match(day):
        raise BadPayload(f"day {day!r} is not a date")
    return CheckinDue(
        schedule_id=_int(payload.get("schedule_id"), "schedule_id", 1, 2**62),
        resident_card=_card(payload.get("resident_card")),
        family_id=_int(payload.get("family_id"), "family_id", 1, 2**62),
        name=_name(payload.get("name"), "name"),
        at_time=at_time,
        day=day,
    )


# -- the call page's title --------------------------------------------------------------------


@dataclass(frozen=True)
class PageState:
    """What the call page says of itself: ``kind`` (connecting, waiting, connected,
    reconnecting, ended, error) and, for ended and error, the reason after the colon."""

    kind: str
    detail: str = ""


_PAGE_KINDS = ("connecting", "waiting", "connected", "reconnecting")


def page_state(title: str) -> PageState | None:
    """The state in a ``call:<state>`` title; None for any other title (the page's address
    while it loads, a page that is not the call page, a state this kiosk does not know)."""
    if not title.startswith("call:"):
        return None
    state = title[len("call:") :]
    if state in _PAGE_KINDS:
        return PageState(state)
    kind, _, detail = state.partition(":")
    if kind == "ended":
        return PageState("ended", detail if detail in END_REASONS else "")
    if kind == "error":
        return PageState("error", detail if detail in PAGE_ERRORS else "")
    return None


# -- how a call ended -------------------------------------------------------------------------


def ending(reason: str | None, by: str | None, side: str) -> str:
    """One word for how a call ended as this kiosk (on ``side``: caller or callee) saw it:
    ``they_hung_up``, ``you_hung_up``, ``network``, ``declined``, ``no_answer``, ``busy``,
    ``quiet_hours``, ``blocked``, ``no_device``, ``offline``, ``cancelled`` or ``ended``."""
    if reason == "hung_up":
        if by is None:
            return "ended"
        return "you_hung_up" if by == side else "they_hung_up"
    if reason in END_REASONS:
        return str(reason)
    return "ended"


# -- the kiosk's call state -------------------------------------------------------------------


@dataclass(frozen=True)
class Ringing:
    """An incoming call being rung here since ``since`` (on the board's clock)."""

    call: IncomingCall
    since: float

    def elapsed(self, now: float) -> float:
        return max(0.0, now - self.since)

    def auto_answer_left(self, now: float) -> int | None:
        """Whole seconds until it answers by itself (shown, so rounded up); None when the
        resident has not allowed this caller to be answered by itself."""
        if not self.call.auto_answer:
            return None
        return max(0, math.ceil(self.call.countdown_s - self.elapsed(now)))

    def auto_answer_due(self, now: float) -> bool:
        left = self.auto_answer_left(now)
        return left is not None and left <= 0

    def rung_out(self, now: float) -> bool:
        """Rang for as long as the center lets it; the center calls it missed."""
        return self.elapsed(now) >= self.call.ring_s


# What CallBoard.offer decides for a call.ringing announcement.
RING = "ring"
ALREADY = "already"  # the same call again (an update repeated)
BUSY = "busy"  # this kiosk is in (or ringing with) another call
COVERED = "covered"  # an emergency is on screen: nothing covers it
NOT_HERE = "not_here"  # for a resident this kiosk does not serve
OVER = "over"  # it ended before it could ring (a call.ended came first)


class CallBoard:
    """The one call this kiosk rings or holds at a time, and the calls it saw end.

    Pure bookkeeping on a clock the caller passes in (seconds, monotonic): the screens ask it
    what to do and tell it what happened."""

    def __init__(self) -> None:
        self.ringing: Ringing | None = None
        self.active: str | None = None  # the call id of the call on screen (any side)
        self._over: dict[str, CallOver] = {}

    def offer(
        self, call: IncomingCall, now: float, *, serves: bool = True, emergency: bool = False
    ) -> str:
        """Whether ``call`` rings (:data:`RING`, and it is then :attr:`ringing`) or why not."""
        if call.call_id in self._over:
            return OVER
        if self.ringing is not None and self.ringing.call.call_id == call.call_id:
            return ALREADY
        if self.active == call.call_id:
            return ALREADY
        if not serves:
            return NOT_HERE
        if emergency:
            return COVERED
        if self.ringing is not None or self.active is not None:
            return BUSY
        self.ringing = Ringing(call, now)
        return RING

    def answered(self, call_id: str) -> None:
        """The ringing call was answered (by a tap or by itself): it is the active one."""
        if self.ringing is not None and self.ringing.call.call_id == call_id:
            self.ringing = None
        self.active = call_id

    def stop_ringing(self, call_id: str) -> None:
        if self.ringing is not None and self.ringing.call.call_id == call_id:
            self.ringing = None

    def started(self, call_id: str) -> None:
        """A call this kiosk made has its id from the center."""
        self.active = call_id

    def finished(self, call_id: str | None) -> None:
        """The call on screen is over (or the screen gave up on it)."""
        if call_id is not None and self.active == call_id:
            self.active = None
        if call_id is not None:
            self.stop_ringing(call_id)

    def ended(self, over: CallOver) -> bool:
        """The center says a call ended without this kiosk: True if it was ringing here
        (the screen then says who was missed)."""
        self._over[over.call_id] = over
        if len(self._over) > 100:  # only recent ones matter: a late repeat of a ringing update
            del self._over[next(iter(self._over))]
        if self.ringing is not None and self.ringing.call.call_id == over.call_id:
            self.ringing = None
            return True
        return False

    def is_over(self, call_id: str) -> CallOver | None:
        return self._over.get(call_id)


@dataclass
class Progress:
    """When a call screen last moved on; it ends itself after :data:`STALL_S` without."""

    since: float
    limit: float = STALL_S

    def moved(self, now: float, limit: float = STALL_S) -> None:
        self.since, self.limit = now, limit

    def stalled(self, now: float) -> bool:
        return now - self.since >= self.limit
