"""The kiosk's REST client for calls (sync.calls), against a small center on loopback."""

from __future__ import annotations

import socket
from urllib.parse import parse_qs

import pytest

from sync.call_protocol import CallJoin
from sync.calls import (
    BAD_ANSWER,
    KIOSK_REFUSED,
    NO_CENTER,
    NOT_FOUND,
    CallDesk,
    CallProblem,
    call_desk,
    page_url,
)
from sync.client import CenterClient
from tests.helpers.call_center import (
    CALL_ID,
    RESIDENT_CARD,
    FakeCallCenter,
    contacts,
    join,
    other_call_id,
    record,
)


def desk_for(url: str) -> CallDesk:
    return call_desk(CenterClient(url, "device-token"))


def test_contacts_are_read_with_the_device_token(call_center: FakeCallCenter) -> None:
    call_center.answers[("GET", "/api/v1/kiosk/calls/contacts")] = (
        200,
        contacts((7, "王丽", "女儿", True), (8, "王强", "儿子", False)),
    )
    found = desk_for(call_center.url).contacts(RESIDENT_CARD)
    assert [(c.display_name, c.auto_answer) for c in found.contacts] == [
        ("王丽", True),
        ("王强", False),
    ]
    [seen] = call_center.requests("GET", "/api/v1/kiosk/calls/contacts")
    assert parse_qs(seen.query) == {"resident_card": [RESIDENT_CARD]}
    assert seen.authorization == "Bearer device-token"


def test_a_call_is_posted_and_its_join_read(call_center: FakeCallCenter) -> None:
    call_center.answers[("POST", "/api/v1/kiosk/calls")] = (201, join("caller"))
    made = desk_for(call_center.url).call(RESIDENT_CARD, 7, checkin_schedule_id=3)
    assert isinstance(made, CallJoin) and str(made.call_id) == CALL_ID
    [seen] = call_center.requests("POST", "/api/v1/kiosk/calls")
    assert seen.body == {"resident_card": RESIDENT_CARD, "family_id": 7, "checkin_schedule_id": 3}


@pytest.mark.parametrize("reason", ["busy", "quiet_hours", "blocked", "no_device", "offline"])
def test_a_refused_call_says_the_centers_reason_and_sentence(
    call_center: FakeCallCenter, reason: str
) -> None:
    sentence = "王丽正在通话中。"
    call_center.answers[("POST", "/api/v1/kiosk/calls")] = (
        409,
        {"code": reason, "message": sentence},
    )
    with pytest.raises(CallProblem) as caught:
        desk_for(call_center.url).call(RESIDENT_CARD, 7)
    assert (caught.value.reason, caught.value.message, caught.value.status) == (
        reason,
        sentence,
        409,
    )


def test_a_409_with_a_reason_field_is_read_too(call_center: FakeCallCenter) -> None:
    call_center.answers[("POST", "/api/v1/kiosk/calls")] = (
        409,
        {"reason": "quiet_hours", "code": "conflict", "message": "休息时间"},
    )
    with pytest.raises(CallProblem) as caught:
        desk_for(call_center.url).call(RESIDENT_CARD, 7)
    assert caught.value.reason == "quiet_hours"


def test_answer_decline_end_and_rejoin(call_center: FakeCallCenter) -> None:
    base = f"/api/v1/kiosk/calls/{CALL_ID}"
    call_center.answers[("GET", base)] = (200, record("ringing"))
    call_center.answers[("POST", base + "/answer")] = (200, join("callee"))
    call_center.answers[("POST", base + "/decline")] = (204, b"")
    call_center.answers[("POST", base + "/end")] = (200, {})
    call_center.answers[("POST", base + "/rejoin")] = (200, join("callee"))
    desk = desk_for(call_center.url)
    assert desk.record(CALL_ID).state == "ringing"
    assert desk.answer(CALL_ID).side == "callee"
    desk.decline(CALL_ID)
    desk.end(CALL_ID, "cancelled")
    assert desk.rejoin(CALL_ID).ticket
    [ended] = call_center.requests("POST", base + "/end")
    assert ended.body == {"reason": "cancelled"}
    with pytest.raises(ValueError):
        desk.end(CALL_ID, "network")


def test_the_auto_answer_choice_is_put(call_center: FakeCallCenter) -> None:
    call_center.answers[("PUT", "/api/v1/kiosk/calls/contacts/7")] = (200, {"auto_answer": True})
    desk_for(call_center.url).set_auto_answer(RESIDENT_CARD, 7, True)
    [seen] = call_center.requests("PUT", "/api/v1/kiosk/calls/contacts/7")
    assert seen.body == {"auto_answer": True}
    assert parse_qs(seen.query) == {"resident_card": [RESIDENT_CARD]}


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (401, {"code": "unknown_device", "message": "?"}, KIOSK_REFUSED),
        (404, {"code": "not_found", "message": "No such call."}, NOT_FOUND),
        (500, b"<html>oops</html>", NO_CENTER),
        (429, {"code": "slow_down", "message": ""}, NO_CENTER),
        (200, b"not json", BAD_ANSWER),
        (200, {"call_id": "x"}, BAD_ANSWER),
        (200, [1, 2, 3], BAD_ANSWER),
        (422, {"code": "invalid", "message": "resident_card"}, BAD_ANSWER),
    ],
)
def test_every_failure_is_one_call_problem(
    call_center: FakeCallCenter, status: int, body: object, reason: str
) -> None:
    call_center.answers[("POST", "/api/v1/kiosk/calls")] = (status, body)
    with pytest.raises(CallProblem) as caught:
        desk_for(call_center.url).call(RESIDENT_CARD, 7)
    assert caught.value.reason == reason


def test_a_join_for_the_wrong_side_or_call_is_refused(call_center: FakeCallCenter) -> None:
    base = f"/api/v1/kiosk/calls/{CALL_ID}"
    call_center.answers[("POST", base + "/answer")] = (200, join("caller"))
    call_center.answers[("GET", base)] = (200, record(call_id=other_call_id()))
    desk = desk_for(call_center.url)
    with pytest.raises(CallProblem, match="caller"):
        desk.answer(CALL_ID)
    with pytest.raises(CallProblem, match="another call"):
        desk.record(CALL_ID)
    with pytest.raises(CallProblem) as caught:
        desk.record("../../staff")
    assert caught.value.reason == NOT_FOUND


def test_contacts_for_another_resident_are_refused(call_center: FakeCallCenter) -> None:
    other = contacts((7, "王丽", "女儿", True)) | {"resident_card": "10001"}
    call_center.answers[("GET", "/api/v1/kiosk/calls/contacts")] = (200, other)
    with pytest.raises(CallProblem, match="another resident"):
        desk_for(call_center.url).contacts(RESIDENT_CARD)


def test_no_center_listening_is_said_plainly() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with pytest.raises(CallProblem) as caught:
        desk_for(f"http://127.0.0.1:{port}").contacts(RESIDENT_CARD)
    assert caught.value.reason == NO_CENTER


def test_the_page_address_keeps_the_ticket_in_the_fragment() -> None:
    made = CallJoin.model_validate(join("callee"))
    url = page_url("http://127.0.0.1:8000/", made, "zh_CN")
    assert url == (
        f"http://127.0.0.1:8000/call/{CALL_ID}?view=kiosk&lang=zh_CN"
        "#ticket=t0ken%2Fwith%2Bodd%3Dchars"
    )
    with pytest.raises(CallProblem):
        page_url("http://x", made.model_copy(update={"page": "http://evil/"}), "zh_CN")
