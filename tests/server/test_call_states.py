"""The call state machine: every allowed move, and every other refused with a reason."""

from __future__ import annotations

import itertools

import pytest

from server.call_states import WrongMove, check_move, may_move
from sync.call_protocol import CALL_STATES, FINAL_STATES

ALLOWED = {
    ("ringing", "accepted"),
    ("ringing", "declined"),
    ("ringing", "missed"),
    ("ringing", "ended"),
    ("accepted", "ended"),
}


@pytest.mark.parametrize(("current", "new"), list(itertools.product(CALL_STATES, repeat=2)))
def test_only_the_listed_moves_are_allowed(current: str, new: str) -> None:
    assert may_move(current, new) == ((current, new) in ALLOWED)
    if (current, new) in ALLOWED:
        check_move(current, new)
    else:
        with pytest.raises(WrongMove):
            check_move(current, new)


def test_a_final_call_says_how_it_ended() -> None:
    assert {"declined", "missed", "busy", "ended"} == FINAL_STATES
    with pytest.raises(WrongMove, match="already ended"):
        check_move("ended", "accepted")
    with pytest.raises(WrongMove, match="already found the line busy"):
        check_move("busy", "ringing")
    with pytest.raises(WrongMove, match="already been declined"):
        check_move("declined", "accepted")


def test_an_unknown_state_is_named() -> None:
    with pytest.raises(WrongMove, match="'on hold' is not a call state"):
        check_move("ringing", "on hold")
