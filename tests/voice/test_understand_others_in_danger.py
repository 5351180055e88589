"""An emergency told about someone who is with the elder starts the countdown; a story of one
does not. A cry of alarm is no "no". A very high reading with a severe symptom, and pain past
bearing on a question's screen, are emergencies. A remark about the weather, a question about
the food or a remark on who eats how much chooses nothing."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import acts, said
from voice.understand import Understander


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "home", "我老伴从楼梯上摔下来了，起不来"),
        ("zh_CN", "meals_choice", "他不喘气了"),
        ("zh_CN", "when_choice", "我孙子噎住了"),
        ("zh_CN", "home", "邻居王大妈晕倒了"),
        ("zh_CN", "portions_choice", "她叫不醒了"),
        ("zh_CN", "confirm", "我闺女流了好多血"),
        ("zh_CN", "home", "我老伴抽风了"),
        ("en_US", "home", "My wife fell down the stairs and can't get up"),
        ("en_US", "meals_choice", "He's not breathing"),
        ("en_US", "home", "She's not answering me"),
        ("en_US", "when_choice", "My grandson is choking"),
        ("en_US", "confirm", "My neighbour is having a fit"),
        ("en_US", "portions_choice", "My son has blacked out"),
    ],
)
def test_an_emergency_of_someone_with_the_elder_starts_the_countdown(
    understanders: dict[str, Understander], language: str, screen: str, text: str
) -> None:
    result = said(understanders, language, screen, text)
    assert acts(result, "sos"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "我老伴去年摔了一跤"),
        ("zh_CN", "我儿子小时候摔断过腿"),
        ("zh_CN", "我孙子小时候噎着过一回"),
        ("en_US", "My wife fell last year"),
        ("en_US", "My husband fainted once when he was young"),
        ("en_US", "My grandson choked on a sweet when he was little"),
        # not answering a telephone, fit as in healthy: no one in danger
        ("en_US", "My daughter isn't answering her phone"),
        ("en_US", "She's fit and well"),
    ],
)
def test_a_story_of_someone_elses_trouble_starts_nothing(
    understanders: dict[str, Understander], language: str, text: str
) -> None:
    result = said(understanders, language, "home", text)
    assert result.action != "sos" or result.decision != "act", result


@pytest.mark.parametrize(
    ("language", "text"), [("zh_CN", "不好了"), ("zh_CN", "糟了"), ("en_US", "Oh no")]
)
@pytest.mark.parametrize("shipped", [False, True], ids=["rules", "with_model"])
def test_a_cry_of_alarm_is_no_refusal(
    understanders: dict[str, Understander],
    language: str,
    text: str,
    shipped: bool,
) -> None:
    understander = Understander(language) if shipped else understanders[language]
    result = understander.understand_screen(text, "confirm")
    assert result.decision == "none", result


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "confirm", "不好了，我老伴晕倒了"),
        ("zh_CN", "confirm", "糟了，我喘不上气了"),
        ("en_US", "confirm", "Oh no, my wife has collapsed"),
        ("en_US", "sos_countdown", "Oh God, I can't breathe"),
    ],
)
def test_a_cry_of_alarm_before_distress_is_part_of_the_cry(
    understanders: dict[str, Understander], language: str, screen: str, text: str
) -> None:
    result = said(understanders, language, screen, text)
    assert acts(result, "sos"), result


def test_a_plain_no_is_still_a_no(understanders: dict[str, Understander]) -> None:
    assert acts(said(understanders, "zh_CN", "confirm", "不好"), "no")
    assert acts(said(understanders, "en_US", "confirm", "No"), "no")


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "home", "血压计上显示两百多，我头疼得要炸开了"),
        ("zh_CN", "home", "血糖仪上三十多，我浑身发抖"),
        ("en_US", "home", "My sugar reads 30 and I'm shaking all over"),
        ("en_US", "home", "My blood pressure says 220 and my head is splitting"),
        ("zh_CN", "meals_choice", "哎呀，我肚子疼得受不了了"),
        ("zh_CN", "when_choice", "我腿疼得厉害"),
        ("en_US", "meals_choice", "Oh, my stomach hurts so much I can't bear it"),
    ],
)
def test_a_high_reading_with_a_severe_symptom_or_pain_past_bearing_is_an_emergency(
    understanders: dict[str, Understander], language: str, screen: str, text: str
) -> None:
    result = said(understanders, language, screen, text)
    assert acts(result, "sos"), result


@pytest.mark.parametrize(
    ("language", "text", "action"),
    [
        ("zh_CN", "我的血压是一百三", "health"),
        ("zh_CN", "看看我的血压", "health"),
        ("en_US", "My blood pressure is 130", "health"),
    ],
)
def test_a_reading_without_a_symptom_is_no_emergency(
    understanders: dict[str, Understander], language: str, text: str, action: str
) -> None:
    assert acts(said(understanders, language, "home", text), action)


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "when_choice", "今儿这天闷得慌，怕是要下雨"),
        ("zh_CN", "home", "今儿这天闷得慌，怕是要下雨"),
        ("en_US", "when_choice", "It's so muggy today, looks like rain"),
        ("en_US", "home", "Lovely weather today"),
    ],
)
def test_talk_about_the_weather_is_chatter_and_fills_no_day(
    understanders: dict[str, Understander], language: str, screen: str, text: str
) -> None:
    result = said(understanders, language, screen, text)
    assert result.decision == "none" and result.slots == {}, result


@pytest.mark.parametrize(
    ("language", "text", "action"),
    [
        ("zh_CN", "下雨了，帮我买点菜", "service.errands"),
        ("en_US", "It's raining, can someone do my shopping", "service.errands"),
    ],
)
def test_a_weather_remark_that_asks_for_a_service_asks_for_it(
    understanders: dict[str, Understander], language: str, text: str, action: str
) -> None:
    assert acts(said(understanders, language, "home", text), action)


def test_a_fall_in_the_rain_is_still_an_emergency(
    understanders: dict[str, Understander],
) -> None:
    assert acts(said(understanders, "zh_CN", "home", "下雨天滑了一跤，起不来了"), "sos")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en_US", "My Harold could eat for three"),
        ("en_US", "How big is one portion?"),
        ("zh_CN", "我家老头子一个人能吃三个人的饭"),
        ("zh_CN", "一份有多少啊？"),
    ],
)
def test_a_remark_or_question_about_the_food_chooses_no_portions(
    understanders: dict[str, Understander], language: str, text: str
) -> None:
    result = said(understanders, language, "portions_choice", text)
    assert result.decision == "none", result


@pytest.mark.parametrize(
    ("language", "text", "portions"),
    [
        ("en_US", "Two please", "2"),
        ("en_US", "Two portions, he eats a lot", "2"),
        ("zh_CN", "两份", "2"),
    ],
)
def test_portions_said_are_still_chosen(
    understanders: dict[str, Understander], language: str, text: str, portions: str
) -> None:
    result = said(understanders, language, "portions_choice", text)
    assert acts(result, f"option.{portions}", {"portions": portions}), result
