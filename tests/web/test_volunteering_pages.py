"""The console's time bank through a real center: an administrator sees every volunteer's
hours and who came to each group lesson; a volunteer sees only their own and sets their
kiosk PIN there (checked twice, refused when weak); other roles are refused the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import requests

from app.tutorials import load_lessons
from app.tutorials.sessions import MANAGED, check_in, end_session, mark, start_session
from sync.volunteering import volunteer_desk
from tests.helpers.center import HTTP_TIMEOUT, CenterProcess, EnrolledKiosk, SyncThreads
from tests.helpers.volunteers import PASSWORD, PIN, admin, make_volunteer

pytestmark = pytest.mark.slow  # a center server process


def console(center: CenterProcess, name: str) -> requests.Session:
    browser = requests.Session()
    signed = browser.post(
        center.api + "/staff/session",
        json={"name": name, "password": PASSWORD},
        timeout=HTTP_TIMEOUT,
    )
    assert signed.status_code == 200, signed.text
    browser.cookies.set("console_lang", "en_US")
    return browser


def test_the_time_bank_for_administrators_and_a_volunteers_own(
    enrolled_kiosk: EnrolledKiosk, sync_threads: Callable[..., SyncThreads], center: CenterProcess
) -> None:
    kiosk = enrolled_kiosk
    make_volunteer(center, "Volunteer Li")
    make_volunteer(center, "Volunteer Zhou", pin=None)
    signin = volunteer_desk(kiosk.client).sign_in("Volunteer Li", PIN)
    start = datetime.now(UTC) - timedelta(hours=1)
    session = start_session(kiosk.store, signin, load_lessons().lessons["taxi"], now=start)
    check_in(kiosk.store, session, kiosk.residents["10001"], now=start)
    mark(kiosk.store, session, "10001", MANAGED)
    end_session(kiosk.store, session, now=start + timedelta(minutes=30))
    threads = sync_threads(kiosk.store, kiosk.client, listen=False)
    assert threads.wait_drained(30).failed == 0

    with console(center, "Volunteer Li") as li:
        own = li.get(center.url + "/console/volunteering", timeout=HTTP_TIMEOUT)
        assert own.status_code == 200
        assert "My volunteer hours" in own.text and "0.50" in own.text
        assert "Volunteer Zhou" not in own.text
        token = re.search(r'name="csrf" value="([^"]+)"', own.text)
        assert token is not None
        origin = {"Origin": center.url}
        weak = li.post(
            center.url + "/console/volunteering/pin",
            data={"csrf": token.group(1), "pin": "111111", "pin_again": "111111"},
            headers=origin,
            timeout=HTTP_TIMEOUT,
        )
        assert weak.status_code == 422 and "one digit repeated" in weak.text
        differ = li.post(
            center.url + "/console/volunteering/pin",
            data={"csrf": token.group(1), "pin": "380516", "pin_again": "380517"},
            headers=origin,
            timeout=HTTP_TIMEOUT,
        )
        assert differ.status_code == 422 and "not the same" in differ.text
        saved = li.post(
            center.url + "/console/volunteering/pin",
            data={"csrf": token.group(1), "pin": "380516", "pin_again": "380516"},
            headers=origin,
            timeout=HTTP_TIMEOUT,
        )
        assert saved.status_code == 200 and "Your kiosk PIN is saved" in saved.text
    assert volunteer_desk(kiosk.client).sign_in("Volunteer Li", "380516").name == "Volunteer Li"

    for name, role in (("Admin Wu", "administrator"), ("Nurse Chen", "nurse")):
        with admin(center) as staff:
            made = staff.post(
                center.api + "/staff/accounts",
                json={"name": name, "role": role, "password": PASSWORD},
                timeout=HTTP_TIMEOUT,
            )
            assert made.status_code == 201, made.text
    with console(center, "Admin Wu") as wu:
        everyone = wu.get(center.url + "/console/volunteering", timeout=HTTP_TIMEOUT)
        assert everyone.status_code == 200 and "time bank" in everyone.text
        assert "Volunteer Li" in everyone.text and "Volunteer Zhou" in everyone.text
        assert "managed" in everyone.text and "0.50" in everyone.text
        assert 'name="pin"' not in everyone.text  # an administrator has no kiosk PIN
    with console(center, "Nurse Chen") as chen:
        refused = chen.get(center.url + "/console/volunteering", timeout=HTTP_TIMEOUT)
        assert refused.status_code == 403
