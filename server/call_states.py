"""The call state machine: which moves a call may make, checked before any row changes.

Pure (no database): ``server.calls`` asks :func:`check_move` before it writes, so a call that
already ended can never ring or be answered again, and two answers to one call cannot both win
(the second finds the call accepted and is told so).
"""

from __future__ import annotations

from sync.call_protocol import CALL_STATES, FINAL_STATES, NEXT_STATES


class WrongMove(ValueError):
    """A move the call's state does not allow; its text says why, for the person who tried."""


def may_move(current: str, new: str) -> bool:
    return new in NEXT_STATES.get(current, frozenset())


def check_move(current: str, new: str) -> None:
    """Raise :class:`WrongMove` unless a call in ``current`` may become ``new``."""
    for state in (current, new):
        if state not in CALL_STATES:
            raise WrongMove(f"{state!r} is not a call state")
    if may_move(current, new):
        return
    if current in FINAL_STATES:
        raise WrongMove(f"the call has already {_past(current)}")
    raise WrongMove(f"a call that is {current} cannot become {new}")


def _past(state: str) -> str:
    return {"busy": "found the line busy"}.get(
        state, f"been {state}" if state != "ended" else "ended"
    )
