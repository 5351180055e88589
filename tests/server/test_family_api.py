"""The family side of the center, over HTTP against a real server process: invitations made
by staff, joining from the link, the linked elders and an elder's summary, check-ins, the
staff's links and home tablet, and bad input of every kind answered with a clear 4xx."""

from __future__ import annotations

import time

import pytest
import requests

from server.roles import FAMILY
from tests.helpers.center import HTTP_TIMEOUT, CenterProcess
from tests.helpers.family import PASSWORD, FamilyCenter, csrf_of, family_center, sign_in
from tests.helpers.server_api import event, order_payload, reading_payload, sos_payload

__all__ = ["family_center"]


def test_an_invitation_makes_a_family_account_linked_to_the_resident(
    family_center: FamilyCenter,
) -> None:
    path = family_center.invite("10002", "儿子", "儿子 李明")
    family = family_center.join(path, language="en_US")
    center = family_center.center
    role = center.scalar("SELECT role FROM staff WHERE name = :n", n=family.name)
    assert role == FAMILY
    listed = family.api("GET", "/family/elders")
    assert listed.status_code == 200, listed.text
    [elder] = listed.json()
    assert elder["card"] == "10002" and elder["name"] == "李建国" and elder["relation"] == "儿子"
    assert elder["online"] is False and elder["has_home_tablet"] is False
    # the join page sent the new member to the elder's page, signed in
    page = family.get("/family/elders/10002")
    assert page.status_code == 200 and "李建国" in page.text
    assert 'data-call-resident="10002"' in page.text and "/static/family_live.js" in page.text
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    # only a hash of the link is kept
    token = path.rsplit("/", 1)[1]
    assert not center.query("SELECT 1 FROM family_invitations WHERE token_hash = :t", t=token)


def test_a_used_expired_or_unknown_link_says_so_and_to_ask_the_center(
    family_center: FamilyCenter,
) -> None:
    path = family_center.invite("10003")
    family_center.join(path)
    center = family_center.center
    used = requests.get(center.url + path, timeout=HTTP_TIMEOUT)
    assert used.status_code == 410 and "已经用过了" in used.text and "新的邀请链接" in used.text
    unknown = requests.get(center.url + "/family/join/not-a-token", timeout=HTTP_TIMEOUT)
    assert unknown.status_code == 404 and "邀请链接不对" in unknown.text
    old = family_center.invite("10003")
    family_center.execute(
        "UPDATE family_invitations SET expires_at = :t WHERE used_at IS NULL",
        t=time.time() - 1,
    )
    expired = requests.get(center.url + old, timeout=HTTP_TIMEOUT)
    assert expired.status_code == 410 and "过期" in expired.text
    # posting the form of a used link makes no account
    session = requests.Session()
    page = session.get(center.url + "/family/sign-in", timeout=HTTP_TIMEOUT)
    answer = session.post(
        center.url + path,
        data={"csrf": csrf_of(page.text), "name": "late", "password": PASSWORD},
        timeout=HTTP_TIMEOUT,
    )
    assert answer.status_code in (403, 410)
    assert center.scalar("SELECT COUNT(*) FROM staff WHERE name = 'late'") == 0


def test_a_second_invitation_links_a_second_elder_to_the_same_account(
    family_center: FamilyCenter,
) -> None:
    family = family_center.family_of("10001")
    second = family_center.invite("10004", "女儿", "女儿 小陈")
    page = family.get(second)
    assert page.status_code == 200
    accepted = family.session.post(
        family_center.center.url + second,
        data={"csrf": csrf_of(page.text)},
        timeout=HTTP_TIMEOUT,
        allow_redirects=False,
    )
    assert accepted.status_code == 303, accepted.text
    cards = sorted(e["card"] for e in family.api("GET", "/family/elders").json())
    assert cards == ["10001", "10004"]


@pytest.mark.parametrize(
    "fields, status, words",
    [
        ({"name": "x" * 101}, 422, "1 到 100"),
        ({"name": "bad\x00name"}, 422, "控制字符"),
        ({"password": "short", "password_again": "short"}, 422, "10 到 200"),
        ({"password_again": "another long password"}, 422, "不一样"),
    ],
)
def test_bad_names_and_passwords_on_joining_are_told_plainly(
    family_center: FamilyCenter, fields: dict[str, str], status: int, words: str
) -> None:
    center = family_center.center
    path = family_center.invite("10001")
    session = requests.Session()
    page = session.get(center.url + path, timeout=HTTP_TIMEOUT)
    form = {
        "csrf": csrf_of(page.text),
        "name": "someone new",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **fields,
    }
    answer = session.post(center.url + path, data=form, timeout=HTTP_TIMEOUT)
    assert answer.status_code == status
    assert words in answer.text
    # the link still works afterwards
    assert session.get(center.url + path, timeout=HTTP_TIMEOUT).status_code == 200


def test_a_taken_name_is_refused(family_center: FamilyCenter) -> None:
    first = family_center.family_of("10001")
    center = family_center.center
    path = family_center.invite("10001")
    session = requests.Session()
    page = session.get(center.url + path, timeout=HTTP_TIMEOUT)
    answer = session.post(
        center.url + path,
        data={
            "csrf": csrf_of(page.text),
            "name": first.name,
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
        timeout=HTTP_TIMEOUT,
    )
    assert answer.status_code == 409 and "已经有人用了" in answer.text


def test_the_elder_summary_shows_orders_readings_and_who_answered_an_emergency(
    family_center: FamilyCenter,
) -> None:
    family = family_center.family_of("10003")
    tablet, _ = family_center.tablet("10003")
    order = order_payload(resident_card="10003")
    emergency = sos_payload() | {"resident_card": "10003"}
    reading = reading_payload(resident_card="10003", level="a_bit_high")
    results = tablet.results(
        [
            event("order.create", order),
            event("sos.raise", emergency),
            event("reading.record", reading),
        ]
    )
    assert [r["status"] for r in results] == ["applied"] * 3, results
    acked = family_center.staff.post(f"/sos/{emergency['sos_id']}/ack")
    assert acked.status_code == 200, acked.text
    summary = family.api("GET", "/family/elders/10003")
    assert summary.status_code == 200, summary.text
    body = summary.json()
    assert body["has_home_tablet"] is True and body["online"] is True  # it just sent a batch
    assert [o["order_id"] for o in body["orders"]] == [order["order_id"]]
    assert body["orders"][0]["status"] == "sent"
    [shown] = body["readings"]
    assert shown["reading_id"] == reading["reading_id"] and shown["level"] == reading["level"]
    [sos] = body["sos"]
    assert sos["acknowledged_by"] == "family setup" and sos["acknowledged_at"]
    page = family.get("/family/elders/10003")
    assert "family setup" in page.text and "家里的平板在线" in page.text
    assert "128/82 mmHg" in page.text and "稍高一点" in page.text


def test_check_ins_are_added_listed_and_removed_and_bad_times_refused(
    family_center: FamilyCenter,
) -> None:
    family = family_center.family_of("10002")
    made = family.api("POST", "/family/elders/10002/checkins", {"at_time": "10:00"})
    assert made.status_code == 201, made.text
    assert made.json()["weekdays"] == "1234567"
    again = family.api("POST", "/family/elders/10002/checkins", {"at_time": "10:00"})
    assert again.status_code == 409 and "already" in again.json()["message"]
    for bad in (
        {"at_time": "25:00"},
        {"at_time": "10:60"},
        {"at_time": "1000"},
        {"at_time": "10:00\x00"},
        {"at_time": "10:00", "weekdays": "8"},
        {"at_time": "10:00", "weekdays": "11"},
        {"at_time": "10:00", "weekdays": ""},
        {"at_time": "10:00", "extra": 1},
        {"at_time": 10},
    ):
        refused = family.api("POST", "/family/elders/10002/checkins", bad)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json()["message"]
    listed = family.api("GET", "/family/elders/10002/checkins").json()
    assert [c["at_time"] for c in listed] == ["10:00"]
    gone = family.api("DELETE", f"/family/elders/10002/checkins/{listed[0]['id']}")
    assert gone.status_code == 204
    assert family.api("GET", "/family/elders/10002/checkins").json() == []
    twice = family.api("DELETE", f"/family/elders/10002/checkins/{listed[0]['id']}")
    assert twice.status_code == 404


def test_check_ins_through_the_page_form(family_center: FamilyCenter) -> None:
    family = family_center.family_of("10004")
    page = "/family/elders/10004"
    added = family.form(
        page + "/checkins", {"at_time": "09:30", "day1": "1", "day3": "1"}, page=page
    )
    assert added.status_code == 303, added.text
    shown = family.get(page)
    assert "09:30" in shown.text and "周一、三" in shown.text
    bad = family.form(page + "/checkins", {"at_time": "25:00", "day1": "1"}, page=page)
    assert bad.status_code == 422 and "00:00 到 23:59" in bad.text
    none = family.form(page + "/checkins", {"at_time": "11:00"}, page=page)
    assert none.status_code == 422 and "至少选一天" in none.text
    [item] = family.api("GET", "/family/elders/10004/checkins").json()
    removed = family.form(f"{page}/checkins/{item['id']}/remove", {}, page=page)
    assert removed.status_code == 303
    assert family.api("GET", "/family/elders/10004/checkins").json() == []
    no_token = family.session.post(
        family_center.center.url + page + "/checkins",
        data={"csrf": "wrong", "at_time": "08:00", "day1": "1"},
        timeout=HTTP_TIMEOUT,
    )
    assert no_token.status_code == 403


def test_a_change_from_another_site_is_refused(family_center: FamilyCenter) -> None:
    family = family_center.family_of("10001")
    refused = family.session.post(
        family_center.center.api + "/family/elders/10001/checkins",
        json={"at_time": "08:00"},
        headers={"Origin": "https://evil.example"},
        timeout=HTTP_TIMEOUT,
    )
    assert refused.status_code == 403
    assert family.api("GET", "/family/elders/10001/checkins").json() == []


def test_staff_list_and_end_links_and_the_family_then_sees_nothing(
    family_center: FamilyCenter,
) -> None:
    family = family_center.family_of("20001", relation="son", display_name="son Tom")
    links = family_center.staff.get("/residents/20001/family").json()
    mine = [link for link in links if link["account_name"] == family.name]
    assert mine and mine[0]["ended_at"] is None and mine[0]["display_name"] == "son Tom"
    ended = family_center.staff.session.delete(
        f"{family_center.staff.base}/residents/20001/family/{mine[0]['account_id']}",
        timeout=HTTP_TIMEOUT,
    )
    assert ended.status_code == 204
    assert family.api("GET", "/family/elders").json() == []
    assert family.api("GET", "/family/elders/20001").status_code == 404
    assert family.get("/family/elders/20001").status_code == 404
    audit = family_center.center.query(
        "SELECT action FROM audit_log WHERE target = 'resident:20001'"
    )
    actions = {row[0] for row in audit}
    assert {"family.invite", "family.invitation_used", "family.link_end"} <= actions


def test_bad_staff_input_is_refused_plainly(family_center: FamilyCenter) -> None:
    staff = family_center.staff
    for body in (
        {"relation": "", "display_name": "x"},
        {"relation": "x" * 41, "display_name": "x"},
        {"relation": "女儿", "display_name": "y" * 101},
        {"relation": "女\x00儿", "display_name": "x"},
        {"relation": "女儿"},
    ):
        answer = staff.post("/residents/10001/family-invitations", body)
        assert answer.status_code == 422, (body, answer.text)
    unknown = staff.post(
        "/residents/99999/family-invitations", {"relation": "女儿", "display_name": "x"}
    )
    assert unknown.status_code == 404
    for device in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        put = staff.session.put(
            f"{staff.base}/residents/10001/home-device",
            json={"device_id": device},
            timeout=HTTP_TIMEOUT,
        )
        assert put.status_code == 422, put.text
    gone = staff.session.delete(f"{staff.base}/residents/10001/family/999999", timeout=HTTP_TIMEOUT)
    assert gone.status_code == 404


def test_family_accounts_stay_out_of_the_console_and_staff_out_of_the_family_pages(
    family_center: FamilyCenter,
) -> None:
    center: CenterProcess = family_center.center
    family = family_center.family_of("10001")
    console = family.get("/console/")
    assert console.status_code == 403 and 'href="/family"' in console.text
    assert family.api("GET", "/staff/orders").status_code == 403
    listed = family_center.staff.get("/accounts")
    assert listed.status_code == 200
    # staff signing in on the family page are sent to the console
    admin = center.cli("create-staff", "family page visitor", "--role", "administrator")
    assert admin
    with requests.Session() as staff_session:
        staff_session.headers["Authorization"] = f"Bearer {admin}"
        answer = staff_session.get(center.api + "/family/elders", timeout=HTTP_TIMEOUT)
        assert answer.status_code == 401
    # a family account cannot sign in to the staff API either
    refused = requests.post(
        center.api + "/staff/session",
        json={"name": family.name, "password": PASSWORD},
        timeout=HTTP_TIMEOUT,
    )
    assert refused.status_code == 403 and "/family" in refused.json()["message"]


def test_the_family_sign_in_form(family_center: FamilyCenter) -> None:
    family = family_center.family_of("10002")
    center = family_center.center
    again = sign_in(center, family.name)
    assert again.get(center.api + "/family/elders", timeout=HTTP_TIMEOUT).status_code == 200
    wrong = sign_in(center, family.name, "not the password")
    assert wrong.get(center.api + "/family/elders", timeout=HTTP_TIMEOUT).status_code == 401
    page = requests.get(center.url + "/family/", timeout=HTTP_TIMEOUT)
    assert page.url.endswith("/family/sign-in?next=%2Ffamily%2F")


def test_a_staff_account_signing_in_on_the_family_page_is_sent_to_the_console(
    family_center: FamilyCenter,
) -> None:
    center = family_center.center
    made = family_center.staff.post(
        "/accounts", {"name": "护士 小张", "role": "nurse", "password": PASSWORD}
    )
    assert made.status_code == 201, made.text
    session = requests.Session()
    page = session.get(center.url + "/family/sign-in", timeout=HTTP_TIMEOUT)
    answer = session.post(
        center.url + "/family/sign-in",
        data={"csrf": csrf_of(page.text), "name": "护士 小张", "password": PASSWORD},
        timeout=HTTP_TIMEOUT,
    )
    assert answer.status_code == 403 and "/console" in answer.text
    # and no session was left behind for it
    assert session.get(center.api + "/family/elders", timeout=HTTP_TIMEOUT).status_code == 401
    live = center.scalar(
        "SELECT COUNT(*) FROM staff_sessions s JOIN staff a ON a.id = s.staff_id"
        " WHERE a.name = '护士 小张' AND s.ended_at IS NULL"
    )
    assert live == 0


def test_signing_out_ends_the_session_at_the_center(family_center: FamilyCenter) -> None:
    family = family_center.family_of("10001")
    out = family.form("/family/sign-out", {}, page="/family/")
    assert out.status_code == 303 and out.headers["location"] == "/family/sign-in"
    assert "center_session" not in family.session.cookies
    again = family.api("GET", "/family/elders")
    assert again.status_code == 401, again.text
