"""Distress words said in a request, and denials of a denial, read by rule: a call for help
with something is a request for it, a fall of the past that explains a request and an old
complaint back again are no emergency, a clause of exclamations keeps the topic, "不是不要"
and "not no" refuse nothing, and the learned model alone never calls off the countdown."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import acts, said
from voice.understand import Understanding
from voice.understand.combine import combine
from voice.understand.model import NOTHING

# -- a call for help with something --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action", "slots"),
    [
        (
            "Could somebody help me have a shower tomorrow afternoon",
            "service.bathing",
            {"when": "tomorrow_afternoon"},
        ),
        ("Can someone help me get my groceries", "service.errands", None),
        ("Somebody help me with the cleaning today", "service.cleaning", {"when": "today"}),
    ],
)
def test_a_call_for_help_with_a_service_asks_for_that_service(understanders, text, action, slots):
    assert acts(said(understanders, "en_US", "home", text), action, slots)


@pytest.mark.parametrize(
    "text",
    ["Could somebody help me with this row with my neighbor", "Can someone help me sort this out"],
)
def test_a_call_for_help_with_something_unnamed_starts_no_countdown(understanders, text):
    assert said(understanders, "en_US", "home", text).action != "sos"


@pytest.mark.parametrize(
    "text",
    [
        "Somebody help me!",
        "Help me please",
        "Help!",
        "Help me get up",
        "Somebody help me, I've fallen",
        "Can someone help me, my chest hurts",
        "Everything's spinning, somebody help me please",
    ],
)
@pytest.mark.parametrize("screen", ["home", "meals_choice", "confirm"])
def test_a_cry_for_help_is_still_an_sos(understanders, text, screen):
    assert acts(said(understanders, "en_US", screen, text), "sos")


# -- distress that explains a request ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("自打在浴室摔了那一跤，我就不敢自己进浴缸了", "service.bathing"),
        ("自从上次摔了，我就不敢一个人洗澡", "service.bathing"),
        ("前阵子摔了一跤，想找人陪我去医院", "service.medical"),
    ],
)
def test_a_fall_of_the_past_that_explains_a_request_is_that_request(understanders, text, action):
    assert acts(said(understanders, "zh_CN", "home", text), action)


def test_an_old_complaint_back_again_is_a_doctors_matter(understanders):
    assert acts(
        said(understanders, "zh_CN", "home", "老毛病又犯了，咳嗽老不见好，想去社区诊所瞅瞅"),
        "service.medical",
    )


def test_an_old_complaint_that_is_unbearable_now_is_an_sos(understanders):
    assert acts(said(understanders, "zh_CN", "home", "老毛病又犯了，疼得受不了"), "sos")


@pytest.mark.parametrize(
    "text",
    ["手抖得拿不住东西，直冒虚汗", "肚子突然绞着疼，冷汗直冒", "刚吃了新开的药，嗓子发紧"],
)
@pytest.mark.parametrize("screen", ["home", "portions_choice"])
def test_cold_sweat_and_a_tight_throat_are_distress(understanders, text, screen):
    assert acts(said(understanders, "zh_CN", screen, text), "sos")


def test_a_clause_of_exclamations_keeps_the_topic(understanders):
    assert acts(
        said(understanders, "en_US", "home", "Ow, my hip, oh Lord, I think it's broken"), "sos"
    )


# -- a denial denied -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "不是不要，要的，订"),
        ("en_US", "Not no, yes"),
        ("en_US", "Not no, I mean yes, order it"),
    ],
)
def test_a_double_negation_keeps_what_follows(understanders, language, text):
    assert acts(said(understanders, language, "confirm", text), "yes")


@pytest.mark.parametrize(("language", "text"), [("zh_CN", "不是不要"), ("en_US", "not no")])
def test_a_double_negation_alone_refuses_nothing(understanders, language, text):
    result = said(understanders, language, "confirm", text)
    assert result.action != "no"
    assert result.decision == "none"


@pytest.mark.parametrize(
    ("language", "text", "action"),
    [
        ("zh_CN", "不不不，不要", "no"),
        ("en_US", "no no", "no"),
    ],
)
def test_the_same_denial_twice_is_still_a_denial(understanders, language, text, action):
    assert acts(said(understanders, language, "confirm", text), action)


def test_a_no_that_changes_the_mind_keeps_the_call_going(understanders):
    assert acts(said(understanders, "en_US", "sos_countdown", "No don't cancel I need help"), "sos")


def test_brushing_the_countdown_off_calls_it_off(understanders):
    assert acts(said(understanders, "zh_CN", "sos_countdown", "瞎叫唤啥，我好好的"), "cancel")


# -- the learned model alone ---------------------------------------------------------------

COUNTDOWN = ("cancel", "no", "sos", "back", "home", "read_aloud")


def _alone(view: dict[str, float], offered: tuple[str, ...]) -> Understanding:
    nothing_found = Understanding("我孙子刚才来电话了", None, {}, "none", (), "unclear")
    return combine(nothing_found, view, offered, cries_only=False, slots=lambda _: {})


@pytest.mark.parametrize("label", ["cancel", "no"])
def test_the_model_alone_never_calls_off_the_countdown(label):
    result = _alone({label: 0.97, NOTHING: 0.02, "sos": 0.01}, COUNTDOWN)
    assert result.decision == "none"
    assert result.action is None


def test_the_model_alone_may_still_start_the_call_on_the_countdown():
    assert _alone({"sos": 0.97, NOTHING: 0.03}, COUNTDOWN).action == "sos"


CONFIRM = ("yes", "no", "sos", "back", "home", "read_aloud")


def test_the_model_alone_may_still_say_no_on_the_confirm_screen():
    assert _alone({"no": 0.97, NOTHING: 0.03}, CONFIRM).decision == "act"


def test_the_model_alone_never_places_an_order():
    result = _alone({"yes": 0.99, NOTHING: 0.01}, CONFIRM)
    assert result.decision == "none"
    assert result.action is None


# -- who is asked for, what is done oneself, thinking it over --------------------------------


def test_a_doctor_asked_for_is_not_quoted(understanders):
    assert acts(
        said(understanders, "zh_CN", "home", "上回那张体检单子我看不懂，想找个医生给讲讲"),
        "service.medical",
    )


def test_what_the_doctor_said_is_still_a_remark(understanders):
    assert said(understanders, "zh_CN", "home", "医生说我要多走走").decision == "none"


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("明天下午想去我闺女家，得有人送我过去", "service.escort"),
        ("不用上门打扫，就是想有人来陪我坐会儿", "service.companionship"),
    ],
)
def test_being_taken_somewhere_and_sat_with(understanders, text, action):
    assert acts(said(understanders, "zh_CN", "home", text), action)


@pytest.mark.parametrize("text", ["不吃不吃，饭我自己会做", "饭我自己能做"])
def test_doing_it_oneself_asks_for_nothing(understanders, text):
    assert said(understanders, "zh_CN", "home", text).decision == "none"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "你这机器还挺会说话"),
        ("zh_CN", "这台机器是谁做的"),
        ("en_US", "Who made this machine anyway"),
    ],
)
def test_a_remark_about_the_machine_asks_for_nothing(understanders, language, text):
    assert said(understanders, language, "home", text).decision == "none"


def test_measuring_on_the_machine_is_still_health(understanders):
    assert acts(said(understanders, "zh_CN", "home", "用这台机器给我测测血压"), "health")


@pytest.mark.parametrize("text", ["等一下，让我想想", "我再想想"])
@pytest.mark.parametrize("screen", ["sos_countdown", "confirm"])
def test_thinking_it_over_calls_nothing_off_and_orders_nothing(understanders, text, screen):
    assert said(understanders, "zh_CN", screen, text).decision == "none"


def test_a_call_said_after_a_yes_calls_now(understanders):
    assert acts(said(understanders, "zh_CN", "sos_countdown", "是，快叫"), "sos")
    assert acts(said(understanders, "zh_CN", "sos_countdown", "不是不叫，是快叫"), "sos")


def test_an_appointment_that_is_not_the_doctors_is_an_escort(understanders):
    result = said(
        understanders,
        "en_US",
        "home",
        "I've got a hair appointment Thursday and I'm not steady on my feet",
    )
    assert acts(result, "service.escort")


def test_a_doctors_appointment_is_still_medical(understanders):
    assert acts(
        said(understanders, "en_US", "home", "I need a doctor's appointment"), "service.medical"
    )


def test_read_that_out_is_reading_aloud(understanders):
    assert acts(
        said(understanders, "en_US", "home", "My glasses are upstairs, can you read that out"),
        "read_aloud",
    )


# -- a price remarked on ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["十五块钱？比上回贵了", "这么贵啊？", "行是行，就是贵了点"])
def test_a_remark_on_the_price_is_no_refusal(understanders, text):
    result = said(understanders, "zh_CN", "confirm", text)
    assert result.action != "no"
    assert result.decision != "act"


@pytest.mark.parametrize("text", ["贵了", "太贵了，不要", "要不起，太贵了"])
def test_a_price_refused_is_a_no(understanders, text):
    assert acts(said(understanders, "zh_CN", "confirm", text), "no")
