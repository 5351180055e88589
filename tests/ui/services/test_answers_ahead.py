"""Answers said ahead ("明天中午送两份饭"): the order asks only what was not said, and always
ends at the confirm read-back; answers that are no question of the service are not used."""

from __future__ import annotations

from tests.helpers.kiosk_fixtures import KioskFactory
from ui.home.screen import HomeScreen
from ui.services.choice import ChoiceScreen
from ui.services.confirm import ConfirmScreen


def test_every_answer_said_ahead_goes_straight_to_the_read_back(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    home = kiosk.current()
    assert isinstance(home, HomeScreen)

    assert home.voice_act("service.meals", {"meal": "tomorrow_lunch", "portions": "2"})

    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert confirm.picked == {"meal": "tomorrow_lunch", "portions": "2"}


def test_a_question_not_answered_is_asked(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    home = kiosk.current()
    assert isinstance(home, HomeScreen)

    home.voice_act("service.meals", {"portions": "2"})

    choice = kiosk.current()
    assert isinstance(choice, ChoiceScreen)
    assert choice.choice_list.id == "meal"
    assert choice.voice_slots() == ("meal",)
    kiosk.tap(choice.buttons["today_dinner"])
    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert confirm.picked == {"meal": "today_dinner", "portions": "2"}


def test_answers_of_no_question_of_the_service_are_not_used(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    home = kiosk.current()
    assert isinstance(home, HomeScreen)

    # "when" is not a question of meals, and 7 portions is not an option.
    home.voice_act("service.meals", {"when": "now", "portions": "7"})

    choice = kiosk.current()
    assert isinstance(choice, ChoiceScreen)
    assert choice.picked == {}


def test_without_answers_the_home_screen_leaves_it_to_its_commands(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    assert not home.voice_act("service.meals", {})
    assert not home.voice_act("no_such_thing", {"meal": "today_lunch"})
    assert kiosk.current() is home
    assert home.action_labels()["service.meals"] == "助餐"


def test_on_a_question_its_answer_and_later_ones_said_together_skip_ahead(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory()
    kiosk.tap(kiosk.current().tiles["meals"])
    choice = kiosk.current()
    assert isinstance(choice, ChoiceScreen)

    assert not choice.voice_act("option.tomorrow_breakfast", {})
    assert choice.voice_act("option.today_lunch", {"portions": "3"})

    confirm = kiosk.current()
    assert isinstance(confirm, ConfirmScreen)
    assert confirm.picked == {"meal": "today_lunch", "portions": "3"}
