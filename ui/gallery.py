"""The screen gallery: every screen and dialog the kiosk can show, by name, and a demo kiosk
to show them in.

The screenshots (``python -m ui.screenshots``) and the accessibility audit
(``tests/ui/test_accessibility_audit.py``) walk this one list, so a screen added here is pictured
and audited in both languages, both themes and at every font scale. Each entry reaches its
screen the way the app does (the navigator, the features by name, the screens' public result
paths), on a :class:`DemoKiosk` built by ``build_window`` with the demo residents and a few
orders in a throw-away database. The kiosk itself never imports this module.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

from app import demo
from app.catalog import Catalog, Service, load_catalog
from app.config import Config
from app.delivery import Changes
from app.devices.link import DeviceEvent, DeviceState
from app.emergency import SosCall, raise_sos
from app.orders import Order, OrderStatus, apply_status, list_orders, place_order
from app.people import Resident, find_by_card
from app.store import Store, StoreError
from app.vitals import judge, latest, record_reading
from ui.context import AppContext
from ui.health.history import LIST, MONTH, WEEK, HistoryScreen, MyReadingsScreen
from ui.health.measuring import MeasuringScreen
from ui.health.result import ResultScreen
from ui.health.typed import MealScreen, TypeKindScreen, TypeValueScreen
from ui.orders.screen import CancelConfirmScreen, order_summary
from ui.out_of_service import OutOfServiceWindow
from ui.services.confirm import ConfirmScreen
from ui.services.flow import next_step
from ui.session import Session
from ui.signin.screen import SignInScreen
from ui.sos.screen import SosCallScreen
from ui.tasks import TaskRunner
from ui.theme import Theme
from ui.translations import install_language
from ui.voice.meaning import Meaning, MeaningScreen
from ui.window import build_window
from voice.tts import Speaker, Utterance

HOME_CARD = "10002"  # 李建国, subsidised: his prices say "after your subsidy (full price ...)"
NO_ORDERS_CARD = "10003"  # 王淑芬, who has ordered nothing yet
ENGLISH_CARD = "20001"  # Margaret Lee, English, who has ordered nothing yet
UNKNOWN_CARD = "99990000"
# The failure with the longest explanation, so the layout is tried with the most text.
STORAGE_FULL = StoreError("disk_full", "database or disk is full")
MEAL_PICKS = {"meal": "today_lunch", "portions": "2"}
# The demo kiosk's clock: a Tuesday at 09:30 in the catalog's time zone (Asia/Shanghai), before
# the cut-offs, so the pictures and the audit never depend on the time of day; and 11:30, when
# today's lunch can no longer be ordered.
DEMO_MORNING = datetime(2024, 6, 11, 1, 30, tzinfo=UTC)
DEMO_LATE_MORNING = datetime(2024, 6, 11, 3, 30, tzinfo=UTC)
REFUSED_CARD = "10004"  # 陈桂兰, whose one order the center did not accept


@dataclass(frozen=True)
class Entry:
    """One screen or dialog: how to bring it up on a demo kiosk, and what it must offer."""

    name: str
    show: Callable[[DemoKiosk], QWidget | None]
    """Brings the screen up on the kiosk's window; returns a window of its own, if it is one."""
    mode: str = "home"
    """The terminal it belongs to: the "home" tablet, or the shared "kiosk" (card sign-in)."""
    places: str = "flow"
    """Fixed places it must show: "home" (SOS; no Back, no Home), "flow" (Back, Home and SOS)
    or "none" (a window of its own with nothing to tap)."""


# -- the entries ----------------------------------------------------------------------------


def _home(kiosk: DemoKiosk) -> None:
    kiosk.window.home()


def _service_first(service_id: str) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        kiosk.window.open_feature("services", service_id=service_id)

    return show


def _meals_portions(kiosk: DemoKiosk) -> None:
    meals = kiosk.service("meals")
    kiosk.window.push(next_step(kiosk.ctx, kiosk.window, meals, {"meal": "today_lunch"}))


def _push_confirm(kiosk: DemoKiosk) -> ConfirmScreen:
    screen = ConfirmScreen(kiosk.ctx, kiosk.window, kiosk.service("meals"), MEAL_PICKS)
    kiosk.window.push(screen)
    return screen


def _confirm(kiosk: DemoKiosk) -> None:
    _push_confirm(kiosk)


def _result(kiosk: DemoKiosk) -> None:
    # What the confirm screen does once the order is in the database.
    _push_confirm(kiosk).show_saved(kiosk.newest_order())


def _result_failed(kiosk: DemoKiosk) -> None:
    _push_confirm(kiosk).show_failed(STORAGE_FULL)


def _orders(kiosk: DemoKiosk) -> None:
    kiosk.window.open_feature("orders")


def _meals_past_cutoff(kiosk: DemoKiosk) -> None:
    """The meal question after 10:00: today's lunch shown closed, with why."""
    kiosk.now = DEMO_LATE_MORNING
    kiosk.window.open_feature("services", service_id="meals")


def _service_not_today(kiosk: DemoKiosk) -> None:
    """A service offered on Mondays only, tapped on a Tuesday."""

    from ui.services.flow import start_order

    mondays = kiosk.service("cleaning")._replace(days=frozenset({0}))
    kiosk.window.push(start_order(kiosk.ctx, kiosk.window, mondays))


def _confirm_past_cutoff(kiosk: DemoKiosk) -> None:
    """Yes tapped on today's lunch after its cut-off passed while the resident read."""
    confirm = _push_confirm(kiosk)
    kiosk.now = DEMO_LATE_MORNING
    confirm.confirm()


def _result_refused(kiosk: DemoKiosk) -> None:
    """The result screen still shown when the center does not accept the order."""
    _push_confirm(kiosk).show_saved(kiosk.newest_order())
    result = kiosk.window.current()
    result.show_refused("past_cutoff")  # type: ignore[union-attr]


def _orders_refused(kiosk: DemoKiosk) -> None:
    """My orders with an order the center did not accept, and why."""
    from app import outbox
    from app.delivery import EventAnswer, record_results

    card = REFUSED_CARD if kiosk.ctx.language == "zh_CN" else ENGLISH_CARD
    kiosk.sign_in(card)
    resident = kiosk.ctx.session.resident
    assert resident is not None
    if not list_orders(kiosk.store, resident.id):
        meals = kiosk.service("meals")
        order = place_order(kiosk.store, resident, meals, MEAL_PICKS, now=DEMO_LATE_MORNING)
        [event] = [e for e in outbox.events(kiosk.store) if e.payload["order_id"] == order.id]
        answer = EventAnswer(event.event_id, False, "past_cutoff: Lunch today until 10:00.")
        record_results(kiosk.store, [answer])
    _orders(kiosk)


def _sign_in_in_language(kiosk: DemoKiosk, chinese_card: str) -> None:
    """Sign a resident in whose language is the kiosk's (signing in shows a resident's own
    language): ``chinese_card``, or on an English kiosk the English demo resident."""
    kiosk.sign_in(chinese_card if kiosk.ctx.language == "zh_CN" else ENGLISH_CARD)


def _orders_empty(kiosk: DemoKiosk) -> None:
    _sign_in_in_language(kiosk, NO_ORDERS_CARD)
    _orders(kiosk)


def _cancel_order(kiosk: DemoKiosk) -> None:
    # As the Cancel button of the order's row on My orders asks it.
    order = kiosk.newest_order()
    summary = order_summary(kiosk.ctx, order)
    kiosk.window.push(CancelConfirmScreen(kiosk.ctx, kiosk.window, order, summary))


def _sos_countdown(kiosk: DemoKiosk) -> None:
    kiosk.window.start_sos()
    # Held at its first number: the audit and the pictures must not call for help.
    kiosk.window.current().countdown.stop()  # type: ignore[union-attr]


def _sos_cancelled(kiosk: DemoKiosk) -> None:
    _sos_countdown(kiosk)
    kiosk.window.current().cancel()  # type: ignore[union-attr]


def _sos_raised(kiosk: DemoKiosk) -> None:
    _sos_countdown(kiosk)
    countdown = kiosk.window.current()
    ctx = kiosk.ctx
    event = raise_sos(ctx.store, ctx.session.resident, device_location=ctx.config.center_name)
    countdown.show_raised(event)  # type: ignore[union-attr]


def _sos_call(
    ago_s: float = 5.0,
    received_ago_s: float | None = None,
    withdrawn: bool = False,
    **facts: Any,
) -> Callable[[DemoKiosk], None]:
    """The call screen for a call raised ``ago_s`` seconds ago that the center answered as
    the rest say (app.emergency.SosCall)."""

    def show(kiosk: DemoKiosk) -> None:
        _sos_countdown(kiosk)
        countdown = kiosk.window.current()
        assert countdown is not None
        now = datetime.now(UTC)
        call = SosCall(
            "gallery-call",
            now - timedelta(seconds=ago_s),
            received_at=None if received_ago_s is None else now - timedelta(seconds=received_ago_s),
            withdrawn_at=now if withdrawn else None,
            **facts,
        )
        kiosk.window.show_outcome(countdown, SosCallScreen(kiosk.ctx, kiosk.window, call))

    return show


def _sos_withdraw(kiosk: DemoKiosk) -> None:
    _sos_call(received_ago_s=3)(kiosk)
    kiosk.window.current().ask_withdraw()  # type: ignore[union-attr]


def _sos_failed(kiosk: DemoKiosk) -> None:
    _sos_countdown(kiosk)
    kiosk.window.current()._not_saved(STORAGE_FULL)  # type: ignore[union-attr]


def _signin(kiosk: DemoKiosk) -> None:
    kiosk.window.open_feature("signin")


def _unknown_card(kiosk: DemoKiosk) -> None:
    _signin(kiosk)
    screen = kiosk.window.current()
    assert isinstance(screen, SignInScreen)
    for digit in [*UNKNOWN_CARD, "ok"]:
        screen.pad.press(digit)


def _feature(name: str) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        kiosk.window.open_feature(name)

    return show


def _out_of_service(staff_told: bool = False) -> Callable[[DemoKiosk], QWidget]:
    """The out-of-service page, before the center answered its report or after."""

    def show(kiosk: DemoKiosk) -> QWidget:
        config = kiosk.ctx.config
        window = OutOfServiceWindow(
            kiosk.ctx.theme,
            config.center_phone,
            config.emergency_number,
            center_name=config.center_name,
        )
        window.set_staff_told(staff_told)
        window.resize(kiosk.window.size())
        window.show()
        return window

    return show


def _idle_banner(kiosk: DemoKiosk) -> None:
    _sign_in_in_language(kiosk, HOME_CARD)
    kiosk.window.part("signin").idle.sig_warning.emit(kiosk.ctx.config.idle_warning_s)


def _voice_banner(kiosk: DemoKiosk) -> None:
    # What the listener reports while the elder speaks: here, the name of a service.
    heard = kiosk.service("meals").name.get(kiosk.ctx.language)
    kiosk.window.voice.sig_state.emit("heard", heard)


def _voice_meaning(count: int) -> Callable[[DemoKiosk], None]:
    """The "Which did you mean?" screen after a sentence with ``count`` meanings on the home
    screen, as the voice controller opens it: the home screen's own words for each."""

    def show(kiosk: DemoKiosk) -> None:
        home = kiosk.window.current()
        assert home is not None
        labels = home.action_labels()
        actions = ["service.medical", "health", "service.escort"][:count]
        meanings = [Meaning(a, labels[a], lambda: None) for a in actions]
        heard = "量个血压" if kiosk.ctx.language == "zh_CN" else "check my blood pressure"
        kiosk.window.push(MeaningScreen(kiosk.ctx, kiosk.window, heard, meanings))

    return show


# -- health ---------------------------------------------------------------------------------

# A month of the home resident's blood pressure, every few days, oldest first.
HEALTH_HISTORY = (
    (30, 134, 86, 74),
    (26, 128, 84, 70),
    (22, 146, 92, 78),
    (18, 131, 83, 72),
    (14, 124, 79, 68),
    (10, 152, 96, 80),
    (6, 138, 88, 75),
    (3, 126, 80, 71),
    (1, 132, 85, 73),
)
NORMAL_READING = {"systolic": 118.0, "diastolic": 76.0, "pulse": 72.0}
HIGH_READING = {"systolic": 182.0, "diastolic": 112.0, "pulse": 88.0}


def _health_home(kiosk: DemoKiosk) -> None:
    """Health on a kiosk with the center's devices (pretend ones, as in demo mode) and a
    month of readings."""
    ctx = kiosk.ctx
    if ctx.config.vitals_device == "none":
        ctx.config = ctx.config.with_changes(vitals_device="simulated")
    resident = ctx.session.resident
    assert resident is not None
    if latest(ctx.store, resident, "blood_pressure") is None:
        now = datetime.now(UTC)
        for days, systolic, diastolic, pulse in HEALTH_HISTORY:
            values = {"systolic": systolic, "diastolic": diastolic, "pulse": pulse}
            judgement = judge("blood_pressure", values)
            when = now - timedelta(days=days, hours=2)
            record_reading(
                ctx.store,
                resident,
                "blood_pressure",
                judgement.values,
                judgement=judgement,
                source="typed",
                measured_at=when,
                now=when,
            )
    kiosk.window.open_feature("health")


def _health_measuring(state: str = "searching", problem: str = "") -> Callable[[DemoKiosk], None]:
    """The blood-pressure steps with the device in ``state`` (held there: no device runs)."""

    def show(kiosk: DemoKiosk) -> None:
        _health_home(kiosk)
        screen = MeasuringScreen(kiosk.ctx, kiosk.window, "blood_pressure", start_device=False)
        kiosk.window.push(screen)
        if state != "searching":
            screen.show_event(DeviceEvent(DeviceState(state), problem=problem or None))

    return show


def _health_result(
    values: dict[str, float], *, problems: tuple[str, ...] = (), news: str = ""
) -> Callable[[DemoKiosk], None]:
    """The result of a blood-pressure measurement; ``news``: "sent" (the center has it) or
    "seen" (a nurse acknowledged it)."""

    def show(kiosk: DemoKiosk) -> None:
        _health_home(kiosk)
        judgement = judge("blood_pressure", values, problems=problems)
        screen = ResultScreen(
            kiosk.ctx,
            kiosk.window,
            judgement,
            device="血压计",
            again=lambda: MeasuringScreen(
                kiosk.ctx, kiosk.window, "blood_pressure", start_device=False
            ),
        )
        kiosk.window.push(screen)
        settle(kiosk.ctx)
        if news and screen.saved is not None:
            reading_id = screen.saved.id
            kiosk.ctx.sync.report_changes(Changes(readings_sent=[reading_id]))
            if news == "seen":
                kiosk.ctx.sync.report_changes(Changes(readings_acked={reading_id: "王护士"}))

    return show


def _health_push(make: Callable[[DemoKiosk], QWidget]) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        _health_home(kiosk)
        kiosk.window.push(make(kiosk))  # type: ignore[arg-type]

    return show


def _health_typed_refused(kiosk: DemoKiosk) -> None:
    _health_home(kiosk)
    screen = TypeValueScreen(kiosk.ctx, kiosk.window, "blood_pressure", 0, {})
    kiosk.window.push(screen)
    screen.pad.set_value("400")
    screen.submit()


def _health_entries() -> list[Entry]:
    return [
        Entry("health_home", _health_home),
        Entry("health_measuring", _health_measuring()),
        Entry("health_measuring_now", _health_measuring("measuring")),
        Entry("health_measuring_failed", _health_measuring("failed", "not_found")),
        Entry("health_result", _health_result(NORMAL_READING)),
        Entry("health_result_alert", _health_result(HIGH_READING)),
        Entry("health_result_told", _health_result(HIGH_READING, news="sent")),
        Entry("health_result_seen", _health_result(HIGH_READING, news="seen")),
        Entry(
            "health_result_flagged",
            _health_result(NORMAL_READING, problems=("cuff_loose", "body_movement")),
        ),
        Entry("health_type_kind", _health_push(lambda k: TypeKindScreen(k.ctx, k.window))),
        Entry(
            "health_type_value",
            _health_push(lambda k: TypeValueScreen(k.ctx, k.window, "blood_pressure", 0, {})),
        ),
        Entry(
            "health_type_decimal",
            _health_push(lambda k: TypeValueScreen(k.ctx, k.window, "temperature", 0, {})),
        ),
        Entry("health_type_refused", _health_typed_refused),
        Entry("health_type_meal", _health_push(lambda k: MealScreen(k.ctx, k.window, {}))),
        Entry("health_my_readings", _health_push(lambda k: MyReadingsScreen(k.ctx, k.window))),
        Entry(
            "health_history_week",
            _health_push(lambda k: HistoryScreen(k.ctx, k.window, "blood_pressure", WEEK)),
        ),
        Entry(
            "health_history_month",
            _health_push(lambda k: HistoryScreen(k.ctx, k.window, "blood_pressure", MONTH)),
        ),
        Entry(
            "health_history_list",
            _health_push(lambda k: HistoryScreen(k.ctx, k.window, "blood_pressure", LIST)),
        ),
        Entry(
            "health_history_empty",
            _health_push(lambda k: HistoryScreen(k.ctx, k.window, "glucose", WEEK)),
        ),
    ]


# -- learn ----------------------------------------------------------------------------------

LEARN_LESSON = "scan_to_pay"
SANDBOX_LESSONS = {"payment": "scan_to_pay", "appointment": "hospital_appointment",
                   "scam": "phone_scams"}  # fmt: skip


def _learn_home(kiosk: DemoKiosk) -> None:
    """Learn with a lesson part-way, one practised and one mastered."""
    from app.tutorials import record_progress
    from ui.learn.lessons import library

    lessons = library().lessons
    resident = kiosk.home_resident
    record_progress(kiosk.store, resident, lessons["video_call"], 2)
    record_progress(kiosk.store, resident, lessons["scan_to_pay"], 6, practised=True)
    record_progress(kiosk.store, resident, lessons["phone_scams"], 7, practised=True,
                    mastered=True)  # fmt: skip
    kiosk.window.open_feature("learn")


def _learn_step(lesson_id: str, index: int) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        from ui.learn.lessons import library
        from ui.learn.player import LessonPlayerScreen

        lesson = library().lessons[lesson_id]
        kiosk.window.open_feature("learn")
        resident = kiosk.home_resident
        kiosk.window.push(LessonPlayerScreen(kiosk.ctx, kiosk.window, lesson, index,
                                             learners=[resident]))  # fmt: skip

    return show


def _learn_done(kiosk: DemoKiosk) -> None:
    from ui.learn.lessons import library
    from ui.learn.player import lesson_done_screen

    kiosk.window.open_feature("learn")
    lesson = library().lessons[LEARN_LESSON]
    learners = [kiosk.home_resident]
    kiosk.window.push(lesson_done_screen(kiosk.ctx, kiosk.window, lesson, learners))


def _learn_sandbox(kind: str, *, misses: int = 0, step: int = 0) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        from ui.learn.lessons import library
        from ui.learn.sandbox import PracticeScreen

        kiosk.window.open_feature("learn")
        lesson = library().lessons[SANDBOX_LESSONS[kind]]
        screen = PracticeScreen(kiosk.ctx, kiosk.window, lesson, [kiosk.home_resident])
        kiosk.window.push(screen)
        for _ in range(step):
            screen.right()
        for _ in range(misses):
            screen.missed()

    return show


def _learn_practice_done(mastered: bool) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        from ui.learn.lessons import library
        from ui.learn.sandbox import practice_done_screen

        kiosk.window.open_feature("learn")
        lesson = library().lessons[LEARN_LESSON]
        learners = [kiosk.home_resident]
        done = practice_done_screen(kiosk.ctx, kiosk.window, lesson, learners, mastered=mastered)
        kiosk.window.push(done)

    return show


def _consent(answer: bool | None) -> Callable[[DemoKiosk], None]:
    """The consent screen of the tablet's resident (who said yes when registered); ``answer``:
    as it reads just after a tap on Yes or No."""

    def show(kiosk: DemoKiosk) -> None:
        from app.privacy.consent import HEALTH_READINGS, record_consent
        from ui.privacy.screen import WORDING_VERSIONS, ConsentScreen

        resident = kiosk.ctx.session.resident
        assert resident is not None
        kiosk.window.open_feature("privacy")
        screen = kiosk.window.current()
        assert isinstance(screen, ConsentScreen)
        if answer is not None:  # as the tap leaves it, without waiting for the disk
            version = WORDING_VERSIONS[HEALTH_READINGS]
            kept = record_consent(
                kiosk.store, resident, HEALTH_READINGS, granted=answer, wording_version=version
            )
            screen._answered(kept)

    return show


def _privacy_entries() -> list[Entry]:
    return [
        Entry("consent_question", _consent(None)),
        Entry("consent_yes", _consent(True)),
        Entry("consent_no", _consent(False)),
    ]


def _group_session(kiosk: DemoKiosk, elders: tuple[str, ...] = ("10001", "10002")) -> Any:
    """A group lesson of paying by phone run by a volunteer, with ``elders`` checked in."""
    from app.tutorials.sessions import VolunteerSignin, check_in, start_session
    from ui.learn.lessons import library

    volunteer = VolunteerSignin("1b4e28ba-2fa1-11d2-883f-0016d3cca427", "王志愿")
    session = start_session(kiosk.store, volunteer, library().lessons[LEARN_LESSON])
    for card in elders:
        resident = find_by_card(kiosk.store, card)
        assert resident is not None
        check_in(kiosk.store, session, resident)
    return session


def _volunteer(stage: str) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        from app.tutorials.sessions import MANAGED, end_session, mark
        from ui.learn.volunteer_pacing import (
            GroupLessonScreen,
            SessionEndedScreen,
            SessionMarksScreen,
        )
        from ui.learn.volunteer_session import CheckInScreen, SessionLessonScreen
        from ui.learn.volunteer_signin import NO_CENTER, VolunteerNamesScreen, VolunteerPinScreen

        ctx, window = kiosk.ctx, kiosk.window
        if stage == "names":
            window.push(VolunteerNamesScreen(ctx, window, ["王志愿", "李热心", "赵大方"]))
        elif stage == "no_center":
            window.push(VolunteerNamesScreen(ctx, window, NO_CENTER))
        elif stage == "pin":
            window.push(VolunteerPinScreen(ctx, window, "王志愿"))
        elif stage == "lessons":
            session = _group_session(kiosk, ())
            window.push(SessionLessonScreen(ctx, window, session.volunteer))
        elif stage == "check_in":
            window.push(CheckInScreen(ctx, window, _group_session(kiosk)))
        elif stage == "step":
            window.push(GroupLessonScreen(ctx, window, _group_session(kiosk)))
        elif stage == "marks":
            session = _group_session(kiosk)
            mark(kiosk.store, session, "10001", MANAGED)
            window.push(SessionMarksScreen(ctx, window, session))
        elif stage == "ended":
            session = _group_session(kiosk)
            hours = end_session(kiosk.store, session)
            window.push(SessionEndedScreen(ctx, window, session, hours))

    return show


def _learn_entries() -> list[Entry]:
    from ui.learn.lessons import library

    steps = len(library().lessons[LEARN_LESSON].steps)
    return [
        Entry("learn_home", _learn_home),
        *(Entry(f"learn_step_{i + 1}", _learn_step(LEARN_LESSON, i)) for i in range(steps)),
        Entry("learn_step_kiosk", _learn_step("kiosk_by_voice", 2)),
        Entry("learn_done", _learn_done),
        Entry("learn_sandbox_payment", _learn_sandbox("payment")),
        Entry("learn_sandbox_payment_hint", _learn_sandbox("payment", misses=2, step=1)),
        Entry("learn_sandbox_appointment", _learn_sandbox("appointment", misses=1)),
        Entry("learn_sandbox_scam", _learn_sandbox("scam", misses=2)),
        Entry("learn_practised", _learn_practice_done(False)),
        Entry("learn_mastered", _learn_practice_done(True)),
        *(
            Entry(f"volunteer_{stage}", _volunteer(stage), mode="kiosk")
            for stage in (
                "names",
                "no_center",
                "pin",
                "lessons",
                "check_in",
                "step",
                "marks",
                "ended",
            )
        ),
    ]


def _admin_pins(kiosk: DemoKiosk, name: str) -> Any:
    """A staff PIN store of its own for an entry, with the demo PIN set (a quick hash: a
    picture needs no slow one)."""
    from argon2 import PasswordHasher

    from app.admin.pin import PinStore

    part = kiosk.window.part("admin")
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    part.pins = PinStore(kiosk.folder / name, hasher=quick)
    if not part.pins.has_pin():
        part.pins.set_pin("246810")
    return part.pins


def _admin_pin(locked: bool = False) -> Callable[[DemoKiosk], None]:
    def show(kiosk: DemoKiosk) -> None:
        pins = _admin_pins(kiosk, "admin-locked" if locked else "admin-pin")
        while locked and pins.state().outcome != "locked":
            pins.check("000000")
        kiosk.window.open_feature("admin")

    return show


def _admin(screen: str = "") -> Callable[[DemoKiosk], None]:
    """The staff settings' menu, and the section ``screen`` opened from it."""

    def show(kiosk: DemoKiosk) -> None:
        from ui.admin.connection import ConnectionScreen, EnrolScreen
        from ui.admin.leave import LeaveScreen
        from ui.admin.menu import StaffMenuScreen
        from ui.admin.settings import SoundScreen, TextSizeScreen, TimesScreen

        window, part = kiosk.window, kiosk.window.part("admin")
        window.show_after_home(StaffMenuScreen(kiosk.ctx, window, part))
        kinds = {
            "connection": ConnectionScreen,
            "enrol": EnrolScreen,
            "sound": SoundScreen,
            "text_size": TextSizeScreen,
            "times": TimesScreen,
            "leave": LeaveScreen,
        }
        if screen:
            window.push(kinds[screen](kiosk.ctx, window, part))

    return show


def _admin_entries() -> list[Entry]:
    sections = ("connection", "enrol", "sound", "text_size", "times", "leave")
    return [
        Entry("admin_pin", _admin_pin(), mode="kiosk"),
        Entry("admin_pin_locked", _admin_pin(locked=True), mode="kiosk"),
        Entry("admin_menu", _admin(), mode="kiosk"),
        *(Entry(f"admin_{name}", _admin(name), mode="kiosk") for name in sections),
    ]


def _call_entries() -> list[Entry]:
    from ui.call.gallery import call_entries

    return call_entries(Entry)


def entries(catalog: Catalog | None = None) -> list[Entry]:
    """Every screen and dialog, home-tablet ones first; the services' from ``catalog``."""
    services = (catalog or load_catalog()).services[:9]
    first_screens = [
        Entry(f"{s.id}_choice" if s.choices else f"{s.id}_confirm", _service_first(s.id))
        for s in services
    ]
    listed = [
        Entry("home", _home, places="home"),
        *first_screens,
        Entry("meals_portions", _meals_portions),
        Entry("confirm", _confirm),
        Entry("result", _result),
        Entry("result_failed", _result_failed),
        Entry("orders", _orders),
        Entry("cancel_order", _cancel_order),
        Entry("meals_past_cutoff", _meals_past_cutoff),
        Entry("service_not_today", _service_not_today),
        Entry("confirm_past_cutoff", _confirm_past_cutoff),
        Entry("result_refused", _result_refused),
        Entry("orders_refused", _orders_refused),
        Entry("sos_countdown", _sos_countdown),
        Entry("sos_cancelled", _sos_cancelled),
        Entry("sos_raised", _sos_raised),
        Entry("sos_not_received", _sos_call(ago_s=30)),
        Entry("sos_received", _sos_call(received_ago_s=3)),
        Entry("sos_unanswered", _sos_call(ago_s=200, received_ago_s=195, step="all_staff")),
        Entry(
            "sos_answered",
            _sos_call(received_ago_s=30, acknowledged_by="王芳", action="on_the_way"),
        ),
        Entry("sos_withdraw", _sos_withdraw),
        Entry(
            "sos_withdrawn", _sos_call(received_ago_s=30, withdrawn=True, withdraw_received=True)
        ),
        Entry("sos_failed", _sos_failed),
        *_health_entries(),
        *_privacy_entries(),
        *_learn_entries(),
        *_call_entries(),
        Entry("voice_banner", _voice_banner, places="home"),
        Entry("voice_meaning", _voice_meaning(2)),
        Entry("voice_meaning_three", _voice_meaning(3)),
        Entry("out_of_service", _out_of_service(), places="none"),
        Entry("out_of_service_told", _out_of_service(staff_told=True), places="none"),
        Entry("signin", _signin, mode="kiosk"),
        Entry("unknown_card", _unknown_card, mode="kiosk"),
        Entry("orders_empty", _orders_empty, mode="kiosk"),
        Entry("idle_banner", _idle_banner, mode="kiosk", places="home"),
        *_admin_entries(),
    ]
    return listed


# -- the demo kiosk ---------------------------------------------------------------------------


class _Silent:
    """A speech backend that says nothing."""

    def speak(self, utterance: Utterance) -> None:
        pass

    def stop(self) -> None:
        pass


def seed_orders(store: Store, catalog: Catalog, resident: Resident) -> list[Order]:
    """Four orders a minute apart, one in each state a resident meets; newest first."""
    start = datetime(2024, 6, 11, 1, 0, tzinfo=UTC)
    plan = [
        ("escort", OrderStatus.DONE),
        ("bathing", OrderStatus.ON_THE_WAY),
        ("cleaning", OrderStatus.ACCEPTED),
        ("meals", OrderStatus.WAITING),
    ]
    for minute, (service_id, status) in enumerate(plan):
        service = catalog.service(service_id)
        if service is None:
            continue
        picks = {c.id: c.options[0].id for c in service.choices}
        if service_id == "meals":
            picks = dict(MEAL_PICKS)
        order = place_order(store, resident, service, picks, now=start + timedelta(minutes=minute))
        if status is not OrderStatus.WAITING:
            apply_status(store, order.id, status, by="center")
    return list_orders(store, resident.id)


def settle(ctx: AppContext, *, wait_ms: int = 0, timeout_s: float = 10.0) -> None:
    """Let background loads and saves deliver, dropped screens go, and layouts settle."""
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout_s
    while ctx.tasks.busy and time.monotonic() < deadline:
        QTest.qWait(5)
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    if wait_ms:
        QTest.qWait(wait_ms)


class DemoKiosk:
    """A whole kiosk window on a throw-away database with the demo residents and orders."""

    def __init__(
        self,
        *,
        language: str,
        theme: str,
        font_scale: int = 100,
        dpi: float,
        size: tuple[int, int],
        mode: str = "home",
    ) -> None:
        if QApplication.instance() is None:
            raise RuntimeError("create the QApplication first")
        install_language(language)
        self._folder = tempfile.TemporaryDirectory(prefix="kiosk-demo-")
        folder = self.folder = Path(self._folder.name)
        self.store = Store(folder / "kiosk.sqlite3")
        demo.seed_demo(self.store)
        catalog = load_catalog()
        home_resident = find_by_card(self.store, HOME_CARD)
        assert home_resident is not None
        self.orders = seed_orders(self.store, catalog, home_resident)
        config = Config().with_changes(
            mode=mode, language=language, theme=theme, font_scale=font_scale
        )
        self.ctx = AppContext(
            config,
            self.store,
            catalog,
            Theme.create(theme=theme, font_scale=font_scale, dpi=dpi),
            TaskRunner("demo-kiosk"),
            Speaker(_Silent, language=language),
            Session(mode, home_resident if mode == "home" else None),
            voice_models=folder / "voice-models",
            clock=lambda: self.now,
        )
        self.now = DEMO_MORNING
        self.home_resident = home_resident
        self.size = size
        self.window = build_window(self.ctx)
        self.window.resize(*size)
        self.window.show()
        self._own_window: QWidget | None = None
        settle(self.ctx)

    def service(self, service_id: str) -> Service:
        service = self.ctx.catalog.service(service_id)
        if service is None:
            raise KeyError(service_id)
        return service

    def newest_order(self) -> Order:
        """The home resident's newest order (meals, waiting to send, cancellable)."""
        return self.orders[0]

    def sign_in(self, card: str) -> None:
        resident = find_by_card(self.store, card)
        assert resident is not None, card
        self.ctx.session.sign_in(resident)

    def show(self, entry: Entry, *, wait_ms: int = 0) -> QWidget:
        """Bring up ``entry`` from the home screen; the window that shows it."""
        if entry.mode != self.ctx.session.mode:
            raise ValueError(f"{entry.name} is a {entry.mode} screen; this is a {self.mode}")
        self.reset()
        own = entry.show(self)
        settle(self.ctx, wait_ms=wait_ms)
        if own is not None:
            self._own_window = own
            return own
        return self.window

    @property
    def mode(self) -> str:
        return self.ctx.session.mode

    def reset(self) -> None:
        """Back to the home screen as it is at start: no banners, nobody else signed in."""
        if self._own_window is not None:
            self._own_window.close()
            self._own_window.deleteLater()
            self._own_window = None
        window = self.window
        signin = window.part("signin")
        signin.idle.touch()
        signin.banner.hide()
        window.voice_banner.show_state("idle", "")
        self.now = DEMO_MORNING
        session = self.ctx.session
        if session.kiosk:
            session.sign_out()
        elif session.resident != self.home_resident:
            session.sign_in(self.home_resident)
        window.home()
        settle(self.ctx)
        if (window.width(), window.height()) != self.size:
            window.resize(*self.size)  # a window that grew for a screen does not shrink back
            settle(self.ctx)

    def close(self) -> None:
        """The app's one shutdown path, then the throw-away database goes."""
        self.reset()
        settle(self.ctx)
        self.window.shutdown()
        self.window.close()
        self.window.deleteLater()
        self.ctx.tasks.shutdown()
        self.ctx.speaker.close()
        self.store.close()
        settle(self.ctx)
        self._folder.cleanup()
