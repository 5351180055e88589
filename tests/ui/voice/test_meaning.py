""" "Which did you mean?": two or three meanings of what was said, as big buttons and by
voice; the one chosen is done on the screen the words were said on."""

from __future__ import annotations

from tests.helpers.kiosk_fixtures import KioskFactory
from ui.home.screen import HomeScreen
from ui.voice.meaning import Meaning, MeaningScreen


def test_the_meanings_are_offered_spoken_and_the_chosen_one_is_done(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    done: list[str] = []
    meanings = [
        Meaning("service.meals", "Meals", lambda: done.append("meals")),
        Meaning("service.errands", "Errands", lambda: done.append("errands")),
    ]
    screen = MeaningScreen(kiosk.ctx, kiosk.window, "get me something", meanings)
    kiosk.window.push(screen)

    assert "Which did you mean?" in kiosk.visible_texts()
    assert screen.buttons["service.meals"].isVisible()
    assert screen.buttons["service.errands"].isVisible()
    kiosk.wait_spoken("Did you mean Meals or Errands?")
    assert set(screen.voice_commands()) == {"service.meals", "service.errands"}

    kiosk.tap(screen.buttons["service.errands"])

    assert done == ["errands"]
    assert kiosk.current() is home


def test_three_meanings_are_said_as_a_list(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    meanings = [
        Meaning("service.meals", "助餐", lambda: None),
        Meaning("service.errands", "助办", lambda: None),
        Meaning("service.escort", "助行", lambda: None),
        Meaning("service.legal", "助法", lambda: None),  # a fourth is never offered
    ]
    screen = MeaningScreen(kiosk.ctx, kiosk.window, "出去办点事", meanings)
    kiosk.window.push(screen)

    assert list(screen.buttons) == ["service.meals", "service.errands", "service.escort"]
    kiosk.wait_spoken("您是说助餐，助办还是助行？")
