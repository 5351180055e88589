"""Learn by voice: "next", "again", "back" and the lessons' names, in both languages, as the
phrase tables hear them and as the screens act on them."""

from __future__ import annotations

import pytest

from tests.helpers.kiosk_fixtures import KioskFactory, understood_by_voice
from tests.helpers.learn import open_learn, tap_lesson
from ui.learn.home import LearnHomeScreen
from ui.learn.player import LessonPlayerScreen
from voice.intents import IntentMatcher, load_phrase_table


def test_next_again_and_back_move_the_lesson(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="zh_CN")
    home = open_learn(kiosk)
    tap_lesson(kiosk, home, "scan_to_pay")
    player = kiosk.wait_screen(LessonPlayerScreen)

    understood_by_voice(kiosk, "下一步", "learn.next")
    assert player.index == 1
    said = len(kiosk.spoken)
    understood_by_voice(kiosk, "再说一遍", "read_aloud")
    kiosk.qtbot.waitUntil(lambda: len(kiosk.spoken) > said)
    assert kiosk.spoken[-1] == player.narration()
    said = len(kiosk.spoken)
    understood_by_voice(kiosk, "再来一遍", "learn.again")
    kiosk.qtbot.waitUntil(lambda: len(kiosk.spoken) > said)
    assert kiosk.spoken[-1] == player.narration()

    understood_by_voice(kiosk, "上一步", "back")
    assert player.index == 0
    assert kiosk.current() is player
    understood_by_voice(kiosk, "上一步", "back")  # from the first step, out of the lesson
    kiosk.wait_screen(LearnHomeScreen)


def test_a_lesson_opens_by_its_name_from_the_list_and_from_a_lesson(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(language="en_US")
    home = open_learn(kiosk)
    assert home.voice_phrases()["lesson.taxi"] == ["Calling a taxi"]
    understood_by_voice(kiosk, "calling a taxi", "lesson.taxi")
    player = kiosk.wait_screen(LessonPlayerScreen)
    assert player.lesson.id == "taxi"
    understood_by_voice(kiosk, "phone scams", "lesson.phone_scams")
    kiosk.qtbot.waitUntil(lambda: kiosk.current().lesson.id == "phone_scams")  # type: ignore[attr-defined]
    # The other lesson took the first one's place: Back goes to the list.
    kiosk.tap(kiosk.window.back_button)
    kiosk.wait_screen(LearnHomeScreen)


PLAYER_SAYS = {
    "zh_CN": {
        "learn.next": ["下一步", "接下来"],
        "learn.again": ["再来一遍", "没听懂"],
        "read_aloud": ["再说一遍"],
        "back": ["上一步", "返回"],
        "lesson.phone_scams": ["防诈骗", "识别电话和短信诈骗"],
    },
    "en_US": {
        "learn.next": ["next", "next step", "go on"],
        "learn.again": ["again", "one more time"],
        "read_aloud": ["say it again", "repeat"],
        "back": ["previous", "go back"],
        "lesson.phone_scams": ["phone scams", "recognising phone scams"],
    },
}


@pytest.mark.parametrize("language", sorted(PLAYER_SAYS))
def test_the_players_phrases_mean_their_own_action(
    kiosk_factory: KioskFactory, language: str
) -> None:
    """Every phrase of the player's actions, with the lessons' titles added as the screen
    adds them, is heard as its own action and never as another of the player's."""
    kiosk = kiosk_factory(language=language)
    home = open_learn(kiosk)
    tap_lesson(kiosk, home, "scan_to_pay")
    player = kiosk.wait_screen(LessonPlayerScreen)
    offered = list(kiosk.window.voice.commands(player))
    matcher = IntentMatcher(load_phrase_table(language), extra=player.voice_phrases())
    for intent, phrases in matcher.phrases(offered).items():
        for phrase in phrases:
            assert matcher.match(phrase, offered).intent == intent, (phrase, intent)
    for intent, said in PLAYER_SAYS[language].items():
        for words in said:
            assert matcher.match(words, offered).intent == intent, (words, intent)
