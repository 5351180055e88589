"""Intent matching on text, for every screen's set of actions, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.catalog import load_catalog
from voice.intents import (
    GLOBAL_INTENTS,
    IntentMatcher,
    PhraseTableError,
    load_phrase_table,
    normalize,
)

LANGUAGES = ("zh_CN", "en_US")
CATALOG = load_catalog(None)
CHOICE_LISTS = {c.id: c for s in CATALOG.services for c in s.choices}
ENTRIES = ("my_orders", "health", "learn", "video_call")


def screen_intents() -> dict[str, tuple[str, ...]]:
    """The actions each screen offers by voice (ui/*: voice_commands + the window's)."""
    inner = (*GLOBAL_INTENTS,)
    screens = {
        "home": (
            *(f"service.{s.id}" for s in CATALOG.services),
            *ENTRIES,
            "language",
            "sos",
            "read_aloud",
        ),
        "confirm": ("yes", "no", "cancel", *inner),
        "cancel_order": ("yes", "no", *inner),
        "result": ("my_orders", *inner),
        "sos_countdown": ("cancel", "no", "read_aloud", "back", "home"),
        "plain": inner,
    }
    for choice_list in CHOICE_LISTS.values():
        screens[f"choice.{choice_list.id}"] = (
            *(f"option.{o.id}" for o in choice_list.options),
            *inner,
        )
    return screens


SCREENS = screen_intents()


def matcher_for(language: str, screen: str) -> IntentMatcher:
    table = load_phrase_table(language)
    extra: dict[str, list[str]] = {}
    if screen == "home":
        extra = {f"service.{s.id}": [s.name.get(language)] for s in CATALOG.services}
    elif screen.startswith("choice."):
        choice_list = CHOICE_LISTS[screen.split(".", 1)[1]]
        extra = {f"option.{o.id}": [o.label.get(language)] for o in choice_list.options}
    return IntentMatcher(table, extra=extra)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_offered_action_has_phrases(language):
    table = load_phrase_table(language)
    for screen, intents in SCREENS.items():
        matcher = matcher_for(language, screen)
        missing = [i for i in intents if not matcher.phrases([i])]
        assert not missing, f"{language} {screen}: no phrases for {missing}"
    assert set(table.intents) >= {f"service.{s.id}" for s in CATALOG.services}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_each_phrase_means_its_own_action_on_each_screen(language, screen):
    """No phrase of one action is taken for another, nor left ambiguous, where both are offered."""
    matcher = matcher_for(language, screen)
    intents = SCREENS[screen]
    for intent, phrases in matcher.phrases(intents).items():
        for phrase in phrases:
            result = matcher.match(phrase, intents)
            assert result.intent == intent, f"{language} {screen}: {phrase!r} -> {result}"


@pytest.mark.parametrize(
    ("language", "screen", "said", "intent"),
    [
        # everyday variants, fillers and vosk's spaces between Chinese words
        ("zh_CN", "home", "我想订个午饭", "service.meals"),
        ("zh_CN", "home", "嗯 那个 我想 订 个 午饭", "service.meals"),
        ("zh_CN", "home", "我要吃饭", "service.meals"),
        ("zh_CN", "home", "帮我打扫一下卫生吧", "service.cleaning"),
        ("zh_CN", "home", "救命啊", "sos"),
        ("zh_CN", "home", "快来人", "sos"),
        ("zh_CN", "home", "给女儿打视频", "video_call"),
        ("zh_CN", "home", "助餐", "service.meals"),
        ("zh_CN", "home", "主餐", "service.meals"),  # a usual mishearing of 助餐
        ("zh_CN", "home", "换成英文吧", "language"),
        ("en_US", "home", "in Chinese please", "language"),
        ("zh_CN", "confirm", "是", "yes"),
        ("zh_CN", "confirm", "好的好的", "yes"),
        ("zh_CN", "confirm", "不要", "no"),
        ("zh_CN", "confirm", "不是", "no"),
        ("zh_CN", "confirm", "返回", "back"),
        ("zh_CN", "choice.meal", "今天中午", "option.today_lunch"),
        ("zh_CN", "choice.meal", "明天晚上", "option.tomorrow_dinner"),
        ("zh_CN", "choice.portions", "两份", "option.2"),
        ("zh_CN", "choice.when", "明天上午", "option.tomorrow_morning"),
        ("zh_CN", "sos_countdown", "取消", "cancel"),
        ("zh_CN", "sos_countdown", "别叫了", "cancel"),
        ("en_US", "home", "I want to order lunch please", "service.meals"),
        ("en_US", "home", "um cleaning please", "service.cleaning"),
        ("en_US", "home", "Help!", "sos"),
        ("en_US", "home", "call my daughter", "video_call"),
        ("en_US", "confirm", "Yes please", "yes"),
        ("en_US", "confirm", "no thanks", "no"),
        ("en_US", "confirm", "go back", "back"),
        ("en_US", "choice.portions", "two portions", "option.2"),
        ("en_US", "choice.portions", "too", "option.2"),  # a usual mishearing of "two"
        ("en_US", "choice.when", "now", "option.now"),
        ("en_US", "choice.meal", "dinner tomorrow", "option.tomorrow_dinner"),
        ("en_US", "sos_countdown", "stop", "cancel"),
    ],
)
def test_variants_are_understood(language, screen, said, intent):
    result = matcher_for(language, screen).match(said, SCREENS[screen])
    assert result.intent == intent, result


@pytest.mark.parametrize(
    ("language", "screen", "said", "reason"),
    [
        ("zh_CN", "home", "", "empty"),
        ("zh_CN", "home", "   ", "empty"),
        ("zh_CN", "home", "嗯", "empty"),  # a filler alone says nothing
        ("zh_CN", "home", "今天天气不错", "unclear"),
        ("zh_CN", "home", "四", "unclear"),
        ("zh_CN", "confirm", "我不知道", "unclear"),
        ("zh_CN", "home", "我" * 60, "too_long"),
        ("zh_CN", "choice.meal", "饭", "unclear"),  # lunch or dinner? ask again
        ("zh_CN", "confirm", "是 不是", "ambiguous"),  # yes and no at once
        ("en_US", "home", "", "empty"),
        ("en_US", "home", "um uh", "empty"),
        ("en_US", "home", "what a lovely day outside", "unclear"),
        ("en_US", "confirm", "yes no", "ambiguous"),
        ("en_US", "choice.when", "no", "unclear"),  # "no" is not "now"
        ("en_US", "confirm", "now", "unclear"),  # nor "now" "no"
        ("en_US", "home", " ".join(["order"] * 20), "too_long"),
        ("en_US", "home", "救命", "unclear"),  # the other language's words do nothing
        ("zh_CN", "home", "help", "unclear"),
    ],
)
def test_near_misses_and_noise_do_nothing(language, screen, said, reason):
    result = matcher_for(language, screen).match(said, SCREENS[screen])
    assert result.intent is None, result
    assert result.reason == reason, result


def test_actions_not_on_the_screen_are_never_chosen():
    matcher = matcher_for("zh_CN", "confirm")
    # 助餐 is a home-screen action; on the confirm screen it must not become "yes".
    assert matcher.match("助餐", SCREENS["confirm"]).intent is None
    assert matcher.match("救命", ("yes", "no")).intent is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_an_answer_and_never_raises(text):
    for language in LANGUAGES:
        result = matcher_for(language, "confirm").match(text, SCREENS["confirm"])
        assert result.reason in ("ok", "empty", "too_long", "unclear", "ambiguous")
        assert (result.intent is not None) == (result.reason == "ok")


def test_normalize_folds_width_case_and_punctuation():
    assert normalize("ＹＥＳ， Please!", "en_US") == "yes please"
    assert normalize("我 想，订 个 午饭。", "zh_CN") == "我想订个午饭"


def test_a_broken_table_is_named(tmp_path: Path):
    with pytest.raises(PhraseTableError, match="no voice phrases"):
        load_phrase_table("xx_XX", tmp_path)
    (tmp_path / "xx_XX.toml").write_text("[intents\n", encoding="utf-8")
    with pytest.raises(PhraseTableError, match="cannot be read"):
        load_phrase_table("xx_XX", tmp_path)
    (tmp_path / "xx_XX.toml").write_text("[intents]\nyes = []\n", encoding="utf-8")
    with pytest.raises(PhraseTableError, match="'yes' needs a non-empty list"):
        load_phrase_table("xx_XX", tmp_path)
    (tmp_path / "xx_XX.toml").write_text('[intents]\nyes = ["!!"]\n', encoding="utf-8")
    with pytest.raises(PhraseTableError, match="empty or non-text"):
        load_phrase_table("xx_XX", tmp_path)
    (tmp_path / "xx_XX.toml").write_bytes(b"\xff\xfe[")
    with pytest.raises(PhraseTableError, match="cannot be read"):
        load_phrase_table("xx_XX", tmp_path)


@pytest.mark.parametrize(
    ("said", "left"),
    [
        ("I'd like lunch", "lunch"),  # not "d lunch"
        ("I’d like lunch", "lunch"),  # a typographic apostrophe is the same
        ("I'm here", "am here"),
        ("What's for dinner?", "what is for dinner"),
        ("Um, okay then, dinner", "dinner"),  # a filler of two words
        ("I don't want cleaning", "do not cleaning"),
        ("I can't breathe", "not breathe"),
        ("tomorrow's lunch", "tomorrow lunch"),
    ],
)
def test_english_contractions_are_spelled_out_before_fillers_go(said, left):
    assert matcher_for("en_US", "home").strip_fillers(said) == left


def test_a_contraction_no_longer_spoils_a_match():
    assert matcher_for("en_US", "home").match("I'd like lunch", SCREENS["home"]).intent == (
        "service.meals"
    )
    confirm = matcher_for("en_US", "confirm")
    assert confirm.match("that's right", SCREENS["confirm"]).intent == "yes"
    assert normalize("I won't, it's O’Clock", "en_US") == "i will not it is oclock"
