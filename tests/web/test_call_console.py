"""The console's video calls page against a real center process, over HTTP (no browser):
a staff call rings the resident's home tablet (a ``call.ringing`` update for its device) and
its ticket travels only in a link's fragment; a call that may not ring shows the center's
sentence; the recent calls read as sentences; the call policy and the auto-answer forms
save what they say and refuse bad input with a sentence and the form again, never a 500."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from server.web import strings
from tests.helpers.browser import STAFF, ConsoleCenter, console_center
from tests.helpers.call_console import call_link, post_form, problem, signed_in, ticket_of
from tests.helpers.calls import Tablet, call_socket, home_tablet, make_family, new_resident
from tests.helpers.center import HTTP_TIMEOUT

__all__ = ["console_center"]
ZH = strings.table("zh_CN")
CLOCK_25 = ZH.t("calls.error_clock", value="25:00")


@pytest.fixture(scope="module")
def nurse(console_center: ConsoleCenter) -> Iterator[requests.Session]:
    browser = signed_in(console_center.url, "nurse")
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def dispatcher(console_center: ConsoleCenter) -> Iterator[requests.Session]:
    browser = signed_in(console_center.url, "dispatcher")
    yield browser
    browser.close()


def calls_page(console: ConsoleCenter, browser: requests.Session, card: str) -> str:
    page = browser.get(f"{console.url}/console/residents/{card}/calls", timeout=HTTP_TIMEOUT)
    assert page.status_code == 200, page.text[-2000:]
    return page.text


def policy_of(console: ConsoleCenter, card: str) -> dict[str, object]:
    answer = console.api.get(f"/residents/{card}/call-policy")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def zone_of(page: str) -> ZoneInfo:
    found = re.search(r'id="policy-zone" data-zone="([^"]+)"', page)
    assert found, "the policy's hint names the center's time zone"
    return ZoneInfo(found.group(1))


def start(console: ConsoleCenter, browser: requests.Session, card: str) -> requests.Response:
    return post_form(browser, console.url, f"/console/residents/{card}/calls/start")


# -- calling ------------------------------------------------------------------------------------


def test_a_staff_call_rings_the_home_tablet_and_opens_the_call_page_with_its_ticket(
    console_center: ConsoleCenter, nurse: requests.Session
) -> None:
    center = console_center.center
    card = new_resident(center)
    tablet = home_tablet(center, card)
    answer = start(console_center, nurse, card)
    assert answer.status_code == 200, answer.text[-2000:]
    assert answer.headers["cache-control"] == "no-store"
    assert '<script type="module" src="/static/call_hop.js"></script>' in answer.text
    address = call_link(answer.text)
    path = address.partition("#")[0]
    assert re.fullmatch(rf"/call/[0-9a-f-]{{36}}\?view=staff&lang=zh_CN&resident={card}", path), (
        address
    )
    ticket = ticket_of(address)
    assert ticket and ticket not in path
    # The tablet hears of it through its updates, named as the center's staff member.
    [ringing] = tablet.updates("call.ringing")
    call_id = path.split("/")[2].split("?")[0]
    assert ringing["call_id"] == call_id
    assert ringing["caller_kind"] == "staff"
    assert ringing["caller_name"].endswith(STAFF["nurse"])
    # The call page opens (the fragment is not sent), and the ticket lets the staff side in.
    opened = requests.get(console_center.url + path, timeout=HTTP_TIMEOUT)
    assert opened.status_code == 200 and 'data-view="staff"' in opened.text
    assert f'href="/console/residents/{card}/calls"' in opened.text  # back to this page
    with call_socket(center, call_id, ticket) as side:
        joined = side.next("joined")
        assert joined["side"] == "caller" and joined["state"] == "ringing"
    assert ticket not in center.log()
    # The calls page lists it as ringing, in words.
    page = calls_page(console_center, nurse, card)
    assert ZH.t("calls.outcome_ringing") in page
    caller = f"社区中心 {STAFF['nurse']}"
    callee = ZH.t("calls.home_tablet_of", name=f"王大爷 {card[-4:]}")
    assert html.escape(ZH.t("calls.who", caller=caller, callee=callee)) in page


def test_a_call_that_may_not_ring_says_why(
    console_center: ConsoleCenter, nurse: requests.Session
) -> None:
    center = console_center.center
    lonely = new_resident(center)
    refused = start(console_center, nurse, lonely)
    assert refused.status_code == 409
    assert problem(refused.text) == ZH.t("calls.refused_no_device")
    assert 'id="call-link"' not in refused.text

    card = new_resident(center)
    tablet = home_tablet(center, card)
    assert start(console_center, nurse, card).status_code == 200
    busy = start(console_center, nurse, card)
    assert busy.status_code == 409
    assert problem(busy.text) == ZH.t("calls.refused_busy")
    assert len(tablet.updates("call.ringing")) == 1

    paused = new_resident(center)
    paused_tablet = home_tablet(center, paused)
    until = time.time() + 3600
    put = console_center.api.session.put(
        f"{console_center.api.base}/residents/{paused}/call-policy",
        json={"blocked_until": until, "block_reason": "住院观察"},
        timeout=HTTP_TIMEOUT,
    )
    assert put.status_code == 200, put.text
    blocked = start(console_center, nurse, paused)
    assert blocked.status_code == 409
    assert problem(blocked.text) == ZH.t("calls.refused_blocked")
    assert "住院观察" in blocked.text  # the page says until when and why
    assert paused_tablet.updates("call.ringing") == []
    # Every attempt is on the list, in words.
    page = calls_page(console_center, nurse, card)
    assert ZH.t("calls.refused_busy") in page and ZH.t("calls.outcome_ringing") in page
    assert ZH.t("calls.refused_no_device") in calls_page(console_center, nurse, lonely)


def test_quiet_hours_do_not_stop_a_staff_call(
    console_center: ConsoleCenter, nurse: requests.Session
) -> None:
    center = console_center.center
    card = new_resident(center)
    tablet = home_tablet(center, card)
    zone = zone_of(calls_page(console_center, nurse, card))
    now = datetime.now(zone)
    quiet = {
        "quiet_from": (now - timedelta(hours=1)).strftime("%H:%M"),
        "quiet_to": (now + timedelta(hours=1)).strftime("%H:%M"),
    }
    saved = post_form(nurse, console_center.url, f"/console/residents/{card}/calls/policy", **quiet)
    assert saved.status_code == 303, saved.text[-2000:]
    family = make_family(center, card)
    assert family.call().json()["code"] == "quiet_hours"  # the family's call is held back
    assert start(console_center, nurse, card).status_code == 200
    assert len(tablet.updates("call.ringing")) == 1


def test_a_role_without_the_call_has_no_button_and_the_form_is_refused(
    console_center: ConsoleCenter,
) -> None:
    volunteer = signed_in(console_center.url, "volunteer")
    card = new_resident(console_center.center)
    tablet = home_tablet(console_center.center, card)
    refused = start(console_center, volunteer, card)
    assert refused.status_code == 403
    assert tablet.updates("call.ringing") == []
    volunteer.close()


def test_an_unknown_resident_is_a_page_saying_so(
    console_center: ConsoleCenter, nurse: requests.Session
) -> None:
    page = nurse.get(f"{console_center.url}/console/residents/99999999/calls", timeout=HTTP_TIMEOUT)
    assert page.status_code == 404 and ZH.t("refused.not_found") in page.text
    assert start(console_center, nurse, "99999999").status_code == 404


# -- the policy ---------------------------------------------------------------------------------


def test_the_policy_form_saves_quiet_hours_and_a_pause(
    console_center: ConsoleCenter, nurse: requests.Session, dispatcher: requests.Session
) -> None:
    card = new_resident(console_center.center)
    zone = zone_of(calls_page(console_center, nurse, card))
    until = (datetime.now(zone) + timedelta(days=2)).replace(second=0, microsecond=0)
    saved = post_form(
        nurse,
        console_center.url,
        f"/console/residents/{card}/calls/policy",
        quiet_from="21:00",
        quiet_to="7:30",
        blocked_until=until.strftime("%Y-%m-%dT%H:%M"),
        block_reason="家属要求暂停",
    )
    assert saved.status_code == 303, saved.text[-2000:]
    assert saved.headers["location"] == f"/console/residents/{card}/calls?done=policy"
    assert policy_of(console_center, card) == {
        "quiet_from": "21:00",
        "quiet_to": "07:30",
        "blocked_until": until.timestamp(),
        "block_reason": "家属要求暂停",
    }
    page = calls_page(console_center, nurse, card)
    assert 'value="21:00"' in page and 'value="07:30"' in page
    assert f'value="{until.strftime("%Y-%m-%dT%H:%M")}"' in page
    # A dispatcher sees the policy but has no form to change it.
    seen = calls_page(console_center, dispatcher, card)
    assert "21:00" in seen and f"/console/residents/{card}/calls/policy" not in seen
    # Emptying the form lifts everything.
    cleared = post_form(nurse, console_center.url, f"/console/residents/{card}/calls/policy")
    assert cleared.status_code == 303
    assert policy_of(console_center, card) == {
        "quiet_from": None,
        "quiet_to": None,
        "blocked_until": None,
        "block_reason": None,
    }


def _sentence(key: str, **values: object) -> str:
    return ZH.t(key, **values)


@pytest.mark.parametrize(
    "fields, sentence",
    [
        (
            {"quiet_from": "25:00", "quiet_to": "07:00"},
            _sentence("calls.error_clock", value="25:00"),
        ),
        ({"quiet_from": "21:00", "quiet_to": "7:60"}, _sentence("calls.error_clock", value="7:60")),
        ({"quiet_from": "21:00"}, _sentence("calls.error_quiet_half")),
        ({"quiet_from": "21:00", "quiet_to": "21:00"}, _sentence("calls.error_quiet_same")),
        ({"blocked_until": "2020-01-01T08:00"}, _sentence("calls.error_past")),
        ({"blocked_until": "next tuesday"}, _sentence("calls.error_until", value="next tuesday")),
        (
            {"blocked_until": "2099-01-01T08:00", "block_reason": "长" * 201},
            _sentence("calls.error_reason_long", most=200, length=201),
        ),
        (
            {"blocked_until": "2099-01-01T08:00", "block_reason": "a\x00b"},
            _sentence("calls.error_reason_control"),
        ),
        ({"block_reason": "维修"}, _sentence("calls.error_reason_alone")),
    ],
    ids=[
        "25:00",
        "7:60",
        "half quiet hours",
        "same start and end",
        "pause in the past",
        "not a date",
        "reason too long",
        "control character",
        "reason without a pause",
    ],
)
def test_bad_policy_input_is_the_form_again_with_a_sentence(
    console_center: ConsoleCenter,
    nurse: requests.Session,
    fields: dict[str, str],
    sentence: str,
) -> None:
    card = new_resident(console_center.center)
    before = policy_of(console_center, card)
    answer = post_form(
        nurse, console_center.url, f"/console/residents/{card}/calls/policy", **fields
    )
    assert answer.status_code == 422, answer.text[-2000:]
    assert problem(answer.text) == sentence
    # The form is there again, holding what was typed, so it can be put right.
    assert 'action="/console/residents/' in answer.text
    for value in fields.values():
        if "\x00" not in value:
            assert f'value="{html.escape(value)}"' in answer.text
    assert policy_of(console_center, card) == before


def test_the_policy_page_is_in_english_too(
    console_center: ConsoleCenter, nurse: requests.Session
) -> None:
    card = new_resident(console_center.center)
    english = requests.Session()
    english.cookies.update(nurse.cookies)
    english.cookies.set("console_lang", "en_US")
    answer = post_form(
        english, console_center.url, f"/console/residents/{card}/calls/policy", quiet_from="25:00"
    )
    assert answer.status_code == 422
    assert problem(answer.text) == strings.table("en_US").t("calls.error_clock", value="25:00")
    english.close()


# -- answering by itself ------------------------------------------------------------------------


def test_staff_set_answering_by_itself_on_the_residents_behalf(
    console_center: ConsoleCenter, nurse: requests.Session, dispatcher: requests.Session
) -> None:
    center = console_center.center
    card = new_resident(center)
    daughter = make_family(center, card, "女儿 王丽")
    path = f"/console/residents/{card}/calls/family/{daughter.account_id}/auto-answer"
    page = calls_page(console_center, nurse, card)
    assert "女儿 王丽" in page and path in page and ZH.t("calls.set_by_nobody") in page
    turned = post_form(nurse, console_center.url, path, auto_answer="on")
    assert turned.status_code == 303
    assert turned.headers["location"] == f"/console/residents/{card}/calls?done=auto_answer"
    [link] = console_center.api.get(f"/residents/{card}/family").json()
    assert link["auto_answer"] is True
    assert link["auto_answer_set_by"] == f"staff:{STAFF['nurse']}"
    page = calls_page(console_center, nurse, card)
    assert ZH.t("calls.set_by_staff", name=STAFF["nurse"]) in page
    # The tablet's contact list carries the choice.
    tablet: Tablet = home_tablet(center, card)
    contacts = tablet.get("/kiosk/calls/contacts", resident_card=card).json()["contacts"]
    assert [c["auto_answer"] for c in contacts] == [True]
    # A dispatcher may see it but not change it.
    assert path not in calls_page(console_center, dispatcher, card)
    assert post_form(dispatcher, console_center.url, path, auto_answer="off").status_code == 403
    # Turning it off again.
    assert post_form(nurse, console_center.url, path, auto_answer="off").status_code == 303
    [link] = console_center.api.get(f"/residents/{card}/family").json()
    assert link["auto_answer"] is False


def test_a_bad_auto_answer_choice_or_someone_not_linked_is_refused(
    console_center: ConsoleCenter, nurse: requests.Session
) -> None:
    center = console_center.center
    card = new_resident(center)
    daughter = make_family(center, card)
    path = f"/console/residents/{card}/calls/family/{daughter.account_id}/auto-answer"
    odd = post_form(nurse, console_center.url, path, auto_answer="maybe")
    assert odd.status_code == 422 and problem(odd.text) == ZH.t("calls.error_choice")
    stranger = make_family(center, new_resident(center))
    elsewhere = f"/console/residents/{card}/calls/family/{stranger.account_id}/auto-answer"
    refused = post_form(nurse, console_center.url, elsewhere, auto_answer="on")
    assert refused.status_code == 404 and ZH.t("calls.error_not_linked") in refused.text
    links = console_center.api.get(f"/residents/{card}/family").json()
    assert [k["auto_answer"] for k in links] == [False]


def test_the_family_page_links_to_the_calls_page(
    console_center: ConsoleCenter, nurse: requests.Session
) -> None:
    page = nurse.get(f"{console_center.url}/console/residents/10001/family", timeout=HTTP_TIMEOUT)
    assert page.status_code == 200
    assert 'href="/console/residents/10001/calls"' in page.text
