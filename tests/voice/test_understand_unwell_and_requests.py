"""On the SOS countdown, feeling unwell said with words of not knowing confirms the call and
never calls it off; an irregular heart said plainly starts the countdown; an illness that
explains a request for a service is that request; a price found not dear is a yes; a time of
day said alone on the when-question is asked about. Also: cross-validation reads the parts of
five-digit ids."""

from __future__ import annotations

import pytest

from bench.understand_cv import group_of
from tests.helpers.understanding import acts, said


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "我……我也说不好，就是有点晕"),
        ("zh_CN", "说不上来，就是心里发慌"),
        ("zh_CN", "不清楚，反正浑身不得劲"),
        ("en_US", "I... I don't know, I feel funny"),
        ("en_US", "I'm not sure, I feel a bit woozy"),
        ("en_US", "No idea, I just feel dizzy"),
    ],
)
def test_feeling_unwell_on_the_countdown_confirms_the_call(understanders, language, text):
    result = said(understanders, language, "sos_countdown", text)
    assert acts(result, "sos"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "我不晕，没事"),
        ("zh_CN", "不用叫人了，刚才就是有点晕，现在缓过来了"),
        ("en_US", "I'm fine, not dizzy at all"),
    ],
)
def test_unwell_denied_or_over_still_calls_off(understanders, language, text):
    result = said(understanders, language, "sos_countdown", text)
    assert acts(result, "cancel"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh_CN", "我也说不好"), ("en_US", "I don't know")],
)
def test_not_knowing_is_no_refusal(understanders, language, text):
    for screen in ("sos_countdown", "confirm"):
        result = said(understanders, language, screen, text)
        assert result.action not in ("no", "cancel") or result.decision != "act", result


@pytest.mark.parametrize(
    "text",
    ["降压药好像吃重了，现在心跳得乱七八糟，腿发软", "心跳得乱糟糟的", "心跳一阵快一阵慢"],
)
def test_an_irregular_heart_starts_the_countdown(understanders, text):
    assert acts(said(understanders, "zh_CN", "home", text), "sos")


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("我老伴儿中风以后，我一个人给他洗不动身子", "service.bathing"),
        ("老头子脑梗之后，我一个人给他洗不动澡", "service.bathing"),
        ("能不能让护士上门给我换个药？腿上那个口子还没长好", "service.medical"),
        ("手上的口子一直没愈合，想让护士来看看", "service.medical"),
    ],
)
def test_an_illness_that_explains_a_request_is_the_request(understanders, text, service):
    result = said(understanders, "zh_CN", "home", text)
    assert result.action != "sos", result
    assert result.action == service, result


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "十五块钱还行，不贵，就要这个"),
        ("zh_CN", "不算贵，就要它"),
        ("en_US", "Not too dear, I'll take it"),
        ("en_US", "That's reasonable, fair enough"),
    ],
)
def test_a_price_found_not_dear_is_a_yes(understanders, language, text):
    assert acts(said(understanders, language, "confirm", text), "yes")


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh_CN", "太贵了"), ("zh_CN", "不要了，太贵"), ("en_US", "Too dear, no thanks")],
)
def test_a_price_found_dear_is_still_no_yes(understanders, language, text):
    result = said(understanders, language, "confirm", text)
    assert result.action != "yes", result


@pytest.mark.parametrize(
    ("language", "text", "tomorrow"),
    [
        ("zh_CN", "下午", "option.tomorrow_afternoon"),
        ("zh_CN", "早上来吧", "option.tomorrow_morning"),
        ("zh_CN", "上午来", "option.tomorrow_morning"),
        ("en_US", "In the morning", "option.tomorrow_morning"),
        ("en_US", "Afternoon would suit", "option.tomorrow_afternoon"),
    ],
)
def test_a_time_of_day_alone_asks_which_day(understanders, language, text, tomorrow):
    result = said(understanders, language, "when_choice", text)
    assert result.decision == "ask", result
    assert set(result.alternatives) == {"option.today", tomorrow}, result


@pytest.mark.parametrize(
    ("language", "text", "option"),
    [
        ("zh_CN", "明天下午", "option.tomorrow_afternoon"),
        ("zh_CN", "今天下午", "option.today"),
        ("en_US", "Tomorrow morning", "option.tomorrow_morning"),
    ],
)
def test_a_time_of_day_with_its_day_acts(understanders, language, text, option):
    assert acts(said(understanders, language, "when_choice", text), option)


def test_five_digit_ids_are_their_own_part():
    assert group_of("zh-10001") == "zh-10xxx"
    assert group_of("en-10166") == "en-10xxx"
    assert group_of("en-9001") == "en-9xxx"
    assert group_of("zh-1500") == "zh-0xxx"
