"""The signaling socket of a call and the family socket, against a real center process: two
websocket clients meet, the caller's offer, the answer, candidates and media reach the other
side as sent; a side that drops is waited for (``peer_left``) and, back with a new ticket,
the call goes on; one that stays away ends the call with reason ``network`` after
RECONNECT_S (1 s here); hangup ends it for both; tickets are single-use and the call's own;
bad messages close the socket with a reason and leave no call stuck. The family socket rings
when the resident calls from a kiosk and is refused from another origin."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from websockets.sync.client import connect
from websockets.typing import Origin

from server.routes.permissions import SESSION_COOKIE
from sync.call_protocol import MAX_SIGNAL_BYTES, CallJoin
from tests.helpers.calls import (
    CallSocket,
    Family,
    Tablet,
    call_socket,
    home_tablet,
    make_family,
    new_resident,
    ws_url,
)
from tests.helpers.center import BACKENDS, CenterMaker, CenterProcess, wait_until

RECONNECT_S = 1.0


@pytest.fixture(scope="module", params=BACKENDS)
def center(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CenterProcess]:
    maker = CenterMaker(request, tmp_path_factory.mktemp("calls"))
    process = maker(request.param)
    process.env["CENTER_CALL_RECONNECT_S"] = str(RECONNECT_S)
    yield process.start()
    maker.close()


def started_call(center: CenterProcess) -> tuple[Family, Tablet, CallJoin]:
    card = new_resident(center)
    tablet = home_tablet(center, card)
    family = make_family(center, card)
    made = family.call()
    assert made.status_code == 201, made.text
    return family, tablet, CallJoin.model_validate(made.json())


def answered(tablet: Tablet, join: CallJoin) -> CallJoin:
    response = tablet.post(f"/kiosk/calls/{join.call_id}/answer")
    assert response.status_code == 200, response.text
    return CallJoin.model_validate(response.json())


def state_of(center: CenterProcess, call_id: object) -> tuple[str, str | None]:
    rows = center.query("SELECT state, reason FROM calls WHERE id = :id", id=str(call_id))
    return rows[0][0], rows[0][1]


def test_two_sides_meet_and_their_messages_are_relayed(center: CenterProcess) -> None:
    _, tablet, join = started_call(center)
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        hello = caller.next("joined")
        assert hello["side"] == "caller" and hello["state"] == "ringing"
        assert hello["peer_present"] is False and hello["ice_servers"] == []
        assert hello["peer_name"].startswith("王大爷")
        callee_join = answered(tablet, join)
        with call_socket(center, str(join.call_id), callee_join.ticket) as callee:
            joined = callee.next("joined")
            assert joined["side"] == "callee" and joined["peer_present"] is True
            assert joined["state"] == "accepted" and joined["peer_name"] == "女儿 王丽"
            caller.next("peer_joined")
            offer = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}
            caller.send(offer)
            assert callee.next("offer") == offer
            callee.send({"type": "answer", "sdp": "v=0 answer"})
            assert caller.next("answer")["sdp"] == "v=0 answer"
            candidate = {"candidate": "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "sdpMid": "0"}
            callee.send({"type": "candidate", "candidate": candidate})
            assert caller.next("candidate")["candidate"] == candidate
            caller.send({"type": "media", "camera": False, "microphone": True})
            assert callee.next("media") == {"type": "media", "camera": False, "microphone": True}
            callee.send({"type": "hangup"})
            for side in (caller, callee):
                ended = side.next("ended")
                assert (ended["state"], ended["reason"], ended["by"]) == (
                    "ended",
                    "hung_up",
                    "callee",
                )
                assert side.closed()[0] == 1000
    assert state_of(center, join.call_id) == ("ended", "hung_up")


def test_a_side_that_drops_and_rejoins_keeps_the_call(center: CenterProcess) -> None:
    family, tablet, join = started_call(center)
    callee_join = answered(tablet, join)
    with call_socket(center, str(join.call_id), callee_join.ticket) as callee:
        callee.next("joined")
        with call_socket(center, str(join.call_id), join.ticket) as caller:
            caller.next("joined")
            callee.next("peer_joined")
        callee.next("peer_left")
        again = family.post(f"/family/calls/{join.call_id}/rejoin")
        assert again.status_code == 200, again.text
        rejoin = CallJoin.model_validate(again.json())
        assert rejoin.side == "caller" and rejoin.ticket != join.ticket
        with call_socket(center, str(join.call_id), rejoin.ticket) as caller:
            assert caller.next("joined")["peer_present"] is True
            callee.next("peer_joined")
            assert state_of(center, join.call_id) == ("accepted", None)
            ended = tablet.post(f"/kiosk/calls/{join.call_id}/end", {"reason": "hung_up"})
            assert ended.status_code == 200 and ended.json()["reason"] == "hung_up"
            assert caller.next("ended")["by"] == "callee"
            assert callee.next("ended")["reason"] == "hung_up"


def test_a_side_that_stays_away_ends_the_call_for_network(center: CenterProcess) -> None:
    family, tablet, join = started_call(center)
    callee_join = answered(tablet, join)
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        caller.next("joined")
        with call_socket(center, str(join.call_id), callee_join.ticket) as callee:
            callee.next("joined")
            caller.next("peer_joined")
        caller.next("peer_left")
        ended = caller.next("ended", timeout=RECONNECT_S + 5)
        assert (ended["state"], ended["reason"], ended["by"]) == ("ended", "network", "callee")
        assert caller.closed()[0] == 1000
    assert state_of(center, join.call_id) == ("ended", "network")
    told = tablet.updates("call.ended")
    assert [(t["call_id"], t["reason"]) for t in told] == [(str(join.call_id), "network")]
    # The line is free again.
    assert family.call().status_code == 201


def test_tickets_are_single_use_and_the_calls_own(center: CenterProcess) -> None:
    _, tablet, join = started_call(center)
    _, _, other = started_call(center)
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        caller.next("joined")
    with call_socket(center, str(join.call_id), join.ticket) as twice:
        assert twice.closed() == (4401, "this ticket was used already")
    with call_socket(center, str(join.call_id), other.ticket) as wrong:
        assert wrong.closed() == (4401, "this ticket is not for this call")
    with call_socket(center, str(join.call_id), "made-up") as unknown:
        assert unknown.closed()[0] == 4401
    with call_socket(center, "not-a-call", other.ticket) as nowhere:
        assert nowhere.closed()[0] == 4401
    # The other call's ticket was not used up by being shown to the wrong call.
    with call_socket(center, str(other.call_id), other.ticket) as right:
        assert right.next("joined")["side"] == "caller"
    assert tablet.post(f"/kiosk/calls/{join.call_id}/decline").status_code == 200


BAD = [
    ("not json", 4400, "not JSON"),
    ("[1, 2]", 4400, "a message is a JSON object with a type"),
    ('{"type": "shout"}', 4400, "unknown message type 'shout'"),
    ('{"type": "offer", "sdp": 5}', 4400, "offer needs sdp of the right type"),
    ('{"type": "media", "camera": "yes", "microphone": true}', 4400, None),
    ('{"type": "hello", "ticket": "again"}', 4400, "hello was sent already"),
    ("x" * (MAX_SIGNAL_BYTES + 1), 1009, None),
]


@pytest.mark.parametrize(("message", "code", "reason"), BAD)
def test_bad_messages_close_the_socket_with_a_reason(
    center: CenterProcess, message: str, code: int, reason: str | None
) -> None:
    _, tablet, join = started_call(center)
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        caller.next("joined")
        caller.send(message)
        closed = caller.closed()
        assert closed[0] == code and closed[1]
        if reason:
            assert closed[1] == reason
    # The call is not stuck: the caller may rejoin nothing while it rings, but it rings out,
    # and the kiosk can still answer or decline it.
    assert tablet.post(f"/kiosk/calls/{join.call_id}/decline").status_code == 200


def test_a_message_before_hello_and_a_binary_message_close_the_socket(
    center: CenterProcess,
) -> None:
    _, tablet, join = started_call(center)
    with call_socket(center, str(join.call_id)) as early:
        early.send({"type": "offer", "sdp": "v=0"})
        assert early.closed() == (4400, "the first message must be a hello")
    with call_socket(center, str(join.call_id)) as binary:
        binary.ws.send(b"\x00\x01")
        assert binary.closed() == (4400, "text messages only")
    # The ticket is still good: neither socket used it.
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        assert caller.next("joined")["side"] == "caller"
    assert tablet.post(f"/kiosk/calls/{join.call_id}/decline").status_code == 200


def test_a_caller_who_gives_up_cancels_the_call_for_everyone(center: CenterProcess) -> None:
    _, tablet, join = started_call(center)
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        caller.next("joined")
        caller.send({"type": "hangup"})
        ended = caller.next("ended")
        assert (ended["state"], ended["reason"], ended["by"]) == ("ended", "cancelled", "caller")
    assert state_of(center, join.call_id) == ("ended", "cancelled")
    told = tablet.updates("call.ended")
    assert [(t["call_id"], t["reason"]) for t in told] == [(str(join.call_id), "cancelled")]


@contextmanager
def family_socket(
    center: CenterProcess, family: Family, origin: str | None = None
) -> Iterator[CallSocket]:
    headers = {"Cookie": f"{SESSION_COOKIE}={family.cookie}"}
    with connect(
        ws_url(center, "/family/socket"),
        additional_headers=headers,
        origin=Origin(origin or center.url),
        open_timeout=5,
    ) as ws:
        yield CallSocket(ws)


def test_the_resident_calls_family_on_their_open_page(center: CenterProcess) -> None:
    card = new_resident(center)
    tablet = home_tablet(center, card)
    daughter = make_family(center, card)
    offline = tablet.post("/kiosk/calls", {"resident_card": card, "family_id": daughter.account_id})
    assert offline.status_code == 409 and offline.json()["code"] == "offline"

    with family_socket(center, daughter) as page:
        # The page counts as online once the server has checked its session.
        wait_until(lambda: online(tablet, card) == [True], 5, "the family member online")
        call_her = {"resident_card": card, "family_id": daughter.account_id}
        made = tablet.post("/kiosk/calls", call_her)
        assert made.status_code == 201, made.text
        join = CallJoin.model_validate(made.json())
        assert join.side == "caller" and join.peer_name == "女儿 王丽"
        ringing = page.next("ringing")
        assert ringing["call_id"] == str(join.call_id) and ringing["resident_card"] == card
        assert ringing["caller_name"].startswith("王大爷")
        answer = daughter.post(f"/family/calls/{join.call_id}/answer")
        assert answer.status_code == 200, answer.text
        assert answer.json()["side"] == "callee" and answer.json()["peer_name"].startswith("王大爷")
        assert page.next("ended")["state"] == "accepted"  # stop ringing on every page
        ended = daughter.post(f"/family/calls/{join.call_id}/end")
        assert ended.json()["reason"] == "hung_up"
        message = page.next("ended")
        assert (message["state"], message["reason"]) == ("ended", "hung_up")
        told = tablet.updates("call.ended")  # the kiosk hears its call was hung up
        assert [(t["call_id"], t["by"]) for t in told] == [(str(join.call_id), "callee")]
    wait_until(lambda: online(tablet, card) == [False], 5, "the family member offline")


def online(tablet: Tablet, card: str) -> list[bool]:
    contacts = tablet.get("/kiosk/calls/contacts", resident_card=card).json()["contacts"]
    return [bool(c["online"]) for c in contacts]


def test_the_family_socket_refuses_other_origins_and_strangers(center: CenterProcess) -> None:
    card = new_resident(center)
    daughter = make_family(center, card)
    with family_socket(center, daughter, origin="http://evil.example") as elsewhere:
        assert elsewhere.closed() == (4403, "wrong_origin")
    stranger = Family(center, 0, "not a session", card, "x")
    with family_socket(center, stranger) as refused:
        assert refused.closed()[0] == 4401
    staff = {"Authorization": f"Bearer {center.staff_token()}"}
    with connect(
        ws_url(center, "/family/socket"),
        additional_headers=staff,
        origin=Origin(center.url),
        open_timeout=5,
    ) as ws:
        assert CallSocket(ws).closed()[0] == 4401  # staff tokens are no family session


def test_messages_are_json_text(center: CenterProcess) -> None:
    """The server's messages are JSON objects with a type (the page parses every one)."""
    _, tablet, join = started_call(center)
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        raw = caller.ws.recv(timeout=5)
        assert isinstance(raw, str) and json.loads(raw)["type"] == "joined"
    tablet.post(f"/kiosk/calls/{join.call_id}/decline")


def test_the_same_side_again_replaces_the_older_socket(center: CenterProcess) -> None:
    family, tablet, join = started_call(center)
    callee_join = answered(tablet, join)
    with call_socket(center, str(join.call_id), join.ticket) as first:
        first.next("joined")
        again = CallJoin.model_validate(family.post(f"/family/calls/{join.call_id}/rejoin").json())
        with call_socket(center, str(join.call_id), again.ticket) as second:
            second.next("joined")
            assert first.closed() == (4409, "replaced by a newer connection")
            with call_socket(center, str(join.call_id), callee_join.ticket) as callee:
                assert callee.next("joined")["peer_present"] is True
                second.next("peer_joined")
                callee.send({"type": "media", "camera": True, "microphone": True})
                assert second.next("media")["camera"] is True
    tablet.post(f"/kiosk/calls/{join.call_id}/end", {"reason": "hung_up"})
