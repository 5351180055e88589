"""A resident's data in the console: every page or form that reads or changes it leaves an
entry in the audit of reads (who, what, whose, when, from where); an administrator exports a
resident (a JSON file and a page to print) and deletes them after a confirmation naming them;
other roles neither see the buttons nor get their posts through; the audit page shows it all,
one resident's entries at a time if asked. In the test's own process (tests.helpers.
console_visit); the same in Debian's chromium against a real center is in
test_console_privacy_browser.py."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.center import morning_catalog
from tests.helpers.center_app import CLIENT_ADDRESS, CenterApp, running_center
from tests.helpers.console_visit import ConsoleVisitor
from tests.helpers.server_api import event, order_payload, reading_payload

CARD = "10001"  # 张秀英, a demo resident
OTHER = "10002"  # 李建国
ROLE_NAMES = {
    "administrator": "管理员 陈静",
    "dispatcher": "调度员 王芳",
    "nurse": "护士 李梅",
    "volunteer": "志愿者 小刘",
}


@pytest.fixture
def center_app(tmp_path: Path) -> Iterator[CenterApp]:
    with running_center(tmp_path, default_catalog=morning_catalog(tmp_path)) as app:
        yield app


class SignedIn(dict[str, ConsoleVisitor]):
    """A member of staff per role, signed in the first time a test asks for the role (an
    account's password takes a while to hash and check, by design)."""

    def __init__(self, center_app: CenterApp) -> None:
        super().__init__()
        self.center_app = center_app

    def __missing__(self, role: str) -> ConsoleVisitor:
        visitor = self[role] = ConsoleVisitor(self.center_app, ROLE_NAMES[role], role)
        return visitor


@pytest.fixture
def staff(center_app: CenterApp) -> Iterator[dict[str, ConsoleVisitor]]:
    visitors = SignedIn(center_app)
    yield visitors
    for visitor in visitors.values():
        visitor.close()


def _kiosk_events(center_app: CenterApp, *payloads: tuple[str, dict[str, Any]]) -> dict[str, str]:
    _, kiosk = center_app.kiosk()
    events = [event(kind, payload) for kind, payload in payloads]
    answer = center_app.client.post("/api/v1/events", json={"events": events}, headers=kiosk)
    assert [r["status"] for r in answer.json()["results"]] == ["applied"] * len(events)
    return kiosk


def _audit(center_app: CenterApp, target: str | None = None) -> list[dict[str, Any]]:
    params = {"target": target} if target else {}
    answer = center_app.client.get(
        "/api/v1/staff/audit", params=params, headers=center_app.token("Auditor Qian")
    )
    assert answer.status_code == 200, answer.text
    return [e for e in answer.json() if e["actor"] != "staff:Auditor Qian"]


def _by(entries: list[dict[str, Any]], role: str) -> list[dict[str, Any]]:
    return [e for e in entries if e["actor"] == f"staff:{ROLE_NAMES[role]}"]


# -- the audit of reads ----------------------------------------------------------------------


def test_a_nurse_opening_a_resident_and_an_order_leaves_who_what_whose_when_and_where(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    order = order_payload()
    _kiosk_events(center_app, ("order.create", order))
    nurse = staff["nurse"]
    started = time.time()
    assert nurse.get(f"/console/residents/{CARD}").status_code == 200
    assert nurse.get(f"/console/orders/{order['order_id']}").status_code == 200

    entries = _by(_audit(center_app, f"resident:{CARD}"), "nurse")
    paths = {e["action"]: e["after"]["path"] for e in entries}
    assert paths == {
        "access:residents.read": f"/console/residents/{CARD}",
        "access:orders.read": f"/console/orders/{order['order_id']}",
    }
    assert all(e["address"] == CLIENT_ADDRESS for e in entries)
    assert all(started - 1 <= e["at"] <= time.time() + 1 for e in entries)


def test_lists_the_board_and_a_lesson_lookup_are_recorded_too(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    dispatcher = staff["dispatcher"]
    for path in ("/console/", "/console/orders", "/console/sos", "/console/residents"):
        assert dispatcher.get(path).status_code == 200, path
    assert dispatcher.get("/console/tutorials", card=OTHER).status_code == 200
    entries = _by(_audit(center_app), "dispatcher")
    actions = {(e["action"], e["target"]) for e in entries}
    assert {
        ("access:board.watch", "/console/"),
        ("access:orders.read", "/console/orders"),
        ("access:sos.read", "/console/sos"),
        ("access:residents.read", "/console/residents"),
        ("access:tutorials.read", f"resident:{OTHER}"),
    } <= actions


def test_a_form_is_recorded_against_the_resident_it_names(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    admin = staff["administrator"]
    saved = admin.post(
        "/console/residents",
        {
            "card": OTHER,
            "name": "李建国",
            "phone": "",
            "subsidy_tier": "full",
            "language": "zh_CN",
            "active": "on",
        },
        token_from=f"/console/residents/{OTHER}",
    )
    assert saved.status_code == 303, saved.text
    entries = _by(_audit(center_app, f"resident:{OTHER}"), "administrator")
    posts = [e for e in entries if e["after"] and e["after"].get("method") == "POST"]
    assert [e["action"] for e in posts] == ["access:residents.write"]
    assert "resident.change" in {e["action"] for e in entries}  # the change itself


def test_a_refused_visitor_leaves_no_entry_and_a_forged_form_neither(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    volunteer = staff["volunteer"]
    assert volunteer.get(f"/console/residents/{CARD}").status_code == 403
    nurse = staff["nurse"]
    forged = nurse.client.post(
        "/console/messages",
        data={"csrf": "0" * 64, "device_id": "x", "card": CARD, "text": "hello"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    entries = _audit(center_app, f"resident:{CARD}")
    assert _by(entries, "volunteer") == [] and _by(entries, "nurse") == []


# -- the buttons and who may use them --------------------------------------------------------


def test_only_an_administrator_sees_export_and_delete(
    staff: dict[str, ConsoleVisitor],
) -> None:
    links = (
        f"/console/residents/{CARD}/export.json",
        f"/console/residents/{CARD}/export.html",
        f"/console/residents/{CARD}/erase",
    )
    page = staff["administrator"].get(f"/console/residents/{CARD}").text
    assert all(link in page for link in links)
    assert "删除该居民的数据" in page and "导出该居民的数据（JSON 文件）" in page
    for role in ("dispatcher", "nurse"):
        page = staff[role].get(f"/console/residents/{CARD}").text
        assert not any(link in page for link in links), role
        assert "resident-data" not in page, role


@pytest.mark.parametrize("role", ["dispatcher", "nurse", "volunteer"])
def test_another_role_is_refused_export_and_delete_and_nothing_is_deleted(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor], role: str
) -> None:
    visitor = staff[role]
    for path in ("export.json", "export.html", "erase"):
        answer = visitor.get(f"/console/residents/{CARD}/{path}")
        assert answer.status_code == 403, (role, path)
    posted = visitor.post(
        f"/console/residents/{CARD}/erase", {"confirm": "yes"}, token_from="/console/tutorials"
    )
    assert posted.status_code == 403
    assert "删除居民的数据" in posted.text  # the refusal names what she may not do
    assert center_app.scalar("SELECT COUNT(*) FROM residents WHERE card = :c", c=CARD) == 1
    assert center_app.scalar("SELECT COUNT(*) FROM updates WHERE kind = 'resident.erase'") == 0


def test_the_confirmation_names_the_resident_and_says_what_happens(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    admin = staff["administrator"]
    page = admin.get(f"/console/residents/{CARD}/erase")
    assert page.status_code == 200
    text = page.text
    assert "确定删除 张秀英（卡号 10001）的全部数据吗？" in text
    for words in ("在每台服务终端", "记入操作记录", "删除后无法恢复"):
        assert words in text, words
    assert 'name="confirm"' in text and "required" in text
    # Seeing the confirmation is a read: the audit must not say the data was erased.
    actions = [e["action"] for e in _by(_audit(center_app, f"resident:{CARD}"), "administrator")]
    assert actions == ["access:residents.read"]


def test_without_the_tick_or_with_a_stale_token_nothing_is_deleted(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    admin = staff["administrator"]
    unticked = admin.post(
        f"/console/residents/{CARD}/erase", {}, token_from=f"/console/residents/{CARD}/erase"
    )
    assert unticked.status_code == 422
    assert "请先勾选确认；什么也没有删除。" in unticked.text and "张秀英" in unticked.text
    stale = admin.client.post(
        f"/console/residents/{CARD}/erase",
        data={"csrf": "f" * 64, "confirm": "yes"},
        follow_redirects=False,
    )
    assert stale.status_code == 403
    other_site = admin.client.post(
        f"/console/residents/{CARD}/erase",
        data={"csrf": admin.token_of(admin.get("/console/residents").text), "confirm": "yes"},
        headers={"Origin": "https://elsewhere.example"},
        follow_redirects=False,
    )
    assert other_site.status_code == 403
    assert center_app.scalar("SELECT COUNT(*) FROM residents WHERE card = :c", c=CARD) == 1


@pytest.mark.parametrize(
    "path, status",
    [
        ("/console/residents/99999/erase", 404),
        ("/console/residents/12ab/erase", 422),
        ("/console/residents/12ab/export.json", 422),
    ],
)
def test_an_unknown_or_malformed_card_is_a_page_saying_so(
    staff: dict[str, ConsoleVisitor], path: str, status: int
) -> None:
    answer = staff["administrator"].get(path)
    assert answer.status_code == status
    assert 'class="notice problem"' in answer.text


def test_a_second_delete_of_the_same_resident_says_it_is_gone(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    admin = staff["administrator"]
    token = admin.token_of(admin.get(f"/console/residents/{CARD}/erase").text)
    first = admin.client.post(
        f"/console/residents/{CARD}/erase",
        data={"csrf": token, "confirm": "yes"},
        follow_redirects=False,
    )
    assert first.status_code == 303
    again = admin.client.post(
        f"/console/residents/{CARD}/erase",
        data={"csrf": token, "confirm": "yes"},
        follow_redirects=False,
    )
    assert again.status_code == 404
    assert "中心没有这张卡的居民" in again.text
    assert center_app.scalar("SELECT COUNT(*) FROM updates WHERE kind = 'resident.erase'") == 1


# -- export then delete ------------------------------------------------------------------------


def test_export_then_delete_from_the_console_reaches_the_kiosks(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    reading = reading_payload(systolic=150, diastolic=95)
    kiosk = _kiosk_events(
        center_app, ("order.create", order_payload()), ("reading.record", reading)
    )
    admin = staff["administrator"]
    exported = admin.get(f"/console/residents/{CARD}/export.json")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"] == f'attachment; filename="resident-{CARD}.json"'
    assert exported.headers["cache-control"] == "no-store"
    document = json.loads(exported.content)
    assert document["resident"]["name"] == "张秀英"
    assert [r["systolic"] for r in document["readings"]] == [150]
    assert len(document["orders"]) == 1
    printable = admin.get(f"/console/residents/{CARD}/export.html")
    assert printable.status_code == 200 and "张秀英" in printable.text
    assert "<script" not in printable.text
    assert "script-src 'self'" in printable.headers["content-security-policy"]

    erased = admin.post(
        f"/console/residents/{CARD}/erase",
        {"confirm": "yes"},
        token_from=f"/console/residents/{CARD}/erase",
    )
    assert erased.status_code == 303
    assert erased.headers["location"] == "/console/residents?done=resident_erased"
    told = admin.get("/console/residents", done="resident_erased").text
    assert "该居民的数据已在中心删除" in told
    assert admin.get(f"/console/residents/{CARD}").status_code == 404
    assert center_app.scalar("SELECT COUNT(*) FROM readings WHERE resident_card = :c", c=CARD) == 0
    updates = center_app.client.get("/api/v1/updates", params={"since": 0}, headers=kiosk)
    erase = [u for u in updates.json()["updates"] if u["kind"] == "resident.erase"]
    assert [u["payload"]["resident_card"] for u in erase] == [CARD]

    actions = [e["action"] for e in _by(_audit(center_app, f"resident:{CARD}"), "administrator")]
    for done in ("access:residents.export", "resident.export", "access:residents.erase"):
        assert done in actions, done
    assert actions[0] == "access:residents.read"  # the 404 after: a read, recorded as asked
    assert "resident.erase" in actions


# -- the audit page ----------------------------------------------------------------------------


def test_the_audit_page_shows_uses_in_words_and_keeps_to_one_resident(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    staff["nurse"].get(f"/console/residents/{CARD}")
    staff["dispatcher"].get(f"/console/residents/{OTHER}")
    admin = staff["administrator"]
    menu = admin.get("/console/residents").text
    assert 'href="/console/audit"' in menu
    everything = admin.get("/console/audit")
    assert everything.status_code == 200
    assert "护士 李梅" in everything.text and "调度员 王芳" in everything.text
    assert "查看居民名册" in everything.text  # access:residents.read, in words
    assert "张秀英 (10001)" in everything.text and CLIENT_ADDRESS in everything.text

    one = admin.get("/console/audit", card=CARD).text
    assert "护士 李梅" in one and "调度员 王芳" not in one
    admin.get("/console/lang", to="en_US", next="/console/audit")
    english = admin.get("/console/audit", card=CARD).text
    assert "see the residents" in english and "Audit trail" in english


def test_the_audit_page_pages_on_and_refuses_a_bad_card(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    nurse = staff["nurse"]
    for _ in range(105):
        nurse.get(f"/console/residents/{CARD}")
    admin = staff["administrator"]
    first = admin.get("/console/audit", card=CARD).text
    assert first.count("<tr data-action=") == 100
    # The page's own link to older entries carries where the first page ended.
    before = first.split('href="/console/audit?card=10001&amp;before=')[1].split('"')[0]
    second = admin.get("/console/audit", card=CARD, before=before).text
    assert 1 <= second.count("<tr data-action=") <= 10
    bad = admin.get("/console/audit", card="10001' OR 1=1")
    assert bad.status_code == 422 and "卡号是 4 到 20 位数字。" in bad.text
    assert staff["nurse"].get("/console/audit").status_code == 403
    assert staff["dispatcher"].get("/console/audit").status_code == 403


def test_a_kiosk_that_saw_the_residents_last_update_still_gets_the_erasure(
    center_app: CenterApp, staff: dict[str, ConsoleVisitor]
) -> None:
    # The newest update carries the resident; the erasure deletes it, and the erase must
    # still be numbered after the cursor of a kiosk that has read it (SQLite would reuse it).
    admin = staff["administrator"]
    _, kiosk = center_app.kiosk()
    saved = admin.post(
        "/console/residents",
        {
            "card": "30001",
            "name": "吴丽华",
            "subsidy_tier": "free",
            "language": "zh_CN",
            "active": "on",
        },
        token_from="/console/residents/new",
    )
    assert saved.status_code == 303, saved.text
    feed = center_app.client.get("/api/v1/updates", params={"since": 0}, headers=kiosk).json()
    assert feed["updates"][-1]["kind"] == "resident"
    cursor = feed["cursor"]
    erased = admin.post(
        "/console/residents/30001/erase",
        {"confirm": "yes"},
        token_from="/console/residents/30001/erase",
    )
    assert erased.status_code == 303
    after = center_app.client.get("/api/v1/updates", params={"since": cursor}, headers=kiosk)
    kinds = [(u["kind"], u["payload"].get("resident_card")) for u in after.json()["updates"]]
    assert kinds == [("resident.erase", "30001")]
