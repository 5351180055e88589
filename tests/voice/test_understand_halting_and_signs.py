"""Safety read by rule: on the SOS countdown a plea to go ahead and speech broken off by
breathlessness or pain confirm the call, a recovery said calls it off; a cry that breaks
into an answer is the cry; breathlessness, numbness, slurred speech and an allergic reaction
said in everyday ways are SOS on any screen, numbness from sitting is not; weighing a thing
up ("订不订呢") and a "no" said of someone else answer nothing."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import acts, said
from voice.understand.broken import halting, repeats, weighing_up

# -- on the countdown: go ahead ----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "快"),
        ("zh_CN", "快叫"),
        ("zh_CN", "叫吧"),
        ("zh_CN", "打吧"),
        ("zh_CN", "快点……别等了"),
        ("en_US", "Call them now"),
        ("en_US", "call"),
        ("en_US", "hurry"),
        ("en_US", "quick"),
        ("en_US", "Go ahead and ring them"),
    ],
)
def test_a_plea_to_go_ahead_confirms_the_call(understanders, language, text):
    assert acts(said(understanders, language, "sos_countdown", text), "sos")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "喘……喘不……"),
        ("zh_CN", "嗯……快……快……"),
        ("zh_CN", "疼……胸口……"),
        ("en_US", "can't... breathe"),
        ("en_US", "I... can't... get my breath"),
    ],
)
def test_speech_broken_off_by_breathlessness_or_pain_confirms_the_call(
    understanders, language, text
):
    assert acts(said(understanders, language, "sos_countdown", text), "sos")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "不用不用，我已经缓过来了"),
        ("zh_CN", "我能喘气了，没事了"),
        ("zh_CN", "别叫了，快停下"),
        ("zh_CN", "不用叫救护车，我刚才就是腿麻了一下，现在好了"),
        ("en_US", "I can breathe fine now"),
        ("en_US", "It's passed, I'm breathing fine again, cancel"),
    ],
)
def test_a_recovery_said_on_the_countdown_calls_it_off(understanders, language, text):
    assert acts(said(understanders, language, "sos_countdown", text), "cancel")


@pytest.mark.parametrize(("language", "text"), [("zh_CN", "不用"), ("en_US", "no")])
def test_a_plain_no_on_the_countdown_stays_a_no(understanders, language, text):
    assert acts(said(understanders, language, "sos_countdown", text), "no")


@pytest.mark.parametrize(
    ("language", "screen", "text", "action"),
    [
        ("en_US", "home", "call my son", "video_call"),
        ("en_US", "home", "hurry up with my lunch", "service.meals"),
    ],
)
def test_go_ahead_words_elsewhere_keep_their_meaning(understanders, language, screen, text, action):
    assert acts(said(understanders, language, screen, text), action)


@pytest.mark.parametrize(
    ("language", "text"), [("zh_CN", "快"), ("en_US", "hurry"), ("en_US", "Call them now")]
)
def test_go_ahead_words_on_confirm_place_no_order(understanders, language, text):
    assert said(understanders, language, "confirm", text).action != "yes"


# -- a cry that breaks into an answer -----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en_US", "Yes... oh, oh, my chest"),
        ("en_US", "Okay... ow, ow, my heart"),
        ("zh_CN", "好的……哎哟，心口……"),
        ("zh_CN", "订……订……我手脚发麻，说不利索了"),
    ],
)
def test_a_cry_that_breaks_into_an_answer_is_the_cry(understanders, language, text):
    assert acts(said(understanders, language, "confirm", text), "sos")


@pytest.mark.parametrize(
    ("language", "text"), [("en_US", "Oh, yes please"), ("zh_CN", "哎哟，好的，订吧")]
)
def test_a_cry_with_no_word_of_distress_is_still_a_yes(understanders, language, text):
    assert acts(said(understanders, language, "confirm", text), "yes")


# -- breathlessness, numbness, slurred speech, an allergic reaction ------------------------


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "home", "吸不上气，哮喘喷雾找不着了"),
        ("zh_CN", "home", "上不来气"),
        ("zh_CN", "meals_choice", "透不过气"),
        ("zh_CN", "home", "胸口憋得慌"),
        ("zh_CN", "home", "手脚发麻"),
        ("zh_CN", "when_choice", "说话不利索"),
        ("zh_CN", "home", "左边胳膊麻了"),
        ("zh_CN", "home", "吃了药以后浑身起疙瘩，嗓子也肿了"),
        ("zh_CN", "home", "嗓子肿了，咽不下去"),
        ("en_US", "portions_choice", "My arm's gone numb and tingly"),
        ("en_US", "home", "my hand is tingly"),
        ("en_US", "home", "pins and needles down one side"),
        ("en_US", "home", "my throat is swelling up after the new pills"),
        ("en_US", "confirm", "I can't swallow"),
    ],
)
def test_signs_said_in_everyday_ways_start_the_countdown(understanders, language, screen, text):
    assert acts(said(understanders, language, screen, text), "sos")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "坐久了腿有点发麻"),
        ("zh_CN", "蹲久了脚有点麻，不碍事"),
        ("zh_CN", "今天这天憋得慌"),
        ("en_US", "pins and needles from sitting too long"),
        ("en_US", "My legs are tingling from sitting too long in this chair"),
        ("en_US", "My arm is numb from sleeping on it"),
    ],
)
def test_numbness_with_an_everyday_cause_starts_no_countdown(understanders, language, text):
    assert said(understanders, language, "home", text).action != "sos"


# -- weighing up, and a no of someone else --------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "订不订呢……"),
        ("zh_CN", "要不要订呢，让我再想想"),
        ("en_US", "My late husband would never have paid that"),
        ("en_US", "My son would never have ordered the fish"),
    ],
)
def test_weighing_up_or_a_no_of_someone_else_answers_nothing(understanders, language, text):
    assert said(understanders, language, "confirm", text).decision == "none"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "订不订呢……算了，不订了"),
        ("zh_CN", "不订"),
        ("en_US", "No, my son will bring me lunch"),
    ],
)
def test_the_elders_own_no_still_refuses(understanders, language, text):
    assert acts(said(understanders, language, "confirm", text), "no")


# -- the pieces -----------------------------------------------------------------------------


def test_pauses_and_stumbles_are_seen():
    assert halting("喘……喘不……") and halting("can't... breathe")
    assert not halting("我胸口疼。") and not halting("Call them now.")
    assert repeats([["快"], ["快"]]) and repeats([["喘"], ["喘不"]])
    assert not repeats([["不用", "了"], ["我", "没事"]])


def test_weighing_up_is_found_in_both_segmentations():
    assert weighing_up([["订", "不订", "呢"]]) == frozenset({0})
    assert weighing_up([["好"], ["要", "不", "要"]]) == frozenset({1})
    assert weighing_up([["不要", "了"]]) == frozenset()
