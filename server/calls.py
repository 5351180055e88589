"""Video calls at the center: starting one (with the resident's policy), answering, declining,
ending, ringing out, and the records.

Every attempt is a ``calls`` row, a refused one too (state ``busy`` or ``ended`` with its
reason). A call that may ring is checked in this order: the caller is linked to the resident
(else :class:`CallError` 404, so a family account never learns of a resident not its own),
the resident has a home tablet (``no_device``), no block by staff (``blocked``), not their
quiet hours (``quiet_hours``; staff calls ring anyway), and neither the tablet nor the family
member is in a call ringing or accepted (``busy``).

Each move of a call's state is checked by server.call_states inside the transaction that
makes it, after the call's row is locked (``FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE``
on SQLite): of two answers one wins and the other is told the call was answered already.
Moves that others must hear of come back as :class:`Change` for the caller to hand, after
the commit, to the process's call hub (server.call_rooms: the signaling rooms and the family
sockets); what the kiosk must hear of is an update (``call.ringing``, ``call.ended``) queued
in the same transaction, woken through server.push once committed.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from server import audit, call_policy, call_tickets
from server.call_states import WrongMove, check_move
from server.models import Call, CallPolicy, FamilyLink, ResidentDevice, ResidentRow, Staff
from server.settings import Settings
from server.staff import queue_update
from sync.call_protocol import (
    AUTO_ANSWER_S,
    CallContact,
    CallContacts,
    CallEnded,
    CallJoin,
    CallRecord,
    CallRinging,
)

log = logging.getLogger(__name__)
LIVE = ("ringing", "accepted")
STAFF_PREFIX = "社区中心"  # how the resident's screen names a call from the center's staff
CALLS_LOCK = 7302  # PostgreSQL advisory lock: one call is started or moved at a time
Side = Literal["caller", "callee"]


class CallError(Exception):
    """A call request refused: ``code`` for programs, a sentence for people; ``reason`` for a
    call attempt that was recorded and refused (409)."""

    def __init__(
        self,
        code: str,
        message: str,
        status: int = 409,
        *,
        call_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.call_id = call_id


@dataclass(frozen=True)
class Party:
    """Who asks: a kiosk (``device_id``), a family account or a member of staff (``account_id``)."""

    kind: Literal["kiosk", "family", "staff"]
    device_id: str | None = None
    account_id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Change:
    """A call that moved, for the call hub once it is committed."""

    call_id: str
    state: str
    reason: str | None
    by: str | None  # the side that made it happen, if a side did
    resident_card: str
    family_ids: tuple[int, ...] = ()  # the family accounts of the call (their sockets hear)
    ringing_family: Mapping[str, object] | None = None  # a family socket's ringing message


@dataclass
class Placed:
    """A call started: the caller's join, or the refusal (recorded; the route answers 409)."""

    call_id: str
    join: CallJoin | None = None
    refusal: call_policy.Refusal | None = None
    changes: list[Change] = field(default_factory=list)


def lock_calls(session: Session) -> None:
    """On PostgreSQL, one transaction at a time starts or moves a call (SQLite's writes are
    one at a time already): a busy line is then seen by the second of two calls."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({CALLS_LOCK})"))


def _link(session: Session, account_id: int, card: str) -> FamilyLink | None:
    return session.scalar(
        select(FamilyLink)
        .join(Staff, Staff.id == FamilyLink.account_id)
        .where(
            FamilyLink.account_id == account_id,
            FamilyLink.resident_card == card,
            FamilyLink.ended_at.is_(None),
            Staff.disabled_at.is_(None),
        )
    )


def _resident_name(session: Session, card: str) -> str:
    row = session.get(ResidentRow, card)
    return (row.name if row is not None and row.name else card)[:100]


def _busy(session: Session, device_id: str | None, family_id: int | None) -> bool:
    where = []
    if device_id:
        where.append(Call.device_id == device_id)
    if family_id is not None:
        where.append(
            or_(
                and_(Call.caller_kind == "family", Call.caller_id == family_id),
                and_(Call.callee_kind == "family", Call.callee_id == family_id),
            )
        )
    if not where:
        return False
    found = session.scalar(select(Call.id).where(Call.state.in_(LIVE), or_(*where)).limit(1))
    return found is not None


def peer_name(session: Session, call: Call, side: str) -> str:
    """The other side's name as ``side`` sees it."""
    if side == "callee":
        return call.caller_name
    if call.callee_kind == "kiosk":
        return _resident_name(session, call.resident_card)
    link = session.scalar(
        select(FamilyLink).where(
            FamilyLink.account_id == call.callee_id,
            FamilyLink.resident_card == call.resident_card,
        )
    )
    return link.display_name if link is not None else "family"


def join(session: Session, call: Call, side: str, settings: Settings, now: float) -> CallJoin:
    """What ``side`` needs to open the call page: a fresh ticket (the caller commits)."""
    ticket = call_tickets.issue(session, call.id, side, now, settings.call_ticket_s)
    return CallJoin(
        call_id=uuid.UUID(call.id),
        side=side,  # type: ignore[arg-type]
        state=call.state,  # type: ignore[arg-type]
        ticket=ticket,
        page=f"/call/{call.id}",
        ice_servers=list(settings.ice_servers),
        peer_name=peer_name(session, call, side),
    )


def _family_ids(call: Call) -> tuple[int, ...]:
    ids = []
    if call.caller_kind == "family" and call.caller_id is not None:
        ids.append(call.caller_id)
    if call.callee_kind == "family" and call.callee_id is not None:
        ids.append(call.callee_id)
    return tuple(ids)


def _record_attempt(session: Session, call: Call, refusal: call_policy.Refusal | None) -> None:
    if refusal is not None:
        call.state = "busy" if refusal.reason == "busy" else "ended"
        call.reason = refusal.reason
        call.ended_at = call.created_at
    session.add(call)
    log.info(
        "call %s: %s %r -> %s of resident %s: %s",
        call.id,
        call.caller_kind,
        call.caller_name,
        call.callee_kind,
        call.resident_card,
        f"refused ({refusal.reason})" if refusal else "ringing",
    )


def place_to_kiosk(
    session: Session,
    card: str,
    caller: Party,
    settings: Settings,
    zone: ZoneInfo,
    *,
    now: float | None = None,
) -> Placed:
    """A family member or staff calls the resident's home tablet. The caller commits (a
    refused attempt is kept too) and hands ``changes`` to the hub."""
    now = time.time() if now is None else now
    lock_calls(session)
    auto_answer = False
    if caller.kind == "family":
        assert caller.account_id is not None
        link = _link(session, caller.account_id, card)
        if link is None:
            raise CallError("not_found", "No such resident among yours.", 404)
        caller_name = link.display_name
        auto_answer = link.auto_answer
    else:
        if session.get(ResidentRow, card) is None:
            raise CallError("not_found", f"No resident with card {card}.", 404)
        caller_name = f"{STAFF_PREFIX} {caller.name}"[:100]
    tablet = session.scalar(select(ResidentDevice).where(ResidentDevice.resident_card == card))
    call = Call(
        id=str(uuid.uuid4()),
        resident_card=card,
        device_id=tablet.device_id if tablet is not None else "",
        caller_kind=caller.kind,
        caller_id=caller.account_id,
        caller_name=caller_name,
        callee_kind="kiosk",
        callee_id=None,
        state="ringing",
        auto_answer=auto_answer,
        created_at=now,
    )
    refusal = None
    if tablet is None:
        refusal = call_policy.Refusal(
            "no_device", "This resident has no home tablet to ring; ask the center to set one."
        )
    else:
        refusal = call_policy.refusal(
            session.get(CallPolicy, card), now, zone, quiet_hours_apply=caller.kind != "staff"
        )
    if refusal is None and _busy(
        session, call.device_id, caller.account_id if caller.kind == "family" else None
    ):
        refusal = call_policy.Refusal("busy", "The line is busy: the resident is in a call.")
    _record_attempt(session, call, refusal)
    if refusal is not None:
        return Placed(call.id, refusal=refusal)
    ringing = CallRinging(
        call_id=uuid.UUID(call.id),
        resident_card=card,
        caller_kind=caller.kind,  # type: ignore[arg-type]
        caller_name=caller_name,
        family_id=caller.account_id if caller.kind == "family" else None,
        auto_answer=auto_answer,
        countdown_s=AUTO_ANSWER_S,
        # The wire takes 5 to 300 s; the kiosk stops ringing on ``call.ended`` in any case.
        ring_s=min(300, max(5, round(settings.call_ring_s))),
    )
    queue_update(session, call.device_id, "call.ringing", ringing.model_dump(mode="json"), now)
    session.flush()
    return Placed(call.id, join=join(session, call, "caller", settings, now))


def place_to_family(
    session: Session,
    card: str,
    family_id: int,
    device_id: str,
    settings: Settings,
    zone: ZoneInfo,
    *,
    online: bool,
    checkin_schedule_id: int | None = None,
    now: float | None = None,
) -> Placed:
    """The resident calls a family member from a kiosk. ``online``: the family member has
    a family page open (else the call is refused as ``offline``: nothing would ring)."""
    now = time.time() if now is None else now
    lock_calls(session)
    link = _link(session, family_id, card)
    if link is None:
        raise CallError("not_found", "This person is not among the resident's family.", 404)
    call = Call(
        id=str(uuid.uuid4()),
        resident_card=card,
        device_id=device_id,
        caller_kind="kiosk",
        caller_id=None,
        caller_name=_resident_name(session, card),
        callee_kind="family",
        callee_id=family_id,
        state="ringing",
        checkin_schedule_id=checkin_schedule_id,
        created_at=now,
    )
    policy = session.get(CallPolicy, card)
    refusal = call_policy.refusal(policy, now, zone, quiet_hours_apply=False)
    if refusal is None and _busy(session, device_id, family_id):
        refusal = call_policy.Refusal("busy", f"{link.display_name} is in another call.")
    if refusal is None and not online:
        refusal = call_policy.Refusal(
            "offline", f"{link.display_name} does not have the family page open just now."
        )
    _record_attempt(session, call, refusal)
    if refusal is not None:
        return Placed(call.id, refusal=refusal)
    session.flush()
    ringing = {
        "type": "ringing",
        "call_id": call.id,
        "resident_card": card,
        "caller_name": call.caller_name,
    }
    change = Change(call.id, "ringing", None, "caller", card, (family_id,), ringing_family=ringing)
    return Placed(call.id, join=join(session, call, "caller", settings, now), changes=[change])


# -- moves -------------------------------------------------------------------------------


def side_of(call: Call, party: Party) -> Side | None:
    """Which side of ``call`` the party is, or None when it is not in the call."""
    if party.kind == "kiosk":
        if call.device_id != party.device_id:
            return None
        return "caller" if call.caller_kind == "kiosk" else "callee"
    if call.caller_kind == party.kind and call.caller_id == party.account_id:
        return "caller"
    if call.callee_kind == party.kind and call.callee_id == party.account_id:
        return "callee"
    return None


def _locked_call(session: Session, call_id: str, party: Party | None) -> tuple[Call, Side | None]:
    lock_calls(session)
    call = session.get(Call, call_id, with_for_update=True)
    side = side_of(call, party) if call is not None and party is not None else None
    if call is None or (party is not None and side is None):
        raise CallError("not_found", "No such call.", 404)
    return call, side


def _move(
    session: Session,
    call: Call,
    new: str,
    reason: str | None,
    by: str | None,
    now: float,
    *,
    kiosk_knows: bool,
) -> Change:
    try:
        check_move(call.state, new)
    except WrongMove as exc:
        raise CallError("wrong_state", f"This call cannot be {new}: {exc}.") from None
    call.state = new
    call.reason = reason
    if new == "accepted":
        call.answered_at = now
    else:
        call.ended_at = now
    if not kiosk_knows and call.device_id and new != "accepted":
        ended = CallEnded(call_id=uuid.UUID(call.id), state=new, reason=reason, by=by)  # type: ignore[arg-type]
        queue_update(session, call.device_id, "call.ended", ended.model_dump(mode="json"), now)
    log.info("call %s: %s (%s) by %s", call.id, new, reason or "-", by or "the center")
    return Change(call.id, new, reason, by, call.resident_card, _family_ids(call))


def answer(
    session: Session, call_id: str, party: Party, settings: Settings, now: float | None = None
) -> tuple[CallJoin, Change]:
    """The callee answers: its join. The caller commits and hands the change on."""
    now = time.time() if now is None else now
    call, side = _locked_call(session, call_id, party)
    if side != "callee":
        raise CallError("not_callee", "Only the one being called can answer a call.")
    if call.state == "accepted":
        raise CallError("wrong_state", "This call has already been accepted, on another screen.")
    change = _move(session, call, "accepted", None, side, now, kiosk_knows=True)
    return join(session, call, "callee", settings, now), change


def decline(session: Session, call_id: str, party: Party, now: float | None = None) -> Change:
    now = time.time() if now is None else now
    call, side = _locked_call(session, call_id, party)
    if side != "callee":
        raise CallError("not_callee", "Only the one being called can decline a call.")
    return _move(
        session, call, "declined", "declined", side, now, kiosk_knows=party.kind == "kiosk"
    )


def end(
    session: Session,
    call_id: str,
    party: Party | None,
    now: float | None = None,
    *,
    side: Side | None = None,
    reason: str | None = None,
) -> Change:
    """End the call for ``party`` (or for ``side``, from the signaling socket): a caller
    giving up while it rings cancels it, a callee declines it, either hangs up once
    accepted. ``reason`` ``network``: the side's connection dropped."""
    now = time.time() if now is None else now
    call, found = _locked_call(session, call_id, party)
    side = found or side
    kiosk_knows = party is not None and party.kind == "kiosk"
    if call.state == "ringing" and side == "callee" and reason != "network":
        return _move(session, call, "declined", "declined", side, now, kiosk_knows=kiosk_knows)
    if call.state == "ringing":
        return _move(session, call, "ended", "cancelled", side, now, kiosk_knows=kiosk_knows)
    return _move(session, call, "ended", reason or "hung_up", side, now, kiosk_knows=kiosk_knows)


def rejoin(
    session: Session, call_id: str, party: Party, settings: Settings, now: float | None = None
) -> CallJoin:
    """A fresh ticket for a side whose socket dropped, while the call is accepted."""
    now = time.time() if now is None else now
    call, side = _locked_call(session, call_id, party)
    if call.state != "accepted" or side is None:
        raise CallError(
            "wrong_state", f"Only a call in progress can be rejoined; this one is {call.state}."
        )
    return join(session, call, side, settings, now)


def ring_out(session: Session, now: float, ring_s: float) -> list[Change]:
    """Calls that rang ``ring_s`` without an answer become missed (the kiosk is told with
    ``call.ended``). The caller commits."""
    due = list(
        session.scalars(
            select(Call.id).where(Call.state == "ringing", Call.created_at <= now - ring_s)
        )
    )
    changes = []
    for call_id in due:
        call, _ = _locked_call(session, call_id, None)
        if call.state == "ringing":
            changes.append(
                _move(session, call, "missed", "no_answer", None, now, kiosk_knows=False)
            )
    return changes


def state_of(session: Session, call_id: str) -> Call | None:
    return session.get(Call, call_id)


# -- records and contacts ------------------------------------------------------------------


def record(call: Call) -> CallRecord:
    return CallRecord(
        id=uuid.UUID(call.id),
        resident_card=call.resident_card,
        caller_kind=call.caller_kind,  # type: ignore[arg-type]
        caller_name=call.caller_name or "?",
        callee_kind=call.callee_kind,  # type: ignore[arg-type]
        state=call.state,  # type: ignore[arg-type]
        reason=call.reason,  # type: ignore[arg-type]
        auto_answer=call.auto_answer,
        created_at=call.created_at,
        answered_at=call.answered_at,
        ended_at=call.ended_at,
    )


def recent_calls(session: Session, card: str, limit: int) -> list[CallRecord]:
    """The resident's calls, newest first (for the family page and the console)."""
    rows = session.scalars(
        select(Call)
        .where(Call.resident_card == card)
        .order_by(Call.created_at.desc(), Call.id.desc())
        .limit(limit)
    )
    return [record(c) for c in rows]


def all_recent_calls(session: Session, limit: int) -> list[CallRecord]:
    """Every resident's calls, newest first (the console's list)."""
    rows = session.scalars(
        select(Call).order_by(Call.created_at.desc(), Call.id.desc()).limit(limit)
    )
    return [record(c) for c in rows]


def contacts(session: Session, card: str, online: set[int]) -> CallContacts:
    """The family members the resident may call; ``online``: accounts with a family page open."""
    links = session.scalars(
        select(FamilyLink)
        .join(Staff, Staff.id == FamilyLink.account_id)
        .where(
            FamilyLink.resident_card == card,
            FamilyLink.ended_at.is_(None),
            Staff.disabled_at.is_(None),
        )
        .order_by(FamilyLink.id)
    )
    return CallContacts(
        resident_card=card,
        contacts=[
            CallContact(
                family_id=link.account_id,
                display_name=link.display_name,
                relation=link.relation,
                auto_answer=link.auto_answer,
                online=link.account_id in online,
            )
            for link in links
        ],
    )


def set_auto_answer(
    session: Session,
    card: str,
    family_id: int,
    auto_answer: bool,
    set_by: str,
    now: float | None = None,
) -> FamilyLink:
    """Record the resident's consent for one family member (audited); the caller commits."""
    now = time.time() if now is None else now
    link = _link(session, family_id, card)
    if link is None:
        raise CallError("not_found", "This person is not among the resident's family.", 404)
    before = {"auto_answer": link.auto_answer, "set_by": link.auto_answer_set_by}
    link.auto_answer = auto_answer
    link.auto_answer_set_by = set_by[:120]
    link.auto_answer_set_at = now
    audit.record(
        session,
        set_by,
        "calls.auto_answer",
        f"resident:{card}",
        before,
        {"family_id": family_id, "auto_answer": auto_answer, "set_by": set_by},
        now,
    )
    return link
