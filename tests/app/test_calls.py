"""The kiosk's call state (app.calls) and the call updates in app.delivery."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import calls
from app.calls import (
    ALREADY,
    BUSY,
    COVERED,
    NOT_HERE,
    OVER,
    RING,
    BadPayload,
    CallBoard,
    CallOver,
    PageState,
    Progress,
    ending,
    page_state,
    parse_checkin,
    parse_ended,
    parse_ringing,
)
from app.delivery import apply_updates
from app.store import Store
from sync import call_protocol as wire

CALL_ID = "6f1c2d5e-8b7a-4c3d-9e2f-1a2b3c4d5e6f"


def ringing(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "call_id": CALL_ID,
        "resident_card": "10002",
        "caller_kind": "family",
        "caller_name": "女儿 王丽",
        "family_id": 7,
        "auto_answer": True,
        "countdown_s": 10,
        "ring_s": 45,
        "checkin": False,
    }
    payload.update(changes)
    return payload


def test_the_figures_are_the_protocols() -> None:
    assert (calls.RING_S, calls.AUTO_ANSWER_S, calls.RECONNECT_S) == (
        wire.RING_S,
        wire.AUTO_ANSWER_S,
        wire.RECONNECT_S,
    )
    assert calls.CALL_STATES == wire.CALL_STATES
    assert set(calls.END_REASONS) == set(wire.EndReason.__args__)  # type: ignore[attr-defined]


def test_a_ringing_payload_from_the_wire_model_reads_back_the_same() -> None:
    model = wire.CallRinging.model_validate(ringing())
    call = parse_ringing(model.model_dump(mode="json"))
    assert call.call_id == CALL_ID
    assert call.caller_name == "女儿 王丽"
    assert call.auto_answer and call.countdown_s == 10 and call.family_id == 7
    # Defaults as the model's, when the center leaves them out.
    short = {k: v for k, v in ringing().items() if k in ("call_id", "resident_card")}
    short |= {"caller_kind": "staff", "caller_name": "社区中心 王护士"}
    call = parse_ringing(short)
    default = wire.CallRinging.model_validate(short)
    assert (call.auto_answer, call.countdown_s, call.ring_s, call.family_id) == (
        default.auto_answer,
        default.countdown_s,
        default.ring_s,
        default.family_id,
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"call_id": "not-a-uuid"},
        {"resident_card": "12"},
        {"resident_card": 10002},
        {"caller_kind": "robot"},
        {"caller_name": ""},
        {"caller_name": "x" * 101},
        {"caller_name": "a\x00b"},
        {"auto_answer": "yes"},
        {"countdown_s": 1},
        {"countdown_s": True},
        {"ring_s": 3000},
        {"surprise": 1},
    ],
)
def test_a_ringing_payload_the_protocol_refuses_is_refused_here_too(bad: dict[str, Any]) -> None:
    payload = ringing(**bad)
    with pytest.raises(ValueError):
        wire.CallRinging.model_validate_json(json.dumps(payload), strict=True)
    with pytest.raises(BadPayload):
        parse_ringing(payload)


# The whole suite keeps both cores busy: generating is slow there, and that is not a fault.
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from([*sorted(ringing()), "other"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=30),
            st.just(" "),
            st.just(CALL_ID),
            st.just("10002"),
            st.sampled_from(["family", "staff"]),
        ),
    )
)
def test_any_payload_is_read_or_refused_as_the_protocol_does(payload: dict[str, Any]) -> None:
    try:
        wire.CallRinging.model_validate_json(json.dumps(payload), strict=True)
        valid = True
    except ValueError:
        valid = False
    try:
        parse_ringing(payload)
        read = True
    except BadPayload:
        read = False
    assert read == valid


def test_ended_and_checkin_payloads() -> None:
    over = parse_ended({"call_id": CALL_ID, "state": "missed", "reason": "no_answer"})
    assert over == CallOver(CALL_ID, "missed", "no_answer", None)
    with pytest.raises(BadPayload):
        parse_ended({"call_id": CALL_ID, "state": "exploded"})
    with pytest.raises(BadPayload):
        parse_ended({"call_id": CALL_ID, "state": "ended", "by": "someone"})
    checkin = {
        "schedule_id": 3,
        "resident_card": "10002",
        "family_id": 7,
        "name": "女儿 王丽",
        "at_time": "10:00",
        "day": "2026-06-09",
    }
    wire.CheckinDue.model_validate(checkin)
    assert parse_checkin(checkin).name == "女儿 王丽"
    for bad in ({"at_time": "25:00"}, {"day": "yesterday"}, {"schedule_id": 0}):
        with pytest.raises(BadPayload):
            parse_checkin(checkin | bad)


def test_call_updates_reach_the_changes_and_bad_ones_are_skipped(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    updates = [
        {"seq": 1, "kind": "call.ringing", "payload": ringing()},
        {"seq": 2, "kind": "call.ringing", "payload": ringing(call_id="nope")},
        {"seq": 3, "kind": "call.ended", "payload": {"call_id": CALL_ID, "state": "missed"}},
        {"seq": 4, "kind": "call.checkin", "payload": {"schedule_id": "x"}},
    ]
    with caplog.at_level(logging.WARNING, logger="app.delivery"):
        changes = apply_updates(store, updates, 4)
    assert bool(changes)
    assert [c.call_id for c in changes.calls_ringing] == [CALL_ID]
    assert [c.state for c in changes.calls_ended] == ["missed"]
    assert changes.checkins == []
    skipped = [r.getMessage() for r in caplog.records]
    assert any("call.ringing" in m and "call_id" in m for m in skipped)
    assert any("call.checkin" in m for m in skipped)


def test_the_page_title_says_the_state() -> None:
    assert page_state("call:connected") == PageState("connected")
    assert page_state("call:ended:network") == PageState("ended", "network")
    assert page_state("call:ended:whatever") == PageState("ended", "")
    assert page_state("call:error:no_camera") == PageState("error", "no_camera")
    assert page_state("127.0.0.1:8000/call/x") is None
    assert page_state("call:dancing") is None


def test_how_a_call_ended_in_one_word() -> None:
    assert ending("hung_up", "caller", "callee") == "they_hung_up"
    assert ending("hung_up", "callee", "callee") == "you_hung_up"
    assert ending("network", None, "caller") == "network"
    assert ending(None, None, "caller") == "ended"
    assert ending("mystery", None, "caller") == "ended"


def test_the_board_rings_one_call_at_a_time() -> None:
    board = CallBoard()
    first = parse_ringing(ringing())
    second = parse_ringing(ringing(call_id=str(uuid.uuid4())))
    assert board.offer(first, 0.0, emergency=True) == COVERED
    assert board.offer(first, 0.0, serves=False) == NOT_HERE
    assert board.offer(first, 0.0) == RING
    assert board.offer(first, 1.0) == ALREADY
    assert board.offer(second, 1.0) == BUSY
    board.answered(first.call_id)
    assert board.ringing is None and board.active == first.call_id
    assert board.offer(second, 2.0) == BUSY
    board.finished(first.call_id)
    assert board.offer(second, 3.0) == RING


def test_a_call_that_ended_before_it_rang_never_rings() -> None:
    board = CallBoard()
    call = parse_ringing(ringing())
    assert not board.ended(CallOver(CALL_ID, "ended", "cancelled"))
    assert board.offer(call, 0.0) == OVER
    other = parse_ringing(ringing(call_id=str(uuid.uuid4())))
    assert board.offer(other, 0.0) == RING
    assert board.ended(CallOver(other.call_id, "missed", "no_answer"))
    assert board.ringing is None


def test_the_auto_answer_counts_down_on_the_clock_given() -> None:
    board = CallBoard()
    board.offer(parse_ringing(ringing(countdown_s=10)), 100.0)
    ring = board.ringing
    assert ring is not None
    assert ring.auto_answer_left(100.0) == 10
    assert ring.auto_answer_left(100.2) == 10  # shown rounded up: never "0" too early
    assert ring.auto_answer_left(109.5) == 1
    assert not ring.auto_answer_due(109.9)
    assert ring.auto_answer_due(110.0)
    assert not ring.rung_out(144.0) and ring.rung_out(145.0)
    plain = parse_ringing(ringing(auto_answer=False))
    assert calls.Ringing(plain, 0.0).auto_answer_left(5.0) is None


def test_a_screen_without_progress_stalls() -> None:
    progress = Progress(0.0)
    assert not progress.stalled(calls.STALL_S - 1)
    assert progress.stalled(calls.STALL_S)
    progress.moved(100.0, limit=30)
    assert not progress.stalled(129.0) and progress.stalled(130.0)
