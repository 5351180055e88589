"""Everyday sentences through the kiosk's voice: the understanding of the words decides, on
the screen they were said on, with the answers said along; never an action the screen does
not offer."""

from __future__ import annotations

from tests.helpers.kiosk_fixtures import KioskFactory, said_to_kiosk
from tests.helpers.queries import fetch_all
from ui.home.screen import HomeScreen
from ui.services.choice import ChoiceScreen
from ui.services.confirm import ConfirmScreen
from ui.sos.screen import SosCountdownScreen
from ui.voice.meaning import MeaningScreen


def test_a_request_with_its_answers_goes_straight_to_the_read_back(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    before = fetch_all(kiosk.store, "SELECT id FROM orders WHERE status = 'waiting'")

    said_to_kiosk(kiosk, "明天中午给我送两份饭来")

    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert confirm.picked == {"meal": "tomorrow_lunch", "portions": "2"}
    # Nothing is ordered before the read-back's yes.
    assert fetch_all(kiosk.store, "SELECT id FROM orders WHERE status = 'waiting'") == before


def test_a_need_stated_opens_its_service_and_asks_what_was_not_said(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()

    said_to_kiosk(kiosk, "家里该打扫了")

    choice = kiosk.current()
    assert isinstance(choice, ChoiceScreen)
    assert choice.service.id == "cleaning" and choice.choice_list.id == "when"


def test_the_grammar_heard_command_takes_the_answers_said_with_it(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")

    said_to_kiosk(kiosk, "meals tomorrow lunch two portions", grammar_intent="service.meals")

    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert confirm.picked == {"meal": "tomorrow_lunch", "portions": "2"}


def test_distress_starts_the_countdown_from_any_screen(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    kiosk.tap(kiosk.current().tiles["meals"])
    assert isinstance(kiosk.current(), ChoiceScreen)

    said_to_kiosk(kiosk, "我摔了一跤起不来了")

    countdown = kiosk.current()
    assert isinstance(countdown, SosCountdownScreen)
    assert not countdown.fired  # the cancellable countdown, never the call at once
    kiosk.tap(countdown.cancel_button)


def test_what_the_screen_does_not_offer_is_not_done(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    kiosk.tap(kiosk.current().tiles["meals"])
    choice = kiosk.current()

    said_to_kiosk(kiosk, "我要洗澡")  # bathing, on the meals question

    assert kiosk.current() is choice
    kiosk.wait_spoken("没听明白")


def test_two_meanings_are_asked_with_buttons(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    home = kiosk.current()
    assert isinstance(home, HomeScreen)

    said_to_kiosk(kiosk, "量个血压")  # the health page, or a doctor's home visit

    screen = kiosk.current()
    assert isinstance(screen, MeaningScreen)
    assert set(screen.buttons) == {"service.medical", "health"}
    kiosk.wait_spoken("您是说")
    kiosk.tap(screen.buttons["service.medical"])
    choice = kiosk.current()
    assert isinstance(choice, ChoiceScreen) and choice.service.id == "medical"


def test_chatter_does_nothing(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    home = kiosk.current()

    said_to_kiosk(kiosk, "今天天气真不错啊")

    assert kiosk.current() is home
