"""Video calls through the API of a real center process (SQLite, and PostgreSQL in the full
run): a family member calls the resident's home tablet, which hears of it by its updates;
answered (two answers: one wins), declined, cancelled, hung up; every refusal (no home
tablet, a block by staff, quiet hours, a busy line) recorded and answered 409 with its
reason; a family account never reaches a resident it is not linked to (404, never 403);
staff calls ring in quiet hours; the kiosk's consent and staff's on its behalf recorded."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

from sync.call_protocol import CallJoin, CallRecord, CallRinging
from tests.helpers.calls import home_tablet, make_family, new_resident
from tests.helpers.center import HTTP_TIMEOUT, CenterProcess
from tests.helpers.server_api import bearer


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    return module_center


def staff_request(
    center: CenterProcess, method: str, path: str, body: Any = None, role: str | None = None
) -> requests.Response:
    token = center.staff_token() if role is None else role_token(center, role)
    return requests.request(
        method, center.api + path, json=body, headers=bearer(token), timeout=HTTP_TIMEOUT
    )


def role_token(center: CenterProcess, role: str) -> str:
    name = f"calls {role}"
    if name not in center._staff_tokens:
        center._staff_tokens[name] = center.cli("create-staff", name, "--role", role)
    return center._staff_tokens[name]


def state_of(center: CenterProcess, call_id: str) -> tuple[str, str | None]:
    row = center.query("SELECT state, reason FROM calls WHERE id = :id", id=call_id)
    assert row, f"no calls row {call_id}"
    return row[0][0], row[0][1]


def test_a_family_call_rings_the_home_tablet_and_is_answered_once(
    center: CenterProcess,
) -> None:
    card = new_resident(center)
    tablet = home_tablet(center, card)
    daughter = make_family(center, card, auto_answer=True)

    started = daughter.call()
    assert started.status_code == 201, started.text
    join = CallJoin.model_validate(started.json())
    assert join.side == "caller" and join.state == "ringing"
    assert join.page == f"/call/{join.call_id}" and join.ticket
    assert join.peer_name.startswith("王大爷")
    ringing = [CallRinging.model_validate(p) for p in tablet.updates("call.ringing")]
    assert [r.call_id for r in ringing] == [join.call_id]
    assert ringing[0].caller_name == "女儿 王丽" and ringing[0].auto_answer is True
    assert ringing[0].family_id == daughter.account_id and ringing[0].caller_kind == "family"

    seen = tablet.get(f"/kiosk/calls/{join.call_id}")
    assert seen.status_code == 200 and seen.json()["state"] == "ringing"

    first = tablet.post(f"/kiosk/calls/{join.call_id}/answer")
    second = tablet.post(f"/kiosk/calls/{join.call_id}/answer")
    assert first.status_code == 200, first.text
    answered = CallJoin.model_validate(first.json())
    assert answered.side == "callee" and answered.state == "accepted"
    assert answered.peer_name == "女儿 王丽" and answered.ticket != join.ticket
    assert second.status_code == 409 and second.json()["code"] == "wrong_state"
    assert "already been accepted" in second.json()["message"]

    ended = daughter.post(f"/family/calls/{join.call_id}/end")
    assert ended.status_code == 200, ended.text
    record = CallRecord.model_validate(ended.json())
    assert (record.state, record.reason) == ("ended", "hung_up")
    assert record.answered_at is not None and record.ended_at is not None
    # The kiosk did not end it itself: it is told.
    told = tablet.updates("call.ended")
    assert [(t["call_id"], t["reason"], t["by"]) for t in told] == [
        (str(join.call_id), "hung_up", "caller")
    ]
    listed = daughter.get("/family/calls", resident_card=card)
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json()] == [str(join.call_id)]


def test_declined_and_cancelled_calls(center: CenterProcess) -> None:
    card = new_resident(center)
    tablet = home_tablet(center, card)
    son = make_family(center, card, "儿子 王强")

    declined = CallJoin.model_validate(son.call().json())
    no = tablet.post(f"/kiosk/calls/{declined.call_id}/decline")
    assert no.status_code == 200 and no.json()["state"] == "declined"
    assert tablet.updates("call.ended") == []  # the kiosk declined it: nothing to tell it

    cancelled = CallJoin.model_validate(son.call().json())
    gave_up = son.post(f"/family/calls/{cancelled.call_id}/end")
    assert (gave_up.json()["state"], gave_up.json()["reason"]) == ("ended", "cancelled")
    told = tablet.updates("call.ended")
    assert [(t["call_id"], t["state"], t["reason"]) for t in told] == [
        (str(cancelled.call_id), "ended", "cancelled")
    ]
    late = tablet.post(f"/kiosk/calls/{cancelled.call_id}/answer")
    assert late.status_code == 409 and "ended" in late.json()["message"]


def test_refusals_are_recorded_and_answered_409_with_their_reason(
    center: CenterProcess,
) -> None:
    card = new_resident(center)
    daughter = make_family(center, card)
    no_tablet = daughter.call()
    assert no_tablet.status_code == 409 and no_tablet.json()["code"] == "no_device"
    assert "home tablet" in no_tablet.json()["message"]

    tablet = home_tablet(center, card)
    until = time.time() + 3 * 86400
    blocked = staff_request(
        center,
        "PUT",
        f"/staff/residents/{card}/call-policy",
        {"blocked_until": until, "block_reason": "in hospital"},
    )
    assert blocked.status_code == 200, blocked.text
    refused = daughter.call()
    assert refused.status_code == 409 and refused.json()["code"] == "blocked"
    assert "until" in refused.json()["message"] and "in hospital" in refused.json()["message"]

    # Quiet hours around now (the center's local time zone is the catalog's).
    quiet = quiet_hours_around_now(center)
    policy = staff_request(center, "PUT", f"/staff/residents/{card}/call-policy", quiet)
    assert policy.status_code == 200, policy.text
    assert policy.json()["blocked_until"] is None
    refused = daughter.call()
    assert refused.status_code == 409 and refused.json()["code"] == "quiet_hours", refused.text
    # Staff calls ring in quiet hours.
    by_staff = staff_request(center, "POST", "/staff/calls", {"resident_card": card})
    assert by_staff.status_code == 201, by_staff.text
    ringing = tablet.updates("call.ringing")
    assert ringing[-1]["caller_name"].startswith("社区中心 ")
    assert ringing[-1]["caller_kind"] == "staff" and ringing[-1]["auto_answer"] is False

    # Busy: the tablet is ringing with the staff call.
    staff_request(center, "PUT", f"/staff/residents/{card}/call-policy", {})
    busy = daughter.call()
    assert busy.status_code == 409 and busy.json()["code"] == "busy"

    rows = center.query(
        "SELECT state, reason FROM calls WHERE resident_card = :card ORDER BY created_at",
        card=card,
    )
    assert rows == [
        ("ended", "no_device"),
        ("ended", "blocked"),
        ("ended", "quiet_hours"),
        ("ringing", None),
        ("busy", "busy"),
    ]


def quiet_hours_around_now(center: CenterProcess) -> dict[str, str]:
    """Quiet hours from an hour ago to an hour ahead in the center's zone (any zone: the
    two hours around the current minute hold it whatever the offset)."""
    from zoneinfo import ZoneInfo

    from server.pricing import parse_rules

    path = center.env["CENTER_DEFAULT_CATALOG"]
    with open(path, encoding="utf-8") as catalog:
        zone: ZoneInfo = parse_rules(catalog.read()).timezone
    local = datetime.now(zone)
    return {
        "quiet_from": (local - timedelta(hours=1)).strftime("%H:%M"),
        "quiet_to": (local + timedelta(hours=1)).strftime("%H:%M"),
    }


def test_a_family_account_never_reaches_a_resident_it_is_not_linked_to(
    center: CenterProcess,
) -> None:
    card, other = new_resident(center), new_resident(center)
    tablet = home_tablet(center, other)
    mine = make_family(center, card)
    theirs = make_family(center, other)
    theirs_call = CallJoin.model_validate(theirs.call().json())

    for response in (
        mine.call(other),
        mine.call("99999999"),  # no such resident: the same answer
        mine.get("/family/calls", resident_card=other),
        mine.post(f"/family/calls/{theirs_call.call_id}/answer"),
        mine.post(f"/family/calls/{theirs_call.call_id}/decline"),
        mine.post(f"/family/calls/{theirs_call.call_id}/end"),
        mine.post(f"/family/calls/{theirs_call.call_id}/rejoin"),
    ):
        assert response.status_code == 404, response.text
    assert center.scalar("SELECT COUNT(*) FROM calls WHERE resident_card = :c", c=other) == 1
    # Nor does a kiosk reach another device's call.
    stranger = home_tablet(center, card)
    assert stranger.get(f"/kiosk/calls/{theirs_call.call_id}").status_code == 404
    assert stranger.post(f"/kiosk/calls/{theirs_call.call_id}/answer").status_code == 404
    assert tablet.post(f"/kiosk/calls/{theirs_call.call_id}/decline").status_code == 200


def test_family_endpoints_refuse_staff_and_the_signed_out(center: CenterProcess) -> None:
    card = new_resident(center)
    no_cookie = requests.post(
        center.api + "/family/calls", json={"resident_card": card}, timeout=HTTP_TIMEOUT
    )
    assert no_cookie.status_code == 401
    as_staff = requests.post(
        center.api + "/family/calls",
        json={"resident_card": card},
        headers=bearer(center.staff_token()),
        timeout=HTTP_TIMEOUT,
    )
    assert as_staff.status_code == 401  # a bearer token is no family session
    volunteer = staff_request(center, "POST", "/staff/calls", {"resident_card": card}, "volunteer")
    assert volunteer.status_code == 403


def test_consent_set_on_the_kiosk_and_by_staff_is_recorded(center: CenterProcess) -> None:
    card = new_resident(center)
    tablet = home_tablet(center, card)
    daughter = make_family(center, card)
    contacts = tablet.get("/kiosk/calls/contacts", resident_card=card)
    assert contacts.status_code == 200, contacts.text
    listed = contacts.json()["contacts"]
    assert [(c["family_id"], c["auto_answer"], c["online"]) for c in listed] == [
        (daughter.account_id, False, False)
    ]
    chosen = tablet.put(
        f"/kiosk/calls/contacts/{daughter.account_id}", {"auto_answer": True}, resident_card=card
    )
    assert chosen.status_code == 200 and chosen.json() == {"auto_answer": True}
    assert center.query(
        "SELECT auto_answer, auto_answer_set_by FROM family_links WHERE account_id = :a",
        a=daughter.account_id,
    ) == [(True, "resident, on home tablet")]

    nurse = staff_request(
        center,
        "PUT",
        f"/staff/residents/{card}/family/{daughter.account_id}/auto-answer",
        {"auto_answer": False},
        "nurse",
    )
    assert nurse.status_code == 200, nurse.text
    assert center.query(
        "SELECT auto_answer, auto_answer_set_by FROM family_links WHERE account_id = :a",
        a=daughter.account_id,
    ) == [(False, "staff:calls nurse")]
    audited = center.query(
        "SELECT actor FROM audit_log WHERE action = 'calls.auto_answer' AND target = :t",
        t=f"resident:{card}",
    )
    assert ("staff:calls nurse",) in audited
    dispatcher = staff_request(
        center,
        "PUT",
        f"/staff/residents/{card}/family/{daughter.account_id}/auto-answer",
        {"auto_answer": True},
        "dispatcher",
    )
    assert dispatcher.status_code == 403
    unknown = tablet.put("/kiosk/calls/contacts/999999", {"auto_answer": True}, resident_card=card)
    assert unknown.status_code == 404


def test_bad_policies_are_refused_with_a_sentence(center: CenterProcess) -> None:
    card = new_resident(center)
    for body in (
        {"quiet_from": "21:00"},
        {"quiet_from": "21:00", "quiet_to": "21:00"},
        {"quiet_from": "25:00", "quiet_to": "07:00"},
        {"block_reason": "why"},
    ):
        answer = staff_request(center, "PUT", f"/staff/residents/{card}/call-policy", body)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.json()["message"]
    missing = staff_request(center, "PUT", "/staff/residents/55555555/call-policy", {})
    assert missing.status_code == 404


def test_staff_list_calls(center: CenterProcess) -> None:
    card = new_resident(center)
    home_tablet(center, card)
    made = staff_request(center, "POST", "/staff/calls", {"resident_card": card})
    assert made.status_code == 201
    listed = staff_request(center, "GET", f"/staff/calls?resident_card={card}")
    assert listed.status_code == 200
    assert [c["caller_kind"] for c in listed.json()] == ["staff"]
    # Staff reading a resident's calls, and acting on one, are in the audit trail.
    audited = center.query("SELECT target, after FROM audit_log WHERE action = 'access:calls.read'")
    assert any(
        t == "/api/v1/staff/calls" and card in center.opened("audit_log", "after", t, a)
        for t, a in audited
    )
    ended = staff_request(center, "POST", f"/staff/calls/{made.json()['call_id']}/end")
    assert ended.status_code == 200 and ended.json()["reason"] == "cancelled"
    assert state_of(center, made.json()["call_id"]) == ("ended", "cancelled")
    assert (f"resident:{card}",) in center.query(
        "SELECT target FROM audit_log WHERE action = 'access:calls.make'"
    )


def test_two_answers_at_once_one_wins(center: CenterProcess) -> None:
    card = new_resident(center)
    tablet = home_tablet(center, card)
    daughter = make_family(center, card)
    join = CallJoin.model_validate(daughter.call().json())
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(
            pool.map(lambda _: tablet.post(f"/kiosk/calls/{join.call_id}/answer"), range(4))
        )
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409], [a.text for a in answers]
    assert state_of(center, str(join.call_id)) == ("accepted", None)


def test_two_calls_at_once_to_one_tablet_one_rings(center: CenterProcess) -> None:
    card = new_resident(center)
    tablet = home_tablet(center, card)
    family = [make_family(center, card, f"家人 {n}") for n in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        calls = list(pool.map(lambda member: member.call(), family))
    assert sorted(c.status_code for c in calls) == [201, 409, 409, 409]
    assert {c.json()["code"] for c in calls if c.status_code == 409} == {"busy"}
    assert len(tablet.updates("call.ringing")) == 1


@pytest.mark.parametrize("family_id", [2**31, 2**63, 0, -1, "1", 1.0])
def test_a_family_id_out_of_range_or_of_another_type_is_refused(
    center: CenterProcess, family_id: Any
) -> None:
    """Row numbers are 32-bit in PostgreSQL: a bigger one is a 422, not a database error."""
    card = new_resident(center)
    tablet = home_tablet(center, card)
    answer = tablet.post("/kiosk/calls", {"resident_card": card, "family_id": family_id})
    assert answer.status_code == 422, answer.text
    assert center.scalar("SELECT count(*) FROM calls WHERE resident_card = :c", c=card) == 0
