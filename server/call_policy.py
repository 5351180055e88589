"""A resident's call policy: quiet hours and blocks by staff, and the sentences of a refusal.

Pure but for reading and writing the ``call_policies`` row: server.calls asks
:func:`refusal` before a call rings. Quiet hours are "HH:MM" to "HH:MM" in the center's
local time (the catalog's time zone, as for meal cut-offs) and may wrap past midnight
("21:00" to "07:30"); calls from staff ring in quiet hours too. A block stops every family
call to and from the resident until its time, with the reason staff gave.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from server import audit
from server.models import CallPolicy
from sync.call_protocol import CallPolicyView


@dataclass(frozen=True)
class Refusal:
    """Why a call may not ring: the end reason and a sentence for the person calling."""

    reason: str
    message: str


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def in_quiet_hours(quiet_from: str | None, quiet_to: str | None, moment: datetime) -> bool:
    """Whether ``moment`` (local) falls in the quiet hours ``quiet_from`` to ``quiet_to``
    (start included, end not); never when either is unset or they are equal."""
    if not quiet_from or not quiet_to or quiet_from == quiet_to:
        return False
    start, end, now = _minutes(quiet_from), _minutes(quiet_to), moment.hour * 60 + moment.minute
    if start < end:
        return start <= now < end
    return now >= start or now < end  # wraps past midnight


def refusal(
    policy: CallPolicy | None, now: float, zone: ZoneInfo, *, quiet_hours_apply: bool
) -> Refusal | None:
    """The block or the quiet hours that stop a call now, if any (the block first)."""
    if policy is None:
        return None
    if policy.blocked_until is not None and policy.blocked_until > now:
        until = datetime.fromtimestamp(policy.blocked_until, zone).strftime("%Y-%m-%d %H:%M")
        because = f" ({policy.block_reason})" if policy.block_reason else ""
        return Refusal(
            "blocked", f"The center has paused calls to this resident until {until}{because}."
        )
    if quiet_hours_apply and in_quiet_hours(
        policy.quiet_from, policy.quiet_to, datetime.fromtimestamp(now, zone)
    ):
        return Refusal(
            "quiet_hours",
            f"It is the resident's quiet time ({policy.quiet_from} to {policy.quiet_to});"
            " please call later.",
        )
    return None


def view(policy: CallPolicy | None) -> CallPolicyView:
    if policy is None:
        return CallPolicyView()
    return CallPolicyView(
        quiet_from=policy.quiet_from,
        quiet_to=policy.quiet_to,
        blocked_until=policy.blocked_until,
        block_reason=policy.block_reason,
    )


class PolicyError(ValueError):
    """A policy that makes no sense; the text says what to change."""


def set_policy(
    session: Session, card: str, wanted: CallPolicyView, actor: str, now: float | None = None
) -> CallPolicyView:
    """Replace the resident's policy (audited); the caller commits."""
    now = time.time() if now is None else now
    if (wanted.quiet_from is None) != (wanted.quiet_to is None):
        raise PolicyError("Quiet hours need both a start and an end, or neither.")
    if wanted.quiet_from is not None and wanted.quiet_from == wanted.quiet_to:
        raise PolicyError("Quiet hours cannot start and end at the same time.")
    if wanted.block_reason and wanted.blocked_until is None:
        raise PolicyError("A reason goes with a block: say until when calls are blocked.")
    row = session.get(CallPolicy, card, with_for_update=True)
    before = view(row).model_dump()
    if row is None:
        row = CallPolicy(resident_card=card, updated_by=actor, updated_at=now)
        session.add(row)
    row.quiet_from = wanted.quiet_from
    row.quiet_to = wanted.quiet_to
    row.blocked_until = wanted.blocked_until
    row.block_reason = wanted.block_reason
    row.updated_by = actor[:120]
    row.updated_at = now
    after = view(row)
    audit.record(
        session, actor, "calls.policy", f"resident:{card}", before, after.model_dump(), now
    )
    return after
