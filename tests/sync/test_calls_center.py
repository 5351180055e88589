"""The kiosk's call client (sync.calls) against a real center process: the resident's family
and their consent, a family call checked, answered and hung up, a decline, and the kiosk's
own call refused with the center's reason and sentence."""

from __future__ import annotations

import pytest

from sync.calls import NOT_FOUND, CallDesk, CallProblem, call_desk
from sync.client import CenterClient
from tests.helpers.calls import home_tablet, make_family, new_resident
from tests.helpers.center import CenterProcess

pytestmark = pytest.mark.slow


def desk_of(center: CenterProcess, token: str) -> CallDesk:
    return call_desk(CenterClient(center.url, token))


def test_contacts_and_the_residents_own_consent(module_center: CenterProcess) -> None:
    card = new_resident(module_center)
    tablet = home_tablet(module_center, card)
    daughter = make_family(module_center, card, "王丽")
    desk = desk_of(module_center, tablet.token)

    [contact] = desk.contacts(card).contacts
    assert (contact.family_id, contact.display_name, contact.auto_answer) == (
        daughter.account_id,
        "王丽",
        False,
    )
    desk.set_auto_answer(card, daughter.account_id, True)
    [contact] = desk.contacts(card).contacts
    assert contact.auto_answer is True


def test_a_family_call_is_checked_answered_and_hung_up(module_center: CenterProcess) -> None:
    card = new_resident(module_center)
    tablet = home_tablet(module_center, card)
    daughter = make_family(module_center, card)
    desk = desk_of(module_center, tablet.token)
    started = daughter.call()
    assert started.status_code == 201, started.text
    call_id = started.json()["call_id"]

    assert desk.record(call_id).state == "ringing"
    join = desk.answer(call_id)
    assert join.side == "callee" and join.state == "accepted"
    url = desk.page_url(join, "zh_CN")
    assert url.startswith(f"{module_center.url}/call/{call_id}?view=kiosk&lang=zh_CN#ticket=")
    assert desk.rejoin(call_id).ticket != join.ticket
    desk.end(call_id, "hung_up")
    ended = desk.record(call_id)
    assert (ended.state, ended.reason) == ("ended", "hung_up")
    # Answering a call that is over: the center's sentence, as a problem of its own kind.
    with pytest.raises(CallProblem) as late:
        desk.answer(call_id)
    assert late.value.status == 409 and late.value.message


def test_a_declined_call(module_center: CenterProcess) -> None:
    card = new_resident(module_center)
    tablet = home_tablet(module_center, card)
    son = make_family(module_center, card, "王强")
    call_id = son.call().json()["call_id"]
    desk = desk_of(module_center, tablet.token)
    desk.decline(call_id)
    assert desk.record(call_id).state == "declined"


def test_the_kiosks_call_refused_says_why(module_center: CenterProcess) -> None:
    card = new_resident(module_center)
    tablet = home_tablet(module_center, card)
    daughter = make_family(module_center, card)
    desk = desk_of(module_center, tablet.token)
    # The daughter has no family page open: nothing would ring, and the center says so.
    with pytest.raises(CallProblem) as refused:
        desk.call(card, daughter.account_id)
    assert (refused.value.status, refused.value.reason) == (409, "offline")
    assert "family page" in refused.value.message


def test_another_residents_call_is_not_found(module_center: CenterProcess) -> None:
    card, other = new_resident(module_center), new_resident(module_center)
    tablet = home_tablet(module_center, card)
    home_tablet(module_center, other)
    stranger = make_family(module_center, other)
    call_id = stranger.call().json()["call_id"]
    with pytest.raises(CallProblem) as caught:
        desk_of(module_center, tablet.token).record(call_id)
    assert caught.value.reason == NOT_FOUND
