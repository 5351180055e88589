"""The call screen after the countdown says exactly what the center has answered, keeps it
current, puts the numbers first while nobody has the call, and lets a false alarm be
withdrawn."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app import outbox
from app.clock import utc_now
from app.delivery import Changes, EventAnswer, apply_updates, record_results
from app.emergency import SosCall, raise_sos
from app.store import StoreError
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.queries import fetch_all
from ui.home.screen import HomeScreen
from ui.sos import FEATURE as SOS_FEATURE
from ui.sos import screen as sos_screen
from ui.sos.screen import SosCallScreen, SosCountdownScreen, SosWithdrawScreen

RAISE_TIMEOUT_MS = 10_000


def raise_by_countdown(kiosk: Kiosk) -> SosCallScreen:
    kiosk.tap(kiosk.window.sos_button)
    kiosk.hurry_sos_countdown()
    screen = kiosk.wait_screen(SosCallScreen, timeout=RAISE_TIMEOUT_MS)
    kiosk.wait_idle()
    return screen


def center_stores(kiosk: Kiosk, call_id: str, ack_within_s: int = 120) -> None:
    """What the sync worker does with the center's answer to the call."""
    [event] = [e for e in outbox.events(kiosk.store) if e.kind == "sos.raise"]
    answer = EventAnswer(
        event.event_id, True, result={"sos_id": call_id, "ack_within_s": ack_within_s}
    )
    kiosk.ctx.sync.report_changes(record_results(kiosk.store, [answer]))


def center_updates(kiosk: Kiosk, seq: int, **payload: Any) -> None:
    update = {"seq": seq, "kind": "sos.status", "payload": payload, "created_at": 1.0}
    kiosk.ctx.sync.report_changes(apply_updates(kiosk.store, [update], seq))


def show_call(kiosk: Kiosk, call: SosCall) -> SosCallScreen:
    screen = SosCallScreen(kiosk.ctx, kiosk.window, call)
    kiosk.window.push(screen)
    return screen


def test_each_answer_of_the_center_is_shown_and_said_and_nothing_before_it(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    screen = raise_by_countdown(kiosk)
    assert screen.phase == "calling"
    kiosk.wait_spoken("正在呼叫服务中心")

    center_stores(kiosk, screen.call.id)
    kiosk.qtbot.waitUntil(lambda: screen.phase == "received")
    assert "服务中心已经收到您的呼叫。" in kiosk.visible_texts()
    kiosk.wait_spoken("服务中心已经收到您的呼叫。")

    center_updates(
        kiosk, 1, sos_id=screen.call.id, status="acknowledged", by="王芳", action="on_the_way"
    )
    kiosk.qtbot.waitUntil(lambda: screen.phase == "answered")
    assert "王芳 正在赶来。" in kiosk.visible_texts()
    kiosk.wait_spoken("王芳 正在赶来。")


def test_a_call_the_center_has_not_stored_in_15_s_puts_the_numbers_first(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US", config_changes={"center_phone": "010-6512-9999"})
    screen = show_call(kiosk, SosCall("late", utc_now() - timedelta(seconds=16)))
    kiosk.wait_idle()

    assert screen.phase == "not_received"
    shown = kiosk.visible_texts()
    assert "The center has not received your call yet." in shown
    assert "Phone now:" in shown
    assert screen.center_line.isVisible()
    said = kiosk.wait_spoken("Phone now:")
    assert "010-6512-9999" in said and "120" in said


def test_the_screen_turns_to_not_received_by_itself_when_the_time_passes(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")
    screen = show_call(kiosk, SosCall("soon", utc_now() - timedelta(seconds=14.5)))
    assert screen.phase == "calling"

    kiosk.qtbot.waitUntil(lambda: screen.phase == "not_received", timeout=3000)
    kiosk.wait_spoken("The center has not received your call yet.")


def test_nobody_answering_in_the_centers_time_is_said_with_how_far_it_escalated(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    screen = raise_by_countdown(kiosk)
    center_stores(kiosk, screen.call.id, ack_within_s=1)

    kiosk.qtbot.waitUntil(lambda: screen.phase == "unanswered", timeout=4000)
    assert "服务中心还没有人接手。" in kiosk.visible_texts()
    kiosk.wait_spoken("服务中心还没有人接手。")

    center_updates(kiosk, 1, sos_id=screen.call.id, status="escalated", step="all_staff")
    kiosk.qtbot.waitUntil(lambda: screen.detail.text() == "服务中心已经通知了所有工作人员。")
    kiosk.wait_spoken("服务中心已经通知了所有工作人员。")


def test_a_false_alarm_is_withdrawn_after_one_question_and_the_center_is_told(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    screen = raise_by_countdown(kiosk)
    assert screen.withdraw_button is not None
    screen.pager.show_widget(screen.withdraw_button)
    kiosk.tap(screen.withdraw_button)
    question = kiosk.current()
    assert isinstance(question, SosWithdrawScreen)

    kiosk.tap(question.no_button)  # "No, I need help": nothing changes
    assert kiosk.current() is screen
    assert [e for e in outbox.events(kiosk.store) if e.kind == "sos.withdraw"] == []

    screen.pager.show_widget(screen.withdraw_button)
    kiosk.tap(screen.withdraw_button)
    kiosk.tap(kiosk.current().yes_button)
    kiosk.wait_idle()
    kiosk.qtbot.waitUntil(lambda: screen.phase == "withdrawn")
    [event] = [e for e in outbox.events(kiosk.store) if e.kind == "sos.withdraw"]
    assert event.priority == outbox.PRIORITY_SOS
    assert "正在告诉服务中心……" in kiosk.visible_texts()

    kiosk.ctx.sync.report_changes(record_results(kiosk.store, [EventAnswer(event.event_id, True)]))
    kiosk.qtbot.waitUntil(lambda: "服务中心已经知道您没事。" in kiosk.visible_texts())


def test_a_call_that_cannot_be_saved_goes_straight_to_the_center(
    kiosk_factory: KioskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    sent: list[list[dict]] = []

    def center(events: list[dict]) -> list[dict]:
        sent.append(events)
        if len(sent) == 1:
            raise ConnectionError("no route to the center")
        return [
            {"event_id": events[0]["event_id"], "status": "applied", "result": {"ack_within_s": 60}}
        ]

    def disk_full(*args: object, **kwargs: object) -> None:
        raise StoreError("disk_full", "database or disk is full")

    kiosk.ctx.sync.set_direct_sender(center)
    monkeypatch.setattr(sos_screen, "raise_sos", disk_full)
    kiosk.tap(kiosk.window.sos_button)
    kiosk.hurry_sos_countdown()
    screen = kiosk.wait_screen(SosCallScreen, timeout=RAISE_TIMEOUT_MS)
    assert screen.call.direct
    assert "本机现在无法保存，所以您的呼叫直接发给服务中心。" in kiosk.visible_texts()

    # Tried again until the center has it; the same event each time (applied once there).
    kiosk.qtbot.waitUntil(lambda: screen.phase == "received", timeout=RAISE_TIMEOUT_MS)
    assert len(sent) == 2 and sent[0] == sent[1]
    assert sent[0][0]["kind"] == "sos.raise"
    # It cannot hear who answers, and says so instead of counting down to "nobody".
    assert "本机无法显示谁来接手。如果可以，请打电话给服务中心。" in kiosk.visible_texts()
    assert fetch_all(kiosk.store, "SELECT id FROM sos_events") == []


def test_an_answer_brings_the_call_back_wherever_the_elder_went(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    screen = raise_by_countdown(kiosk)
    call_id = screen.call.id
    kiosk.tap(kiosk.window.home_button)
    assert isinstance(kiosk.current(), HomeScreen)

    center_updates(kiosk, 1, sos_id=call_id, status="acknowledged", by="王芳", action="phoning")

    back = kiosk.wait_screen(SosCallScreen)
    assert back.call.id == call_id and back.phase == "answered"
    kiosk.wait_spoken("王芳 正在给您打电话。")


def test_after_a_restart_an_open_call_is_shown_again(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    call = raise_sos(kiosk.store, None)
    assert SOS_FEATURE.attach is not None

    SOS_FEATURE.attach(kiosk.ctx, kiosk.window)  # as the window does when it is built

    screen = kiosk.wait_screen(SosCallScreen)
    assert screen.call.id == call.id
    assert not isinstance(kiosk.current(), SosCountdownScreen)


def test_unknown_news_changes_nothing_on_screen(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    kiosk.ctx.sync.report_changes(Changes(sos={"no-such-call": "acknowledged"}))
    kiosk.qtbot.wait(50)
    assert isinstance(kiosk.current(), HomeScreen)
