"""Understanding by structure (voice.understand: pairs, remarks, distress time, how words
are said): sentences said in words no list holds whole are understood from their parts.

The sentences here are our own, none of the corpus's: they test the mechanisms, not the
word lists' coverage of one set of sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.understanding import LANGUAGES, acts, said
from voice.intents import PhraseTable, PhraseTableError, load_phrase_table
from voice.understand import SCREEN_NAMES, Understander
from voice.understand.lexicon import build_lexicon

# -- distress as structure: a part of the body and what is wrong with it --------------------

DISTRESS = {
    "zh_CN": [
        "心口像针扎一样疼",  # chest + pain, words between
        "胸口压得慌",  # chest + weight
        "我喘气特别费劲",  # breath + difficulty
        "气都喘不匀了",
        "我脑袋嗡嗡的，天旋地转",  # dizziness
        "头好晕，站都站不稳",
        "切菜把手划破了，一直在流血",  # a wound, bleeding
        "鼻子一直流血止不住",
        "我在卫生间滑了一跤，起不来了",  # a fall
        "我从床上掉下来了",
        "我在地上躺了半天了",
        "我说话说不清楚了，嘴也歪了",  # a stroke
        "我半边身子发麻，使不上劲",
        "老头子突然晕过去了",  # the spouse, said regionally (老头子 is 老伴)
        "老伴倒在地上叫不醒",
        "心脏病犯了",
        "我晕得厉害",  # severity
        "这两天老是胸口疼，现在疼得受不了",  # lasting, but urgent now
    ],
    "en_US": [
        "It feels like an elephant is sitting on my chest",
        "There's a crushing pain in my chest",
        "My heart is racing and I feel sick",
        "I can hardly breathe",
        "The room is spinning",
        "I've sliced my hand and it won't stop bleeding",
        "I tripped on the rug and I'm on the floor",
        "I've had a fall",  # not "I've had lunch": a need met, distress not
        "My speech is slurred",
        "My face is drooping on one side",
        "My wife won't wake up",
        "I'm in agony",
        "I've taken too many pills",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREEN_NAMES)
def test_distress_said_in_everyday_words_is_sos_on_every_screen(understanders, language, screen):
    missed = [
        text
        for text in DISTRESS[language]
        if not acts(said(understanders, language, screen, text), "sos")
    ]
    assert not missed, screen


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "我胸口不疼了"),  # a denial before the later word of the pair
        ("zh_CN", "我心疼我孙子"),  # 心疼 is a feeling, not the heart
        ("zh_CN", "天黑了"),
        ("zh_CN", "去年摔过一跤，现在出门都怕"),  # the past
        ("zh_CN", "我以前中过风"),
        ("zh_CN", "我老伴年轻时摔断过腿"),
        ("zh_CN", "差点滑倒"),  # almost: it did not happen
        ("zh_CN", "我老伴倒了杯水"),  # poured, not fell
        ("zh_CN", "吃花椒吃得嘴麻"),
        ("en_US", "I'm not dizzy, I just want a chat"),
        ("en_US", "My chest doesn't hurt anymore"),
        ("en_US", "No chest pain, just a bit tired"),
        ("en_US", "I had a stroke years ago"),
        ("en_US", "My sister had a fall last week"),
        ("en_US", "I fell asleep in my chair"),
        ("en_US", "The room is dark"),
        ("en_US", "My arm is numb from sleeping on it"),
    ],
)
def test_distress_denied_past_or_not_distress_at_all_is_no_sos(understanders, language, text):
    for screen in ("home", "confirm", "sos_countdown"):
        result = said(understanders, language, screen, text)
        assert not acts(result, "sos"), (screen, result)
        assert not acts(result, "yes"), (screen, result)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "万一晕倒了怎么办"),
        ("zh_CN", "要是喘不上气该咋办"),
        ("en_US", "What should I do if I fall?"),
        ("en_US", "I worry I'll fall and nobody will know"),
    ],
)
def test_distress_that_may_come_is_no_sos(understanders, language, text):
    result = said(understanders, language, "home", text)
    assert not acts(result, "sos"), result


def test_distress_said_as_a_likeness_is_sos(understanders):
    result = said(understanders, "en_US", "home", "I feel as if I'm going to pass out")
    assert acts(result, "sos"), result


def test_a_sound_alike_never_drops_a_denial(understanders):
    # "can read" sounds almost like "can not read" (read aloud): it is not heard as it.
    result = said(understanders, "en_US", "confirm", "My granddaughter can read now")
    assert result.decision == "none", result


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "这几天老是头晕，想去医院看看"),
        ("zh_CN", "最近胸口有点闷，帮我约个医生"),
        ("en_US", "I've been getting dizzy spells lately"),
        ("en_US", "My chest has been tight on and off for weeks, can I see a doctor"),
    ],
)
def test_a_complaint_that_has_lasted_is_a_doctors_matter(understanders, language, text):
    assert acts(said(understanders, language, "home", text), "service.medical")


# -- reported speech: what others said is a remark --------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "医生说我得多喝水"),
        ("zh_CN", "大夫让我少吃盐"),
        ("zh_CN", "医生说我血压有点高"),
        ("zh_CN", "医生说我心脏不太好"),  # never an SOS
        ("zh_CN", "新闻说有个老人摔倒了"),
        ("zh_CN", "儿子说下周来看我"),
        ("zh_CN", "听说明天要下雨"),
        ("zh_CN", "电视上说要多锻炼"),
        ("en_US", "The doctor said my heart is fine"),
        ("en_US", "My son says I should get a cleaner"),
        ("en_US", "They say on TV it'll snow"),
        ("en_US", "Apparently the buses are on strike"),
    ],
)
def test_what_others_said_asks_for_nothing(understanders, language, text):
    for screen in ("home", "confirm"):
        result = said(understanders, language, screen, text)
        assert result.decision == "none", (screen, result)


@pytest.mark.parametrize(
    ("language", "text", "action"),
    [
        ("zh_CN", "医生让我下周复查，帮我约一下", "service.medical"),
        ("zh_CN", "儿子说家里该打扫了，你们派个人来吧", "service.cleaning"),
        ("en_US", "The doctor wants me to have a blood test, can you book it", "service.medical"),
    ],
)
def test_a_remark_followed_by_a_request_of_ones_own_asks_for_it(
    understanders, language, text, action
):
    assert acts(said(understanders, language, "home", text), action)


def test_a_stranger_who_says_something_is_what_happened_not_a_remark(understanders):
    result = said(understanders, "en_US", "home", "A woman on the phone says I won a prize")
    assert acts(result, "service.legal"), result


def test_the_household_is_not_quoted_when_it_is_in_distress(understanders):
    assert acts(said(understanders, "zh_CN", "home", "老伴说他胸口疼得厉害"), "sos")


# -- needs said as states ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "action"),
    [
        ("zh_CN", "头发好几天没洗了，痒得很", "service.bathing"),
        ("zh_CN", "身上臭烘烘的", "service.bathing"),
        ("zh_CN", "地板脏得不行", "service.cleaning"),  # 不行 here says how dirty
        ("zh_CN", "厨房油乎乎的", "service.cleaning"),
        ("zh_CN", "冰箱里什么都没有了", "service.meals"),
        ("zh_CN", "孩子们都不在身边，心里空落落的", "service.companionship"),
        ("zh_CN", "腿脚不好使，下不了楼", "service.escort"),
        ("zh_CN", "眼药水用完了", "service.medical"),
        ("zh_CN", "房东不肯退押金", "service.legal"),
        ("zh_CN", "钥匙忘在屋里了", "service.urgent"),
        ("zh_CN", "陪我去趟超市", "service.escort"),  # where to is not the service
        ("en_US", "My hair is filthy", "service.bathing"),
        ("en_US", "I haven't had a bath for ages", "service.bathing"),
        ("en_US", "The kitchen floor is filthy", "service.cleaning"),
        ("en_US", "My stomach's rumbling", "service.meals"),
        ("en_US", "Nobody comes to see me anymore", "service.companionship"),
        ("en_US", "I've run out of my blood pressure tablets", "service.medical"),
        ("en_US", "My landlord is trying to evict me", "service.legal"),
        ("en_US", "The boiler's packed up", "service.urgent"),
        ("en_US", "Can somebody take me to the bank", "service.escort"),
    ],
)
def test_needs_said_as_states_name_their_service(understanders, language, text, action):
    result = said(understanders, language, "home", text)
    assert acts(result, action), result


@pytest.mark.parametrize(
    ("language", "text", "alternatives"),
    [
        ("zh_CN", "身上脏，家里也乱", {"service.bathing", "service.cleaning"}),
        ("zh_CN", "腿脚不灵便，电费也该交了", {"service.escort", "service.errands"}),
        ("en_US", "I need a bath and the house needs a clean",
         {"service.bathing", "service.cleaning"}),
    ],
)  # fmt: skip
def test_two_needs_said_together_are_asked(understanders, language, text, alternatives):
    result = said(understanders, language, "home", text)
    assert result.decision == "ask", result
    assert set(result.alternatives) == alternatives


def test_a_pairs_thing_decides_between_services():
    """The same state, two things: 脏 of the body is a bath, 脏 of the floor cleaning;
    the nearest thing takes the state (the sheets', not the days')."""
    zh = Understander("zh_CN", model=None)  # the word lists and rules alone
    assert acts(zh.understand_screen("身上脏了", "home"), "service.bathing")
    assert acts(zh.understand_screen("地上脏了", "home"), "service.cleaning")
    assert acts(zh.understand_screen("床单好几天没洗了", "home"), "service.cleaning")


# -- how words are said ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "screen", "text", "action"),
    [
        ("zh_CN", "home", "跟我闺女视个频", "video_call"),  # a word said apart (视频)
        ("zh_CN", "home", "陪我出趟门", "service.escort"),  # 出门
        ("zh_CN", "home", "俺想洗个澡", "service.bathing"),  # regional 俺
        ("zh_CN", "home", "降糖药吃完了", "service.medical"),  # …药
        ("zh_CN", "home", "物业费该交了", "service.errands"),  # …费
        ("zh_CN", "when_choice", "明天上午来行不行", "option.tomorrow_morning"),  # A不A
        ("zh_CN", "when_choice", "明朝后半天", "option.tomorrow_afternoon"),  # regional
        ("zh_CN", "portions_choice", "四份太多，改两份", "option.2"),  # a change of mind
        ("zh_CN", "portions_choice", "我们老两口", "option.2"),
        ("en_US", "portions_choice", "Three's too many, make it two", "option.2"),
        ("en_US", "sos_countdown", "It was just the telly", "cancel"),  # telly is tv
        ("en_US", "when_choice", "Tomorrow after my nap", "option.tomorrow_afternoon"),
    ],
)
def test_words_as_people_say_them(understanders, language, screen, text, action):
    result = said(understanders, language, screen, text)
    assert acts(result, action), result


@pytest.mark.parametrize(
    ("language", "screen", "text", "action"),
    [
        ("zh_CN", "home", "血压药快吃光了", "service.medical"),  # 血压 + 药: a medicine
        ("zh_CN", "home", "怎么给孙子发照片", "learn"),  # how to, on a phone
        ("en_US", "home", "How do I send a photo?", "learn"),
        ("zh_CN", "portions_choice", "三份，不对，两份", "option.2"),  # said again, right
        ("en_US", "portions_choice", "For me and my sister", "option.2"),
        ("en_US", "when_choice", "Tomorrow before lunch", "option.tomorrow_morning"),
        ("en_US", "home", "I haven't spoken to anyone all week", "service.companionship"),
    ],
)
def test_words_made_of_ours(understanders, language, screen, text, action):
    result = said(understanders, language, screen, text)
    assert acts(result, action), result


@pytest.mark.parametrize(
    ("language", "text", "action"),
    [
        ("zh_CN", "被子好久没晒了，也该洗洗了", "service.cleaning"),  # 被子 is still the topic
        ("zh_CN", "血糖有点高，想找大夫看看", "service.medical"),  # a reading off: a doctor's
        ("zh_CN", "天然气有味儿", "service.urgent"),  # gas smelt: someone comes at once
        ("en_US", "My sugar levels have been high", "service.medical"),
        ("en_US", "Can someone collect my tablets", "service.medical"),  # medicine, no errand
    ],
)
def test_what_a_thing_and_its_state_say_together(understanders, language, text, action):
    assert acts(said(understanders, language, "home", text), action)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "想去公园，就我一个不敢去"),  # a count of people, not of portions
        ("zh_CN", "我自己能行"),
        ("en_US", "Only me at home these days"),
    ],
)
def test_a_count_that_is_no_food_names_no_meal(understanders, language, text):
    result = said(understanders, language, "home", text)
    assert result.action != "service.meals", result


def test_a_count_of_food_names_the_meals_service(understanders):
    result = said(understanders, "zh_CN", "home", "来两份")
    assert acts(result, "service.meals") and result.slots == {"portions": "2"}, result


def test_a_failing_said_of_oneself_is_no_no_on_the_countdown(understanders):
    assert acts(said(understanders, "zh_CN", "sos_countdown", "我真的不行了"), "sos")


def test_a_head_word_joins_only_a_word_that_names_its_kind(understanders):
    assert said(understanders, "zh_CN", "home", "我不要药").decision == "none"


def test_a_word_that_only_ends_like_ours_is_not_ours(understanders):
    # 浪费 ends in 费 but is two characters: no fee; 送 inside 播送 is no request.
    assert said(understanders, "zh_CN", "home", "别浪费").decision == "none"
    result = said(understanders, "zh_CN", "home", "本台为您播送天气预报，明天有雨")
    assert result.decision == "none", result


# -- answers said with "or", people counted, accents -----------------------------------------


@pytest.mark.parametrize(
    ("language", "screen", "text", "alternatives"),
    [
        ("zh_CN", "when_choice", "今天或者明天下午", {"option.today", "option.tomorrow_afternoon"}),
        ("zh_CN", "when_choice", "明天上午还是下午",  # the second side has the first's day
         {"option.tomorrow_morning", "option.tomorrow_afternoon"}),
        ("zh_CN", "meals_choice", "今天晚上或者明天中午",
         {"option.today_dinner", "option.tomorrow_lunch"}),
        ("en_US", "when_choice", "today or tomorrow afternoon",
         {"option.today", "option.tomorrow_afternoon"}),
    ],
)  # fmt: skip
def test_answers_either_side_of_or_are_asked(understanders, language, screen, text, alternatives):
    result = said(understanders, language, screen, text)
    assert result.decision == "ask", result
    assert set(result.alternatives) == alternatives


@pytest.mark.parametrize(
    ("language", "text", "option"),
    [
        ("zh_CN", "我和老伴", "option.2"),
        ("zh_CN", "老伴也吃", "option.2"),  # 也: the elder eats too
        ("zh_CN", "我跟儿子、儿媳妇", "option.3"),
        ("zh_CN", "我要三份，老伴也吃", "option.3"),  # a count said wins
        ("en_US", "I'll eat with my son", "option.2"),
        ("en_US", "My daughter and her husband are coming too", "option.3"),  # too is no two
    ],
)
def test_the_people_said_answer_the_portions_question(understanders, language, text, option):
    result = said(understanders, language, "portions_choice", text)
    assert acts(result, option), result


def test_people_are_counted_only_on_the_portions_question(understanders):
    result = said(understanders, "zh_CN", "home", "我和老伴想订午饭")
    assert acts(result, "service.meals") and "portions" not in result.slots, result
    assert said(understanders, "zh_CN", "portions_choice", "孙子来吃饭").decision == "none"


def test_a_word_said_with_an_accent_is_heard_if_half_its_sounds_are_kept(understanders):
    assert acts(said(understanders, "zh_CN", "portions_choice", "山份"), "option.3")
    # 上网 (shang wang) would be 三碗 (san wan) with every sound changed: it is not.
    assert said(understanders, "zh_CN", "home", "学习上网").action == "learn"


# -- what is told, not asked -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "我早上去公园打了会儿太极"),  # something done: 了 with more after it
        ("zh_CN", "前天我去医院开了药"),
        ("zh_CN", "我已经吃过午饭了"),  # a need met
        ("zh_CN", "楼上漏水的事物业已经修好了"),
        ("zh_CN", "我的血压一直挺稳定的"),  # a state that is fine
        ("zh_CN", "我昨天摔了个碗"),  # a bowl, not a fall
        ("en_US", "I went to the bank this morning"),
        ("en_US", "My husband's popped out to the shops"),
        ("en_US", "The leak upstairs was fixed"),
        ("en_US", "My blood pressure has been fine"),
    ],
)
def test_what_is_told_asks_for_nothing(understanders, language, text):
    for screen in ("home", "meals_choice", "confirm"):
        result = said(understanders, language, screen, text)
        assert result.decision == "none", (screen, result)


@pytest.mark.parametrize(
    ("language", "text", "action"),
    [
        ("zh_CN", "燃气费该交了", "service.errands"),  # 了 ends the clause: a need, not an event
        ("zh_CN", "冰箱空了，中午没着落", "service.meals"),
        ("zh_CN", "被人骗了两万块钱", "service.legal"),  # told, but a trouble
        ("en_US", "Someone stole my purse", "service.legal"),
    ],
)
def test_a_trouble_told_is_still_a_need(understanders, language, text, action):
    result = said(understanders, language, "home", text)
    assert acts(result, action), result


# -- the screens where a mistake costs most -------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "可以问一下多少钱吗"),  # 可以 begins it, but asks something else
        ("zh_CN", "好是好，就是我儿子说不用订"),
        ("zh_CN", "医生说可以吃"),
        ("en_US", "My son said yes"),
        ("en_US", "Yes I know the weather's nice"),
    ],
)
def test_no_order_on_a_yes_that_is_no_answer(understanders, language, text):
    result = said(understanders, language, "confirm", text)
    assert not acts(result, "yes"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh_CN", "别取消，我真的很难受"), ("en_US", "Don't cancel it, please")],
)
def test_denying_the_calling_off_never_calls_off(understanders, language, text):
    result = said(understanders, language, "sos_countdown", text)
    assert not (result.decision == "act" and result.action in ("no", "cancel")), result


@pytest.mark.parametrize(
    ("language", "text", "sos"),
    [
        ("zh_CN", "帮帮我", True),
        ("en_US", "Quick, I need help", True),
        ("en_US", "I need help getting showered", False),  # help with something: no cry
        ("en_US", "I need help with my computer", False),
    ],
)
def test_a_cry_for_help_is_said_bare(understanders, language, text, sos):
    assert acts(said(understanders, language, "home", text), "sos") is sos


# -- the word lists ----------------------------------------------------------------------------


def _table(tmp_path: Path, words: dict) -> PhraseTable:
    table = load_phrase_table("zh_CN")
    return PhraseTable(table.language, table.intents, table.fillers, tmp_path, words)


def test_pairs_of_a_table_given_in_words_are_used(tmp_path: Path):
    pairs = {"teapot": {"action": "service.urgent", "things": ["茶壶"], "states": ["裂"]}}
    lexicon = build_lexicon(_table(tmp_path, {"pairs": pairs}))
    assert lexicon.pairs["teapot"].action == "service.urgent"
    assert lexicon.pairs["teapot"].any_order


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ({"pairs": {"x": {"things": ["a"], "states": ["b"]}}}, r"\[pairs.x\] needs an action"),
        ({"pairs": {"x": {"action": "sos", "things": [], "states": ["b"]}}},
         r"\[pairs.x\] needs things and states"),
        ({"pairs": {"x": {"action": "sos", "things": ["a"], "states": ["b"], "order": "up"}}},
         r"\[pairs.x\]: order is one of"),
        ({"pairs": {"x": {"action": "sos", "thing": ["a"]}}}, r"\[pairs.x\] holds action"),
        ({"distress": {"soon": ["快"]}}, r"\[distress\] may hold only"),
        ({"spoken": {"same": {"俺": 1}}}, r"\[spoken.same\] '俺' must name a word"),
        ({"chatter": {"speakers": "医生"}}, r"\[chatter\] speakers must be a list"),
    ],
)  # fmt: skip
def test_a_broken_list_of_structure_is_named(tmp_path: Path, words, message):
    with pytest.raises(PhraseTableError, match=message):
        build_lexicon(_table(tmp_path, words))
