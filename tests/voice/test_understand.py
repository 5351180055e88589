"""Understanding everyday speech on text (voice.understand): concepts, negation, slots,
distress, the decision per screen, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.understanding import LANGUAGES, acts, said
from voice.intents import PhraseTableError, load_phrase_table
from voice.understand import GLOBAL_ACTIONS, SCREEN_NAMES, Understander
from voice.understand.lexicon import build_lexicon
from voice.understand.segment import LexiconSegmenter

# -- concepts and slots said along --------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "action", "slots"),
    [
        ("zh_CN", "中午给我送个饭", "service.meals", {"meal": "today_lunch"}),
        ("zh_CN", "家里该打扫了", "service.cleaning", {}),
        ("zh_CN", "明天早上要一份早饭", "service.meals", {"portions": "1"}),  # no breakfast
        ("zh_CN", "后天晚上送三份饭", "service.meals", {"portions": "3"}),  # no day after
        ("zh_CN", "明天下午来帮我洗个澡", "service.bathing", {"when": "tomorrow_afternoon"}),
        ("zh_CN", "今天下午能来个人陪我聊聊天吗", "service.companionship", {"when": "today"}),
        ("zh_CN", "马上派人来修一下停电的事", "service.urgent", {}),  # no questions asked
        ("zh_CN", "明儿晌午给我和老伴送俩人的饭", "service.meals",
         {"meal": "tomorrow_lunch", "portions": "2"}),
        ("zh_CN", "午饭", "service.meals", {"meal": "today_lunch"}),  # not an ambiguity
        ("zh_CN", "晚饭要两份", "service.meals", {"meal": "today_dinner", "portions": "2"}),
        ("en_US", "I'm lonely, can someone come and talk", "service.companionship", {}),
        ("en_US", "lunch", "service.meals", {"meal": "today_lunch"}),
        ("en_US", "dinner", "service.meals", {"meal": "today_dinner"}),
        ("en_US", "Two lunches tomorrow please", "service.meals",
         {"meal": "tomorrow_lunch", "portions": "2"}),
        ("en_US", "dinner for three tonight", "service.meals",
         {"meal": "today_dinner", "portions": "3"}),
        ("en_US", "Could someone clean the flat tomorrow morning?", "service.cleaning",
         {"when": "tomorrow_morning"}),
        ("en_US", "I need my prescription picked up right now", "service.medical",
         {"when": "now"}),
    ],
)  # fmt: skip
def test_services_and_their_answers_on_home(understanders, language, text, action, slots):
    result = said(understanders, language, "home", text)
    assert acts(result, action, slots), result


@pytest.mark.parametrize(
    ("language", "screen", "text", "action", "slots"),
    [
        ("zh_CN", "meals_choice", "明天中午", "option.tomorrow_lunch", {"meal": "tomorrow_lunch"}),
        ("zh_CN", "meals_choice", "晚上那顿吧", "option.today_dinner", {"meal": "today_dinner"}),
        ("zh_CN", "when_choice", "今天下午就行", "option.today", {"when": "today"}),
        ("zh_CN", "when_choice", "马上", "option.now", {"when": "now"}),
        ("zh_CN", "portions_choice", "来俩", "option.2", {"portions": "2"}),
        ("zh_CN", "portions_choice", "3份", "option.3", {"portions": "3"}),
        ("zh_CN", "portions_choice", "就一个人吃", "option.1", {"portions": "1"}),
        ("en_US", "meals_choice", "tomorrow's dinner", "option.tomorrow_dinner",
         {"meal": "tomorrow_dinner"}),
        ("en_US", "when_choice", "this afternoon", "option.today", {"when": "today"}),
        ("en_US", "when_choice", "straight away please", "option.now", {"when": "now"}),
        ("en_US", "portions_choice", "two", "option.2", {"portions": "2"}),
        ("en_US", "portions_choice", "2", "option.2", {"portions": "2"}),
        ("en_US", "portions_choice", "the two of us", "option.2", {"portions": "2"}),
    ],
)  # fmt: skip
def test_answers_on_their_question(understanders, language, screen, text, action, slots):
    assert acts(said(understanders, language, screen, text), action, slots)


@pytest.mark.parametrize(
    ("language", "screen", "text", "alternatives"),
    [
        ("zh_CN", "meals_choice", "明天的", {"option.tomorrow_lunch", "option.tomorrow_dinner"}),
        ("zh_CN", "when_choice", "明天", {"option.tomorrow_morning", "option.tomorrow_afternoon"}),
        ("zh_CN", "portions_choice", "两三份", {"option.2", "option.3"}),
        ("en_US", "portions_choice", "one or two", {"option.1", "option.2"}),
        ("zh_CN", "home", "量个血压", {"health", "service.medical"}),
        ("en_US", "home", "help with the shopping and a meal",
         {"service.errands", "service.meals"}),
    ],
)  # fmt: skip
def test_torn_between_meanings_it_asks(understanders, language, screen, text, alternatives):
    result = said(understanders, language, screen, text)
    assert result.decision == "ask", result
    assert set(result.alternatives) == alternatives
    assert 2 <= len(result.alternatives) <= 3
    assert result.action == result.alternatives[0]


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "meals_choice", "早饭"),  # breakfast is not offered
        ("zh_CN", "portions_choice", "四份"),
        ("zh_CN", "when_choice", "后天"),
        ("zh_CN", "meals_choice", "饭"),  # four meals fit: ask again, not four buttons
        ("en_US", "portions_choice", "four"),
        ("en_US", "when_choice", "next week"),
    ],
)
def test_answers_no_option_has_do_nothing(understanders, language, screen, text):
    result = said(understanders, language, screen, text)
    assert result.decision == "none", result


# -- negation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "screen", "text", "action"),
    [
        ("zh_CN", "home", "不要助餐", None),
        ("zh_CN", "home", "不用打扫了", None),
        ("zh_CN", "home", "洗澡就不用了", None),  # the denial after what it denies
        ("zh_CN", "home", "别送饭了", None),
        ("zh_CN", "home", "不要助餐，我要助洁", "service.cleaning"),
        ("zh_CN", "home", "不是看病，是陪我出去走走", "service.escort"),
        ("zh_CN", "home", "好几天没洗澡了", "service.bathing"),  # a lack is a need
        ("zh_CN", "confirm", "不要了", "no"),
        ("zh_CN", "confirm", "不要助餐", "no"),
        ("zh_CN", "when_choice", "今天不行，明天下午", "option.tomorrow_afternoon"),
        ("zh_CN", "portions_choice", "不要两份，一份就够", "option.1"),
        ("en_US", "home", "I don't want cleaning", None),
        ("en_US", "home", "I do not need a bath", None),
        ("en_US", "home", "No cleaning today", None),
        ("en_US", "home", "I don't need meals, I need a bath", "service.bathing"),
        ("en_US", "home", "Not meals, cleaning", "service.cleaning"),
        ("en_US", "home", "I haven't eaten all day", "service.meals"),
        ("en_US", "home", "I can't manage the stairs", "service.escort"),
        ("en_US", "confirm", "No, that's wrong", "no"),
        ("en_US", "portions_choice", "not two, three", "option.3"),
    ],
)
def test_negation_is_never_an_act_on_what_it_denies(understanders, language, screen, text, action):
    result = said(understanders, language, screen, text)
    if action is None:
        assert result.decision == "none", result
        assert result.reason == "negated", result
    else:
        assert acts(result, action), result


# -- distress -------------------------------------------------------------------------------

DISTRESS = {
    "zh_CN": ["救命", "我摔倒了", "喘不上气", "胸口疼得厉害", "流了好多血", "快来人啊",
              "头晕站不住"],
    "en_US": ["Help!", "I've fallen and can't get up", "I can't breathe", "My chest hurts",
              "I'm bleeding", "call an ambulance"],
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREEN_NAMES)
def test_distress_is_sos_on_every_screen(understanders, language, screen):
    for text in DISTRESS[language]:
        result = said(understanders, language, screen, text)
        assert acts(result, "sos", {}), (screen, text, result)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "我没摔着，就是想找人说说话"),
        ("zh_CN", "一个人洗澡怕滑倒"),
        ("en_US", "I want to go for a walk but I'm scared of falling"),
        ("en_US", "I didn't fall, I just want a chat"),
    ],
)
def test_a_distress_word_denied_or_feared_is_no_distress(understanders, language, text):
    result = said(understanders, language, "home", text)
    assert result.action != "sos", result
    assert result.decision == "act", result


def test_distress_opens_the_countdown_even_where_only_cancel_is_offered(understanders):
    result = understanders["zh_CN"].understand("救命", ("cancel", "no"))
    assert acts(result, "sos")
    result = understanders["zh_CN"].understand("不要取消，快叫人", ("cancel", "no"))
    assert acts(result, "sos")


# -- what the screen offers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "screen", "text", "guess"),
    [
        ("zh_CN", "confirm", "我要助洁", "service.cleaning"),
        ("zh_CN", "sos_countdown", "我要助餐", "service.meals"),
        ("zh_CN", "meals_choice", "助洁", "service.cleaning"),
        ("zh_CN", "home", "确定", "yes"),
        ("en_US", "confirm", "I want bathing", "service.bathing"),
        ("en_US", "sos_countdown", "Order lunch", "service.meals"),
        ("en_US", "home", "cancel", "cancel"),
    ],
)
def test_an_action_the_screen_does_not_offer_is_never_acted_on(
    understanders, language, screen, text, guess
):
    result = said(understanders, language, screen, text)
    assert result.decision == "none", result
    assert result.reason == "not_here"
    assert result.action == guess  # the best guess, for the log


def test_offered_actions_are_the_callers_and_sos_is_always_added(understanders):
    zh = understanders["zh_CN"]
    # The kiosk's home screen has no Back: a "back" heard there is not acted on.
    assert zh.understand("返回", ("service.meals", "read_aloud")).decision == "none"
    assert acts(zh.understand("返回", ("service.meals", "back")), "back")
    assert acts(zh.understand("救命", ("service.meals",)), "sos")
    offered, slots_for = zh.screen("confirm")
    assert set(offered) == {"yes", "no", *GLOBAL_ACTIONS} and slots_for == ()


def test_on_a_question_its_service_is_the_frame_not_a_wish(understanders):
    result = said(understanders, "zh_CN", "meals_choice", "明天中午的饭")
    assert acts(result, "option.tomorrow_lunch", {"meal": "tomorrow_lunch"})


def test_only_wanted_questions_are_filled(understanders):
    zh = understanders["zh_CN"]
    offered, _ = zh.screen("home")
    result = zh.understand("明天中午送两份饭", offered, slots_for=("portions",))
    assert acts(result, "service.meals", {"portions": "2"})
    assert zh.understand("明天中午送两份饭", offered).slots == {}
    # A service's own questions only: a time said with cleaning is no meal.
    result = zh.understand("明天上午来打扫", offered, slots_for=("meal", "portions", "when"))
    assert acts(result, "service.cleaning", {"when": "tomorrow_morning"})


# -- noise, fillers, mishearing, chatter ----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "screen", "text", "action"),
    [
        ("zh_CN", "home", "嗯，那个，我想，订个饭吧", "service.meals"),
        ("zh_CN", "home", "嗯 那个 我想 订 个 午饭", "service.meals"),  # vosk's spaces
        ("en_US", "home", "Um, well, I'd like some cleaning", "service.cleaning"),
        ("en_US", "home", "Uh, I'm, er, wanting lunch today", "service.meals"),
        ("zh_CN", "home", "主语", "service.bathing"),  # 助浴, misheard: the same pinyin
        ("zh_CN", "sos_countdown", "去笑", "cancel"),  # 取消
        ("zh_CN", "when_choice", "明天商务", "option.tomorrow_morning"),  # 上午, not 晌午
        ("en_US", "sos_countdown", "can sell", "cancel"),
        ("en_US", "confirm", "can firm", "yes"),
        ("en_US", "meals_choice", "launch today", "option.today_lunch"),
        ("en_US", "home", "Read allowed", "read_aloud"),
    ],
)
def test_fillers_and_mishearings(understanders, language, screen, text, action):
    assert acts(said(understanders, language, screen, text), action)


@pytest.mark.parametrize(
    ("language", "screen", "text"),
    [
        ("zh_CN", "home", "今天天气不错"),
        ("zh_CN", "home", "我昨天吃饭的时候看了个电视剧"),
        ("zh_CN", "home", "收音机里在讲养老金又涨了"),
        ("zh_CN", "confirm", "我儿子昨天来过了"),
        ("en_US", "home", "Lovely weather today"),
        ("en_US", "home", "My son came round yesterday"),
        ("en_US", "meals_choice", "The radio says rain tomorrow"),
        ("en_US", "confirm", "My grandson plays football"),
        ("en_US", "home", "I walked two miles to the shops yesterday"),
        ("en_US", "home", "The lift in our building was fixed"),  # "building" is no "bleeding"
        ("en_US", "home", "I was reading the paper"),  # "reading" is no "readings"
        ("zh_CN", "home", "我孙子最爱吃饺子"),
        ("zh_CN", "home", "我们楼的电梯修好了"),
    ],
)
def test_chatter_asks_for_nothing(understanders, language, screen, text):
    assert said(understanders, language, screen, text).decision == "none"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "我们那时候哪有这么好的条件"),
        ("zh_CN", "我一个人住也挺好的"),
        ("zh_CN", "好热啊"),
        ("zh_CN", "这是什么东西"),
        ("zh_CN", "今天的新闻说要降温了"),
        ("en_US", "This show is really good"),
        ("en_US", "The flowers in the park are lovely"),
        ("en_US", "I'm doing fine for my age"),
    ],
)
def test_no_order_is_placed_on_words_that_only_contain_a_yes(understanders, language, text):
    """On the confirm screen a yes places the order: it must begin what is said, or be
    all that is said ("对", "good"), never a word inside a remark."""
    result = said(understanders, language, "confirm", text)
    assert result.action != "yes" or result.decision != "act", result


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh_CN", "对"), ("zh_CN", "好的好的"), ("zh_CN", "可以，帮我下单好吗"), ("en_US", "good"),
     ("en_US", "Cheers, that's grand"), ("en_US", "Can you go ahead and book it?")],
)  # fmt: skip
def test_a_yes_said_as_an_answer_is_one(understanders, language, text):
    assert acts(said(understanders, language, "confirm", text), "yes")


@pytest.mark.parametrize(
    ("language", "text", "reason"),
    [
        ("zh_CN", "", "empty"),
        ("zh_CN", "   ", "empty"),
        ("zh_CN", "，。！", "empty"),
        ("zh_CN", "我" * 90, "too_long"),
        ("en_US", " ".join(["lunch"] * 45), "too_long"),
        ("en_US", "hmm", "unclear"),
    ],
)
def test_empty_and_too_long(understanders, language, text, reason):
    result = said(understanders, language, "home", text)
    assert result.decision == "none" and result.reason == reason, result


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=120), screen=st.sampled_from(SCREEN_NAMES))
def test_any_text_gives_an_answer_and_never_raises(understanders, text, screen):
    for language in LANGUAGES:
        result = said(understanders, language, screen, text)
        offered, _ = understanders[language].screen(screen)
        assert result.decision in ("act", "ask", "none")
        assert result.reason in (
            "ok", "empty", "unclear", "ambiguous", "not_here", "negated", "too_long"
        )  # fmt: skip
        if result.decision == "act":
            assert result.action in offered
        if result.decision == "ask":
            assert 2 <= len(result.alternatives) <= 3
            assert set(result.alternatives) <= set(offered)


# -- the grammar's phrases and the word lists ----------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_phrase_of_the_grammar_is_understood_too(understanders, language):
    """What the per-screen grammar hears as an action, the free path understands alike
    (the phrases of [intents], on a screen offering that action)."""
    understander = understanders[language]
    table = load_phrase_table(language)
    screens = {name: understander.screen(name)[0] for name in SCREEN_NAMES}
    missed = []
    for intent, phrases in table.intents.items():
        screen = next((n for n, offered in screens.items() if intent in offered), None)
        if screen is None:
            continue  # not on the shared list (stay, cancel_order ...)
        for phrase in phrases:
            result = understander.understand_screen(phrase, screen)
            # On the countdown "no" and "cancel" are one deed: the call is not made.
            same = {intent, "no"} if (screen, intent) == ("sos_countdown", "cancel") else {intent}
            if not (result.decision == "act" and result.action in same):
                missed.append((screen, phrase, intent, result.decision, result.action))
    assert not missed


def test_a_broken_word_list_is_named(tmp_path: Path):
    table = load_phrase_table("zh_CN")

    def broken(words):
        return type(table)(table.language, table.intents, table.fillers, tmp_path, words)

    with pytest.raises(PhraseTableError, match=r"\[concepts\] 'x' must be a list"):
        build_lexicon(broken({"concepts": {"x": "饭"}}))
    with pytest.raises(PhraseTableError, match=r"\[negation\] may hold only"):
        build_lexicon(broken({"negation": {"sometimes": ["不"]}}))
    with pytest.raises(PhraseTableError, match="portions are keyed by number"):
        build_lexicon(broken({"slots": {"portions": {"many": ["多"]}}}))
    with pytest.raises(PhraseTableError, match="empty word"):
        build_lexicon(broken({"concepts": {"x": ["！"]}}))


def test_screen_words_given_as_extra_are_concepts():
    understander = Understander("en_US", extra={"service.legal": ["Ask a notary"]})
    assert acts(understander.understand_screen("ask a notary", "home"), "service.legal")


def test_without_jieba_our_word_lists_cut_chinese():
    cutter = LexiconSegmenter(["中午", "送饭", "饭"])
    assert cutter.cut("中午给我送饭ok") == ["中午", "给", "我", "送饭", "ok"]
    assert cutter.frequency("中午") == 0
