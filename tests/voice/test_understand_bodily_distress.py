"""Acute bodily distress said as a plain statement starts the countdown on any screen (a
scald with blisters, sitting on the floor unable to get up, pain with sweating, pain in the arm
and the jaw, "something's wrong" with the chest); a wound whose dressing is due, a habit of
cramps or a child sitting on the floor does not. A yes said over a denied no is a yes."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import acts, said


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "home", "开水浇脚上了，起了一片大泡，疼得受不了"),
        ("zh_CN", "home", "热油溅手上了"),
        ("zh_CN", "home", "我一站起来就往下出溜，现在坐地上呢"),
        ("zh_CN", "confirm", "我坐在地上起不来了"),
        ("zh_CN", "meals_choice", "先别管饭了，我肚子疼得直冒汗"),
        ("zh_CN", "sos_countdown", "好像没事了……又有点晕乎"),
        ("en_US", "meals_choice", "Oh, my stomach, it's cramping something awful"),
        ("en_US", "confirm", "Oh, my chest, something's wrong"),
        ("en_US", "home", "Oh God, the pain in my arm and my jaw"),
        ("en_US", "portions_choice", "The pain is awful, I'm pouring with sweat"),
    ],
)
def test_acute_bodily_distress_starts_the_countdown(understanders, language, screen, text):
    result = said(understanders, language, screen, text)
    assert acts(result, "sos"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "腿上那个口子该换药了，能叫护士上门吗"),
        ("zh_CN", "手上的口子该换药了"),
        ("en_US", "The cut on my leg needs the dressing changed, can a nurse come"),
    ],
)
def test_a_wound_whose_dressing_is_due_is_the_medical_service(understanders, language, text):
    result = said(understanders, language, "home", text)
    assert acts(result, "service.medical"), result


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "home", "孙子坐地上玩呢"),
        ("zh_CN", "home", "脚上磨了个泡，走路疼"),
        ("zh_CN", "sos_countdown", "没事了，刚才有点晕乎，现在好了"),
        ("en_US", "home", "I get cramp in my legs at night, it's awful"),
        ("en_US", "home", "Something is wrong with the TV"),
    ],
)
def test_what_is_no_acute_distress_starts_no_countdown(understanders, language, screen, text):
    result = said(understanders, language, screen, text)
    assert result.action != "sos" or result.decision != "act", result


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh_CN", "没说不要啊，订吧"), ("zh_CN", "我说订"), ("en_US", "I never said no, I said yes")],
)
def test_a_yes_said_over_a_denied_no_is_a_yes(understanders, language, text):
    result = said(understanders, language, "confirm", text)
    assert acts(result, "yes"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh_CN", "不要，我说不要"), ("en_US", "I said no")],
)
def test_a_no_said_again_stays_a_no(understanders, language, text):
    result = said(understanders, language, "confirm", text)
    assert acts(result, "no"), result
