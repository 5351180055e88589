"""Call tickets: the single-use passes into a call's signaling socket.

A ticket is made for one side (caller or callee) of one call when that side starts, answers
or rejoins the call; it is a random secret shown once, kept only as its SHA-256 hash, and it
must be used within the ticket time (``Settings.call_ticket_s``, 120 s by default). Using it
marks it used in the same transaction: a second use, another call's ticket or an expired one
is refused with a sentence (:class:`TicketRefused`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.auth import new_token, token_hash
from server.models import CallTicket


class TicketRefused(ValueError):
    """A ticket that does not open this call's socket; the text says why."""


def issue(session: Session, call_id: str, side: str, now: float, lifetime_s: float) -> str:
    """A new ticket for ``side`` of the call (the caller commits)."""
    ticket = new_token()
    session.add(
        CallTicket(
            token_hash=token_hash(ticket),
            call_id=call_id,
            side=side,
            expires_at=now + lifetime_s,
        )
    )
    return ticket


def redeem(session: Session, call_id: str, ticket: str, now: float) -> str:
    """Use the ticket for ``call_id``: the side it lets in. The caller commits."""
    if not ticket or len(ticket) > 200:
        raise TicketRefused("no ticket")
    row = session.get(CallTicket, token_hash(ticket), with_for_update=True)
    if row is None or row.call_id != call_id:
        raise TicketRefused("this ticket is not for this call")
    if row.used_at is not None:
        raise TicketRefused("this ticket was used already")
    if row.expires_at <= now:
        raise TicketRefused("this ticket has expired")
    row.used_at = now
    return row.side
