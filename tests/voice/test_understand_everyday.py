"""Everyday ways of answering and telling that the understanding reads by rule, not by phrase:
hours for times of day, a time the elder cannot do, a change of mind about one answer, someone
else's plans, being alone, talking to someone else, what the radio shouted, a long account."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import acts, said
from voice.understand.clock import chinese_hours, english_hours, part_of_day

# -- hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "evening", "morning", "part"),
    [
        (9, False, False, "morning"),
        (12, False, False, "noon"),
        (3, False, False, "afternoon"),
        (15, False, False, "afternoon"),
        (19, False, False, "evening"),
        (7, False, True, "morning"),
        (7, True, False, "evening"),
        (6, False, False, None),  # morning or evening: cannot be told
        (0, False, False, None),
    ],
)
def test_an_hour_is_read_as_its_part_of_the_day(hour, evening, morning, part):
    assert part_of_day(hour, evening=evening, morning=morning) == part


def test_hours_become_parts_of_the_day_and_counts_stay_counts():
    assert chinese_hours(["明天", "两三点"]) == ["明天", "下午"]
    assert chinese_hours(["十点半"]) == ["上午"]
    assert chinese_hours(["三份"]) == ["三份"]
    assert chinese_hours(["六点"]) == ["六点"]  # morning or evening
    assert english_hours(["tomorrow", "around", "three"]) == ["tomorrow", "afternoon"]
    assert english_hours(["at", "10", "am"]) == ["morning"]
    assert english_hours(["7pm"]) == ["evening"]
    assert english_hours(["three", "o", "clock"]) == ["afternoon"]
    assert english_hours(["three", "portions"]) == ["three", "portions"]
    assert english_hours(["about", "three"]) == ["about", "three"]  # about three portions?


@pytest.mark.parametrize(
    ("language", "text", "option"),
    [
        ("zh_CN", "明天两三点", "tomorrow_afternoon"),
        ("zh_CN", "明天上午十点左右", "tomorrow_morning"),
        ("en_US", "Tomorrow around three", "tomorrow_afternoon"),
        ("en_US", "tomorrow at 10am", "tomorrow_morning"),
    ],
)
def test_an_hour_answers_when(understanders, language, text, option):
    result = said(understanders, language, "when_choice", text)
    assert acts(result, f"option.{option}", {"when": option}), result


# -- a time the elder cannot do, a change of mind --------------------------------------------


@pytest.mark.parametrize(
    ("language", "screen", "text", "action", "slots"),
    [
        ("zh_CN", "when_choice", "现在不方便，明天上午吧", "option.tomorrow_morning",
         {"when": "tomorrow_morning"}),
        # the day of the time that will not do is the day still talked about
        ("zh_CN", "when_choice", "明天上午我得去医院，下午才在家", "option.tomorrow_afternoon",
         {"when": "tomorrow_afternoon"}),
        ("en_US", "meals_choice", "I won't be home at noon tomorrow, so tomorrow evening",
         "option.tomorrow_dinner", {"meal": "tomorrow_dinner"}),
        ("en_US", "when_choice", "Not right now, this afternoon's better", "option.today",
         {"when": "today"}),
        ("en_US", "when_choice", "This afternoon is fine", "option.today", {"when": "today"}),
        # "make it two" changes the count, not the meal
        ("en_US", "meals_choice", "Lunch tomorrow, and make it two", "option.tomorrow_lunch",
         {"meal": "tomorrow_lunch"}),
        ("zh_CN", "portions_choice", "一份不够吃，来两份", "option.2", {"portions": "2"}),
    ],
)  # fmt: skip
def test_what_will_not_do_is_no_answer(understanders, language, screen, text, action, slots):
    result = said(understanders, language, screen, text)
    assert acts(result, action, slots), result


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "明天上午我要去医院，来不了"),
        ("zh_CN", "我孙子今天放假回来"),  # his day, not an answer
        ("en_US", "I'm busy tomorrow morning"),
    ],
)
def test_a_time_that_will_not_do_alone_answers_nothing(understanders, language, text):
    result = said(understanders, language, "when_choice", text)
    assert result.decision == "none", result


def test_someone_coming_to_a_meal_still_orders_it(understanders):
    result = said(understanders, "zh_CN", "meals_choice", "闺女明晚带外孙过来")
    assert acts(result, "option.tomorrow_dinner", {"meal": "tomorrow_dinner"}), result


# -- being alone is no count ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "slots"),
    [
        ("zh_CN", "晚上想吃点热乎的，一个人懒得做", {"meal": "today_dinner"}),
        ("zh_CN", "打早上到现在一口饭都没吃上", {}),
        ("zh_CN", "今天晚上三个人吃，帮我订上", {"meal": "today_dinner", "portions": "3"}),
        ("en_US", "Dinner for one today, that's all I need", {"meal": "today_dinner",
                                                               "portions": "1"}),
    ],
)  # fmt: skip
def test_one_person_is_being_alone_not_one_portion(understanders, language, text, slots):
    result = said(understanders, language, "home", text)
    assert acts(result, "service.meals", slots), result


def test_one_each_for_two_people_is_two(understanders):
    result = said(understanders, "zh_CN", "portions_choice", "我跟老伴一人一份")
    assert acts(result, "option.2", {"portions": "2"}), result


# -- not said to the kiosk, or said at length ------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "我跟老李说话呢，没叫你"),
        ("zh_CN", "别给我叫医生，我就是随便问问"),
        ("en_US", "Sorry, I'm not talking to you, I'm talking to my husband about dinner"),
    ],
)
def test_talking_to_someone_else_asks_for_nothing(understanders, language, text):
    result = said(understanders, language, "home", text)
    assert result.decision == "none", result


def test_talking_to_someone_else_still_hears_distress(understanders):
    result = said(understanders, "zh_CN", "home", "没叫你……哎哟胸口疼得厉害")
    assert acts(result, "sos"), result


def test_the_radio_shouting_for_help_calls_the_countdown_off(understanders):
    result = said(understanders, "zh_CN", "sos_countdown", "是收音机里有人喊救命")
    assert acts(result, "cancel"), result
    # on another screen, what the radio shouted is nothing at all
    assert said(understanders, "zh_CN", "home", "收音机里有人喊救命").decision == "none"


@pytest.mark.parametrize(
    ("language", "text", "action"),
    [
        ("zh_CN", "不是洗澡，是家里头得打扫打扫", "service.cleaning"),
        ("zh_CN", "钥匙落屋里头了，门进不去", "service.urgent"),
        ("en_US", "Oh Lord, I slipped off the step stool and I'm down on the kitchen floor, "
                  "my hip, I can't get myself up", "sos"),
    ],
)  # fmt: skip
def test_a_need_told_at_length_is_heard(understanders, language, text, action):
    result = said(understanders, language, "home", text)
    assert acts(result, action), result


def test_a_thing_of_two_characters_is_not_what_each_says(understanders):
    # 心脏 is the heart, not 脏 (dirty): no cleaning
    result = said(understanders, "zh_CN", "home", "我这心脏")
    assert result.action != "service.cleaning", result


# -- the thing first, its denial in the next clause; a yes where none is asked ---------------


@pytest.mark.parametrize(("text"), ["洗澡？不用了不用了", "饭我自己会做，不用送"])
def test_a_denial_in_its_own_clause_takes_back_the_clause_before(understanders, text):
    assert said(understanders, "zh_CN", "home", text).decision == "none"


def test_a_denial_in_its_own_clause_leaves_a_no_before_it_standing(understanders):
    assert acts(said(understanders, "zh_CN", "confirm", "算了，不订了"), "no")


def test_a_yes_where_none_is_asked_does_not_stop_an_order(understanders):
    result = said(understanders, "zh_CN", "home", "今天晚上三个人吃，帮我订上")
    assert acts(result, "service.meals", {"meal": "today_dinner", "portions": "3"}), result


@pytest.mark.parametrize(
    ("language", "text"),
    [("en_US", "No don't cancel, I really need help"), ("zh_CN", "不不，别取消")],
)
def test_a_denied_calling_off_keeps_the_call_going(understanders, language, text):
    result = said(understanders, language, "sos_countdown", text)
    assert acts(result, "sos"), result


def test_not_being_able_to_do_something_is_no_denial(understanders):
    # 走不了: cannot walk; the pain is still said
    result = said(understanders, "zh_CN", "home", "我腿疼得走不了路")
    assert acts(result, "service.medical"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh_CN", "明天中午别送饭了"), ("zh_CN", "今天中午吃的饺子，挺好吃")],
)
def test_a_meal_denied_or_told_of_orders_nothing(understanders, language, text):
    assert said(understanders, language, "home", text).decision == "none"


def test_calling_off_a_meal_on_home_is_about_the_order(understanders):
    result = said(understanders, "en_US", "home", "Cancel tomorrow's lunch")
    assert acts(result, "my_orders"), result


def test_a_scam_told_over_the_phone_is_for_legal_aid(understanders):
    result = said(understanders, "zh_CN", "home", "有个人打电话说我孙子出事了要我汇钱")
    assert acts(result, "service.legal"), result
